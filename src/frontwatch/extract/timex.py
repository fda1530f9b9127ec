"""Find time expressions and resolve them against the publication date.

Absolute expressions ("July 20, 2012", "20 July", "December 2024", "in 2016", "2024-12-01")
and relative ones ("on Saturday", "yesterday", "last week", "two days ago", "the day before",
"since 2016") become `TimeExpr` records with the precision the text gives (day, week, month,
year, range; unknown when a relative expression has no anchor date).

Resolution rules (the anchor is the document's publication day):
- A bare weekday ("on Saturday", "Sunday's attack") is the most recent such day on or before
  the anchor: news is written in the past tense about the days just gone. After a future cue
  ("will meet on Monday", data/time/future_cues.txt) it is the next such day after the anchor.
  "last Thursday" is the most recent Thursday strictly before the anchor.
- A day and month without a year ("20 July") takes the year that puts it nearest before the
  anchor, allowing two months into the future for announced dates.
- "the day before" counts from the last day-precise date mentioned before it, else the anchor.
- "since X" is an open range starting at X.
Ages, durations ("for five years") and counts ("2000 people") are not dates and are not matched.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate

from .. import dates
from ..dates import YEAR, alternation, data_lines, date_for_sentence, word_table  # noqa: F401 (re-export)
from ..pipeline import Analysis, stage
from ..records import Sentence, Span, TimeExpr
from .sentences import sentence_at

FUTURE_WINDOW = 60        # days an undated "20 July" may lie after the anchor
MIN_YEAR, MAX_YEAR = 1900, 2100  # a stated year that may anchor the undated dates after it
FUTURE_YEARS = 10         # a "year" further ahead of the anchor than this is some other number
CLOCK_AFTER = re.compile(r"\s*(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|[ap]\.?m\b|(?:GMT|UTC|hrs|hours|local time)\b)",
                         re.I)
NUMBER_BEFORE = re.compile(r"(?:\b(?:at least|more than|over|nearly|about|around|some|almost|up to|than|"
                           r"of|approximately)|[$€£#]|\d[,.])\s*$", re.I)


@dataclass(frozen=True)
class Patterns:
    """The compiled patterns of the stage."""

    kinds: dict[str, re.Pattern]  # one anchored pattern per kind of expression
    triggers: dict[str, tuple[str, ...]]  # first word (lower case) -> kinds to try, in priority order
    month_mod: re.Pattern        # what must come before a bare month ("in July")
    weekday_mod: re.Pattern      # "last" in "last Thursday"
    first_kind: dict[tuple[str, ...], re.Pattern] = field(default_factory=dict)  # kinds -> one alternation


@lru_cache(maxsize=None)
def _phrases(name: str) -> dict[str, list[str]]:
    """A phrase table (relative.tsv, anaphoric.tsv): lower-cased phrase -> its other fields.
    Read once: resolving a relative expression looks its phrase up here (callers only read)."""
    return {row[0].strip().lower(): [f.strip() for f in row[1:]] for row in data_lines(name)}


def _first_chars(words) -> str:
    """A lookahead on the first letters of words: lets the regex scan skip other positions."""
    return "(?=[" + "".join(sorted({c for w in words for c in (w[0].lower(), w[0].upper())})) + "])"


def _cased(words) -> str:
    """Alternation of words as written in lower case or with a capital (sentence start)."""
    forms = sorted({f for w in words for f in (w, w[0].upper() + w[1:])}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")"


def _sources(months, weekdays, nums, relative, anaphoric) -> dict[str, str]:
    """One regex source per kind of expression, the full dates of `dates` first."""
    mon = alternation(months, capitalised=True)
    full_months = alternation([m for m in months if len(m) > 3 or m == "may"], capitalised=True)
    not_year = alternation([r[0] for r in data_lines("not_year_after.txt")])
    m1 = _first_chars(months)
    sources = dict(dates.grammar().full_sources)
    sources.update(
        ago=rf"(?:(?=\d)\b(?P<num>\d+)|{_first_chars(nums)}\b(?P<word>{_cased(nums)}))\s+"
            rf"(?P<unit>day|week|month|year)s?\s+(?:ago|earlier)\b",
        month_year=rf"{m1}\b(?P<mon>{mon})\b\.?,?\s+(?P<y>{YEAR})(?!\d)",
        day_month=rf"(?=\d)\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{mon})\b",
        month_day=rf"{m1}\b(?P<mon>{mon})\b\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?![,.]?\d)",
        bare_month=rf"{m1}\b(?P<mon>{full_months})\b",
        weekday=rf"(?=[MTWFS])\b(?P<wd>{alternation(weekdays, capitalised=True)})\b",
        relative=rf"{_first_chars(relative)}\b(?P<phrase>{_cased(relative)})\b",
        anaphoric=rf"{_first_chars(anaphoric)}\b(?P<phrase>{_cased(anaphoric)})\b",
        year=rf"(?=[12])\b(?P<y>{YEAR})\b(?!\s*(?:{not_year})\b)(?![.,]\d)",
    )
    return sources


def _triggers(months, weekdays, nums, relative, anaphoric) -> dict[str, tuple[str, ...]]:
    """Head word -> kinds to try there, in priority order; every casing a text may use is a
    key, so the scan needs no lower()."""
    triggers: dict[str, list[str]] = defaultdict(list)
    for words, kind in ((months, "mdy"), (months, "month_year"), (months, "month_day"), (months, "bare_month"),
                        (weekdays, "weekday"), (relative, "relative"), (anaphoric, "anaphoric"), (nums, "ago")):
        for w in words:
            head = w.split()[0].lower()
            for form in (head, head.capitalize(), head.upper()):
                triggers[form].append(kind)
    triggers[DIGITS] = ["iso", "dmy", "numeric", "day_month", "ago", "year"]
    return {w: tuple(dict.fromkeys(k)) for w, k in triggers.items()}


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Build the patterns once from the word lists in data/time/.

    Each kind starts at its head word (a number, a month, a weekday, a phrase's first word), so
    the text is scanned once for words and a kind's pattern is tried only where its head word
    stands: the first kind that matches there wins (a full date before a month and year).
    Modifiers before the head ("last", "since", "in") are read from the text just before it.
    """
    words = (list(word_table("months.tsv")), [w for w in word_table("weekdays.tsv") if len(w) > 4],
             list(word_table("numbers.tsv")), list(_phrases("relative.tsv")), list(_phrases("anaphoric.tsv")))
    sources, triggers = _sources(*words), _triggers(*words)
    return Patterns(
        kinds={kind: re.compile(src) for kind, src in sources.items()},
        triggers=triggers,
        # a number is tried against six kinds: one match of their alternation names the first
        # kind that matches there (or none), so the others are not tried one by one
        first_kind={kinds: dates.combine({k: sources[k] for k in kinds})
                    for kinds in set(triggers.values()) if len(kinds) > 1},
        month_mod=re.compile(r"\b(?:in|since|until|during|early|late|mid|last|next|this|of|by|from|"
                             r"end of|beginning of|start of)[\s-]+$", re.I),
        weekday_mod=re.compile(r"\b(?P<mod>last|next|this past|this coming|this|past|previous)\s+$", re.I),
    )


