"""ACLED-style export of events: categories, dates and precision codes, rows, the CLI."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from frontwatch.cli import main
from frontwatch.corpus import CorpusResult
from frontwatch.export.acled import (ACLED_COLUMNS, PROVENANCE_COLUMNS, acled_category, acled_row,
                                     event_date, write_acled_csv)
from frontwatch.pipeline import Analysis
from frontwatch.records import Document, Event, PlaceRef, Sentence, Span

ALEPPO = PlaceRef("Aleppo", 36.2, 37.16, "Aleppo", "city", "sy:aleppo")
IDLIB_PROVINCE = PlaceRef("Idlib Governorate", 35.8, 36.6, "Idlib province", "admin1", "sy:gov-idlib")
# A short article of our own, for runs through the whole pipeline.
ARTICLE = ("ALEPPO, Syria (Example News) - Rebels captured Aleppo on Friday after heavy fighting with "
           "government forces, a war monitor said. Russian jets carried out air strikes on Idlib the "
           "same day, killing at least 12 civilians.\n")


def event(kind="clash", subtype=None, sides=(), place=ALEPPO, date=None, precision=None, **kw) -> Event:
    actors = kw.pop("actors", [f"actor{i}" for i in range(len(sides))])
    return Event(Span("d", 0, 5, 0), kind, place, actors=actors, sides=list(sides), subtype=subtype,
                 date=date, date_precision=precision, country="SY", **kw)


@pytest.mark.parametrize("kind,subtype,sides,expected", [
    ("clash", None, ("opposition", "government"), ("Battles", "Armed clash")),
    ("capture", None, ("government",), ("Battles", "Government regains territory")),
    ("capture", None, ("opposition",), ("Battles", "Non-state actor overtakes territory")),
    ("airstrike", "drone", (), ("Explosions/Remote violence", "Air/drone strike")),
    ("shelling", None, (), ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("explosion", "suicide", (), ("Explosions/Remote violence", "Suicide bomb")),
    ("explosion", None, (), ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("attack_on_civilians", "chemical", (), ("Explosions/Remote violence", "Chemical weapon")),
    ("attack_on_civilians", "abduction", (), ("Violence against civilians", "Abduction/forced disappearance")),
    ("arrest", None, (), ("Strategic developments", "Arrests")),
    ("protest", None, (), ("Protests", "Peaceful protest")),
    ("displacement", None, (), ("Strategic developments", "Other")),
    ("something_new", None, (), ("Strategic developments", "Other")),
])
def test_acled_category(kind, subtype, sides, expected):
    cat = acled_category(event(kind, subtype, sides))
    assert (cat.event_type, cat.sub_event_type) == expected


@pytest.mark.parametrize("date,precision,published,expected", [
    ("2024-11-29", "day", "2024-12-01", ("2024-11-29", 1)),
    ("2024-11-25", "week", "2024-12-01", ("2024-11-25", 2)),
    ("2016-08", "month", "2016-08-13", ("2016-08-01", 3)),
    ("2016", "year", "2016-08-13", ("2016-01-01", 3)),
    (None, None, "2017-04-16", ("2017-04-16", 3)),   # no stated date: the publication day, imprecise
])
def test_acled_event_date_and_time_precision(date, precision, published, expected):
    doc = Document(id="d", text="x", published=published)
    assert event_date(event(date=date, precision=precision), doc) == expected


def test_acled_row_fields():
    doc = Document(id="d", text="Rebels fought troops.", outlet="Example News", published="2024-12-01")
    e = event("clash", sides=("opposition", "government"), actors=["Syrian opposition", "Syrian Arab Army"],
              fatalities=None, source="SOHR", place=IDLIB_PROVINCE)
    row = acled_row(e, doc, "Rebels fought troops.")
    assert set(row) == set(ACLED_COLUMNS + PROVENANCE_COLUMNS)
    assert row["event_id_cnty"].startswith("SYR") and row["country"] == "Syria" and row["iso"] == "760"
    assert (row["actor1"], row["actor2"]) == ("Syrian opposition", "Syrian Arab Army")
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("2", "1", "12")
    assert row["geo_precision"] == 3 and row["admin1"] == "Idlib Governorate"
    assert row["fatalities"] == 0 and row["source"] == "Example News; SOHR"
    assert row["notes"] == "Rebels fought troops."


def test_acled_allies_share_side_one_outside_clashes():
    doc = Document(id="d", text="x", published="2024-12-01")
    e = event("airstrike", sides=("government", "russia"), actors=["Syrian Arab Army", "Russia"],
              targets=["Syrian opposition"])
    row = acled_row(e, doc, "")
    assert (row["actor1"], row["assoc_actor_1"], row["actor2"]) == ("Syrian Arab Army", "Russia", "Syrian opposition")
    assert (row["inter1"], row["inter2"]) == ("1", "")


def test_acled_event_id_is_stable_and_distinct():
    doc = Document(id="d", text="x")
    a, b = acled_row(event(), doc, ""), acled_row(event(), doc, "")
    c = acled_row(event("airstrike"), doc, "")
    assert a["event_id_cnty"] == b["event_id_cnty"] != c["event_id_cnty"]


def test_acled_csv_skips_unplaced_events():
    doc = Document(id="d", text="Fighting raged.", published="2024-12-01")
    analysis = Analysis(doc, {"sentences": [Sentence(0, 0, 15, "Fighting raged.")],
                              "events": [event(), event("clash", place=None)]})
    out = io.StringIO()
    n = write_acled_csv(CorpusResult(documents=[doc], analyses={"d": analysis}), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert n == len(rows) == 1 and rows[0]["location"] == "Aleppo"


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["acled-csv", "csv", "json"])
def test_acled_cli_stateless(article, tmp_path, fmt):
    out = tmp_path / "events.out"
    result = CliRunner().invoke(main, ["export", "events", str(article), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    rows = json.loads(text) if fmt == "json" else list(csv.DictReader(io.StringIO(text)))
    if fmt == "acled-csv":
        assert text.splitlines()[0].split(",") == list(ACLED_COLUMNS + PROVENANCE_COLUMNS)
    types = {r.get("fw_type") or r.get("type") for r in rows}
    assert {"capture", "airstrike"} <= types


def test_acled_cli_reads_the_store(article, tmp_path):
    store_mod = pytest.importorskip("frontwatch.store")
    from frontwatch.corpus import analyse_paths

    db = str(tmp_path / "fw.db")
    result = analyse_paths([str(article)])
    with store_mod.open_store(db) as store:
        store.add_documents(result.documents)
        store.save_analyses(result.analyses.values())
    out = tmp_path / "events.csv"
    run = CliRunner().invoke(main, ["export", "events", "--db", db, "-o", str(out)])
    assert run.exit_code == 0, run.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert any(r["event_type"] == "Battles" and r["location"] for r in rows)
