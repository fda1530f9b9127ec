"""The subject of a verb cue: who seized, holds or fights for the place.

The last actor before the cue, unless the grammar points elsewhere: a relative pronoun ("Daesh,
which seized"), an absolute clause ("with Iraqi forces having retaken"), a pronoun or a definite
noun ("the group", "the operation") standing for an actor named before, a participle sharing
the main clause's subject (", capturing the city"), or a reported clause with its own subject.
"""
from __future__ import annotations

from ...records import ActorMention
from .clauses import SPEECH, last_speech, new_noun_phrase, skip_filler
from .context import Context, preceding_words, sentence_tokens, words_between
from .mentions import actor_in_focus, adjacent_actor, group_in_focus, is_object, specific, subject_before
from .rules import words


def subject_of(ctx: Context, sent: int, cue_start: int) -> ActorMention | None:
    """The subject of a cue: the last actor before it, or the actor a pronoun refers to.

    "X besieged Y and seized Z" and "X and Y seized Z" take X; "X said the convoy entered Z"
    has no actor for "entered" (the subject is a noun the registry does not know).
    """
    relative = _relative_subject(ctx, sent, cue_start) or _absolute_subject(ctx, sent, cue_start)
    if relative is not None:
        return relative
    before = [a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) <= cue_start]
    subjects = [a for a in before if not is_object(ctx, a)]
    speech = last_speech(ctx, sent, cue_start)
    if speech is not None and any(ctx.tok(a.span.start) > speech for a in subjects):
        subjects = [a for a in subjects if ctx.tok(a.span.start) > speech]  # the reported clause's own subject
    lo = ctx.end_tok(subjects[-1].span.end) if subjects else max(0, cue_start - 6)
    between = [t.lower_ for t in ctx.tokens[lo:cue_start]]
    named = _noun_subject(ctx, sent, max(lo, sentence_tokens(ctx, sent).start), cue_start)
    if named is not None:
        return named
    if any(x in words()["pronoun"] for x in between):
        return specific(ctx, sent, subjects[0]) if subjects else actor_in_focus(ctx, sent)
    if not subjects:
        return None
    if speech is not None and speech >= lo and new_noun_phrase(ctx, speech + 1, cue_start):
        return None  # "X claimed the vehicles had entered Y": the vehicles entered, not X
    if preceding_words(ctx, cue_start, 1) == ["and"] or _coordinated_subject(ctx, subjects):
        return specific(ctx, sent, subjects[0])
    return specific(ctx, sent, subjects[-1])


RELATIVE = frozenset({"which", "who", "that"})


def _relative_subject(ctx: Context, sent: int, cue_start: int) -> ActorMention | None:
    """'... from Daesh, which seized the town in 2014': the actor a relative pronoun stands for
    does the verb, even when the main clause made it an object."""
    lo = sentence_tokens(ctx, sent).start
    i = skip_filler(ctx, cue_start - 1, lo)
    if i <= lo or ctx.tokens[i].lower_ not in RELATIVE:
        return None
    i -= 2 if ctx.tokens[i - 1].text == "," else 1
    actor = next((a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) - 1 == i), None)
    return specific(ctx, sent, actor) if actor is not None else None


def _absolute_subject(ctx: Context, sent: int, cue_start: int) -> ActorMention | None:
    """'..., with Iraqi forces having retaken Ramadi': the actor after "with" does the verb."""
    if preceding_words(ctx, cue_start, 1) != ["having"]:
        return None
    lo = sentence_tokens(ctx, sent).start
    with_at = next((k for k in range(cue_start - 2, max(lo, cue_start - 14) - 1, -1) if ctx.tokens[k].lower_ == "with"), None)
    if with_at is None:
        return None
    return next((specific(ctx, sent, a) for a in ctx.actors.get(sent, []) if ctx.tok(a.span.start) == with_at + 1), None)


