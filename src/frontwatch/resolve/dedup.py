"""Link exact and near-duplicate copies (syndicated wire stories) to their first copy.

Placeholder until its issue lands.
"""
from __future__ import annotations

from . import corpus_stage


@corpus_stage("dedup", produces="dedup")
def dedup_stage(result) -> None:
    """Link exact and near-duplicate copies (syndicated wire stories) to their first copy."""
    result.extras["dedup"] = None
