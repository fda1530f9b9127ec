"""Group a layer's records by the sentence that tells them.

Stages read the other layers sentence by sentence ("the places and figures of this sentence"),
so each builds a sentence index -> records map once per document. Only the way a record's
sentence is found differs: the index its span carries, the sentence its span starts in, or the
sentence that holds it whole; `index_of` says which, and leaves a record out by answering None.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import TypeVar

R = TypeVar("R")


def sentence_of(starts: list[int], char: int) -> int:
    """The index of the sentence a character offset lies in, from the sentences' start offsets
    (text before the first sentence counts as the first)."""
    return max(0, bisect.bisect_right(starts, char) - 1)


def starting_in(sentences: list) -> Callable[[object], int]:
    """An `index_of` for `by_sentence`: the sentence a record's span starts in, by offset."""
    starts = [s.start for s in sentences]
    return lambda record: sentence_of(starts, record.span.start)


def span_sentence(record) -> int:
    """The sentence index a record's span carries (`Span.sentence`)."""
    return record.span.sentence


def by_sentence(records: Iterable[R] | None, index_of: Callable[[R], int | None] = span_sentence) -> dict[int, list[R]]:
    """Records grouped by sentence index, each group in the order the records come (sort them
    first where order matters); a record whose `index_of` is None is left out."""
    grouped: dict[int, list[R]] = {}
    for record in records or ():
        index = index_of(record)
        if index is not None:
            grouped.setdefault(index, []).append(record)
    return grouped
