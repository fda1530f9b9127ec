"""Shared set-up of the dashboard tests: a store of the seed articles plus one hostile article.

The store is built once per test process (the seeds are read from ../shared at run time). The
hostile article is written here: its text holds a <script> element, an event-handler attribute
and a javascript: link, which every view must show as text.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest


# Written for these tests: markup that would run if the page used the text as HTML.
HOSTILE = ("Shelling hits the northern quarter <script>window.__pwned = 1</script>\n\n"
           "At least 14 people were killed when shelling hit a market in Aleppo on Monday, the monitor "
           "said <img src=x onerror=\"window.__pwned=2\">.\n\n"
           "Read more at <a href=\"javascript:window.__pwned=3\">this link</a> and "
           "<b onmouseover=\"window.__pwned=4\">here</b>.\n")
HOSTILE_MARKUP = ("<script>", "onerror=", "javascript:", "onmouseover=")


@lru_cache(maxsize=1)
def built_store(seeds: str) -> str:
    """Analyse the seeds and the hostile article into a new store; returns its path."""
    from frontwatch.store import open_store
    from frontwatch.store.update import update_store

    folder = Path(tempfile.mkdtemp(prefix="fw-serve-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    (folder / "in").mkdir()
    for f in Path(seeds).iterdir():
        if f.is_file():
            shutil.copy(f, folder / "in" / f.name)
    (folder / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = str(folder / "dash.db")
    with open_store(db) as store:
        update_store(store, [str(folder / "in")])
    return db


def hostile_id(db: str) -> str:
    """The stored id of the hostile article (found by its file name)."""
    from frontwatch.serve.readonly import open_readonly

    with open_readonly(db) as store:
        return next(d.id for d in store.load_corpus().documents if d.file == "hostile.txt")


@pytest.fixture(scope="session")
def dash_db(shared) -> str:
    return built_store(str(shared / "seeds"))
