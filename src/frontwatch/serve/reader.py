"""The article reader's annotations: every extraction of a document as a labelled offset range.

The page cuts the text at these offsets and links each piece to its records and back; it
builds text nodes, so an article's markup is shown, never run.
"""
from __future__ import annotations

from ..pipeline import Analysis
from ..records import Span


def _ann(layer: str, index: int, span: Span, label: str, detail: dict) -> dict:
    return {"id": f"{layer}:{index}", "layer": layer, "start": span.start, "end": span.end,
            "sentence": span.sentence, "label": label, "detail": detail}


def _place(i, p):
    return _ann("places", i, p.span, p.name, {"level": p.level, "lat": p.lat, "lon": p.lon, "id": p.place_id})


def _actor(i, a):
    return _ann("actors", i, a.span, a.actor, {"side": a.side})


def _time(i, t):
    return _ann("times", i, t.span, t.value or t.text, {"precision": t.precision})


def _figure(i, f):
    label = f"{f.kind}: {f.text}"
    return _ann("figures", i, f.span, label, {"low": f.low, "high": f.high, "source": f.source, "group": f.group})


def _claim(i, c):
    return _ann("claims", i, c.span, f"{c.speaker} ({c.speaker_kind})",
                {"speaker": c.speaker, "alignment": c.alignment, "direct": c.direct, "negated": c.negated})


def _control(i, c):
    return _ann("control", i, c.span, f"{c.actor} {c.change} {c.place.name}",
                {"side": c.side, "date": c.date, "denied_by": c.denied_by})


def _event(i, e):
    where = f" in {e.place.name}" if e.place else ""
    return _ann("events", i, e.span, f"{e.type}{where}", {"date": e.date, "actors": e.actors})


BUILDERS = {"places": _place, "actors": _actor, "times": _time, "figures": _figure, "claims": _claim,
            "control": _control, "events": _event}


def annotations(analysis: Analysis) -> list[dict]:
    """Every record of the reader's layers with valid offsets, in text order."""
    text_len = len(analysis.doc.text)
    out = []
    for layer, build in BUILDERS.items():
        for i, record in enumerate(analysis.get(layer) or []):
            span = record.span
            if 0 <= span.start < span.end <= text_len:
                out.append(build(i, record))
    out.sort(key=lambda a: (a["start"], -a["end"]))
    return out
