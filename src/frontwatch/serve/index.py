"""The corpus held in memory for the dashboard: loaded once, indexed for fast answers.

Measured on the FA-KES corpus (bench/bench_serve.py): loading the store once and answering
from memory keeps every call far under a second, where re-reading the store per request does
not (one `load_corpus` alone takes seconds). Everything here returns plain JSON-ready data; the
article text goes out as data, never as markup, so the page can show it as text.
"""
from __future__ import annotations

import csv
import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..controlmap import control_at, timelines_of, to_geojson
from ..corpus import CorpusResult
from ..records import Document, Span
from ..sources import corpus_profile, document_profile
from .filters import Filters
from .json_views import dispute_view, event_view, group_view, profile_view
from .reader import annotations

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DocFacets:
    """What the filters test about one article: its date, places, actors and source kinds."""

    date: str | None
    places: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)


class CorpusIndex:
    """A `CorpusResult` with the lookups the API needs, computed once."""

    def __init__(self, result: CorpusResult):
        self.result = result
        self.docs: dict[str, Document] = {d.id: d for d in result.documents}
        self.facets = {d.id: _facets(d, result.analyses.get(d.id)) for d in result.documents}
        self.timelines = timelines_of(result)
        self.events = self._events()
        self.dates = self._dates()
        self.crosscheck = result.extras.get("crosscheck")
        self.corpus_sources = profile_view(corpus_profile(result))
        self._groups = {g.id: g for g in getattr(self.crosscheck, "groups", [])}
        self._maps: dict[str, dict] = {}
        self._lock = threading.Lock()

    # -- building ------------------------------------------------------------------------------

    def _events(self) -> list[dict]:
        out = []
        for doc in self.result.documents:
            analysis = self.result.analyses.get(doc.id)
            if analysis is None or doc.duplicate_of:
                continue
            out += [event_view(doc, analysis, i, e) for i, e in enumerate(analysis.get("events") or [])]
        out.sort(key=lambda e: (e["date"] is None, e["date"] or ""))
        return out

    def _dates(self) -> list[str]:
        """Every day on which the map can change: control statements' and events' dates."""
        days = {e.date[:10] for line in self.timelines.values() for e in line.entries if e.date}
        days |= {e["date"][:10] for e in self.events if e["date"]}
        return sorted(d for d in days if len(d) == 10)

    # -- queries -------------------------------------------------------------------------------

    def summary(self) -> dict:
        docs = self.result.documents
        published = sorted(d.published for d in docs if d.published)
        kinds = Counter(e["type"] for e in self.events)
        return {"documents": len(docs), "duplicates": sum(1 for d in docs if d.duplicate_of),
                "first": published[0] if published else None, "last": published[-1] if published else None,
                "outlets": Counter(d.outlet or "unknown" for d in docs).most_common(20),
                "events": len(self.events), "event_types": kinds.most_common(), "places": len(self.timelines),
                "disputes": len(getattr(self.crosscheck, "disputes", [])), "dates": self.dates,
                "source_kinds": sorted({k for f in self.facets.values() for k in f.kinds})}

    def documents(self, filters: Filters, limit: int = 200) -> list[dict]:
        rows = [self.doc_header(d) for d in self.result.documents if self.doc_passes(d.id, filters)]
        return rows[:limit]

    def doc_header(self, doc: Document) -> dict:
        return {"id": doc.id, "title": doc.title or doc.file or doc.id, "outlet": doc.outlet,
                "published": doc.published, "file": doc.file, "duplicate_of": doc.duplicate_of}

    def doc_passes(self, doc_id: str, filters: Filters) -> bool:
        facets = self.facets.get(doc_id)
        return facets is not None and filters.accepts(facets.date, facets.places, facets.actors, facets.kinds)

    def event_list(self, filters: Filters, limit: int = 5000) -> list[dict]:
        out = []
        for e in self.events:
            facets = self.facets[e["doc"]]
            places = {e["place"].casefold()} if e["place"] else facets.places
            if filters.accepts(e["date"] or facets.date, places, {a.casefold() for a in e["actors"]}, facets.kinds):
                out.append(e)
                if len(out) >= limit:
                    break
        return out

    def control_map(self, at: str, filters: Filters) -> dict:
        geo = self._maps.get(at)
        if geo is None:
            geo = to_geojson(control_at(self.timelines, at), at)
            with self._lock:   # requests run in threads; a bounded cache: a slider visits a few hundred days
                self._maps[at] = geo
                if len(self._maps) > 512:
                    self._maps.pop(next(iter(self._maps)))
        if not (filters.place or filters.actor):
            return geo
        return {**geo, "features": [f for f in geo["features"] if _feature_passes(f["properties"], filters)]}

    def disputes(self, filters: Filters, limit: int = 300) -> list[dict]:
        out = []
        for d in getattr(self.crosscheck, "disputes", []):
            if filters.place and filters.place not in d.question.casefold():
                continue
            if not filters.empty_but_place() and not any(self.doc_passes(p.doc_id, filters.without_place())
                                                         for p in d.positions):
                continue
            out.append(dispute_view(d, self._groups.get(d.group_id), self.docs, self.sentence_of))
            if len(out) >= limit:
                break
        return out

    def groups(self, filters: Filters, limit: int = 300) -> list[dict]:
        out = []
        for g in getattr(self.crosscheck, "groups", []):
            if filters.place and filters.place not in (g.place or "").casefold():
                continue
            if any(self.doc_passes(m.doc_id, filters.without_place()) for m in g.members):
                out.append(group_view(g, self.docs))
                if len(out) >= limit:
                    break
        return out

    def sources(self, doc_id: str | None) -> dict | None:
        if doc_id is None:
            return self.corpus_sources
        analysis = self.result.analyses.get(doc_id)
        return profile_view(document_profile(analysis)) if analysis is not None else None

    def sentence_of(self, span: Span | None) -> str | None:
        """The sentence a span lies in (for showing evidence beside a position)."""
        if span is None or span.doc_id not in self.result.analyses:
            return None
        sentences = self.result.analyses[span.doc_id].get("sentences") or []
        if 0 <= span.sentence < len(sentences):
            return sentences[span.sentence].text
        return self.docs[span.doc_id].text[span.start:span.end]

    def article(self, doc_id: str) -> dict | None:
        doc = self.docs.get(doc_id)
        if doc is None:
            return None
        analysis = self.result.analyses.get(doc_id)
        return {**self.doc_header(doc), "text": doc.text, "url": doc.url, "author": doc.author,
                "sentences": [[s.start, s.end] for s in (analysis.get("sentences") or [])] if analysis else [],
                "annotations": annotations(analysis) if analysis else [],
                "sources": self.sources(doc_id)}


def _feature_passes(props: dict, filters: Filters) -> bool:
    """A mapped place passes when its name holds the place filter and a claimant the actor filter."""
    if filters.place and filters.place not in (props["place"] or "").casefold():
        return False
    names = [n.casefold() for c in props["claims"] for n in (c["side"], *c["actors"])]
    return not filters.actor or any(filters.actor in n for n in names)


def _facets(doc: Document, analysis) -> DocFacets:
    facets = DocFacets(doc.published)
    if analysis is None:
        return facets
    facets.places = {p.name.casefold() for p in analysis.get("places") or []}
    facets.actors = {a.actor.casefold() for a in analysis.get("actors") or []}
    facets.kinds = {c.speaker_kind for c in analysis.get("claims") or []}
    facets.kinds |= {f.source_kind for f in analysis.get("figures") or [] if f.source_kind}
    return facets


@lru_cache(maxsize=1)
def governorate_seats() -> list[dict]:
    """Syria's governorates as labelled points (no open admin-1 outline package exists on npm)."""
    text = resources.files("frontwatch.data").joinpath("gazetteer/sy_governorates.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return [{"name": r["name"], "lat": float(r["lat"]), "lon": float(r["lon"])} for r in rows]
