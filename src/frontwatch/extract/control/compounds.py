"""Holding or a siege stated without a cue verb (step 4 of the stage).

One word ("rebel-held Idlib", "ISIS-besieged Deir ez-Zor") or a prepositional phrase ("Idlib,
now in rebel hands", "under SDF control"). Both are found by a regex over the text, which is
cheaper than matching tokens, then read with the same place readers as the cues.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ...pipeline import Analysis
from ...records import ActorMention, ControlStatement, PlaceMention
from .context import Context, preceding_words
from .mentions import word_actor
from .objects import places_after, places_before
from .rules import Cue, words
from .statements import make_statement, statement_meta


def _compound_actor(ctx: Context, sent: int, i: int) -> ActorMention | None:
    """The actor named before '-held' in "rebel-held": the mention there, or a registry word."""
    for a in ctx.actors.get(sent, []):
        if ctx.tok(a.span.start) <= i - 2 < ctx.end_tok(a.span.end):
            return a
    return word_actor(ctx, sent, i - 2)


@lru_cache(maxsize=1)
def _compound_tail_re() -> re.Pattern:
    """A hyphen and a word of holding or siege ("-held", "-besieged"). Searched for alone, the
    hyphen lets the regex engine skip to the hyphens, where a pattern opening on the word
    before it (`\\w-held`) would be tried at every letter."""
    second = sorted(words()["held"] | words()["besieged"])
    return re.compile(r"-(" + "|".join(map(re.escape, second)) + r")\b", re.IGNORECASE)


def _compound_words(text: str) -> list[int]:
    """Where the second word of each compound starts ("held" of "rebel-held", "ISIS-besieged").

    A hyphen found here counts when a word character stands before it, and that character
    lies after the previous match: the matches of `\\w-(held|...)\\b`. The words matched hold
    no hyphen, so skipping a match here hides no other hyphen."""
    found, end = [], 0
    for m in _compound_tail_re().finditer(text):
        before = m.start() - 1
        if before >= end and (text[before].isalnum() or text[before] == "_"):
            found.append(m.start(1))
            end = m.end()
    return found


def compound_statements(analysis: Analysis, ctx: Context) -> list[ControlStatement]:
    """'rebel-held Idlib', 'ISIS-besieged Deir ez-Zor': holding or a siege stated in one word."""
    w, out = words(), []
    held = w["held"]
    for second in _compound_words(ctx.text):
        i = ctx.tok(second)
        t = ctx.tokens[i]
        if i < 2 or ctx.tokens[i - 1].text != "-" or t.idx != second:
            continue
        sent = ctx.sentence_of_token[i]
        actor = _compound_actor(ctx, sent, i)
        cue = Cue("holds" if t.lower_ in held else "besieged", "before", "after", 3, False, True)
        if any(x in w["former"] for x in preceding_words(ctx, i - 2, 2)):
            if cue.change != "holds":
                continue
            cue = Cue("lost", "before", "after", 3, False, True)  # "formerly rebel-held X": the rebels lost X
        places = (places_after(ctx, sent, i + 1, cue) or _apposed_to(ctx, sent, actor, i)) if actor else []
        meta = statement_meta(analysis, ctx, sent, ctx.tokens[i - 2:i + 1]) if places else {}
        out += [make_statement(ctx, p, actor, cue.change, sent, ctx.tokens[i - 2:i + 1], meta) for p in places]
    return out


def _apposed_to(ctx: Context, sent: int, actor: ActorMention, i: int) -> list[PlaceMention]:
    """'Zabadani, the last rebel-controlled town in the area': a compound on a bare settlement
    noun in apposition describes the place just before it."""
    w = words()
    if i + 1 >= len(ctx.tokens) or ctx.tokens[i + 1].lower_ not in w["anaphor"] | w["settled"]:
        return []
    first = min(ctx.tok(actor.span.start), i - 2)
    cands = [p for p in ctx.places.get(sent, []) if ctx.end_tok(p.span.end) <= first]
    if not cands:
        return []
    gap = [t.lower_ for t in ctx.tokens[ctx.end_tok(cands[-1].span.end):first]]
    ok = gap[:1] and gap[0] in {",", "a", "an", "the"} and len(gap) <= 5 and all(
        x in {",", "a", "an", "the", "now", "still"} or x in w["appositive"] for x in gap)
    return cands[-1:] if ok else []


@lru_cache(maxsize=1)
def _hands_re() -> re.Pattern:
    """'in rebel hands', 'under the control of'-free forms: a preposition, up to three words
    naming the holder, then a noun of holding ("hands", "control", "grip")."""
    nouns = "|".join(map(re.escape, sorted(words()["hands"])))
    return re.compile(r"\b(?:in|under|into)\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}?(?:" + nouns + r")\b", re.IGNORECASE)


def _hands_holder(ctx: Context, sent: int, prep: int, noun: int) -> ActorMention | None:
    """The actor between "in/under" and "hands/control": a mention ending there, else a
    registry word ("under government control")."""
    for a in ctx.actors.get(sent, []):
        if ctx.end_tok(a.span.end) == noun and ctx.tok(a.span.start) > prep:
            return a
    first = prep + 2 if ctx.tokens[prep + 1].lower_ == "the" else prep + 1
    return word_actor(ctx, sent, noun - 1) if noun - 1 == first else None


def hands_statements(analysis: Analysis, ctx: Context) -> list[ControlStatement]:
    """'Idlib, now in rebel hands' / 'Manbij, under SDF control': holding after the place."""
    out = []
    for m in _hands_re().finditer(ctx.text):
        prep, noun = ctx.tok(m.start()), ctx.tok(m.end() - 1)
        sent = ctx.sentence_of_token[prep]
        if sent not in ctx.places or ctx.sentence_of_token[noun] != sent:
            continue
        a = _hands_holder(ctx, sent, prep, noun)
        if a is None:
            continue
        span = ctx.tokens[prep:noun + 1]
        places = places_before(ctx, sent, prep, 10) or places_after(
            ctx, sent, noun + 1, Cue("holds", "before", "after", 2, False))
        meta = statement_meta(analysis, ctx, sent, span) if places else {}
        out += [make_statement(ctx, p, a, "holds", sent, span, meta) for p in places]
    return out
