"""Who did what a cue states (step 2 of the stage): `find_actor`, and the partners who did it too.

Dispatches on the cue: an agent after it ("fell to rebels"), the agent of a passive ("was
captured by the army", else the captor of the sentences just before), the actor of a noun cue
(nouns.py), the owner of a seat noun, or the subject (subjects.py). Every side of a coordinated
actor list did the deed ("Turkish troops and rebels seized X").
"""
from __future__ import annotations

from ...records import ActorMention
from .clauses import is_heading, is_participle, is_passive, paragraph_break, says_respectively
from .context import Context, preceding_words, sentence_tokens, words_between
from .mentions import actor_in_focus, adjacent_actor, agent_after, is_object, specific
from .nouns import (agent_after_object, clause_actor, is_nominal, is_possessed, launch_subject, noun_agent,
                    owner_before_place, result_subject)
from .rules import FAMILY, Cue, words
from .subjects import participle_subject, subject_of


def _passive_agent(ctx: Context, sent: int, span, cue: Cue) -> ActorMention | None:
    """'X was captured by the army', 'X was recaptured on 5 May by the army': the agent after
    "by", past a time adjunct ("by 2 September" is a deadline, not an agent). A narrative that
    names no agent ("The army attacked Y. X was captured the next day.") keeps the captor or
    attacker of the sentences just before, in the same paragraph."""
    agent = _by_agent(ctx, sent, span)
    if agent is not None:
        return agent
    if cue.change != "captured" or preceding_words(ctx, span.start, 1) == ["to"]:
        return None  # "the goal is to take X": the subject's plan, not a passive
    return _narrative_agent(ctx, sent)


def _by_agent(ctx: Context, sent: int, span) -> ActorMention | None:
    """The actor after "by" that follows a passive cue, within its clause."""
    rng = sentence_tokens(ctx, sent)
    for i in range(span.end, min(rng.stop, span.end + 8)):
        word = ctx.tokens[i].lower_
        if word in words()["break"] or word in {",", "and", "from"}:
            break
        if word == "by":
            agent = agent_after(ctx, sent, i + 1, limit=3)
            if agent is not None:
                return agent
    return None


def _narrative_agent(ctx: Context, sent: int, reach: int = 2) -> ActorMention | None:
    """The captor or attacker of one of the last `reach` sentences of the paragraph."""
    for s in range(sent - 1, max(-1, sent - 1 - reach), -1):
        if s not in ctx.attackers and paragraph_break(ctx, s, s + 1):
            return None
        if s in ctx.attackers:
            return None if paragraph_break(ctx, s, sent) else ctx.attackers[s]
    return None


def partners_before(ctx: Context, sent: int, actor: ActorMention, cue_start: int) -> list[ActorMention]:
    """'Turkish troops and rebels seized X': the other sides of a coordinated subject did it too."""
    subjects = [a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) <= cue_start and not is_object(ctx, a)]
    if actor not in subjects:
        return []
    chain = subjects[subjects.index(actor):]
    out = _joined(ctx, chain)
    if len(out) < len(chain) - 1:
        return []
    if not out:
        return []
    if words_between(ctx, ctx.end_tok(out[-1].span.end), cue_start)[:1] not in ([], ["have"], ["had"], ["has"]) \
            or says_respectively(ctx, sent):
        return []  # the list must be the cue's own subject
    return [specific(ctx, sent, a) for a in out if a.side not in {actor.side, "other"}]


def _joined(ctx: Context, chain: list[ActorMention]) -> list[ActorMention]:
    """The actors after chain[0] that a list ("A, B and the C") joins to it."""
    out = []
    for prev, nxt in zip(chain, chain[1:]):
        if words_between(ctx, ctx.end_tok(prev.span.end), ctx.tok(nxt.span.start)) not in COORDINATION:
            break
        out.append(nxt)
    return out


COORDINATION = (["and"], [",", "and"], [","], ["and", "the"], [",", "and", "the"])


