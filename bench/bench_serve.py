"""Time every page and API call of `frontwatch serve` over a large store (target: each under 1 s).

    .venv/bin/python bench/bench_serve.py ../shared/corpora/fa-kes/articles   # builds a store first
    .venv/bin/python bench/bench_serve.py --db fakes.db                        # or an existing store

With a folder, the articles are analysed into a temporary store (`frontwatch run` does the same),
then the app is built as `frontwatch serve` builds it and every route is called in process
(httpx through Starlette's TestClient: no network, the server's own time). Prints start-up time,
then per route the number of calls, median and slowest time; ends non-zero if a call took 1 s
or more. `--json` prints the same figures as one JSON object.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

LIMIT_S = 1.0
WORDS = ("Aleppo", "killed", "\"air strikes\"", "Damascus OR Homs", "ceasefire")


def build_store(folder: str, db: str) -> None:
    from frontwatch.store import open_store
    from frontwatch.store.update import update_store

    with open_store(db) as store:
        update_store(store, [folder])


def calls(client) -> list[tuple[str, str]]:
    """(route name, URL) for every view the page uses, over a spread of dates and articles."""
    summary = client.get("/api/summary").json()
    dates = summary["dates"] or ["2000-01-01"]
    step = max(1, len(dates) // 20)
    docs = [d["id"] for d in client.get("/api/articles", params={"limit": 5000}).json()]
    out = [("page /", "/"), ("static app.js", "/static/app.js"),
           ("static countries", "/static/vendor/countries-50m.json"), ("summary", "/api/summary"),
           ("events", "/api/events"), ("events filtered", f"/api/events?from={dates[len(dates) // 2]}&actor=army"),
           ("crosscheck", "/api/crosscheck"), ("crosscheck filtered", "/api/crosscheck?place=aleppo&source_kind=monitor"),
           ("sources", "/api/sources"), ("articles", "/api/articles"), ("openapi", "/openapi.json"),
           ("seats", "/api/basemap/seats")]
    out += [("map", f"/api/map?at={d}") for d in dates[::step] + dates[-1:]]
    out += [("article", f"/api/articles/{d}") for d in docs[:: max(1, len(docs) // 25)]]
    out += [("search", "/api/search?q=" + w) for w in WORDS]
    return out


def run(db: str) -> dict:
    from fastapi.testclient import TestClient

    from frontwatch.serve.app import create_app

    started = time.perf_counter()
    app = create_app(db)
    startup = time.perf_counter() - started
    times: dict[str, list[float]] = {}
    with TestClient(app) as client:
        for name, url in calls(client):
            t = time.perf_counter()
            response = client.get(url)
            spent = time.perf_counter() - t
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            times.setdefault(name, []).append(spent)
    docs = len(app.state.index.result.documents)
    return {"documents": docs, "startup_s": round(startup, 2),
            "routes": {k: {"calls": len(v), "median_ms": round(1000 * statistics.median(v), 1),
                           "max_ms": round(1000 * max(v), 1)} for k, v in times.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", help="articles to analyse into a temporary store")
    parser.add_argument("--db", help="an existing store instead")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.folder and not args.db:
        parser.error("give a folder of articles or --db")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        if not args.db:
            build_store(args.folder, db)
        figures = run(db)
    slowest = max(r["max_ms"] for r in figures["routes"].values())
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print(f"{figures['documents']} articles; start-up (load the store and index it) {figures['startup_s']} s")
        for name, r in figures["routes"].items():
            print(f"  {name:<22} {r['calls']:>3} calls  median {r['median_ms']:>7.1f} ms  max {r['max_ms']:>7.1f} ms")
        print(f"slowest call {slowest:.0f} ms (limit {LIMIT_S * 1000:.0f} ms)")
    sys.exit(0 if slowest < LIMIT_S * 1000 else 1)


if __name__ == "__main__":
    main()
