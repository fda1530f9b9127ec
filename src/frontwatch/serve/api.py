"""The JSON API behind every view of the dashboard (documented at /docs, schema at /openapi.json)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from ..store import StoreError
from .filters import FilterError, Filters
from .index import CorpusIndex, governorate_seats

router = APIRouter(prefix="/api")
DAY = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


def index_of(request: Request) -> CorpusIndex:
    return request.app.state.index


def filters(date_from: str | None = Query(None, alias="from", pattern=DAY, description="first day (YYYY-MM-DD)"),
            date_to: str | None = Query(None, alias="to", pattern=DAY, description="last day"),
            place: str | None = Query(None, max_length=200, description="place name contains"),
            actor: str | None = Query(None, max_length=200, description="actor name contains"),
            source_kind: str | None = Query(None, max_length=40, description="a kind of source (monitor, ...)")
            ) -> Filters:
    try:
        return Filters.parse(date_from, date_to, place, actor, source_kind)
    except FilterError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.get("/summary", summary="Counts, date range, outlets and the days the map can show")
def summary(index: CorpusIndex = Depends(index_of)) -> dict:
    return index.summary()


@router.get("/map", summary="Who holds each place at a date (GeoJSON, frontwatch.controlmap.v1)")
def control_map(at: str = Query(..., pattern=DAY), f: Filters = Depends(filters),
                index: CorpusIndex = Depends(index_of)) -> dict:
    return index.control_map(at, f)


@router.get("/basemap/seats", summary="Syria's governorates as labelled points")
def seats() -> list[dict]:
    return governorate_seats()


@router.get("/events", summary="Events in date order, each with its sentence")
def events(f: Filters = Depends(filters), limit: int = Query(5000, ge=1, le=50000),
           index: CorpusIndex = Depends(index_of)) -> list[dict]:
    return index.event_list(f, limit)


@router.get("/crosscheck", summary="Disputed questions with their positions, and the figure groups")
def crosscheck(f: Filters = Depends(filters), limit: int = Query(300, ge=1, le=5000),
               index: CorpusIndex = Depends(index_of)) -> dict:
    return {"disputes": index.disputes(f, limit), "groups": index.groups(f, limit)}


@router.get("/sources", summary="The corpus's sources by kind and alignment")
def corpus_sources(index: CorpusIndex = Depends(index_of)) -> dict:
    return index.sources(None)


@router.get("/articles", summary="Articles passing the filters, in corpus order")
def articles(f: Filters = Depends(filters), limit: int = Query(200, ge=1, le=5000),
             index: CorpusIndex = Depends(index_of)) -> list[dict]:
    return index.documents(f, limit)


@router.get("/articles/{doc_id}", summary="One article's text, sentences, extractions and sources")
def article(doc_id: str, index: CorpusIndex = Depends(index_of)) -> dict:
    found = index.article(doc_id)
    if found is None:
        raise HTTPException(404, "no such article")
    return found


@router.get("/search", summary="Full-text search (SQLite FTS5 syntax; plain words work)")
def search(request: Request, q: str = Query(..., min_length=1, max_length=500),
           limit: int = Query(30, ge=1, le=200), f: Filters = Depends(filters)) -> list[dict]:
    index: CorpusIndex = request.app.state.index
    try:
        hits = request.app.state.store.search(q, limit * 3)
    except StoreError as exc:
        raise HTTPException(503, str(exc)) from exc
    out = [{"doc": h.doc_id, "title": h.title or h.file or h.doc_id, "snippet": h.snippet,
            "outlet": index.docs[h.doc_id].outlet if h.doc_id in index.docs else None,
            "published": index.docs[h.doc_id].published if h.doc_id in index.docs else None}
           for h in hits if index.doc_passes(h.doc_id, f)]
    return out[:limit]
