"""Find mentions of armed actors and states and normalise them to the actors registry.

Placeholder until its issue lands: the stage is declared so the pipeline, the store and the
export already carry the `actors` layer end to end.
"""
from __future__ import annotations

from ..pipeline import Analysis, stage
from ..records import ActorMention


@stage("actors", produces="actors", requires=("sentences", "tokens"))
def actors_stage(analysis: Analysis) -> list[ActorMention]:
    """Extract the document's actors."""
    return []
