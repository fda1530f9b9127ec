"""Dates: publication dates from metadata, datelines and URLs; inference when nothing says.

The date grammar here (month and weekday words from data/time/) is shared with the `times`
stage. A publication date is found by a cascade, and the basis says which step gave it:

1. metadata: `doc.published` as ingest set it, else a date in the URL (/2016/07/27/); a
   month or year from metadata is refined by a day found below that agrees with it;
2. text: a full date in the dateline at the head of the article ("Wed Jul 27 2016",
   "Published August 15 2016", "29-07-2015", "AFP Saturday 6 Aug 2016") or after a
   "Published/Updated/Posted" cue in the head or the foot of the page;
3. inferred: the latest full date the text mentions, moved to the day after the latest weekday
   the text names ("said on Saturday") — see `pick_day`. Without a full date, (None, None): a
   year alone ("since 2016") is background, not evidence of when the story was written; and
   without a weekday the text is a narrative (encyclopaedia, timeline), not dated news.

Articles that stay undated are dated from other articles of the corpus (resolve/pubdate.py).
`parse_date_string` reads metadata strings; `date_for_sentence` gives the stages that date
statements the time expression of a sentence.
"""
from __future__ import annotations

import email.utils
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from .records import Document
from .ingest.reference import is_reference_document

log = logging.getLogger(__name__)

HEAD_CHARS = 260          # datelines sit in the first lines, after the headline at most
YEAR = r"(?:19|20)\d\d"
# a date after one of these words belongs to the sentence, not to a dateline ("agreed on 3 May")
IN_SENTENCE = re.compile(r"(?:\b(?:since|until|till|before|after|from|between|by|to|on|in|of|at|and|or|"
                         r"than|during|born|died)|[(–—])\s*$", re.I)
RANGE_AFTER = re.compile(r"\s*[–—]\s*\d")   # "(28 July 1914 – 11 November 1918)": a period
CUE_LOOKAHEAD = 60        # a cue's date follows within a line
TAIL_CHARS = 300          # bylines at the foot of a page ("Posted on ...")


# -- word lists ---------------------------------------------------------------------------------

