"""Who holds each place at a date, according to whom: the control map and its GeoJSON.

The rule that decides a place's holder at day D, from its timeline (resolve/timeline.py):

1. Only statements dated on or before D count (their own date, else their article's day).
   Statements with no date at all (an undated article) are taken as current, at half weight:
   they are the reader's latest news, but nothing says how late.
2. The *current* reports are the gain statements ("took", "holds") of the last `window_days`
   before the latest one: reports of one week describe one situation, and older gains are
   history that the newer reports supersede.
3. A side that a later statement says lost or left the place (on or before D, after its own
   latest current gain) drops out.
4. Each remaining side's support is the number of distinct articles that give it the place; a
   statement whose claim is denied in its article counts half, an undated one half again.
5. The best-supported side holds the place. When a rival has at least half its support, the
   place is `disputed` between them; otherwise it is `held`, and the rivals' claims are still
   listed as conflicting. No gain at all: `unknown` (with the losses and fights that exist).
6. Fights or sieges reported in the current window (or after it) mark the place `contested`.

Confidence (0-1) is the holder's share of the support, times how corroborated it is
(1 - 0.5^articles: one article 0.5, two 0.75, three 0.875), halved when every supporting
statement is denied.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date, timedelta

from .resolve.timeline import PlaceTimeline, TimelineEntry, build_timelines

WINDOW_DAYS = 7


@dataclass(slots=True)
class SideSupport:
    """One side's claim to a place at the map date, and the statements behind it."""

    side: str
    actors: list[str]
    documents: list[str]
    support: float
    entries: list[TimelineEntry] = field(default_factory=list)


@dataclass(slots=True)
class PlaceControl:
    """The state of one place at the map date."""

    key: str
    name: str
    lat: float | None
    lon: float | None
    level: str | None
    holder: str | None               # the side that holds it (the leading one when disputed)
    status: str                      # held | disputed | unknown
    confidence: float
    contested: bool = False
    as_of: str | None = None         # date of the latest statement used
    sides: list[SideSupport] = field(default_factory=list)    # best supported first
    fights: list[TimelineEntry] = field(default_factory=list)
    losses: list[TimelineEntry] = field(default_factory=list)

    @property
    def disputed_with(self) -> list[str]:
        return [s.side for s in self.sides[1:]] if self.status == "disputed" else []


def day_end(date: str) -> str:
    """The last day a partial date covers ("2024" -> "2024-12-31"), so `--at 2024` means the year."""
    parts = date.split("-")
    if len(parts) == 1:
        return f"{date}-12-31"
    if len(parts) == 2:
        return f"{date}-31"
    return date


def _days_before(date: str, days: int) -> str:
    """`date` (YYYY, YYYY-MM or YYYY-MM-DD) minus `days`, as YYYY-MM-DD."""
    parts = [int(p) for p in date.split("-")] + [1, 1]
    return (Date(parts[0], parts[1], parts[2]) - timedelta(days=days)).isoformat()


def _current_gains(entries: list[TimelineEntry], window_days: int) -> list[TimelineEntry]:
    """Gains of the last window before the latest gain (and undated gains), minus sides that a
    later dated statement says lost the place."""
    gains = [e for e in entries if e.family == "gain" and e.date]
    current = [e for e in entries if e.family == "gain" and not e.date]
    if gains:
        start = _days_before(gains[-1].date, window_days)
        current = [e for e in gains if e.date >= start] + current
    losses = [e for e in entries if e.family == "loss" and e.date]
    return [e for e in current if not any(l.side == e.side and l.date > _latest(current, e.side) for l in losses)]


def _latest(entries: list[TimelineEntry], side: str) -> str:
    return max((e.date for e in entries if e.side == side and e.date), default="")


def _weight(e: TimelineEntry) -> float:
    return (0.5 if e.denied_by else 1.0) * (1.0 if e.date else 0.5)


def _support(entries: list[TimelineEntry]) -> list[SideSupport]:
    """Per-side support, best first: distinct articles, a denied article counting half."""
    by_side: dict[str, list[TimelineEntry]] = {}
    for e in entries:
        by_side.setdefault(e.side, []).append(e)
    out = []
    for side, items in by_side.items():
        docs = list(dict.fromkeys(e.doc_id for e in items))
        score = sum(max(_weight(e) for e in items if e.doc_id == d) for d in docs)
        out.append(SideSupport(side, list(dict.fromkeys(e.actor for e in items)), docs, score, items))
    return sorted(out, key=lambda s: (-s.support, -len(s.documents), s.side))


