"""Actor mentions near a token: the agent after it, the actor one modifier word names, the group in focus.

These are the building blocks the place and actor readers share: whether a mention is an object
("against ISIS"), which named group a generic word ("rebels in the SDF") stands for, and which
armed group "the group" or a pronoun refers to.
"""
from __future__ import annotations

from ...records import ActorMention, Span
from ..actors import registry
from .context import Context, armed, words_between
from .rules import words


OBJECT_PREPS = frozenset({"against", "with", "by", "from", "to", "on", "at", "for", "toward",
                          "towards", "between", "including"})


def is_object(ctx: Context, m: ActorMention) -> bool:
    """Does a preposition put the mention in an object ("against the army", "by the rebels")?"""
    i = ctx.tok(m.span.start)
    prev = ctx.tokens[i - 1].lower_ if i > 0 else ""
    prev2 = ctx.tokens[i - 2].lower_ if i > 1 else ""
    # "(ISIL)" after a name repeats it: an abbreviation in brackets never starts a clause
    return prev in OBJECT_PREPS or prev == "(" or (prev in {"the", "a", "an"} and prev2 in OBJECT_PREPS)


STATE_KINDS = frozenset({"state", "armed_forces"})


def actor_in_focus(ctx: Context, sent: int, groups_only: bool = False, reach: int = 2) -> ActorMention | None:
    """The actor a pronoun in this sentence refers to: the last named actor of the previous one
    ("the group" refers to a group, never to a state or its army)."""
    for s in range(sent - 1, max(-1, sent - 1 - reach), -1):
        mentions = [a for a in ctx.actors.get(s, []) if not groups_only or registry().actor(a.actor).kind not in STATE_KINDS]
        cands = [a for a in mentions if not is_object(ctx, a)] or mentions
        if cands:
            named = [a for a in cands if registry().actor(a.actor).kind != "generic"]
            return specific(ctx, s, (named or cands)[0])
    return None


def group_in_focus(ctx: Context, sent: int, reach: int = 10) -> ActorMention | None:
    """The armed group "the group" stands for: among the groups acting (not acted on) in the
    last `reach` sentences, the one the document has named most so far; the latest on a tie.
    A narrative names its protagonist often, a passing rival once."""
    counts: dict[str, int] = {}
    latest: dict[str, ActorMention] = {}
    for s in range(0, sent):
        for a in ctx.actors.get(s, []):
            if registry().actor(a.actor).kind in STATE_KINDS or is_object(ctx, a):
                continue
            counts[a.actor] = counts.get(a.actor, 0) + 1
            if s >= sent - reach:
                latest[a.actor] = a
    if not latest:
        return None
    best = max(latest, key=lambda c: (counts[c], latest[c].span.start))
    return latest[best]


def subject_before(ctx: Context, sent: int, i: int) -> ActorMention | None:
    """The last actor before token i of a sentence that is not an object ("against ISIS")."""
    before = [a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) <= i and not is_object(ctx, a)]
    return before[-1] if before else None


def agent_after(ctx: Context, sent: int, cue_end: int, limit: int = 8) -> ActorMention | None:
    """The first actor within `limit` tokens after `cue_end` ("fell to rebels", "held by IS")."""
    after = [a for a in ctx.actors.get(sent, []) if cue_end <= ctx.tok(a.span.start) <= cue_end + limit]
    if after and "from" in (t.lower_ for t in ctx.tokens[cue_end:ctx.tok(after[0].span.start)]) and \
            "by" in (t.lower_ for t in ctx.tokens[max(0, cue_end - 1):cue_end + 1]):
        return None  # "seized by militants from the army": the agent is a word the layer missed
    return specific(ctx, sent, after[0]) if after else None


MEMBERSHIP = frozenset({"in", "of", "from", "the", "within", "among", "led", "by", ",", "including", "-"})


def specific(ctx: Context, sent: int, actor: ActorMention) -> ActorMention:
    """'separate rebels in the SDF' names the SDF: a generic word yields to the group it is part of."""
    if registry().actor(actor.actor).kind != "generic":
        return actor
    for a in ctx.actors.get(sent, []):
        if a.span.start >= actor.span.end:
            gap = words_between(ctx, ctx.end_tok(actor.span.end), ctx.tok(a.span.start))
            if len(gap) <= 4 and all(x in MEMBERSHIP for x in gap) and gap and \
                    not ("from" in gap and a.side != actor.side):  # "rebels from government forces"
                return a
            break
    return actor


def adjacent_actor(ctx: Context, sent: int, cue_start: int) -> ActorMention | None:
    """The actor right before a noun cue: "the rebel stronghold", "the regime's siege"."""
    i = cue_start - 1
    if i > 0 and ctx.tokens[i].lower_ in words()["former"]:
        i -= 1  # "the group's former stronghold": the owner stands before "former"
    if i >= 0 and ctx.tokens[i].lower_ in {"'s", "’s", "'"}:
        i -= 1
    if i >= 0 and ctx.tokens[i].lower_ in words()["country_adjective"]:
        return None  # "the group's Syrian bastion": the country the place lies in, not its holder
    for a in ctx.actors.get(sent, []):
        if ctx.end_tok(a.span.end) - 1 == i:
            return a
    if i > 0 and ctx.tokens[i].lower_ in words()["group_anaphor"] and ctx.tokens[i - 1].lower_ == "the":
        return group_in_focus(ctx, sent)  # "the group's capture of X"
    return word_actor(ctx, sent, i) if i >= 0 else None


def word_actor(ctx: Context, sent: int, i: int) -> ActorMention | None:
    """An actor named by one modifier word ("government", "rebel"), looked up in the registry."""
    word = ctx.tokens[i]
    actor = registry().lookup(word.text) or registry().lookup(f"{word.text} forces")
    if actor is None or not armed(actor.canonical):
        return None
    return ActorMention(Span(ctx.doc_id, word.idx, word.idx + len(word.text), sent), word.text,
                        actor.canonical, actor.side, actor.parent)
