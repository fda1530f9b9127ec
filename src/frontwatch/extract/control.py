"""Find statements that an actor took, holds, lost or fights for a place.

Placeholder until its issue lands: the stage is declared so the pipeline, the store and the
export already carry the `control` layer end to end.
"""
from __future__ import annotations

from ..pipeline import Analysis, stage
from ..records import ControlStatement


@stage("control", produces="control", requires=("sentences", "tokens", "places", "actors", "claims", "times"))
def control_stage(analysis: Analysis) -> list[ControlStatement]:
    """Extract the document's control."""
    return []
