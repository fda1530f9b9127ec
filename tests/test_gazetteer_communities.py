"""The Syrian community file made from OCHA's admin4 points (scripts/sy_communities.py).

Thousands of small villages taken in bulk must not put English words, people or other places
on the map: the converter leaves such names out, and the gazetteer indexes the rows by their
exact folded names only and ranks them like GeoNames rather than like curated rows."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from frontwatch.geo.entry import is_bulk
from frontwatch.geo.fold import fold
from frontwatch.geo.gazetteer import DATA_DIR, build
from frontwatch.geo.sources import csv_entries
from test_places import km, mention_of, places

FILE = DATA_DIR / "sy_communities.csv"
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "sy_communities.py"


@lru_cache(maxsize=1)
def converter():
    spec = importlib.util.spec_from_file_location("sy_communities", SCRIPT)
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def rows():
    return list(csv_entries(FILE, prefix="sy"))


def test_the_file_holds_thousands_of_communities():
    assert len(rows()) >= 2000
    assert len({e.id for e in rows()}) == len(rows())
    assert all(is_bulk(e.id) and e.country == "SY" and e.level in ("village", "town") for e in rows())


def test_every_community_lies_in_its_subdistrict():
    centroids, bad = converter().subdistrict_centroids(), []
    for e in rows():
        code = re.search(r"subdistrict (SY\d{6})", e.source).group(1)
        same = [v for k, v in centroids.items() if k == code] or \
            [v for k, v in centroids.items() if k.startswith(code[:4])]
        if min(km(e.lat, e.lon, *v) for v in same) > converter().SUBDISTRICT_SLACK_KM:
            bad.append(e.id)
    assert not bad


def test_no_community_is_named_like_a_person_or_a_listed_word():
    given = converter().word_file("given_names.txt")
    listed = converter().listed_words()
    bad = []
    for e in rows():
        for name in e.names:
            key = fold(name)
            words = key.split()
            if key in listed or converter().person_problem(key, given) or len(words) == 1 and len(key) < 5:
                bad.append(name)
    assert not bad


def test_no_community_repeats_a_curated_syrian_name():
    """A name the supplement already gives a Syrian place stays that place's."""
    curated = {fold(n) for p in sorted(DATA_DIR.glob("sy_*.csv")) if p != FILE
               for e in csv_entries(p, prefix="sy") for n in e.names}
    assert not [n for e in rows() for n in e.names if fold(n) in curated]


def test_communities_are_indexed_by_their_exact_names_only():
    """No vowel-blind skeleton: 'Battalion' must not meet 'Beit Elayan', nor 'Italian' a village."""
    gaz = build(rows())
    assert not gaz.fuzzy
    assert all(gaz.exact.get(fold(e.name)) for e in rows()[:50])


@pytest.mark.parametrize("text,surface,entry", [
    ("Government aircraft struck Maasaran, a village in the southern Idlib countryside, on Tuesday.",
     "Maasaran", "Maasaran"),
    ("Rebels shelled Kansaba in the Latakia mountains overnight.", "Kansaba", "Kansaba"),
    ("Fighting spread to the village of Aqareb east of Salamiyah.", "Aqareb", "Aqareb"),
    ("Clashes were reported in Talaf, near the Homs-Hama highway.", "Talaf", "Talaf"),
])
def test_a_community_named_in_a_sentence_is_put_at_its_point(text, surface, entry):
    row = next(e for e in rows() if e.name == entry)
    found = mention_of(text, surface)
    assert km(found.lat, found.lon, row.lat, row.lon) < 1


@pytest.mark.parametrize("text", [
    "The battalion withdrew from the front after two days.",
    "An Italian convoy reached the border crossing.",
    "Opposition leader Hadi al-Bahra said the talks had failed.",
])
def test_words_and_people_do_not_become_communities(text):
    assert not [p for p in places(text) if str(p.place_id or "").startswith("ocha:")]


def _feature(pcode, name, admin3, lat, lon):
    return {"type": "Feature", "properties": {
        "NAME_EN": name, "NAM_EN_REF": name, "PCODE": pcode, "ADMIN3_COD": admin3,
        "ADMIN1_COD": admin3[:4], "LATITUDE": lat, "LONGITUDE": lon, "CAPIT_LVL": None},
        "geometry": {"type": "MultiPoint", "coordinates": [[lon, lat]]}}


def test_the_converter_keeps_villages_and_says_why_it_leaves_others_out(tmp_path):
    """A small layer in OCHA's GeoJSON shape: one new village, and one of each kind left out."""
    saraqib = next(e for p in sorted(DATA_DIR.glob("sy_*.csv")) for e in csv_entries(p, prefix="sy")
                   if e.name == "Saraqib")
    layer = {"type": "FeatureCollection", "features": [
        _feature("C90001", "Qarmashlikeh Elsharqiyeh", "SY070200", 35.70, 36.80),   # kept
        _feature("C90002", "Gardens", "SY070200", 35.71, 36.81),                    # an English word
        _feature("C90003", "Abu Talha", "SY070200", 35.72, 36.82),                  # a kunya
        _feature("C90004", "Qarmashlikeh Elgharbiyeh", "SY070200", 33.0, 41.9),     # far off
        _feature("C90005", "Saraqib", "SY070200", saraqib.lat, saraqib.lon),        # known
    ]}
    (tmp_path / "points.geojson").write_text(json.dumps(layer), "utf-8")
    (tmp_path / "english.tsv").write_text("gardens\t4.2\n", "utf-8")
    points = converter().read_points(tmp_path / "points.geojson")
    done = converter().convert(points, tmp_path / "english.tsv")
    kept, left_out = done.rows, done.left_out
    assert [r["name"] for r in kept] == ["Qarmashlikeh Elsharqiyeh"]
    assert "Qarmashlikeh al-Sharqiyeh" in kept[0]["aliases"].split("|")
    reasons = {pcode: reason for pcode, _, reason in left_out}
    assert reasons["C90002"].startswith("English word")
    assert reasons["C90003"] == "kunya"
    assert reasons["C90004"] == "far from its subdistrict"
    assert reasons["C90005"] == "already in the gazetteer"
