"""Build each place's control timeline from the control statements of all articles.

A timeline lists, per place, every statement about who took, holds, lost, left, fights for or
besieges it, in date order, each with the article, outlet, source and denial it came with. It
is the evidence `frontwatch.controlmap` reads to say who holds a place at a date.

Dating: a statement carries its own date when the article dates it ("fell ... in 2016", "on
Sunday"); otherwise it is dated by its article's publication day. Statements with neither are
kept, undated, at the end. Copies of one article (`duplicate_of`) add no statements: one
report repeated is not two sources.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..extract.control import FAMILY, place_key
from ..records import ControlStatement, PlaceRef
from . import corpus_stage


@dataclass(slots=True)
class TimelineEntry:
    """One control statement as evidence about a place, with where it came from."""

    date: str | None
    side: str
    actor: str
    change: str
    doc_id: str
    outlet: str | None = None
    title: str | None = None
    source: str | None = None
    denied_by: str | None = None
    sentence: str | None = None
    dated_by: str = "statement"      # statement | publication | none

    @property
    def family(self) -> str:
        """gain (captured, holds), loss (lost, withdrew) or fight (contested, besieged)."""
        return FAMILY[self.change]


@dataclass(slots=True)
class PlaceTimeline:
    """Every control statement about one place, oldest first, undated last."""

    key: str
    place: PlaceRef
    entries: list[TimelineEntry] = field(default_factory=list)

    def until(self, date: str) -> list[TimelineEntry]:
        """The dated entries on or before the day `date` (a partial date counts from its first day)."""
        return [e for e in self.entries if e.date and e.date <= date]


def _sentence_text(analysis, statement: ControlStatement) -> str | None:
    sentences = analysis.get("sentences") or []
    if 0 <= statement.span.sentence < len(sentences):
        return sentences[statement.span.sentence].text
    return analysis.doc.text[statement.span.start:statement.span.end]


def entry_for(doc, analysis, statement: ControlStatement) -> TimelineEntry:
    """A statement as timeline evidence: dated by itself, else by its article."""
    date, dated_by = statement.date, "statement"
    if not date:
        date, dated_by = doc.published, "publication" if doc.published else "none"
    return TimelineEntry(date, statement.side, statement.actor, statement.change, doc.id, doc.outlet,
                         doc.title, statement.source, statement.denied_by,
                         _sentence_text(analysis, statement), dated_by)


def build_timelines(result) -> dict[str, PlaceTimeline]:
    """Per-place timelines over every (non-duplicate) document of a corpus result."""
    timelines: dict[str, PlaceTimeline] = {}
    for doc in result.documents:
        analysis = result.analyses.get(doc.id)
        if analysis is None or doc.duplicate_of:
            continue
        for statement in analysis.get("control") or []:
            key = place_key(statement.place)
            line = timelines.setdefault(key, PlaceTimeline(key, statement.place))
            line.entries.append(entry_for(doc, analysis, statement))
    for line in timelines.values():
        line.entries.sort(key=lambda e: (e.date is None, e.date or ""))
    return timelines


@corpus_stage("timeline", produces="timeline")
def timeline_stage(result) -> None:
    """Build each place's control timeline from the control statements of all articles."""
    result.extras["timeline"] = build_timelines(result)
