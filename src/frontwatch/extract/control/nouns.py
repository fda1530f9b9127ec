"""The actor of a noun cue ("the capture of X", "the rebel stronghold", "the regime's siege").

A noun names its actor beside it ("the rebel stronghold"), after "of"/"by" ("an offensive by
the army"), after its object ("the fall of X to the rebels"), or not at all; then the one
warring side its sentence names as a doer owns it, and with rival sides nobody is sure.
"""
from __future__ import annotations

from ...records import ActorMention
from .clauses import last_speech, skip_filler
from .context import Context, preceding_words, sentence_tokens
from .mentions import agent_after, group_in_focus, is_object, specific, word_actor
from .objects import places_after
from .rules import FAMILY, Cue, words
from .subjects import subject_of


def owner_before_place(ctx: Context, sent: int, cue_start: int) -> ActorMention | None:
    """'IS's Raqa stronghold', 'its Raqa bastion': the owner stands before the place that
    precedes the seat noun."""
    place = next((p for p in ctx.places.get(sent, []) if ctx.end_tok(p.span.end) == cue_start), None)
    if place is None:
        return None
    j = ctx.tok(place.span.start) - 1
    if j >= 0 and ctx.tokens[j].lower_ in {"its", "their"}:
        return group_in_focus(ctx, sent)
    if j >= 0 and ctx.tokens[j].lower_ in {"'s", "’s", "'"}:
        j -= 1
    return next((a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) - 1 == j), None)


def launch_subject(ctx: Context, sent: int, start: int) -> ActorMention | None:
    """'The regime launched its offensive on X': the owner of the operation launched it."""
    before = preceding_words(ctx, start, 2)
    if before[:1] not in (["its"], ["their"]) or len(before) < 2 or before[1] not in words()["launch"]:
        return None
    last = skip_filler(ctx, start - 3, sentence_tokens(ctx, sent).start)  # the word before the verb
    return next((specific(ctx, sent, a) for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) - 1 == last), None)


def is_nominal(ctx: Context, sent: int, start: int) -> bool:
    """Is a cue like "capture" or "siege" a noun here ("the capture", "rebel siege"), not a verb?"""
    if start > 1 and ctx.tokens[start - 1].lower_ in words()["former"]:
        start -= 1  # "the group's former stronghold"
    if ctx.tokens[start].lower_ == "the" or start == 0:
        return True
    prev = ctx.tokens[start - 1]
    if prev.lower_ in {"a", "an", "its", "their", "his", "'s", "’s", "'", "this", "that", "whose"}:
        return True
    if start > 1 and prev.is_lower and prev.is_alpha and ctx.tokens[start - 2].lower_ in {"the", "a", "an"}:
        return True  # "the brief seizure", "a swift capture"
    return any(ctx.end_tok(a.span.end) == start for a in ctx.actors.get(sent, [])) or \
        word_actor(ctx, sent, start - 1) is not None


def is_possessed(ctx: Context, start: int) -> bool:
    """'their push into X': the owner is a pronoun whose referent the subject need not be."""
    return preceding_words(ctx, start, 1) in (["their"], ["its"], ["his"])


def noun_agent(ctx: Context, sent: int, start: int) -> ActorMention | None:
    """'a stronghold of the opposition', 'an offensive by the army': the actor "of"/"by" names.
    After "against"/"on" stands the target, never the actor."""
    i = start
    while i < len(ctx.tokens) and ctx.tokens[i].lower_ not in {"of", "by", "against", "on", "to", "toward", "towards", "into", "in"} and i < start + 2:
        i += 1
    if i >= len(ctx.tokens) or ctx.tokens[i].lower_ not in {"of", "by"}:
        return None
    return agent_after(ctx, sent, i + 1, limit=2)


def agent_after_object(ctx: Context, sent: int, span, cue: Cue) -> ActorMention | None:
    """'the fall of X to the rebels', 'the recapture of X by the army': the agent named after
    the noun cue's object."""
    if FAMILY[cue.change] != "gain":
        return None
    places = places_after(ctx, sent, span.end, cue)
    if not places:
        return None
    i = ctx.end_tok(places[-1].span.end)
    if i < len(ctx.tokens) and ctx.tokens[i].lower_ in words()["agent"]:
        return agent_after(ctx, sent, i + 1, limit=3)
    return None


def clause_actor(ctx: Context, sent: int, span) -> ActorMention | None:
    """'The capture of X came after advances by the army', 'Rebels celebrated the fall of X':
    a capture named by a bare noun belongs to the one warring actor its sentence names as a
    doer (not after "against"/"with", not the owner of a stronghold, capital or supply line);
    with rival sides named, or none, nobody is sure."""
    seat = words()["seat"] | words()["held"] | words()["owned"]
    mentions = [a for a in ctx.actors.get(sent, []) if (not is_object(ctx, a) or
                preceding_words(ctx, ctx.tok(a.span.start), 1) == ["by"])
                and not any(t.lower_ in seat for t in ctx.tokens[ctx.end_tok(a.span.end):ctx.end_tok(a.span.end) + 3])]
    if last_speech(ctx, sent, span.start) is not None:
        return None
    sides = {a.side for a in mentions}
    return specific(ctx, sent, mentions[0]) if len(sides) == 1 else None


def result_subject(ctx: Context, sent: int, span, cue: Cue) -> ActorMention | None:
    """'(the SDF's push) resulted in the capture of X', 'led to the fall of X': the capture is the
    sentence subject's, when the noun is the object of "in"/"to"."""
    if cue.change != "captured" or preceding_words(ctx, span.start, 1) not in (["in"], ["to"]):
        return None
    return subject_of(ctx, sent, span.start)
