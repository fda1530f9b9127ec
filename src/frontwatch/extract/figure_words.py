"""The words of a sentence and the figure lexicons looked up over them.

Figures are read from a handful of words around each number, so each sentence that holds a
number is split once into `Word`s (with offsets into the document) and the lexicons in
data/figures (person nouns, kind cues, nouns of things) are matched as phrases of up to four
words at a position.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache, partial
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from .numbers import read_table

WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
MAX_PHRASE = 4


class Word(NamedTuple):
    """A word or punctuation mark of a sentence, with document offsets.

    A tuple: `words_of` builds thousands per article straight from lists (`tuple.__new__`),
    with no Python `__init__` per word, and its fields are read as fast as slots."""

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


SPLIT = re.compile(f"({WORD.pattern})")
_new_word = partial(tuple.__new__, Word)


def words_of(text: str, offset: int) -> list[Word]:
    """The words of `text`, offsets shifted into the document.

    `WORD` takes every character but white space, so splitting on it gives the white space
    before each word, the word, ..., the white space after the last: the running sum of the
    pieces' lengths gives every offset, with no Python loop over the words."""
    pieces = SPLIT.split(text)
    bounds = list(accumulate(map(len, pieces), initial=offset))   # bounds[k]: where piece k starts
    texts = pieces[1::2]
    return list(map(_new_word, zip(texts, map(str.lower, texts), bounds[1::2], bounds[2::2])))


def index_at(words: list[Word], offset: int) -> int:
    """Index of the first word ending after `offset` (len(words) when none): words end in order."""
    return bisect_right(words, offset, key=_END)


_END = itemgetter(3)    # Word.end, read in C by the bisection


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


_FIRST: dict[int, dict[str, tuple[int, ...]]] = {}
_LAST: dict[int, dict[str, tuple[int, ...]]] = {}


def _lengths(table: dict, edge: int) -> dict[str, tuple[int, ...]]:
    """For each first (`edge` 0) or last (-1) word of a table's phrases, the numbers of words
    (at most MAX_PHRASE) of the phrases it begins or ends, longest first.

    Most words are ruled out by one look-up, and a word that only begins one-word phrases costs
    one more: a phrase of n words joined by single spaces has n - 1 spaces, so only these
    lengths can match at a position."""
    index = _FIRST if edge == 0 else _LAST
    key = id(table)
    if key not in index:
        found: dict[str, set[int]] = {}
        for p in table:
            n = p.count(" ") + 1
            if n <= MAX_PHRASE and p.split():
                found.setdefault(p.split()[edge], set()).add(n)
        index[key] = {w: tuple(sorted(ns, reverse=True)) for w, ns in found.items()}
    return index[key]


def phrase_at(words: list[Word], i: int, table: dict) -> tuple[str, int] | None:
    """The longest phrase of `table` starting at word i, as (phrase, number of words)."""
    sizes = _lengths(table, 0).get(words[i].lower)
    if sizes is None:
        return None
    for n in sizes:
        if n > len(words) - i:
            continue
        key = words[i].lower if n == 1 else " ".join([w.lower for w in words[i:i + n]])
        if key in table:
            return key, n
    return None


def phrase_ending(words: list[Word], j: int, table: dict) -> tuple[str, int] | None:
    """The longest phrase of `table` ending at word j, as (phrase, number of words)."""
    sizes = _lengths(table, -1).get(words[j].lower)
    if sizes is None:
        return None
    for n in sizes:
        if n > j + 1:
            continue
        key = words[j].lower if n == 1 else " ".join([w.lower for w in words[j - n + 1:j + 1]])
        if key in table:
            return key, n
    return None
