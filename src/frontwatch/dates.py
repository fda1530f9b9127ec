"""Dates: publication dates from metadata, datelines and URLs; inference when nothing says.

Placeholder until the dates work lands.
"""
from __future__ import annotations

from .records import Document


def publication_date(doc: Document) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, basis) for a document: from metadata, else text, else (None, None)."""
    return doc.published, doc.published_basis
