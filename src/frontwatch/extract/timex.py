"""Find time expressions and resolve them against the publication date.

Placeholder until its issue lands: the stage is declared so the pipeline, the store and the
export already carry the `times` layer end to end.
"""
from __future__ import annotations

from ..pipeline import Analysis, stage
from ..records import TimeExpr


@stage("timex", produces="times", requires=("sentences", "tokens"))
def timex_stage(analysis: Analysis) -> list[TimeExpr]:
    """Extract the document's times."""
    return []
