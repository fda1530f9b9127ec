"""The dashboard's FastAPI application: one page over a JSON API, read-only on the store.

`create_app(store_url)` opens the store read-only, loads the corpus once and indexes it in
memory (see index.py for why), and serves the page, the static files (Starlette's StaticFiles,
which refuses paths outside its folder) and the API.
"""
from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from .api import router
from .index import CorpusIndex
from .readonly import open_readonly
from .security import Guard, content_policy

log = logging.getLogger(__name__)
HERE = Path(str(resources.files("frontwatch.serve")))
STATIC = HERE / "static"
VENDOR_FILES = ("leaflet.js", "leaflet.css", "vis-timeline-graph2d.min.js", "vis-timeline-graph2d.min.css",
                "topojson-client.min.js", "countries-50m.json")


def missing_vendor_files() -> list[str]:
    """Front-end files the build step (npm ci -> scripts/build_assets.mjs) has not put in place."""
    return [name for name in VENDOR_FILES if not (STATIC / "vendor" / name).is_file()]


def create_app(store_url: str, token: str | None = None, tiles: str | None = None) -> FastAPI:
    """The dashboard over the store at `store_url` (a SQLite path or database URL)."""
    store = open_readonly(store_url)
    index = CorpusIndex(store.load_corpus())
    app = FastAPI(title="frontwatch dashboard", version=__version__,
                  description="Read-only views of a frontwatch store: control map, events, cross-check, "
                              "sources, articles with their extractions, full-text search.")
    app.state.store, app.state.index, app.state.tiles = store, index, tiles
    app.add_middleware(Guard, token=token, policy=content_policy(tiles))
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    templates = Jinja2Templates(directory=str(HERE / "templates"))   # autoescape on for .html

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request):
        return templates.TemplateResponse(request, "index.html", {
            "summary": index.summary(), "tiles": tiles, "missing": missing_vendor_files(), "version": __version__})

    app.router.on_shutdown.append(store.close)
    if missing_vendor_files():
        log.warning("front-end files missing (%s): run `npm ci` at the repository root",
                    ", ".join(missing_vendor_files()))
    return app
