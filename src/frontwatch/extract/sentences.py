"""Split a document into paragraphs and sentences, keeping character offsets.

News text is full of abbreviations ("Brig. Gen.", "U.S.", "Ont.") and scraped text often
runs headline and body together without a newline, so this splitter works on paragraphs first
and then on sentence punctuation that is followed by a capital, a quote or a digit, unless the
word before it is a known abbreviation (data/abbreviations.txt).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from importlib import resources
from operator import attrgetter

from ..pipeline import Analysis, stage
from ..records import Sentence

PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*\S)")
# A candidate boundary: sentence punctuation, optional closing quotes/brackets, then space.
DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")   # "u.n", "u.s" (the last full stop stripped)
BOUNDARY = re.compile(r"([.!?]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Lower-cased words that end with a full stop without ending a sentence."""
    text = resources.files("frontwatch.data").joinpath("abbreviations.txt").read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` closes an abbreviation or an initial."""
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(\"'“‘":
        start -= 1
    word = text[start:dot + 1].lower()
    if word in abbreviations():
        return True
    bare = word.rstrip(".")
    # single initials ("George W. Bush") and dotted acronyms ("U.N.") do not end sentences
    return len(bare) == 1 and bare.isalpha() or bool(DOTTED.fullmatch(bare))


# "12 February 2015 - Headline words - Body starts": scraped pages run date, headline and the
# first sentence together with dashes; the second dash ends the headline.
RUN_IN_HEADLINE = re.compile(r"[^\n]{6,40}?\d{4}\s+[-–]\s+[^\n]{8,220}?\s[-–]\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets inside text[start:end], trimmed of surrounding space."""
    pieces, cursor = [], start
    if start == 0 and (m := RUN_IN_HEADLINE.match(text, start, end)):
        head_end = m.end() - 1
        while text[head_end - 1] in " -–":
            head_end -= 1
        pieces.append((start, head_end))
        cursor = m.end()
    for m in BOUNDARY.finditer(text, cursor, end):
        punct_end = m.end(1)
        if m.group(1) == "." and _is_abbreviation(text, m.start(1)):
            continue
        pieces.append((cursor, punct_end))
        cursor = m.end(2)
    pieces.append((cursor, end))
    return [_trim(text, s, e) for s, e in pieces if text[s:e].strip()]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line block; a single newline also ends a paragraph."""
    out, cursor = [], 0
    for m in PARAGRAPH.finditer(text):
        if text[cursor:m.start()].strip():
            out.append((cursor, m.start()))
        cursor = m.end()
    if text[cursor:].strip():
        out.append((cursor, len(text)))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of a text, numbered, each knowing its paragraph and zone."""
    from .zones import zones_of

    sentences: list[Sentence] = []
    for p_index, (ps, pe) in enumerate(paragraphs(text)):
        for s, e in split_paragraph(text, ps, pe):
            sentences.append(Sentence(len(sentences), s, e, text[s:e], p_index))
    # the zones of a document are worked out together (a footer runs to the end); a body
    # sentence already is what it should be (body is the default zone)
    return [s if zone == s.zone else Sentence(s.index, s.start, s.end, s.text, s.paragraph, zone)
            for s, zone in zip(sentences, zones_of(sentences))]


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding a character offset: the last one starting at or before it, if it
    has not ended there (sentences come in order and do not overlap; bisection done in C)."""
    i = bisect_right(sentences, offset, key=_START) - 1
    return sentences[i] if i >= 0 and offset < sentences[i].end else None


_START = attrgetter("start")


@stage("sentences", produces="sentences", requires=("document",))
def sentences_stage(analysis: Analysis) -> list[Sentence]:
    """Split the normalised text into sentences with offsets."""
    return split_sentences(analysis.doc.text)
