"""The places layer on hand-written sentences and on real articles from ../shared."""
from __future__ import annotations

import json
import math

import pytest

from frontwatch.pipeline import Analysis
from frontwatch.records import Document
from frontwatch.extract.places import places_stage
from frontwatch.extract.sentences import sentences_stage
from frontwatch.extract.tokens import tokens_stage


def places(text: str):
    """Only the stages places needs, so these tests do not depend on other layers."""
    a = Analysis(Document(id="t", text=text))
    a.layers["sentences"] = sentences_stage(a)
    a.layers["tokens"] = tokens_stage(a)
    return places_stage(a)


def mention_of(text: str, surface: str):
    """The first place mention of `text` whose surface is `surface`; fails listing what was found."""
    found = places(text)
    named = [p for p in found if p.text == surface]
    assert named, [(p.text, p.name, p.place_id) for p in found]
    return named[0]


def below_country(text: str):
    return [p for p in places(text) if p.level != "country"]


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.mark.parametrize("text,surface,lat,lon,tolerance", [
    ("Rebels seized the town of Saraqib on Monday.", "Saraqib", 35.86, 36.80, 10),
    ("Fighting in Aleppo killed twelve people.", "Aleppo", 36.20, 37.16, 25),
    ("Clashes spread across Aleppo province overnight.", "Aleppo province", 36.25, 37.45, 100),
    ("Shells fell on Syria's Homs on Tuesday.", "Homs", 34.73, 36.71, 25),
    ("Troops entered Kfar Zeita after a week of fighting.", "Kfar Zeita", 35.37, 36.60, 10),
    ("Government forces shelled Maarat al-Nouman at dawn.", "Maarat al-Nouman", 35.65, 36.68, 10),
    ("Air strikes hit Deir Ezzor and Raqqah.", "Deir Ezzor", 35.34, 40.14, 25),
    ("Mortars hit the Zebdiyeh neighbourhood.", "Zebdiyeh", 36.19, 37.13, 10),
    ("A convoy crossed at Bab al-Hawa in the morning.", "Bab al-Hawa", 36.23, 36.67, 10),
    ("Gunmen attacked a checkpoint in Mosul, Iraq.", "Mosul", 36.34, 43.13, 25),
])
def test_resolves_places(text, surface, lat, lon, tolerance):
    found = {p.text: p for p in below_country(text)}
    assert surface in found, found
    p = found[surface]
    assert km(p.lat, p.lon, lat, lon) <= tolerance


@pytest.mark.parametrize("text,not_a_place", [
    ("An Aleppo-based activist described the attack.", "Aleppo"),
    ("The Damascus government denied the report.", "Damascus"),
    ("Members of the Idlib Free Police were detained.", "Idlib"),
    ("Bashar al-Assad met Vladimir Putin in the spring.", "Vladimir"),
    ("Mobile networks were down and the deal fell through.", "Mobile"),
    ("Hamas and Hezbollah condemned the strike.", "Hamas"),
    ("The Syrian army and Russian jets pressed on.", "Syrian"),
])
def test_not_places(text, not_a_place):
    assert not_a_place not in {p.text for p in below_country(text)}


def test_the_city_is_meant_unless_the_province_is_said():
    (city,) = below_country("Rebels reached Idlib on Friday.")
    assert city.level == "city"
    provinces = below_country("Rebels hold much of Idlib and Hama provinces.")
    assert {p.level for p in provinces} == {"admin1"}


def test_unknown_village_is_placed_from_its_context():
    ps = below_country("Fighters took the village of Tall Zaytuna in the Hasakah province.")
    unknown = [p for p in ps if not p.known]
    assert [p.text for p in unknown] == ["Tall Zaytuna"]
    assert km(unknown[0].lat, unknown[0].lon, 36.6, 40.8) <= 100
    assert unknown[0].precision_km >= 30


def test_unknown_place_with_distance_and_bearing():
    ps = below_country("Shelling hit Kafr Qumran, 10 km north of Hama, on Sunday.")
    (u,) = [p for p in ps if not p.known]
    assert u.text == "Kafr Qumran"
    assert km(u.lat, u.lon, 35.13 + 10 / 111, 36.76) <= 3


def test_the_airport_refers_back_to_the_city():
    ps = below_country("Rebels advanced into Aleppo. Fighting raged on the road to the city's international airport.")
    assert any(p.place_id == "sy:aleppo-airport" for p in ps)


def test_spans_point_at_their_text(shared):
    for path in sorted((shared / "eval" / "dev" / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        ps = places(text)
        assert ps, path.name
        for p in ps:
            assert text[p.span.start:p.span.end] == p.text
            assert p.lat is None or -90 <= p.lat <= 90


SEATS = {"aleppo": (36.20, 37.16), "damascus": (33.51, 36.29), "idlib": (35.93, 36.63),
         "deir ezzor": (35.34, 40.14), "raqqa": (35.95, 39.01), "homs": (34.73, 36.71),
         "hasakeh": (36.50, 40.75), "hama": (35.13, 36.75), "daraa": (32.62, 36.10),
         "lattakia": (35.52, 35.78), "quneitra": (33.13, 35.82), "tartous": (34.89, 35.89)}


def test_fakes_articles_name_places_near_the_crowds_governorate(shared):
    """On ~100 real FA-KES articles, some place lies within 120 km of the crowd's governorate."""
    corpus = shared / "corpora" / "fa-kes"
    metas = [json.loads(l) for l in (corpus / "meta.jsonl").read_text(encoding="utf-8").splitlines()]
    metas = [m for m in metas if m["crowd"]["location"] in SEATS][::8]
    hits = 0
    for m in metas:
        text = (corpus / "articles" / f"{m['id']}.txt").read_text(encoding="utf-8")
        seat = SEATS[m["crowd"]["location"]]
        hits += any(km(p.lat, p.lon, *seat) <= 120 for p in below_country(text) if p.lat is not None)
    assert hits / len(metas) >= 0.85
