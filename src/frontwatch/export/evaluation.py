"""The evaluation export: exactly the JSON shape of shared/eval/SCHEMA.md.

One row per distinct place per document, and one row per figure, claim, control statement and
event, each with the sentence it came from. Extra provenance fields (offsets) are allowed by
the schema and kept so that every row can be traced back.
"""
from __future__ import annotations

from typing import Any

from ..corpus import CorpusResult
from ..geo.rank import km
from ..pipeline import Analysis
from ..records import PlaceRef, Span


def _sentence_text(analysis: Analysis, span: Span) -> str:
    sentences = analysis.get("sentences") or []
    if 0 <= span.sentence < len(sentences):
        return sentences[span.sentence].text
    return analysis.doc.text[span.start:span.end]


def _provenance(analysis: Analysis, span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "sentence": _sentence_text(analysis, span)}


def _place_ref(ref: PlaceRef | None) -> dict | None:
    if ref is None:
        return None
    return {"name": ref.name, "lat": ref.lat, "lon": ref.lon, "text": ref.text, "level": ref.level}


def document_row(doc) -> dict:
    return {"id": doc.id, "file": doc.file, "title": doc.title, "outlet": doc.outlet,
            "published": doc.published, "published_basis": doc.published_basis,
            "url": doc.url, "duplicate_of": doc.duplicate_of}


SAME_PLACE_KM = 2.0   # two gazetteer rows of one name and level this close are one place


def place_rows(analysis: Analysis) -> list[dict]:
    """Distinct places of a document, first mention first.

    A place is the same when its gazetteer id is, or when its name and level are and it lies
    within `SAME_PLACE_KM` (a curated entry repeating a GeoNames one under its own id)."""
    rows, seen, spots = [], set(), {}
    for p in analysis.get("places") or []:
        key = p.place_id or (p.name, p.lat, p.lon)
        near = spots.get((p.name, p.level), [])
        if key in seen or (p.lat is not None and any(km(p.lat, p.lon, lat, lon) <= SAME_PLACE_KM
                                                     for lat, lon in near)):
            continue
        seen.add(key)
        if p.lat is not None:
            spots.setdefault((p.name, p.level), []).append((p.lat, p.lon))
        rows.append({"doc": analysis.doc.id, "text": p.text, "name": p.name, "lat": p.lat, "lon": p.lon,
                     "country": p.country, "level": p.level, "known": p.known,
                     "start": p.span.start, "end": p.span.end})
    return rows


def figure_row(analysis: Analysis, f) -> dict:
    return {"doc": analysis.doc.id, "kind": f.kind, "who": f.who, "low": f.low, "high": f.high,
            "qualifier": f.qualifier, "vague": f.vague, "text": f.text, "source": f.source,
            "place": f.place, "date": f.date, "group": f.group, **_provenance(analysis, f.span)}


def claim_row(analysis: Analysis, c) -> dict:
    return {"doc": analysis.doc.id, "speaker": c.speaker, "affiliation": c.affiliation,
            "speaker_kind": c.speaker_kind, "alignment": c.alignment, "direct": c.direct,
            "verb": c.verb, "quote": c.quote, "negated": c.negated, **_provenance(analysis, c.span)}


def control_row(analysis: Analysis, c) -> dict:
    return {"doc": analysis.doc.id, "place": _place_ref(c.place), "actor": c.actor, "side": c.side,
            "change": c.change, "date": c.date, "source": c.source, "denied_by": c.denied_by,
            **_provenance(analysis, c.span)}


def event_row(analysis: Analysis, e) -> dict:
    return {"doc": analysis.doc.id, "type": e.type, "date": e.date, "place": _place_ref(e.place),
            "actors": e.actors, "targets": e.targets, "fatalities": e.fatalities, "source": e.source,
            **_provenance(analysis, e.span)}


ROW_BUILDERS = {"figures": figure_row, "claims": claim_row, "control": control_row, "events": event_row}


def evaluation_export(result: CorpusResult) -> dict:
    """Build the SCHEMA.md export for every document of a corpus result."""
    out: dict[str, list] = {"documents": [], "places": [], **{k: [] for k in ROW_BUILDERS}}
    for doc in result.documents:
        analysis = result.analyses[doc.id]
        out["documents"].append(document_row(doc))
        out["places"] += place_rows(analysis)
        for layer, build in ROW_BUILDERS.items():
            out[layer] += [build(analysis, rec) for rec in analysis.get(layer) or []]
    return out