@dataclass(slots=True)
class Found:
    """A matched expression before resolution: where, which pattern, the match."""

    start: int
    end: int
    kind: str
    match: dates.Groups | None = None
    value: date | None = None   # for full dates, already resolved by the date grammar
    modifier: str = ""          # "last", "next" ... before a weekday or a month


def _with_modifiers(text: str, found: list[Found]) -> list[Found]:
    """Keep bare months only after a modifier ("in July", "since March": "May" alone is a
    verb too), and note the modifier of each weekday ("last Thursday")."""
    p, out = patterns(), []
    for f in found:
        before = text[max(0, f.start - 20):f.start]
        if f.kind == "bare_month":
            mod = p.month_mod.search(before)
            if not mod:
                continue
            f.modifier = mod.group().strip(" -").lower()
        if f.kind == "weekday":
            mod = p.weekday_mod.search(before)
            if mod:  # the span takes in "last" in "last Thursday"
                f.modifier, f.start = mod["mod"].lower(), max(0, f.start - 20) + mod.start()
        out.append(f)
    return out


FULL_KINDS = ("iso", "dmy", "mdy", "numeric")
DIGITS = "#digits"
TOKEN = re.compile(r"[A-Za-z]+|\d+")


def _match_at(text: str, pos: int, kinds: tuple[str, ...]) -> Found | None:
    """The first kind whose pattern matches at pos, resolved for full dates."""
    p = patterns()
    first = p.first_kind.get(kinds)
    if first is not None:   # skip the kinds that do not match here
        m = first.match(text, pos)
        if m is None:
            return None
        kinds = kinds[kinds.index(m.lastgroup):]
    for kind in kinds:
        m = p.kinds[kind].match(text, pos)
        if m is None:
            continue
        g = dates.Groups(m, kind)
        if kind in FULL_KINDS:
            value = dates.full_value(g, text)
            if value is not None:
                return Found(m.start(), m.end(), "full", g, value)
        elif kind != "year" or not NUMBER_BEFORE.search(text[max(0, pos - 16):pos]):
            return Found(m.start(), m.end(), kind, g)
    return None


