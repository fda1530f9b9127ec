"""Find distinct reported occurrences: who did what to whom, where and when.

Placeholder until its issue lands: the stage is declared so the pipeline, the store and the
export already carry the `events` layer end to end.
"""
from __future__ import annotations

from ..pipeline import Analysis, stage
from ..records import Event


@stage("events", produces="events", requires=("sentences", "tokens", "places", "actors", "times", "figures", "control"))
def events_stage(analysis: Analysis) -> list[Event]:
    """Extract the document's events."""
    return []
