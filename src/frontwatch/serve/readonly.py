"""Open a store for reading only: the dashboard never writes.

A SQLite file is opened through a `mode=ro` URI, so even a bug cannot change it; another
database URL is used as given (its user should hold read rights only).
"""
from __future__ import annotations

import os
from urllib.parse import quote

from ..store import Store, StoreError, open_store


def readonly_url(url_or_path: str) -> str:
    """The SQLite URI that opens `url_or_path` read-only (other URLs unchanged)."""
    if "://" in url_or_path:
        return url_or_path
    path = os.path.abspath(url_or_path)
    if not os.path.isfile(path):
        raise StoreError(f"no store at {url_or_path}: run `frontwatch run PATH...` first")
    return f"sqlite:///file:{quote(path)}?mode=ro&uri=true"


def open_readonly(url_or_path: str) -> Store:
    """The store at `url_or_path`, opened so that it cannot be written."""
    return open_store(readonly_url(url_or_path))