def _noun_subject(ctx: Context, sent: int, lo: int, cue_start: int) -> ActorMention | None:
    """'The group seized X', 'the operation has so far captured X': a definite noun standing for
    an actor named before. "The group"/"the militants" are the last armed group in focus; "the
    operation"/"the offensive" are whoever launched it earlier in the document (`_launcher`)."""
    w = words()
    toks = ctx.tokens[lo:cue_start]
    for k, t in enumerate(toks):
        if t.lower_ not in {"the", "this", "that"} or k + 1 >= len(toks):
            continue
        noun = toks[k + 1].lower_
        rest = [x.lower_ for x in toks[k + 2:]]
        if any(x in w["break"] or x in SPEECH for x in rest) or len(rest) > 4:
            continue  # "the group said the army entered X": another clause's subject
        if noun in w["group_anaphor"]:
            return group_in_focus(ctx, sent)
        if noun in w["campaign_anaphor"]:
            return _launcher(ctx, sent, toks[k + 1].i)
    return None


def _launcher(ctx: Context, sent: int, noun: int, reach: int = 30) -> ActorMention | None:
    """Who launched the operation a sentence calls "the operation"/"the offensive": the actor
    right before a campaign noun ("the SDF offensive", "Turkey's operation") or the subject of a
    launch verb ("Turkey launched Operation X") in the nearest earlier sentence naming one."""
    w = words()
    for s in range(sent, max(-1, sent - reach), -1):
        rng = sentence_tokens(ctx, s)
        stop = noun if s == sent else rng.stop
        for i in range(stop - 1, rng.start - 1, -1):
            word = ctx.tokens[i].lower_
            if word in w["launch"] or (word in w["campaign_anaphor"] and i != noun):
                actor = adjacent_actor(ctx, s, i) if word in w["campaign_anaphor"] else None
                actor = actor or subject_before(ctx, s, i)
                if actor is not None and actor.side != "other":
                    return specific(ctx, s, actor)
    return None


def _coordinated_subject(ctx: Context, subjects: list[ActorMention]) -> bool:
    """'The YPG and rebels seized ...': the last two subjects are joined by 'and'."""
    if len(subjects) < 2:
        return False
    gap = words_between(ctx, ctx.end_tok(subjects[-2].span.end), ctx.tok(subjects[-1].span.start))
    return gap in (["and"], [",", "and"], [","])


def participle_subject(ctx: Context, sent: int, span) -> ActorMention | None:
    """', capturing the city': a participle after a comma shares the main clause's subject."""
    if not ctx.tokens[span.start].lower_.endswith("ing"):
        return None
    prev = preceding_words(ctx, span.start, 2)
    if not span.start or not (ctx.tokens[span.start - 1].text == "," or prev[:1] in (["thus"], ["then"], ["before"], ["after"])):
        return None
    subjects = [a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) <= span.start and not is_object(ctx, a)]
    if subjects:
        return subjects[0]
    return _main_subject_after(ctx, sent, span) if prev[:1] in (["after"], ["before"], ["upon"], ["since"], ["while"]) else None


def _main_subject_after(ctx: Context, sent: int, span) -> ActorMention | None:
    """'After capturing Manbij, the SDF announced ...': a participle clause that opens the
    sentence shares the subject of the main clause after its comma."""
    rng = sentence_tokens(ctx, sent)
    if span.start - 1 > rng.start + 1:
        return None  # only a clause that opens the sentence
    comma = next((t.i for t in ctx.tokens[span.end:rng.stop] if t.text == ","), None)
    if comma is None:
        return None
    after = [a for a in ctx.actors.get(sent, []) if ctx.tok(a.span.start) > comma]
    if not after or not all(t.lower_ in {"the", "its", "their"} or t.is_title or t.is_upper
                            for t in ctx.tokens[comma + 1:ctx.tok(after[0].span.start)]):
        return None
    return specific(ctx, sent, after[0])
