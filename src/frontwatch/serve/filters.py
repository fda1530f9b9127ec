"""The dashboard's filters: a date range, a place, an actor and a kind of source.

Every list the API returns passes through one `Filters`; an empty filter accepts everything.
Places and actors match by case-insensitive substring, so "aleppo" finds "Aleppo Governorate".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


class FilterError(ValueError):
    """A filter value the API refuses (a malformed date)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What to keep; None means no condition."""

    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None      # casefolded
    actor: str | None = None      # casefolded
    source_kind: str | None = None

    @classmethod
    def parse(cls, date_from=None, date_to=None, place=None, actor=None, source_kind=None) -> "Filters":
        for value in (date_from, date_to):
            if value and not DATE.match(value):
                raise FilterError(f"not a date: {value!r} (use YYYY-MM-DD)")
        fold = lambda v: v.strip().casefold() or None if v else None  # noqa: E731
        return cls(date_from or None, date_to or None, fold(place), fold(actor), (source_kind or "").strip() or None)

    def accepts(self, date: str | None, places: set[str], actors: set[str], kinds: set[str]) -> bool:
        """True when a record (or article) with these facets passes every condition."""
        if (self.date_from or self.date_to) and not date:
            return False
        if self.date_from and date < self.date_from:
            return False
        if self.date_to and date[:len(self.date_to)] > self.date_to:
            return False
        if self.place and not any(self.place in p for p in places):
            return False
        if self.actor and not any(self.actor in a for a in actors):
            return False
        return not self.source_kind or self.source_kind in kinds

    def without_place(self) -> "Filters":
        return replace(self, place=None)

    def empty_but_place(self) -> bool:
        return not (self.date_from or self.date_to or self.actor or self.source_kind)
