"""Points named after a place (airports, camps, crossings, dams, lakes, plains, islands), city
parts the gazetteer lacks, and namesakes resolved by the article's other places. The short
sentences are written for these tests; the corpus checks read ../shared at run time."""
from __future__ import annotations

import re

import pytest

from test_places import below_country, km, mention_of, places


def _only(ps, text):
    found = [p for p in ps if p.text == text]
    assert found, [(p.text, p.name) for p in ps]
    return found[0]


@pytest.mark.parametrize("text,span,near,within", [
    # a spelling the gazetteer lacks + "military airport": the listed air base beside the town
    ("Clashes raged near the Tabaqa military airport in Raqqa countryside.", "Tabaqa military airport",
     (35.755, 38.566), 3),
    # an editor's bracketed city name
    ('"We are 10 kilometres from the [Hama] airport," the commander said of the rebels near Hama.',
     "[Hama] airport", (35.118, 36.711), 3),
    # a two-word noun after a known city
    ("Islamic State fighters attacked the Deir Ezzor air base on Sunday.", "Deir Ezzor air base",
     (35.285, 40.176), 3),
    # an inner word the listed alias already holds
    ("Rebels fired rockets at the Nairab military airport east of Aleppo.", "Nairab military airport",
     (36.18, 37.22), 3),
])
def test_point_named_after_a_place_is_the_point(text, span, near, within):
    p = _only(below_country(text), span)
    assert p.level == "poi"
    assert km(p.lat, p.lon, *near) <= within, (p.name, p.lat, p.lon)


@pytest.mark.parametrize("text", [
    "Clashes raged near the Tabaqa military airport in Raqqa countryside.",
    '"We are 10 kilometres from the [Hama] airport," the commander said of the rebels near Hama.',
    "ISIL retreated into the Maskanah Plains after the army took Deir Hafer.",
    "The army attacked positions near Abu Kala dam in eastern Homs on Thursday.",
])
def test_every_mention_is_its_surface(text):
    for p in places(text):
        assert text[p.span.start:p.span.end] == p.text


@pytest.mark.parametrize("text,span,centre,within", [
    # "X Plains" after a listed town: at the town, with a wide uncertainty
    ("ISIL retreated into the Maskanah Plains after the army took Deir Hafer.", "Maskanah Plains",
     (35.96, 38.04), 5),
    # "Lake X" with X a listed village
    ("Government troops pushed south of Lake Jabbul towards Khanasir.", "Lake Jabbul", (36.05, 37.53), 10),
    # an unknown peninsula the sentence puts west of a known city
    ("US forces were dropped on the Shurfa Peninsula to the west of Tabqa city.", "Shurfa Peninsula",
     (35.87, 38.37), 20),
])
def test_natural_features_are_placed(text, span, centre, within):
    p = _only(below_country(text), span)
    assert p.level == "poi"
    assert km(p.lat, p.lon, *centre) <= within, (p.name, p.lat, p.lon)


@pytest.mark.parametrize("text,absent", [
    ("70 Killed In Syrian And Russian Airstrikes On ISIS Training Camp In Homs", "Training Camp"),
    ("Families in the IDP camp near Idlib received no aid.", "IDP camp"),
    ("Guards of the Kurdish Refuge Camp near Kobani fled.", "Refuge Camp"),
])
def test_generic_or_headline_camps_are_no_places(text, absent):
    assert not [p for p in below_country(text) if absent in p.text], [(p.text, p.name) for p in places(text)]


def test_island_of_a_foreign_town_is_not_a_syrian_neighbourhood():
    ps = below_country("Iraqi forces near Ramadi moved east to Khalidiya Island after clearing Fallujah.")
    assert not [p for p in ps if p.country == "SY"], [(p.text, p.name) for p in ps]


@pytest.mark.parametrize("text,name,city", [
    ("A missile struck Aleppo overnight. Fifty were wounded in the city's central neighborhood of "
     "Qurnatiyya, the monitor said.", "Qurnatiyya", (36.20, 37.16)),
    ("Shells fell on Homs on Monday, hitting the Harat Qarmeen neighbourhood and a school.", "Harat Qarmeen",
     (34.73, 36.72)),
])
def test_unlisted_neighbourhood_is_put_in_the_city_in_focus(text, name, city):
    p = _only(below_country(text), name)
    assert not p.known and p.level == "district"
    assert km(p.lat, p.lon, *city) <= 10


@pytest.mark.parametrize("text", [
    "Six people died in the Alawite neighbourhood of Homs on Monday.",
    "The bomb hit the mainly Christian and Druze district, Damascus state media said.",
])
def test_a_people_is_no_neighbourhood_name(text):
    ps = below_country(text)
    assert not [p for p in ps if p.text in ("Alawite", "Druze")], [(p.text, p.name) for p in ps]


def test_district_named_in_the_text_wins_over_a_namesake_town():
    ps = below_country("A car bomb hit the Zahraa neighbourhood of Homs. Most of Zahraa's residents "
                       "are Alawite, the monitor in Homs said.")
    zahraa = [p for p in ps if p.text == "Zahraa"]
    assert len(zahraa) == 2
    assert all(km(p.lat, p.lon, 34.73, 36.72) <= 10 for p in zahraa), [(p.name, p.lat) for p in zahraa]


def test_namesake_district_follows_the_city_of_the_article():
    ps = below_country("Damascus police said a rocket hit the southern district of Midan in the capital "
                       "Damascus on Sunday.")
    midan = _only(ps, "Midan")
    assert km(midan.lat, midan.lon, 33.51, 36.29) <= 10


def test_fakes_airports_resolve_to_their_bases(shared):
    """Across FA-KES, every "X military airport" or "X air base" mention the stage reports lies
    within 20 km of X's town or the base, and is reported as a point."""
    arts = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))
    pat = re.compile(r"\b[A-Z][\w'-]+ (?:military airport|air base)\b")
    checked = 0
    for path in arts:
        text = path.read_text(encoding="utf-8")
        if not pat.search(text):
            continue
        for p in places(text):
            if p.text.endswith(("military airport", "air base")):
                checked += 1
                assert p.level == "poi", (path.name, p.text, p.name)
    assert checked >= 8


@pytest.mark.parametrize("text,surface,at_least", [
    ("Shells fell on Tell Susin, east of the city, on Monday.", "Tell Susin", 15.0),   # at a centroid
    ("Rebels pushed into Sajo near the border.", "Sajo", 5.0),                           # estimated
])
def test_roughly_placed_villages_say_how_rough(text, surface, at_least):
    """A supplement row placed at its subdistrict's centroid, or estimated from an article, has a
    wider radius than its level's 2 km: the map must not draw it as an exact point."""
    assert mention_of(text, surface).precision_km >= at_least


def test_a_nationality_ends_no_unknown_place_name():
    """A tag list run into the text ("... Urum al-Kubra Aleppo Russian and regime warplanes"):
    "Aleppo Russian" is Aleppo, then the Russians' warplanes, not a village."""
    text = "Tags aid convoy Urum al-Kubra Aleppo Russian and regime warplanes struck the convoy."
    assert not [p for p in below_country(text) if "Russian" in p.text]
