"""Find numbers of people killed, wounded, displaced, fighting, with bounds and source.

Placeholder until its issue lands: the stage is declared so the pipeline, the store and the
export already carry the `figures` layer end to end.
"""
from __future__ import annotations

from ..pipeline import Analysis, stage
from ..records import Figure


@stage("figures", produces="figures", requires=("sentences", "tokens", "claims", "places", "times"))
def figures_stage(analysis: Analysis) -> list[Figure]:
    """Extract the document's figures."""
    return []
