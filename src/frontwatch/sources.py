"""Source profiles: whom an article (or a corpus) rests on, by kind and by alignment.

A source is a distinct speaker of the `claims` layer. Its weight in a document is the share of the
document's claims attributed to it, plus the figures it is given as source of, so an analyst sees
at a glance that a report rests, say, two thirds on the Russian defence ministry and TASS.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .corpus import CorpusResult
from .pipeline import Analysis

UNKNOWN = "unknown"


@dataclass(slots=True)
class SourceRow:
    """One distinct source of a document or corpus."""

    name: str
    kind: str
    alignment: str | None
    affiliation: str | None = None
    claims: int = 0
    figures: int = 0
    share: float = 0.0          # of the claims of the document (or corpus)
    documents: int = 1


@dataclass(slots=True)
class SourceProfile:
    """The sources of one document (or of the corpus when `doc_id` is None)."""

    doc_id: str | None
    title: str | None
    claims: int
    sources: list[SourceRow] = field(default_factory=list)
    by_kind: dict[str, float] = field(default_factory=dict)       # kind -> share of claims
    by_alignment: dict[str, float] = field(default_factory=dict)  # alignment -> share of claims


def _rows(claims, figures) -> list[SourceRow]:
    rows: dict[str, SourceRow] = {}
    for c in claims:
        row = rows.setdefault(c.speaker.lower(), SourceRow(c.speaker, c.speaker_kind, c.alignment, c.affiliation))
        row.claims += 1
        row.alignment = row.alignment or c.alignment
        row.affiliation = row.affiliation or c.affiliation
    for f in figures:
        if f.source and f.source.lower() in rows:
            rows[f.source.lower()].figures += 1
    return list(rows.values())


def _finish(profile: SourceProfile) -> SourceProfile:
    """Shares by source, kind and alignment, largest first."""
    total = profile.claims or 1
    kinds, sides = Counter(), Counter()
    for row in profile.sources:
        row.share = row.claims / total
        kinds[row.kind] += row.claims
        sides[row.alignment or UNKNOWN] += row.claims
    profile.sources.sort(key=lambda r: (-r.claims, r.name))
    profile.by_kind = {k: n / total for k, n in kinds.most_common()}
    profile.by_alignment = {k: n / total for k, n in sides.most_common()}
    return profile


def document_profile(analysis: Analysis) -> SourceProfile:
    """The sources an article quotes, with how much of it rests on each."""
    claims = analysis.get("claims") or []
    doc = analysis.doc
    rows = _rows(claims, analysis.get("figures") or [])
    return _finish(SourceProfile(doc.id, doc.title or doc.file, len(claims), rows))


def corpus_profile(result: CorpusResult) -> SourceProfile:
    """The sources of a whole corpus: each source once, with the number of articles quoting it."""
    merged: dict[str, SourceRow] = {}
    total = 0
    for doc in result.documents:
        if doc.duplicate_of:
            continue
        prof = document_profile(result.analyses[doc.id])
        total += prof.claims
        for row in prof.sources:
            key = row.name.lower()
            if key in merged:
                merged[key].claims += row.claims
                merged[key].figures += row.figures
                merged[key].documents += 1
            else:
                merged[key] = SourceRow(row.name, row.kind, row.alignment, row.affiliation, row.claims, row.figures)
    return _finish(SourceProfile(None, None, total, list(merged.values())))


def profiles(result: CorpusResult) -> list[SourceProfile]:
    """One profile per (non-duplicate) document, in corpus order."""
    return [document_profile(result.analyses[d.id]) for d in result.documents
            if not d.duplicate_of and d.id in result.analyses]


def canonical_source(name: str | None) -> str | None:
    """The registry's canonical name for a source or outlet ("SOHR" -> the Observatory), if known."""
    from .extract.attribution.registry import lookup

    entry = lookup(name) if name else None
    return entry.name if entry else None


def alignment_of(name: str | None) -> str | None:
    """The alignment the registry gives a source or outlet (syrian_government, russian, ...), if known."""
    from .extract.attribution.registry import lookup

    entry = lookup(name) if name else None
    return entry.alignment if entry else None