def partners_after(ctx: Context, sent: int, actor: ActorMention) -> list[ActorMention]:
    """'under the joint control of the SDF and US forces': every side of an agent list holds it."""
    chain = [a for a in ctx.actors.get(sent, []) if a.span.start >= actor.span.start]
    out = _joined(ctx, chain)
    if not out or says_respectively(ctx, sent):
        return []
    i = ctx.end_tok(out[-1].span.end)
    if i < len(ctx.tokens) and not (ctx.tokens[i].is_punct or ctx.tokens[i].lower_ in LIST_END):
        return []  # "seized by the militants and insurgents surrounded ...": a new clause's subject
    return [specific(ctx, sent, a) for a in out if a.side not in {actor.side, "other"}]


LIST_END = frozenset({"in", "on", "at", "since", "for", "from", "during", "after", "before", "until", "but",
                      "while", "who", "which", "that", "as", "with", "alongside"})


def find_actor(ctx: Context, sent: int, span, cue: Cue) -> ActorMention | None:
    """The actor of a cue at `span`: the agent after it, the agent of a passive, the actor of a
    noun cue, the owner of a seat noun, else the subject (or, for a fight, the actor in focus)."""
    if cue.actor == "after":
        return agent_after(ctx, sent, span.start + 1)
    if is_passive(ctx, span.start) and is_participle(ctx.tokens[span.start].lower_):
        agent = _passive_actor(ctx, sent, span, cue)
        if agent is not None or FAMILY[cue.change] != "loss":
            return agent
    participle = participle_subject(ctx, sent, span)
    if participle is not None:
        return participle
    head = span.start + 1 if ctx.tokens[span.start].lower_ == "the" else span.start
    if ctx.tokens[head].lower_ in words()["adjacent"] and is_nominal(ctx, sent, span.start):
        return _noun_cue_actor(ctx, sent, span, cue, head)
    if ctx.tokens[head].lower_ in words()["seat"]:
        # "a key Turkey-backed stronghold": the stronghold's owner is not the clause's subject,
        # but may be named after it ("the self-declared capital of ISIS")
        return noun_agent(ctx, sent, span.end - 1) or owner_before_place(ctx, sent, span.start)
    return subject_of(ctx, sent, span.start) or (_fighting_party(ctx, sent, span) if cue.change == "contested" else None)


def _passive_actor(ctx: Context, sent: int, span, cue: Cue) -> ActorMention | None:
    """The agent of a passive cue; a loss has one only when something was left "by" someone
    ("Daraya was evacuated by the rebels")."""
    if FAMILY[cue.change] != "loss":
        return _passive_agent(ctx, sent, span, cue)
    return _by_agent(ctx, sent, span) if cue.change == "withdrew" else None


def _noun_cue_actor(ctx: Context, sent: int, span, cue: Cue, head: int) -> ActorMention | None:
    """The actor of a noun cue ("the rebel stronghold of X", "the fall of X to Y"), tried in turn:
    the word before it, the agent after it, who launched it, a seat's owner, the agent after its
    object, the subject of its result clause, and for an unowned fight or capture the clause's."""
    owned = is_possessed(ctx, span.start)
    return adjacent_actor(ctx, sent, span.start) or noun_agent(ctx, sent, head + 1) or \
        launch_subject(ctx, sent, span.start) or \
        (noun_agent(ctx, sent, span.end - 1) if ctx.tokens[head].lower_ in words()["seat"] else None) or \
        agent_after_object(ctx, sent, span, cue) or result_subject(ctx, sent, span, cue) or \
        (subject_of(ctx, sent, span.start) if FAMILY[cue.change] == "fight" and not owned else None) or \
        (clause_actor(ctx, sent, span) if cue.change == "captured" and not owned else None)


def _fighting_party(ctx: Context, sent: int, span) -> ActorMention | None:
    """A fight cue with no subject: "clashes with X in Y" has X fight too, but after "attacked"
    or "an assault on" stands the target, so the actor in focus fights instead."""
    mutual = ctx.tokens[span.start].lower_ in words()["mutual"]
    group = "group" in [t.lower_ for t in ctx.tokens[max(0, span.start - 3):span.start]]
    return (agent_after(ctx, sent, span.end, limit=15) if mutual else None) or \
        (None if is_heading(ctx, sent) else actor_in_focus(ctx, sent, groups_only=group))
