"""Group figures that measure the same quantity across articles; find contradictions.

Placeholder until its issue lands.
"""
from __future__ import annotations

from . import corpus_stage


@corpus_stage("crosscheck", produces="crosscheck")
def crosscheck_stage(result) -> None:
    """Group figures that measure the same quantity across articles; find contradictions."""
    result.extras["crosscheck"] = None
