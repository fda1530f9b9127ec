"""Find the places an article names and resolve them against the gazetteer.

Placeholder until its issue lands: the stage is declared so the pipeline, the store and the
export already carry the `places` layer end to end.
"""
from __future__ import annotations

from ..pipeline import Analysis, stage
from ..records import PlaceMention


@stage("places", produces="places", requires=("sentences", "tokens"))
def places_stage(analysis: Analysis) -> list[PlaceMention]:
    """Extract the document's places."""
    return []
