"""Publication dates from metadata, whatever shape they come in, as YYYY-MM-DD.

Metadata dates come as ISO strings (kept as written, so the day is the publisher's local day,
not the UTC one), RFC 822 feed dates, Unix timestamps, parsed structs, or numeric dates.
Numeric dates with the day and month both <= 12 are read day first ("02-06-2016" is 2 June),
as in the sources this tool reads, unless the year leads (2016/06/02 is ISO order).
"""
from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
import time
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?![\d])")
YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b")
COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T|\b)")
YEAR_ONLY = re.compile(r"\d{4}")
MIN_YEAR, MAX_YEAR = 1900, 2100


def metadata_date(value: Any) -> str | None:
    """YYYY-MM-DD (or YYYY-MM, YYYY when that is all it says) for a metadata value, else None."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return _iso(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, dt.datetime | dt.date):
        return _iso(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_timestamp(value)
    if isinstance(value, str):
        return _from_string(value.strip())
    return None


def _from_string(text: str) -> str | None:
    """1 ISO, 2 year-first numeric, 3 day-first numeric, 4 RFC 822, 5 timestamp, 6 dateparser."""
    if m := ISO.match(text):                              # 1
        return _iso(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
    if m := YEAR_FIRST.match(text):                       # 2
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := NUMERIC.match(text):                          # 3
        return _day_first(int(m[1]), int(m[2]), m[3])
    if m := COMPACT.fullmatch(text) or (len(text) == 8 and COMPACT.match(text)):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if YEAR_ONLY.fullmatch(text):
        return _iso(int(text), None, None)
    if parsed := _rfc822(text):                           # 4
        return parsed
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):         # 5
        return _from_timestamp(float(text))
    return _dateparser(text)                              # 6


def _day_first(first: int, second: int, year: str) -> str | None:
    """A numeric date read DD-MM-YYYY, unless only MM-DD-YYYY makes sense (06-13-2016)."""
    full_year = int(year) if len(year) == 4 else 2000 + int(year)
    day, month = first, second
    if month > 12 >= day:
        day, month = month, day
    return _iso(full_year, month, day)


def _rfc822(text: str) -> str | None:
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _iso(parsed.year, parsed.month, parsed.day) if parsed else None


def _from_timestamp(seconds: float) -> str | None:
    if seconds > 1e11:      # milliseconds, as JavaScript writes them
        seconds /= 1000
    try:
        day = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return _iso(day.year, day.month, day.day)


def _dateparser(text: str) -> str | None:
    """Written-out dates ("Sun 16 Apr 2017", "2 June 2016 10:00"); None when no year is given."""
    if len(text) > 80 or not re.search(r"\d{4}", text):
        return None
    parsed = _parser()(text)
    return _iso(parsed.year, parsed.month, parsed.day) if parsed else None


@lru_cache(maxsize=1)
def _parser():
    import dateparser

    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"],
                "RETURN_AS_TIMEZONE_AWARE": False}

    def parse(text: str):
        try:
            return dateparser.parse(text, languages=["en"], settings=settings)
        except (ValueError, OverflowError, TypeError):
            return None

    return parse


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    """The date as ISO text at the precision given, or None when it is not a real date."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