SPLIT_TOKENS = re.compile(f"({TOKEN.pattern})")


def heads(text: str, triggers: dict[str, tuple[str, ...]]) -> list[tuple[int, str]]:
    """(offset, token) of each `TOKEN` of the text that is a number or a head word, in order.

    The hot loop of the stage. One `split` cuts the text into the pieces between tokens and the
    tokens, and the running sum of their lengths gives each token's offset: no match object is
    built per token, and only a set look-up is done per token in Python."""
    pieces = SPLIT_TOKENS.split(text)
    offsets = list(accumulate(map(len, pieces), initial=0))    # offsets[k]: where piece k starts
    return [(at, word) for at, word in zip(offsets[1::2], pieces[1::2]) if word[0] <= "9" or word in triggers]


def candidates(text: str) -> list[Found]:
    """Every expression of the text, in order, trying patterns only at their head words."""
    triggers = patterns().triggers
    digit_kinds = triggers[DIGITS]
    out: list[Found] = []
    end = 0
    for start, word in heads(text, triggers):
        if start < end:
            continue
        found = _match_at(text, start, digit_kinds if word[0] <= "9" else triggers[word])
        if found:
            out.append(found)
            end = found.end
    return _with_modifiers(text, out)


# -- resolution ---------------------------------------------------------------------------------

@dataclass(slots=True)
class Resolved:
    """A value with its precision: (start value, end value, precision, relative?)."""

    value: str | None
    end_value: str | None = None
    precision: str = "day"
    relative: bool = False


def _week(day: date) -> Resolved:
    monday = day - timedelta(days=day.weekday())
    return Resolved(monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "week", True)


def _add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _unit_offset(unit: str, offset: int, precision: str, anchor: date) -> Resolved:
    """Resolve "last week", "this month", "two years ago" ... against the anchor day."""
    if unit == "day":
        day = anchor + timedelta(days=offset)
        if precision == "range":  # overnight: the night before the anchor day
            return Resolved(day.isoformat(), anchor.isoformat(), "range", True)
        return Resolved(day.isoformat(), precision="day", relative=True)
    if unit == "week":
        week = _week(anchor + timedelta(weeks=offset))
        if precision == "range":
            return Resolved(week.value, anchor.isoformat(), "range", True)
        return week
    if unit == "month":
        y, m = _add_months(anchor, offset)
        if precision == "range":
            return Resolved(f"{y:04d}-{m:02d}-01", anchor.isoformat(), "range", True)
        return Resolved(f"{y:04d}-{m:02d}", precision="month", relative=True)
    if precision == "range":
        return Resolved(f"{anchor.year + offset:04d}-01-01", anchor.isoformat(), "range", True)
    return Resolved(f"{anchor.year + offset:04d}", precision="year", relative=True)


def _nearest_year(month: int, day: int | None, anchor: date | None) -> int | None:
    """The year that puts month (and day) nearest before the anchor, up to FUTURE_WINDOW after."""
    if anchor is None:
        return None
    for year in (anchor.year + 1, anchor.year, anchor.year - 1):
        probe = dates.safe_date(year, month, day or 1)
        if probe and probe - anchor <= timedelta(days=FUTURE_WINDOW):
            return year
    return anchor.year - 1


def _weekday(f: Found, text: str, anchor: date) -> Resolved:
    """A weekday: most recent on/before the anchor, strictly before after "last", ahead if future."""
    target = word_table("weekdays.tsv")[f.match["wd"].lower()]
    mod = f.modifier
    back = (anchor.weekday() - target) % 7
    future = dates.grammar().future.search(text, max(0, f.start - 60), f.start)
    if mod in ("next", "this coming") or (not mod and future):
        day = anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7)
    elif mod in ("last", "previous", "this past", "past"):
        day = anchor - timedelta(days=back or 7)
    else:
        day = anchor - timedelta(days=back)
    return Resolved(day.isoformat(), precision="day", relative=True)


def _calendar(f: Found, anchor: date | None, context_year: int | None = None) -> Resolved:
    """Expressions that name the calendar: month-year, day-month, bare month, year.

    Without an anchor (an undated page, such as an encyclopaedia's narrative), a day or month
    without a year takes the year the text last stated ("In October 2019 ... On 12 October").
    """
    m = f.match
    if f.kind == "year":
        return Resolved(m["y"], precision="year")
    month = word_table("months.tsv")[m["mon"].lower().rstrip(".")]
    if f.kind == "month_year":
        return Resolved(f"{m['y']}-{month:02d}", precision="month")
    day = int(m["d"]) if f.kind in ("day_month", "month_day") else None
    year = _nearest_year(month, day, anchor) if anchor or not context_year else context_year
    if anchor and f.modifier == "last":  # "last June": strictly before the anchor's month
        year = anchor.year - (month >= anchor.month)
    elif anchor and f.modifier == "next":
        year = anchor.year + (month <= anchor.month)
    if year is None:
        return Resolved(None, precision="unknown", relative=True)
    if day is None:
        return Resolved(f"{year:04d}-{month:02d}", precision="month", relative=True)
    value = dates.safe_date(year, month, day)
    return Resolved(value.isoformat() if value else None, precision="day" if value else "unknown", relative=True)


