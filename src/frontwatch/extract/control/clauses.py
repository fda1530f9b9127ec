"""The shape of the clause around a cue, read from its words alone (no actors, no places).

Passive voice, participles, auxiliaries to skip, speech verbs, headings and paragraph breaks:
the readers of places and of actors both ask these questions, so they sit below both.
"""
from __future__ import annotations

from .context import Context, preceding_words, sentence_tokens


SPEECH = frozenset({"said", "says", "claimed", "claims", "reported", "reports", "announced", "stated",
                    "denied", "denies", "insisted", "told", "added", "confirmed"})


CLAUSE_FILLER = frozenset({"had", "has", "have", "later", "then", "also", "first", "reportedly", "eventually",
                           "previously", "once", "subsequently", "finally", "recently", "now", "still", "since"})


def skip_filler(ctx: Context, i: int, lo: int) -> int:
    """The index before token i once auxiliaries and adverbs ("had later") are passed."""
    while i >= lo and ctx.tokens[i].lower_ in CLAUSE_FILLER:
        i -= 1
    return i


def last_speech(ctx: Context, sent: int, cue_start: int) -> int | None:
    """The last speech verb ("said", "claimed") of the sentence before the cue, or None."""
    rng = sentence_tokens(ctx, sent)
    for i in range(cue_start - 1, rng.start - 1, -1):
        if ctx.tokens[i].lower_ in SPEECH:
            return i
    return None


def new_noun_phrase(ctx: Context, start: int, end: int) -> bool:
    """Do the words between a speech verb and a cue open a new subject ("the vehicles")?"""
    return any(t.lower_ in {"the", "a", "an", "some", "several"} or (t.is_title and t.i > start)
               for t in ctx.tokens[start:end])


def is_passive(ctx: Context, start: int) -> bool:
    """'were encircled', 'was reportedly besieged': the subject undergoes the cue."""
    if ctx.tokens[start].lower_.endswith("ing"):
        return False  # "are pushing": progressive, not passive
    if preceding_words(ctx, start, 1) in (["a"], ["an"], ["the"]):
        return False  # "is a stronghold of": a copula before a noun
    before = [t for t in ctx.tokens[max(0, start - 3):start] if not t.is_punct][-2:]
    return any(t.lower_ in {"was", "were", "been", "being", "is", "are", "be", "got"} and t.text != "IS"
               for t in before)  # "IS's de facto capital": the group, not the verb


def is_heading(ctx: Context, sent: int) -> bool:
    """A title or list item ("Battle of Aleppo (2012-2016)"): no sentence to take a focus from."""
    tokens = [t for t in ctx.tokens[sentence_tokens(ctx, sent)] if not t.is_space]
    return len(tokens) < 4 or tokens[0].text in {"*", "#", "-", "•", "|"} or \
        tokens[-1].text not in {".", "!", "?", "\"", "”", "'", "’"}


IRREGULAR_PARTICIPLES = frozenset({"held", "kept", "won", "run", "lost", "overrun", "taken", "retaken", "fought",
                                   "laid", "cut", "driven", "ruled", "hit", "struck", "shot", "beaten", "overtaken"})


def is_participle(word: str) -> bool:
    """Can the cue's first word be a past participle ("was captured", "is held"), unlike "are
    in control of" or "are a stronghold"?"""
    return word.endswith("ed") or word in IRREGULAR_PARTICIPLES


def paragraph_break(ctx: Context, first: int, last: int) -> bool:
    """Does a line break separate sentence `first` from sentence `last`?"""
    a, b = sentence_tokens(ctx, first), sentence_tokens(ctx, last)
    if a.stop <= a.start or b.stop <= b.start:
        return True
    return "\n" in ctx.text[ctx.tokens[a.stop - 1].idx:ctx.tokens[b.start].idx]


def says_respectively(ctx: Context, sent: int) -> bool:
    """'X and Y, held by ISIL and the FSA respectively': each holder goes with one place."""
    return any(t.lower_ == "respectively" for t in ctx.tokens[sentence_tokens(ctx, sent)])
