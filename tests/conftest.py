"""Shared fixtures: the real corpora in ../shared (read at run time, never copied here)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from frontwatch.pipeline import default_pipeline
from frontwatch.records import Document

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRONTWATCH_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the repository; tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"no shared corpora at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    """A strict pipeline: a stage that raises fails the test instead of being reported."""
    return default_pipeline(strict=True)


@pytest.fixture(scope="session")
def analyse(pipeline):
    """Analyse a text (or a shared file) with the default pipeline."""

    def run(text: str, published: str | None = None, doc_id: str = "t"):
        return pipeline.run(Document(id=doc_id, text=text, published=published,
                                     published_basis="metadata" if published else None))

    return run
