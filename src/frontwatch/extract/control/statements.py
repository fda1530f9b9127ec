"""Build the ControlStatement row for a place, an actor and a cue, with its date, source and denial.

Shared by the cue readers (reading.py) and the one-word readers (compounds.py), so every row
carries the same span rule (cue, place and actor together) and the same metadata.
"""
from __future__ import annotations

from ...pipeline import Analysis
from ...records import ActorMention, ControlStatement, PlaceMention, PlaceRef, Span
from .context import Context
from .dating import sentence_date
from .modality import claim_for, denial


def place_ref(p: PlaceMention) -> PlaceRef:
    """The place a control statement refers to, as the export and the map need it."""
    return PlaceRef(p.name, p.lat, p.lon, p.text, p.level, p.place_id)


def make_statement(ctx: Context, place: PlaceMention, actor: ActorMention, change: str, sent: int,
                   span, meta: dict) -> ControlStatement:
    """One row: the place, the actor and the change, with a span from the first to the last of
    the cue, the place and the actor."""
    start = min(place.span.start, ctx.tokens[span.start].idx, actor.span.start)
    last = ctx.tokens[span.end - 1]
    end = max(place.span.end, last.idx + len(last.text), actor.span.end)
    return ControlStatement(Span(ctx.doc_id, start, end, sent), place_ref(place), actor.actor,
                            actor.side, change, **meta)


def statement_meta(analysis: Analysis, ctx: Context, sent: int, span) -> dict:
    """Date, source and denial for a cue at `span` in sentence `sent`."""
    date, precision = sentence_date(analysis, ctx, sent, span.start)
    claim = claim_for(ctx, ctx.tokens[span.start].idx)
    source = claim.speaker if claim is not None and not claim.negated else None
    denied = denial(ctx, sent, span)
    if denied is None and claim is not None and claim.negated:
        denied = claim.speaker
    return {"date": date, "date_precision": precision, "source": source, "denied_by": denied}
