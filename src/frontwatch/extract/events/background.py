"""Step 3 of the events stage: tell background history from the news being reported.

A sentence is background when it carries a history cue (data/events/background.tsv) or when its
own dates all lie well before the story's date. The story's date is the publication day, except
for texts that live in the past (encyclopaedic narratives, retrospectives), which get none.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ...pipeline import Analysis
from ..grouping import by_sentence, sentence_of
from .triggers import Lexicon

BACKGROUND_DAYS = 400     # a sentence dated more than this before the story is history


def _iso_day(value: str | None) -> date | None:
    """The first day an ISO value (YYYY, YYYY-MM or YYYY-MM-DD) can mean."""
    if not value:
        return None
    parts = (value.split("-") + ["01", "01"])[:3]
    try:
        return date(int(parts[0]), int(parts[1] or 1), int(parts[2] or 1))
    except ValueError:
        return None


def _latest_day(value: str | None) -> date | None:
    """The last day an ISO value can mean (a year reaches December)."""
    start = _iso_day(value)
    if start is None or not value:
        return None
    n = value.count("-")
    if n == 0:
        return date(start.year, 12, 31)
    if n == 1:
        return date(start.year, start.month, 28)
    return start


def times_by_sentence(analysis: Analysis) -> dict[int, list]:
    """The document's time expressions, grouped by sentence index (the one their span carries,
    or failing one, the sentence they start in)."""
    starts = [s.start for s in analysis["sentences"]]
    return by_sentence(analysis.get("times"),
                       lambda t: t.span.sentence if t.span.sentence >= 0 else sentence_of(starts, t.span.start))


LEAD_SENTENCES = 3  # the title and lead say when a story is set
YEAR_WRITTEN = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _ends(times: list) -> list[date]:
    """The last day each time expression can mean; open ranges ("since 2016") say nothing."""
    days = [_latest_day(t.end_value or t.value) for t in times if not (t.precision == "range" and t.end_value is None)]
    return [d for d in days if d is not None]


def story_day(analysis: Analysis, times: dict[int, list]) -> date | None:
    """The date the story is about, against which background is measured.

    News is set on its publication day. A text whose lead is set years before its publication
    (an encyclopaedic narrative, "The 2016 Khanasir offensive was ...", or a retrospective) is
    set at the start of the period its lead names: measuring from the publication day would
    discard the whole narrative, and measuring from the lead's latest date would discard the
    first years of a campaign told as "2012-2016". An undated text is set the same way, failing a
    dated lead at its median date: its latest date may be an aftermath or a retrieval date years
    after the battle, which would make the whole battle history.
    """
    ref = _iso_day(analysis.doc.published)
    # only dates that write their year: a bare "21 February" was resolved against `ref` itself
    lead_times = [t for i in range(LEAD_SENTENCES) for t in times.get(i, []) if YEAR_WRITTEN.search(t.text)]
    lead = _ends(lead_times)
    starts = period_start([[t for t in times.get(i, []) if YEAR_WRITTEN.search(t.text)] for i in range(LEAD_SENTENCES)])
    if ref is None:  # an undated text (an encyclopaedia page) is set when its lead says
        if starts:
            return min(starts)
        every = sorted(_ends([t for ts in times.values() for t in ts]))
        return every[len(every) // 2] if every else None
    if lead and (ref - max(lead)).days > BACKGROUND_DAYS:
        return min(starts) if starts else max(lead)
    return ref


def period_start(lead: list[list]) -> list[date]:
    """The first days named by the first lead sentence that writes a year ("The 2016 Khanasir
    offensive", "began on 19 July 2012 ... until 22 December 2016"): where the story starts. A
    later lead sentence may already tell history ("Protests had begun in 2011"). `lead` holds
    the year-written time expressions of each lead sentence."""
    first = next((ts for ts in lead if ts), [])
    return [d for d in (_iso_day(t.value) for t in first) if d is not None]


@lru_cache(maxsize=4)
def _padded(cues: tuple[str, ...]) -> tuple[str, ...]:
    """The history cues with a space either side, to be found as whole words."""
    return tuple(f" {cue} " for cue in cues)


def is_background(sentence_text: str, own_times: list, ref: date | None, lex: Lexicon) -> bool:
    """History rather than news: a history cue, or a date of its own long before the story."""
    low = f" {sentence_text.lower()} "
    if any(cue in low for cue in _padded(lex.background)):
        return True
    # an open range ("since 2016") measures a duration up to now, not a date in the past
    own_times = [t for t in own_times if not (t.precision == "range" and t.end_value is None)]
    if ref is None or not own_times:
        return False
    latest = [_latest_day(t.end_value or t.value) for t in own_times]
    latest = [d for d in latest if d is not None]
    return bool(latest) and all((ref - d).days > BACKGROUND_DAYS for d in latest)