def _relative(f: Found, text: str, anchor: date, previous: date | None) -> Resolved | None:
    """Phrases counted from the anchor ("last week", "two days ago") or from the date last
    mentioned ("the day before")."""
    if f.kind == "relative":
        unit, offset, precision = _phrases("relative.tsv")[f.match["phrase"].lower()]
        return _unit_offset(unit, int(offset), precision, anchor)
    if f.kind == "anaphoric":
        if re.match(r"\s+[a-z]", text[f.end:f.end + 3]):  # "the day after a bombing": tied to an event
            return None
        offset = int(_phrases("anaphoric.tsv")[f.match["phrase"].lower()][0])
        return Resolved(((previous or anchor) + timedelta(days=offset)).isoformat(), relative=True)
    count = int(f.match["num"]) if f.match["num"] else word_table("numbers.tsv")[f.match["word"].lower()]
    unit = f.match["unit"].lower()
    return _unit_offset(unit, -count, unit, anchor)


def resolve(f: Found, text: str, anchor: date | None, previous: date | None,
            context_year: int | None = None) -> Resolved | None:
    """The value of one expression; None when it turns out not to be a date."""
    if f.kind == "full":
        return Resolved(f.value.isoformat())
    if f.kind in ("month_year", "day_month", "month_day", "bare_month", "year"):
        if f.kind in ("day_month", "month_day") and not 1 <= int(f.match["d"]) <= 31:
            return None
        if f.kind == "year" and (CLOCK_AFTER.match(text, f.end) or
                                 anchor and int(f.match["y"]) > anchor.year + FUTURE_YEARS):
            return None  # "Middle East 1924 16.05.2017", "updated 2042": a clock time
        return _calendar(f, anchor, context_year)
    if anchor is None:
        return Resolved(None, precision="unknown", relative=True)
    if f.kind == "weekday":
        return _weekday(f, text, anchor)
    return _relative(f, text, anchor, previous)


SINCE_BEFORE = re.compile(r"\bsince\s+(?:(?:early|late|mid|the end of|the start of)[\s-]+)?$", re.I)


def _since(text: str, start: int, r: Resolved) -> Resolved:
    """'since 2016' / 'since March': an open range from the value."""
    if r.value and SINCE_BEFORE.search(text[max(0, start - 24):start]):
        return Resolved(r.value, None, "range", r.relative)
    return r


def anchor_date(published: str | None) -> date | None:
    """The publication day as a date, when it is known to the day."""
    if published and len(published) >= 10:
        try:
            return date.fromisoformat(published[:10])
        except ValueError:
            return None
    return None


def find_times(text: str, sentences: list[Sentence], doc_id: str, published: str | None) -> list[TimeExpr]:
    """Every time expression of a text, resolved against the publication day."""
    anchor = anchor_date(published)
    previous: date | None = None
    context_year: int | None = None
    out = []
    for f in candidates(text):
        r = resolve(f, text, anchor, previous, context_year)
        if r is None:
            continue
        r = _since(text, f.start, r)
        if r.precision == "day" and r.value:
            previous = date.fromisoformat(r.value)
        if not r.relative and r.value and r.value[:4].isdigit() and MIN_YEAR <= int(r.value[:4]) <= MAX_YEAR:
            context_year = int(r.value[:4])
        sentence = sentence_at(sentences, f.start)
        out.append(TimeExpr(Span(doc_id, f.start, f.end, sentence.index if sentence else -1),
                            text[f.start:f.end], r.value, r.end_value, r.precision, r.relative,
                            anchor.isoformat() if anchor and r.relative else None))
    return out


def ensure_publication_date(analysis: Analysis) -> None:
    """Give the document a publication date from its text when ingest found none."""
    doc = analysis.doc
    if not doc.published:
        doc.published, doc.published_basis = dates.publication_date(doc)


@stage("timex", produces="times", requires=("sentences", "tokens"), version=2)
def timex_stage(analysis: Analysis) -> list[TimeExpr]:
    """Date the document if needed, then extract and resolve its time expressions."""
    ensure_publication_date(analysis)
    return find_times(analysis.doc.text, analysis["sentences"], analysis.doc.id, analysis.doc.published)
