"""Records as the JSON the dashboard reads: small dicts with what each view shows.

Text goes out as JSON strings; the page puts them into the document as text nodes.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Callable

from ..records import Dispute, Document, Event, FigureGroup, Span
from ..sources import SourceProfile


def span_view(span: Span | None) -> dict | None:
    if span is None:
        return None
    return {"doc": span.doc_id, "start": span.start, "end": span.end, "sentence": span.sentence}


def event_view(doc: Document, analysis, index: int, event: Event) -> dict:
    """One event for the map and the timeline, with the sentence it came from."""
    sentences = analysis.get("sentences") or []
    sentence = sentences[event.span.sentence].text if 0 <= event.span.sentence < len(sentences) else None
    place = event.place
    return {"id": f"{doc.id}:{index}", "doc": doc.id, "type": event.type, "subtype": event.subtype,
            "date": event.date or doc.published, "dated_by": "event" if event.date else "publication",
            "place": place.name if place else None, "lat": place.lat if place else None,
            "lon": place.lon if place else None, "actors": list(event.actors), "sides": list(event.sides),
            "targets": list(event.targets), "fatalities": event.fatalities, "source": event.source,
            "outlet": doc.outlet, "title": doc.title or doc.file, "sentence": sentence, "span": span_view(event.span)}


def _origins(dispute: Dispute, group: FigureGroup | None) -> list[str]:
    """The independent origins behind a dispute: the group's, else each source (or outlet) once."""
    if group is not None and group.origins:
        return list(group.origins)
    return list(dict.fromkeys(p.source or p.outlet or f"article {p.doc_id}" for p in dispute.positions))


def dispute_view(dispute: Dispute, group: FigureGroup | None, docs: dict[str, Document],
                 sentence_of: Callable[[Span | None], str | None]) -> dict:
    """A disputed question with each position, its source, article and sentence."""
    positions = []
    for p in dispute.positions:
        doc = docs.get(p.doc_id)
        positions.append({"value": p.value, "statement": p.statement, "source": p.source, "outlet": p.outlet,
                          "alignment": p.alignment, "doc": p.doc_id,
                          "title": (doc.title or doc.file) if doc else None,
                          "published": doc.published if doc else None,
                          "span": span_view(p.span), "sentence": sentence_of(p.span)})
    origins = _origins(dispute, group)
    return {"id": dispute.id, "kind": dispute.kind, "question": dispute.question, "score": round(dispute.score, 3),
            "group": dispute.group_id, "origins": origins, "independent": len(origins),
            "sides": list(group.sides) if group else sorted({p.alignment for p in dispute.positions if p.alignment}),
            "positions": positions}


def group_view(group: FigureGroup, docs: dict[str, Document]) -> dict:
    """A figure group: what it counts, its low/best/high and its members."""
    members = [{"doc": m.doc_id, "text": m.text, "low": m.low, "high": m.high, "vague": m.vague,
                "source": m.source, "outlet": m.outlet, "date": m.date, "origin": m.origin,
                "title": (docs[m.doc_id].title or docs[m.doc_id].file) if m.doc_id in docs else None,
                "span": span_view(m.span)} for m in group.members]
    return {"id": group.id, "kind": group.kind, "who": group.who, "place": group.place, "period": group.period,
            "low": group.low, "best": group.best, "high": group.high, "conservative": group.conservative,
            "status": group.status, "origins": list(group.origins), "independent": len(group.origins),
            "sides": list(group.sides), "members": members}


def profile_view(profile: SourceProfile) -> dict:
    return asdict(profile)
