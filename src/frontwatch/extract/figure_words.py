"""The words of a sentence and the figure lexicons looked up over them.

Figures are read from a handful of words around each number, so each sentence that holds a
number is split once into `Word`s (with offsets into the document) and the lexicons in
data/figures (person nouns, kind cues, nouns of things) are matched as phrases of up to four
words at a position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .numbers import read_table

WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
MAX_PHRASE = 4


@dataclass(slots=True)          # not frozen: a frozen dataclass is several times slower to build
class Word:
    """A word or punctuation mark of a sentence, with document offsets."""

    text: str
    lower: str
    start: int
    end: int

    @property
    def is_title(self) -> bool:
        """Capitalised, also behind an Arabic article ("al-Assad", "el-Sisi")."""
        return self.text[:1].isupper() or (self.text[:3].lower() in ("al-", "el-") and self.text[3:4].isupper())

    @property
    def is_alpha(self) -> bool:
        return self.text[:1].isalpha()


def words_of(text: str, offset: int) -> list[Word]:
    """The words of `text`, offsets shifted into the document.

    `WORD` takes every character but white space, so only white space lies between two words
    and each word starts where it is next found: `findall` and `str.find` give the offsets
    without a match object per word."""
    out, end = [], 0
    find = text.find
    for t in WORD.findall(text):
        start = find(t, end)
        end = start + len(t)
        out.append(Word(t, t.lower(), start + offset, end + offset))
    return out


def index_at(words: list[Word], offset: int) -> int:
    """Index of the first word ending after `offset` (len(words) when none)."""
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi) // 2
        if words[mid].end > offset:
            hi = mid
        else:
            lo = mid + 1
    return lo


@lru_cache(maxsize=1)
def person_nouns() -> dict[str, tuple[str, str | None]]:
    """noun phrase -> (who, kind implied by the noun or None)."""
    return {row[0]: (row[1], row[2] if len(row) > 2 and row[2].strip() else None)
            for row in read_table("person_nouns.tsv")}


@lru_cache(maxsize=1)
def kind_cues() -> dict[str, tuple[str, str]]:
    """cue phrase -> (kind, where: before | after | both)."""
    return {row[0]: (row[1], row[2]) for row in read_table("kind_cues.tsv")}


@lru_cache(maxsize=1)
def not_people() -> frozenset[str]:
    """Nouns that show a number counts time, distance, money or things."""
    return frozenset(row[0] for row in read_table("not_people.tsv"))


@lru_cache(maxsize=1)
def unit_labels() -> frozenset[str]:
    """Capitalised nouns after which a number is a label ("Division 17"), not a count."""
    return frozenset(row[0] for row in read_table("unit_labels.tsv"))


_FIRSTS: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
_SIZES: dict[int, tuple[int, ...]] = {}


def _ends(table: dict) -> tuple[frozenset[str], frozenset[str]]:
    """First and last words of a table's phrases, so most words are ruled out by one set look-up."""
    key = id(table)
    if key not in _FIRSTS:
        _FIRSTS[key] = (frozenset(p.split()[0] for p in table), frozenset(p.split()[-1] for p in table))
    return _FIRSTS[key]


def _sizes(table: dict) -> tuple[int, ...]:
    """The numbers of words a table's phrases have (at most MAX_PHRASE), longest first: a
    phrase of n words joined by single spaces has n - 1 spaces, so other lengths never match."""
    key = id(table)
    if key not in _SIZES:
        _SIZES[key] = tuple(sorted({p.count(" ") + 1 for p in table} & set(range(1, MAX_PHRASE + 1)), reverse=True))
    return _SIZES[key]


def phrase_at(words: list[Word], i: int, table: dict) -> tuple[str, int] | None:
    """The longest phrase of `table` starting at word i, as (phrase, number of words)."""
    if words[i].lower not in _ends(table)[0]:
        return None
    for n in _sizes(table):
        if n > len(words) - i:
            continue
        key = " ".join(w.lower for w in words[i:i + n])
        if key in table:
            return key, n
    return None


def phrase_ending(words: list[Word], j: int, table: dict) -> tuple[str, int] | None:
    """The longest phrase of `table` ending at word j, as (phrase, number of words)."""
    if words[j].lower not in _ends(table)[1]:
        return None
    for n in _sizes(table):
        if n > j + 1:
            continue
        key = " ".join(w.lower for w in words[j - n + 1:j + 1])
        if key in table:
            return key, n
    return None
