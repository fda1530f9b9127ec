"""Relative and partial days of a narrative: "the next day", "two days later", "on the 14th".

Battle narratives date most occurrences against the last date they named ("On 3 May, the army
shelled X. Two days later it shelled X again."). The times layer leaves such expressions
unresolved, so two occurrences at one place would fold into one and the second would go
undated. Here each expression is resolved against the last date named before it in the same
sentence or in the sentences just before (`ANCHOR_SENTENCES`, not across a heading), a resolved
relative day being an anchor for the next one. The words are in data/events/relative.tsv.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ...data import events as event_data
from .triggers import alternation

ANCHOR_SENTENCES = 6  # how far back a relative day looks for the date it counts from


@dataclass(frozen=True, slots=True)
class RelativeDay:
    """One relative expression of a sentence, resolved (value None when it could not be).

    `key` tells occurrences apart (merging.compatible_days): the ISO day when resolved, so the
    day told another way elsewhere is the same day; "later:..." for a later, unnamed day."""

    start: int
    end: int
    key: str | None
    value: str | None
    precision: str | None
    moved: bool = True  # told on another day than the one counted from (not "the same day")


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern, dict[str, tuple[str, int]]]:
    """The phrase regex and phrase -> (unit, amount) from relative.tsv."""
    rows = {}
    for phrase, unit, amount in event_data.rows("relative.tsv", 3):
        rows[phrase.lower()] = (unit, int(amount))
    numbers = "|".join(sorted((p for p, (u, _) in rows.items() if u == "number"), key=len, reverse=True))
    phrases = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(
        (p for p, (u, _) in rows.items() if u != "number"), key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?:(?P<phrase>{phrases})|(?P<n>\d{{1,2}}|{numbers})\s+(?P<unit>days?|weeks?)\s+(?P<dir>later|afterwards|earlier)"
        rf"|(?:on|by|until)\s+the\s+(?P<nth>\d{{1,2}})(?:st|nd|rd|th)\b{NOT_A_DAY})\b", re.I)
    return pattern, rows


# "on the 5th Armoured Division's front", "on the 4th anniversary", "the 14th of May" (a full date
# the times layer reads): an ordinal that is no day of the month
NOT_A_DAY = rf"(?!-|\s+(?-i:[A-Z])|\s+{alternation('not_a_day')}\b)"


# every relative day holds one of these (lower case): a cheap substring test before the regex.
# A phrase added to relative.tsv needs one of them, or it is never looked for (a test checks).
CUES = ("later", "earlier", "afterwards", "next ", "following ", "previous ", "preceding ", "same ", "that day",
        "that night", "that evening", "day after", "day before", "end of th", "in the month")
ORDINAL = re.compile(r"the \d{1,2}(?:st|nd|rd|th)\b")  # "on the 14th"


def has_cue(lowered: str) -> bool:
    """Whether a lower-cased text may hold a relative day: most sentences are ruled out here,
    before the regex of every phrase runs on them."""
    return any(cue in lowered for cue in CUES) or ORDINAL.search(lowered) is not None


def relative_days(text: str, offset: int, anchor: tuple[str, str] | None, own: list[tuple[int, str, str]],
                  idx: int) -> list[RelativeDay]:
    """The relative expressions of one sentence (text starting at `offset`), each resolved
    against the last date before it: an own date (`own`: (start, value, precision)), an earlier
    expression of the sentence, or `anchor` from the sentences before."""
    pattern, rows = _table()
    out: list[RelativeDay] = []
    for m in pattern.finditer(text):
        start = offset + m.start()
        before = [(s, v, p) for s, v, p in own if s < start] + [(r.start, r.value, r.precision) for r in out if r.value]
        base = (max(before)[1], max(before)[2]) if before else anchor
        unit, amount = _reading(m, rows)
        value, precision = _shift(base, unit, amount)
        out.append(RelativeDay(start, offset + m.end(), _key(unit, value, base, idx), value, precision, unit != "same"))
    return out


def _reading(m: re.Match, rows: dict) -> tuple[str, int]:
    """(unit, amount) of one match: ("day", 1) for "the next day", ("nth", 14) for "on the 14th"."""
    if m.group("phrase"):
        return rows[" ".join(m.group("phrase").lower().split())]
    if m.group("nth"):
        return "nth", int(m.group("nth"))
    n = m.group("n").lower()
    amount = int(n) if n.isdigit() else rows.get(n, ("number", 0))[1]   # the regex takes only listed words
    sign = -1 if m.group("dir").lower() == "earlier" else 1
    if amount <= 0:  # "several days later": another day, not known which
        return "vague", 0
    return ("week" if m.group("unit").lower().startswith("week") else "day"), sign * amount


def _shift(base: tuple[str, str] | None, unit: str, amount: int) -> tuple[str | None, str | None]:
    """The date `amount` units after `base` ((ISO value, precision)), at the precision it allows."""
    if base is None or not base[0]:
        return None, None
    value = base[0]
    if unit == "same":
        return base
    try:
        if unit in ("day", "week") and len(value) == 10:
            day = date.fromisoformat(value) + timedelta(days=amount * (7 if unit == "week" else 1))
            return day.isoformat(), "day"
        if unit == "nth" and len(value) >= 7:
            year, month = int(value[:4]), int(value[5:7])
            if 1 <= amount <= calendar.monthrange(year, month)[1]:
                return f"{year:04d}-{month:02d}-{amount:02d}", "day"
        if unit == "month" and len(value) >= 7:
            year, month = int(value[:4]), int(value[5:7]) + amount
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            return f"{year:04d}-{month:02d}", "month"
        if unit == "later" and len(value) >= 7:
            return value[:7], "month"
    except ValueError:
        return None, None
    return None, None


def _key(unit: str, value: str | None, base: tuple[str, str] | None, idx: int) -> str | None:
    """The day key a mention is told apart by: the day itself when known; a later unnamed day of
    a known month is "later:<anchor>" (neither the anchor's day nor any other named day)."""
    if unit == "same":  # the day counted from, or (not known) whatever that sentence was set on
        return base[0] if base and base[0] and len(base[0]) == 10 else None
    if value and len(value) == 10:
        return value
    if unit in ("later", "month") and value:
        return f"later:{base[0] if base else ''}:{unit}{value}"
    return f"next:{idx}"


def sentence_relatives(sentences: list, times: dict[int, list], text: str) -> dict[int, list[RelativeDay]]:
    """Sentence index -> its relative days, each resolved against the last date before it."""
    if not has_cue(text.lower()):
        return {}
    pattern = _table()[0]
    out: dict[int, list[RelativeDay]] = {}
    for s in sentences:
        if has_cue(s.text.lower()) and pattern.search(s.text):
            own = own_dates(times.get(s.index, []))
            out[s.index] = relative_days(s.text, s.start, anchor_before(sentences, times, out, s.index), own, s.index)
    return out


def own_dates(times: list) -> list[tuple[int, str, str]]:
    """(start, value, precision) of a sentence's own dates that a relative day can count from."""
    return [(t.span.start, t.value, t.precision) for t in times
            if t.value and t.precision in ("day", "month") and len(t.value) >= 7]


def anchor_before(sentences: list, times: dict[int, list], found: dict[int, list], idx: int) -> tuple[str, str] | None:
    """The last date named in the sentences just before `idx`: their own dates and their
    resolved relative days; a heading ends the search (a new section counts from its own dates)."""
    for k in range(idx - 1, max(-1, idx - 1 - ANCHOR_SENTENCES), -1):
        if sentences[k].text.lstrip().startswith("#") or getattr(sentences[k], "zone", "body") == "headline":
            return None
        dated = own_dates(times.get(k, [])) + [(r.start, r.value, r.precision) for r in found.get(k, []) if r.value]
        if dated:
            _, value, precision = max(dated)
            return value, precision
    return None


def governing(relatives: list[RelativeDay], own: list[tuple[int, str, str]], char: int) -> RelativeDay | None:
    """The relative day that dates an occurrence told at `char`, if one does: the last date
    expression before it, or failing one, the first after it ("re-secured the village the
    following day"); None when that expression is an own date of the sentence."""
    marks = sorted([(r.start, r) for r in relatives] + [(s, None) for s, _, _ in own], key=lambda m: m[0])
    before = [m for m in marks if m[0] <= char]
    chosen = before[-1] if before else (marks[0] if marks else None)
    return chosen[1] if chosen else None
