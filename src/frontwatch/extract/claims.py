"""Find attributed statements: quotations, reported speech, according-to attributions.

Placeholder until its issue lands: the stage is declared so the pipeline, the store and the
export already carry the `claims` layer end to end.
"""
from __future__ import annotations

from ..pipeline import Analysis, stage
from ..records import Claim


@stage("claims", produces="claims", requires=("sentences", "tokens", "actors"))
def claims_stage(analysis: Analysis) -> list[Claim]:
    """Extract the document's claims."""
    return []
