"""Infer publication dates the metadata and text do not give, from the rest of the corpus.

Placeholder until its issue lands.
"""
from __future__ import annotations

from . import corpus_stage


@corpus_stage("pubdate", produces="pubdate")
def pubdate_stage(result) -> None:
    """Infer publication dates the metadata and text do not give, from the rest of the corpus."""
    result.extras["pubdate"] = None
