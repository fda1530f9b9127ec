"""`frontwatch report`: the dashboard's map, timeline and cross-check as one self-contained file.

Everything is inline (styles, the front-end libraries, the country outlines, the data), so the
file opens offline and can be sent by mail. The page runs the dashboard's own script on data
embedded as JSON; article text stays data and is shown as text. The reader holds only the
sentences the map, timeline and cross-check point to, not whole articles, to keep the file small.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from .. import __version__
from ..controlmap import control_at, to_geojson
from ..corpus import CorpusResult
from ..serve.filters import Filters
from ..serve.index import CorpusIndex, governorate_seats

HERE = Path(__file__).resolve().parent
SERVE = HERE.parent / "serve"
VENDOR = SERVE / "static" / "vendor"
STYLES = (VENDOR / "leaflet.css", VENDOR / "vis-timeline-graph2d.min.css", SERVE / "static" / "app.css")
SCRIPTS = (VENDOR / "leaflet.js", VENDOR / "topojson-client.min.js", VENDOR / "vis-timeline-graph2d.min.js",
           SERVE / "static" / "app.js")
MAX_SNAPSHOTS = 160        # map states the slider can show (evenly spread over the days)
SOURCES_PER_SIDE = 3       # evidence lines kept per side in a map popup
JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class ReportAssetsMissing(RuntimeError):
    """The front-end files are not built (run `npm ci` at the repository root)."""


def script_json(value) -> Markup:
    """JSON that cannot end its <script> element or open a comment: <, > and & escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: JSON_ESCAPES[m.group()], text))


def inline_script(path: Path) -> Markup:
    """A script file's text for an inline <script>: a `</script` inside it is broken up."""
    return Markup(re.sub(r"</(script)", r"<\\/\1", path.read_text("utf-8"), flags=re.I))


def _read_assets() -> tuple[str, list[Markup], dict | None]:
    missing = [p.name for p in (*STYLES, *SCRIPTS) if not p.is_file()]
    if missing:
        raise ReportAssetsMissing(f"front-end files missing ({', '.join(missing)}): run `npm ci` first")
    css = "\n".join(p.read_text("utf-8") for p in STYLES).replace("</", "<\\/")
    countries = VENDOR / "countries-50m.json"
    topo = json.loads(countries.read_text("utf-8")) if countries.is_file() else None
    return css, [inline_script(p) for p in SCRIPTS], topo


def _snapshot_days(days: list[str]) -> list[str]:
    if len(days) <= MAX_SNAPSHOTS:
        return days
    step = (len(days) - 1) / (MAX_SNAPSHOTS - 1)
    return sorted({days[round(i * step)] for i in range(MAX_SNAPSHOTS)})


class MapTables:
    """The map's snapshots made small: places and evidence stored once, snapshots by number.

    Snapshots of many days repeat the same places and statements; each is written once here
    and a snapshot lists, per place, its number, holder, status and numbered evidence.
    """

    def __init__(self):
        self.places: list[dict] = []
        self.evidence: list[dict] = []
        self._ids: dict[str, int] = {}

    def _ref(self, table: list[dict], value: dict) -> int:
        key = json.dumps(value, sort_keys=True, ensure_ascii=False)
        if key not in self._ids:
            self._ids[key] = len(table)
            table.append(value)
        return self._ids[key]

    def snapshot(self, geo: dict) -> list[list]:
        """[place, holder, status, contested, confidence, as_of, claims, fighting] per located place."""
        out = []
        for f in geo["features"]:
            if not f["geometry"]:
                continue
            p = f["properties"]
            lon, lat = f["geometry"]["coordinates"]
            place = self._ref(self.places, {"place": p["place"], "place_key": p["place_key"], "lat": lat, "lon": lon})
            claims = [[c["side"], len(c["documents"]), [self._ref(self.evidence, e) for e in c["sources"][:SOURCES_PER_SIDE]]]
                      for c in p["claims"]]
            fights = [self._ref(self.evidence, e) for e in p["fighting"][:SOURCES_PER_SIDE]]
            out.append([place, p["holder"], p["status"], p["contested"], p["confidence"], p["as_of"], claims, fights])
        return out


def _evidence(index: CorpusIndex, spans: list[dict]) -> dict[str, dict]:
    """The sentence of every span the report points to, keyed doc:sentence, as a tiny article."""
    out = {}
    for span in spans:
        key = f"{span['doc']}:{span['sentence']}"
        analysis = index.result.analyses.get(span["doc"])
        sentences = (analysis.get("sentences") or []) if analysis else []
        if key in out or not 0 <= span["sentence"] < len(sentences):
            continue
        s, doc = sentences[span["sentence"]], index.docs[span["doc"]]
        out[key] = {**index.doc_header(doc), "text": s.text, "offset": s.start, "sentences": [[s.start, s.end]],
                    "annotations": []}
    return out


def report_data(result: CorpusResult) -> dict:
    """Everything the report page shows, as JSON-ready data."""
    index = CorpusIndex(result)
    everything = Filters()
    events = index.event_list(everything, limit=20000)
    check = {"disputes": index.disputes(everything, 300), "groups": index.groups(everything, 300)}
    tables = MapTables()
    maps = {day: tables.snapshot(to_geojson(control_at(index.timelines, day), day))
            for day in _snapshot_days(index.dates)}
    spans = [e["span"] for e in events] + [p["span"] for d in check["disputes"] for p in d["positions"] if p["span"]]
    spans += [m["span"] for g in check["groups"] for m in g["members"] if m["span"]]
    for item in events + [p for d in check["disputes"] for p in d["positions"]]:
        item.pop("sentence", None)      # the reader's `evidence` holds each sentence once
    summary = index.summary()
    summary["dates"] = sorted(maps) or summary["dates"]
    return {"summary": summary, "maps": maps, "map_places": tables.places, "map_evidence": tables.evidence, "events": events, "crosscheck": check,
            "sources": index.sources(None), "basemap_seats": governorate_seats(),
            "evidence": _evidence(index, [s for s in spans if s])}


def dashboard_report(result: CorpusResult, title: str = "frontwatch report") -> str:
    """The report page as one string."""
    css, scripts, topo = _read_assets()
    data = report_data(result)
    data["countries"] = topo
    env = Environment(loader=FileSystemLoader([str(HERE / "templates"), str(SERVE / "templates")]),
                      autoescape=True)
    return env.get_template("dashboard.html.j2").render(
        title=title, css=Markup(css), scripts=scripts, version=__version__,
        written=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        config=script_json({"mode": "report", "tiles": None}), data=script_json(data))


def write_dashboard_report(result: CorpusResult, path: str, title: str = "frontwatch report") -> int:
    """Write the report to `path`; returns its size in bytes."""
    html = dashboard_report(result, title)
    Path(path).write_text(html, encoding="utf-8")
    return len(html.encode("utf-8"))