def data_lines(name: str) -> list[list[str]]:
    """Rows of a data/time file: tab-separated fields, comments and blank lines skipped."""
    text = resources.files("frontwatch.data").joinpath("time", name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def word_table(name: str) -> dict[str, int]:
    """A word -> number table (months.tsv, weekdays.tsv, numbers.tsv)."""
    return {row[0].strip().lower(): int(row[1]) for row in data_lines(name)}


def alternation(words, capitalised: bool = False) -> str:
    """A regex alternation of words, longest first; optionally only Capitalised or UPPER forms."""
    words = sorted(words, key=len, reverse=True)
    if capitalised:
        forms = [f for w in words for f in (w.capitalize(), w.upper()) if not w[0].isdigit()]
        return "(?:" + "|".join(re.escape(f) for f in forms) + ")"
    return "(?i:" + "|".join(re.escape(w) for w in words) + ")"


class Groups:
    """The named groups of the alternative that matched in a `combine`d pattern."""

    __slots__ = ("match", "kind", "_prefix")

    def __init__(self, match: re.Match, kind: str | None = None):
        """`kind` names the pattern of a match of one source alone (its groups are unprefixed)."""
        self.match, self.kind = match, kind or match.lastgroup
        self._prefix = "" if kind else f"{self.kind}__"

    def __getitem__(self, name: str) -> str | None:
        key = self._prefix + name
        return self.match.group(key) if key in self.match.re.groupindex else None


def combine(sources: dict[str, str]) -> re.Pattern:
    """One pattern trying each source in turn, so a text is scanned once, not once per source.
    Group names get their source's name as prefix; `Groups` reads them back."""
    parts = [f"(?P<{kind}>" + re.sub(r"\(\?P<(\w+)>", rf"(?P<{kind}__\1>", src) + ")"
             for kind, src in sources.items()]
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class Grammar:
    """Compiled date patterns built once from the word lists."""

    full_sources: dict[str, str]      # day, month and year: iso | dmy | mdy | numeric
    full: re.Pattern                  # the four combined into one scan
    cue: re.Pattern                   # "Published", "Updated" ... before a date
    url: re.Pattern
    weekday_word: re.Pattern          # full weekday names in running text
    weekday_any: re.Pattern           # weekday names and abbreviations, any case (datelines)
    future: re.Pattern                # a cue in the clause before a weekday that makes it a coming day


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Build the patterns once (month and weekday alternations from data files)."""
    mon = alternation(word_table("months.tsv"))
    # each pattern opens with a lookahead on its first character: the scan then skips most
    # positions at once (a leading optional group or a case-insensitive alternation would not)
    first = "(?=[" + "".join(sorted({m[0] + m[0].upper() for m in word_table("months.tsv")})) + "])"
    full_sources = {
        "iso": rf"(?=[12])\b(?P<y>{YEAR})[-/](?P<m>\d{{1,2}})[-/](?P<d>\d{{1,2}})\b",
        "dmy": rf"(?=\d)\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{mon})\b\.?,?\s+(?P<y>{YEAR})(?!\d)",
        # the day may be glued to the year ("Jul 172015") in scraped datelines
        "mdy": rf"{first}\b(?P<mon>{mon})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y>{YEAR})(?!\d)",
        "numeric": rf"(?=\d)\b(?P<a>\d{{1,2}})[-./](?P<b>\d{{1,2}})[-./](?P<y>{YEAR})(?!\d)",
    }
    cues = [row[0] for row in data_lines("dateline_cues.txt")]
    cue = re.compile(rf"\b{alternation(cues)}\b\s*(?:on|at|:)?\s*", re.I)
    url = re.compile(rf"/(?P<y>{YEAR})[/-]?(?P<m>[01]\d)[/-]?(?P<d>[0-3]\d)(?:[/_.-]|$)")
    full_wd = [w for w in word_table("weekdays.tsv") if len(w) > 4]
    weekday_word = re.compile(rf"(?=[MTWFS])\b{alternation(full_wd, capitalised=True)}\b")
    weekday_any = re.compile(rf"\b{alternation(word_table('weekdays.tsv'))}\b")
    future = re.compile(rf"\b{alternation([r[0] for r in data_lines('future_cues.txt')])}\b[^.;:]{{0,40}}$")
    return Grammar(full_sources, combine(full_sources), cue, url, weekday_word, weekday_any, future)


# -- full dates ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DateMatch:
    """A full calendar date written in a text, with its offsets."""

    start: int
    end: int
    value: date


def safe_date(y: int, m: int, d: int) -> date | None:
    """The date, or None when the numbers make no calendar date (31 February)."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _weekday_near(text: str, start: int) -> int | None:
    """The weekday written in the 25 characters before a date ("Sun 16 Apr", "Tuesday, 5/4")."""
    found = grammar().weekday_any.findall(text, max(0, start - 25), start)
    return word_table("weekdays.tsv").get(found[-1].lower().rstrip(".")) if found else None


def _numeric(m: Groups, text: str) -> date | None:
    """Resolve dd-mm-yyyy against mm-dd-yyyy: a part above 12 decides, then a weekday nearby;
    otherwise day-month order, the order of the international outlets that write this form."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    dmy, mdy = safe_date(y, b, a), safe_date(y, a, b)
    if dmy is None or mdy is None or dmy == mdy:
        return dmy or mdy
    weekday = _weekday_near(text, m.match.start())
    if weekday is not None and mdy.weekday() == weekday != dmy.weekday():
        return mdy
    return dmy


def full_value(m: Groups, text: str) -> date | None:
    """The calendar date of a match of one of the full-date patterns; None if impossible."""
    if m.kind == "numeric":
        return _numeric(m, text)
    month = int(m["m"]) if m.kind == "iso" else word_table("months.tsv")[m["mon"].lower().rstrip(".")]
    return safe_date(int(m["y"]), month, int(m["d"]))


def full_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Every day-month-year date in text[start:end], in order."""
    end = len(text) if end is None else end
    out = []
    for m in grammar().full.finditer(text, start, end):
        value = full_value(Groups(m), text)
        if value is not None:
            out.append(DateMatch(m.start(), m.end(), value))
    return out


# -- publication date ---------------------------------------------------------------------------

def dateline_date(text: str) -> date | None:
    """The date of the dateline: the first full date in the head that is not part of a sentence
    ("agreed on 3 May 2016"), else a date right after a Published/Updated/Posted cue in the head
    or in the byline lines at the end."""
    for d in full_dates(text, 0, min(len(text), HEAD_CHARS)):
        if not IN_SENTENCE.search(text[max(0, d.start - 12):d.start]) and not RANGE_AFTER.match(text, d.end):
            return d.value
    for start, end in ((0, HEAD_CHARS), (max(HEAD_CHARS, len(text) - TAIL_CHARS), len(text))):
        for cue in grammar().cue.finditer(text, start, min(end, len(text))):
            after = full_dates(text, cue.end(), min(len(text), cue.end() + CUE_LOOKAHEAD))
            if after:
                return after[0].value
    return None


def url_date(url: str | None) -> date | None:
    """A date written in an article URL (/2016/07/27/, /20160727/, /2016-07-27-...)."""
    if not url:
        return None
    m = grammar().url.search(url)
    return safe_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def weekday_mentions(text: str) -> set[int]:
    """Weekdays named in the text as past or present days (not "will meet on Monday")."""
    out = set()
    for m in grammar().weekday_word.finditer(text):
        if not grammar().future.search(text, max(0, m.start() - 60), m.start()):
            out.add(word_table("weekdays.tsv")[m.group().lower()])
    return out


def latest_weekday(weekdays: set[int]) -> int | None:
    """The weekday that closes the week the mentions span: the one after the largest gap
    (Wednesday, Friday, Saturday -> Saturday), since news reports look back over a few days."""
    if not weekdays:
        return None
    days = sorted(weekdays)
    gaps = [((days[(i + 1) % len(days)] - d - 1) % 7, d) for i, d in enumerate(days)]
    return max(gaps)[1]


def pick_day(weekdays: set[int], after: date | None = None, near: date | None = None) -> date | None:
    """The most likely publication day given the weekdays a text names.

    The latest named weekday is placed either on or after `after` (the latest full date the
    text gives) or nearest to `near` (a date from other articles). Publication is then put
    the day after it. Measured on FA-KES articles that have both a dateline and a weekday, the
    dateline is the latest weekday named in 482 of 633 and the day after in 123: 96% fall on
    one of the two days. The day after is the one estimate within a day of both (a day's lag
    for time zones and updates is the usual tolerance), and the named weekdays resolve to the
    same dates against either day.
    """
    w = latest_weekday(weekdays)
    base = after or near
    if base is None:
        return None
    if w is None:
        return base
    if after is not None:
        day = after + timedelta(days=(w - after.weekday()) % 7)
    else:
        back = (near.weekday() - w) % 7
        day = near - timedelta(days=back) if back <= 3 else near + timedelta(days=7 - back)
    return day + timedelta(days=1)


def infer_from_text(text: str) -> date | None:
    """Infer the writing day from the latest full date mentioned and the weekdays named.

    Only news reads this way: without a weekday ("said on Saturday") the text is taken for a
    narrative (an encyclopaedia article, a timeline) whose latest date says nothing of when it
    was written, and None is returned.
    """
    weekdays = weekday_mentions(text)
    explicit = [d.value for d in full_dates(text)] if weekdays else []
    return pick_day(weekdays, after=max(explicit)) if explicit else None


def publication_date(doc: Document) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, basis) for a document; basis is metadata | text | inferred, or (None, None).

    The cascade is in the module docstring; dates of an already set `published` are kept.
    """
    known = doc.published or ""
    if len(known) >= 10:
        return doc.published, doc.published_basis or "metadata"
    if is_reference_document(doc):  # an encyclopaedia page dates its own narrative; it has no day
        return None, None
    # a month or year from metadata is refined by a day that agrees with it, never contradicted
    steps = ((lambda: url_date(doc.url), "metadata"), (lambda: dateline_date(doc.text), "text"),
             (lambda: infer_from_text(doc.text), "inferred"))
    for step, basis in steps:
        found = step()
        if found and found.isoformat().startswith(known):
            return found.isoformat(), basis
    if known:
        return doc.published, doc.published_basis or "metadata"
    return None, None


# -- dates for statements ----------------------------------------------------------------------

def date_for_sentence(analysis, sentence_index: int, near: int | None = None) -> tuple[str, str] | None:
    """(value, precision) of the time expression governing a sentence, or None.

    For the stages that date statements (control, events, figures): reads the `times` layer.

    Open ranges ("since 2016") describe a state, not when something happened, and are skipped.
    With `near` (a character offset) the closest expression wins; otherwise the most precise,
    then the first.
    """
    order = {"day": 0, "range": 1, "week": 2, "month": 3, "year": 4}
    found = [t for t in analysis.get("times") or []
             if t.span.sentence == sentence_index and t.value and t.precision in order
             and not (t.precision == "range" and t.end_value is None)]
    if not found:
        return None
    if near is not None:
        best = min(found, key=lambda t: min(abs(t.span.start - near), abs(t.span.end - near)))
    else:
        best = min(found, key=lambda t: (order[t.precision], t.span.start))
    return best.value, best.precision


# -- metadata strings ---------------------------------------------------------------------------

ISO_PREFIX = re.compile(rf"^\s*({YEAR})-(\d\d)-(\d\d)")


def parse_date_string(s: str | None) -> str | None:
    """A metadata date string (ISO 8601, RFC 822, "July 20, 2012", "20/07/2012") as YYYY-MM-DD;
    a bare year or month-year gives YYYY or YYYY-MM; None when it cannot be read."""
    if not s or not s.strip():
        return None
    m = ISO_PREFIX.match(s)
    if m and safe_date(int(m[1]), int(m[2]), int(m[3])):
        return m.group(0).strip()
    try:
        return email.utils.parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = full_dates(s)
    if found:
        return found[0].value.isoformat()
    return _partial_date(s) or _dateparser(s)


def _partial_date(s: str) -> str | None:
    """YYYY-MM for "December 2024", YYYY for a string that is only a year."""
    mon = alternation(word_table("months.tsv"))
    m = re.search(rf"\b({mon})\.?,?\s+({YEAR})\b", s)
    if m:
        return f"{m[2]}-{word_table('months.tsv')[m[1].lower()]:02d}"
    m = re.fullmatch(rf"\s*({YEAR})\s*", s)
    return m[1] if m else None


def _dateparser(s: str) -> str | None:
    """Last resort for unusual metadata strings; dateparser is imported only when needed."""
    try:
        import dateparser
    except ImportError:  # optional: the rules above cover the common forms
        return None
    parsed = dateparser.parse(s, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date().isoformat() if parsed else None
