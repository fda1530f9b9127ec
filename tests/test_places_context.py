"""Places inside a city that no gazetteer holds (streets, squares, hospitals, industrial zones,
"New X" districts), placed at the city the text is about. Every sentence here is written for
these tests; the corpora are read at run time."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_places import below_country, km, places

ALEPPO, HOMS, DAMASCUS, IDLIB = (36.20, 37.16), (34.73, 36.72), (33.51, 36.29), (35.93, 36.63)


def unknown(text: str):
    return {p.text: p for p in below_country(text) if not p.known}


@pytest.mark.parametrize("text,surface,centre", [
    # the city of the same sentence
    ("A car bomb went off near the Fardous Street in Homs on Monday, killing four people.",
     "Fardous Street", HOMS),
    ("In Aleppo, shells landed on al-Mouhandiseen Square and damaged several shops.",
     "al-Mouhandiseen Square", ALEPPO),
    ("Aircraft hit the Ibn Sina charitable clinic and a bakery in Idlib city overnight.",
     "Ibn Sina charitable clinic", IDLIB),
    ("Mortars fell near the Khalid bin Zaid mosque in Damascus, state media said.",
     "Khalid bin Zaid mosque", DAMASCUS),
    # the city named earlier in the paragraph
    ("Fighting resumed in Homs on Tuesday. Snipers fired on the Qalaa Street, witnesses said.",
     "Qalaa Street", HOMS),
    # the article's dominant city, the paragraph having named none
    ("Aleppo was shelled again. Aleppo residents fled west.\n\nOne mortar hit the Zuhour hospital "
     "during the night. Doctors said two nurses were hurt.\n\nThe Aleppo council asked for help.",
     "Zuhour hospital", ALEPPO),
])
def test_named_facility_is_placed_at_the_city_in_focus(text, surface, centre):
    found = unknown(text)
    assert surface in found, sorted(found)
    p = found[surface]
    assert p.level == "poi" and p.precision_km and p.precision_km <= 10
    assert km(p.lat, p.lon, *centre) <= 10


@pytest.mark.parametrize("text,word", [
    ("The Wall Street Journal reported that Aleppo was quiet.", "Wall Street"),
    ("Downing Street said the strikes on Homs were lawful.", "Downing Street"),
    ("The hospital in Homs was full, a doctor said.", "hospital"),
    ("A hospital and a school in Aleppo were hit on Friday.", "school"),
    ("Shells hit the main square of Homs and the National Hospital.", "National Hospital"),
    ("An MSF hospital in Idlib city was struck twice.", "MSF hospital"),
    ("The Red Crescent clinic in Homs reopened.", "Red Crescent clinic"),
    ("Three died at the Damascus hospital on Sunday, a doctor in Damascus said.", "Damascus hospital"),
    ("A professor at the London School of Economics said Aleppo would fall.", "London School"),
    ("Shelling damaged the Fardous mosque, residents said.", "Fardous mosque"),  # no city anywhere
    ("Jets hit the Nour mosque north of Hama, activists said.", "Nour mosque"),  # not at Hama
    ("Rebels took the Qadi school in Tarabin, officials in Homs said.", "Qadi school"),  # put somewhere unresolved
])
def test_what_is_no_new_place_or_cannot_be_placed(text, word):
    found = unknown(text)
    assert not any(word in s for s in found), sorted(found)


def test_a_headline_is_no_context():
    text = "Regime Jets Pound Zahra Market In Rebel Aleppo Suburbs\nAleppo was quiet on Monday."
    assert "Zahra Market" not in unknown(text)


def test_industrial_zone_of_the_town_in_focus():
    text = ("Turkish-backed fighters entered Tal Abyad on Friday and fought the SDF in the industrial "
            "zone for two days.")
    found = unknown(text)
    p = found.get("industrial zone")
    assert p is not None, sorted(found)
    assert p.level == "poi" and "Abyad" in p.name and km(p.lat, p.lon, 36.70, 38.95) <= 10


def test_industrial_zone_without_a_town_is_left_out():
    assert "industrial zone" not in unknown("Fighting raged in the industrial zone for two days.")


@pytest.mark.parametrize("text,city,centre", [
    ("Clashes spread to New Homs after midnight, the monitor said.", "Homs", HOMS),
    ("Residents of New Idlib said the market was hit.", "Idlib", IDLIB),
])
def test_new_x_is_a_district_of_x_not_x(text, city, centre):
    got = below_country(text)
    compound = [p for p in got if p.text == f"New {city}"]
    assert compound and compound[0].level == "district", [(p.text, p.level) for p in got]
    assert km(compound[0].lat, compound[0].lon, *centre) <= 10
    assert not any(p.text == city for p in got)


def test_new_x_known_to_the_gazetteer_stays_known():
    got = [p for p in below_country("Shells fell on New Aleppo on Sunday.") if p.text == "New Aleppo"]
    assert got and got[0].known


def test_fakes_facilities_are_placed_near_a_city_the_article_names(shared):
    """On real articles: every facility the rule adds lies at a place the same article names,
    and articles with no facility word get nothing from it."""
    arts = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))
    chosen = [a for a in arts if any(w in a.read_text(encoding="utf-8", errors="replace")
                                     for w in (" Street", " Square", " roundabout", " mosque"))][:25]
    assert chosen
    added = 0
    for art in chosen:
        got = places(art.read_text(encoding="utf-8", errors="replace"))
        points = {(p.lat, p.lon) for p in got if p.known and p.level in ("city", "town", "village", "district")}
        for p in got:
            if not p.known and p.level == "poi" and p.place_id.startswith("unknown:") and p.precision_km in (3.0, 5.0, 8.0):
                added += 1
                assert (p.lat, p.lon) in points, (art.name, p.text)
    assert added >= 3


@pytest.mark.parametrize("text,city", [
    ("New Homs was shelled on Monday.", "Homs"),
    ("Mortars fell on New Hama overnight, residents said.", "Hama"),
])
def test_new_x_at_sentence_start_or_dropped_is_the_district(text, city):
    got = [p for p in below_country(text) if p.text == f"New {city}"]
    assert got and got[0].level == "district" and not got[0].known


@pytest.mark.parametrize("text,old", [
    ("Shells hit the Old Damascus quarter on Sunday.", "Old Damascus"),
    ("By noon Old Aleppo had fallen to the army.", "Old Aleppo"),
])
def test_old_x_is_the_old_city_not_the_city(text, old):
    got = below_country(text)
    compound = [p for p in got if p.text == old]
    assert compound and compound[0].level == "district" and "Old City" in compound[0].name, \
        [(p.text, p.name, p.level) for p in got]


@pytest.mark.parametrize("text,word", [
    ("Aleppo was shelled. A refugee was attacked at the Marsden Grange School, Kirklees, last year.", "Marsden"),
    ("Protesters gathered in Paris' Rivoli Square against the bombing of Aleppo.", "Rivoli"),
])
def test_facility_put_in_an_unresolved_or_foreign_place_is_left_out(text, word):
    assert not any(word in s for s in unknown(text))