def _confidence(sides: list[SideSupport]) -> float:
    if not sides:
        return 0.0
    best, total = sides[0], sum(s.support for s in sides)
    corroboration = 1 - 0.5 ** len(best.documents)
    denied = 0.5 if all(e.denied_by for e in best.entries) else 1.0
    undated = 0.5 if not any(e.date for e in best.entries) else 1.0
    return round(best.support / total * corroboration * denied * undated, 3)


def place_control(line: PlaceTimeline, date: str, window_days: int = WINDOW_DAYS) -> PlaceControl | None:
    """The holder of one place at `date` by the module's rule; None when nothing is dated by then."""
    dated = line.until(day_end(date))
    entries = dated + [e for e in line.entries if not e.date]
    if not entries:
        return None
    current = _current_gains(entries, window_days)
    sides = _support(current)
    since = min((e.date for e in current if e.date), default=dated[0].date if dated else "")
    fights = [e for e in entries if e.family == "fight" and (not e.date or e.date >= since)]
    status = "unknown" if not sides else (
        "disputed" if len(sides) > 1 and sides[1].support * 2 >= sides[0].support else "held")
    p = line.place
    return PlaceControl(line.key, p.name, p.lat, p.lon, p.level, sides[0].side if sides else None, status,
                        _confidence(sides), bool(fights), dated[-1].date if dated else None, sides, fights,
                        [e for e in entries if e.family == "loss" and (not e.date or e.date >= since)])


def control_at(timelines: dict[str, PlaceTimeline], date: str, window_days: int = WINDOW_DAYS) -> list[PlaceControl]:
    """Every place's control at `date`, places with the most support first."""
    out = [c for c in (place_control(line, date, window_days) for line in timelines.values()) if c]
    return sorted(out, key=lambda c: (-(c.sides[0].support if c.sides else 0), c.name or ""))


def timelines_of(result) -> dict[str, PlaceTimeline]:
    """The corpus result's timelines (built by the timeline stage, or now if it did not run)."""
    timelines = result.extras.get("timeline")
    return timelines if isinstance(timelines, dict) else build_timelines(result)


# --- GeoJSON ----------------------------------------------------------------------------------

def _evidence(e: TimelineEntry) -> dict:
    return {"doc": e.doc_id, "outlet": e.outlet, "title": e.title, "date": e.date, "dated_by": e.dated_by,
            "actor": e.actor, "side": e.side, "change": e.change, "source": e.source,
            "denied_by": e.denied_by, "sentence": e.sentence}


def feature(c: PlaceControl) -> dict:
    """One GeoJSON Point feature for a place's control (null geometry when it has no coordinates)."""
    geometry = {"type": "Point", "coordinates": [c.lon, c.lat]} if c.lat is not None and c.lon is not None else None
    return {"type": "Feature", "geometry": geometry, "properties": {
        "place": c.name, "place_key": c.key, "level": c.level, "holder": c.holder, "status": c.status,
        "disputed_with": c.disputed_with, "contested": c.contested, "confidence": c.confidence,
        "as_of": c.as_of,
        "claims": [{"side": s.side, "actors": s.actors, "support": s.support, "documents": s.documents,
                    "sources": [_evidence(e) for e in s.entries]} for s in c.sides],
        "fighting": [_evidence(e) for e in c.fights],
        "losses": [_evidence(e) for e in c.losses]}}


def to_geojson(controls: list[PlaceControl], date: str) -> dict:
    """A GeoJSON FeatureCollection of places and who holds them at `date`."""
    return {"type": "FeatureCollection", "properties": {"at": date, "rule": "frontwatch.controlmap.v1"},
            "features": [feature(c) for c in controls]}


def control_map(result, date: str, window_days: int = WINDOW_DAYS) -> dict:
    """The GeoJSON control map of a corpus result at `date`."""
    return to_geojson(control_at(timelines_of(result), date, window_days), date)
