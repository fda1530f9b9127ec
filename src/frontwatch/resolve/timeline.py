"""Build each place's control timeline from the control statements of all articles.

Placeholder until its issue lands.
"""
from __future__ import annotations

from . import corpus_stage


@corpus_stage("timeline", produces="timeline")
def timeline_stage(result) -> None:
    """Build each place's control timeline from the control statements of all articles."""
    result.extras["timeline"] = None
