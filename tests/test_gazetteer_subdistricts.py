"""Syria's administrative layers in the supplement: governorates, districts, subdistricts (nahiyas).

sy_subdistricts.csv puts each of the 272 nahiyas at its centroid under names that mean the
subdistrict ("X Subdistrict", "Nahiyat X"), never the bare seat name, which means the town.
These tests check the files' shape and geography, then that sentences naming a subdistrict, a
district or a seat resolve through the real places stage to the right level and spot.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import pytest

from frontwatch.geo.fold import fold
from frontwatch.geo.gazetteer import DATA_DIR, supplement_files
from frontwatch.geo.sources import csv_entries
from test_places import places  # only the stages places needs

HEADER = "id,name,aliases,lat,lon,level,country,population,source"
SYRIA_BOX = (32.30, 37.35, 35.60, 42.40)  # lat min/max, lon min/max
ADMIN_WORD = re.compile(r"\b(?:subdistrict|sub district|nahiya|nahiyat|nahiyah)\b")
OWN_FILES = ("sy_subdistricts.csv", "sy_subdistrict_seats.csv", "sy_districts.csv", "sy_governorates.csv")


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@lru_cache(maxsize=None)
def entries(name: str):
    return list(csv_entries(DATA_DIR / name, prefix="sy"))


def pcode(entry, digits: int) -> str | None:
    m = re.search(rf"pcode:(SY\d{{{digits}}})\b", entry.source)
    return m.group(1) if m else None




# --- the files -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", OWN_FILES)
def test_file_has_header_and_provenance(name):
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#"), "a provenance comment comes first"
    assert next(l for l in lines if not l.startswith("#")).startswith(HEADER)
    rows = entries(name)
    assert rows and all(e.country == "SY" and e.source for e in rows)


def test_counts_match_the_dataset():
    assert len(entries("sy_subdistricts.csv")) == 272
    assert len(entries("sy_governorates.csv")) == 14
    assert len(entries("sy_districts.csv")) >= 62
    assert len({pcode(e, 6) for e in entries("sy_subdistricts.csv")}) == 272
    # every district of the OCHA list (62 p-codes) is in the district file, but Damascus (SY0100):
    # the city is its own district, and "the Damascus district of Jobar" means a neighbourhood
    district_codes = {pcode(e, 4) for e in entries("sy_districts.csv")} - {None}
    parents = {c[:6] for c in (pcode(e, 6) for e in entries("sy_subdistricts.csv"))}
    assert len(parents) == 62 and parents - district_codes == {"SY0100"}


def test_levels():
    assert {e.level for e in entries("sy_subdistricts.csv")} == {"admin2"}
    assert {e.level for e in entries("sy_districts.csv")} == {"admin2"}
    assert {e.level for e in entries("sy_governorates.csv")} == {"admin1"}
    assert {e.level for e in entries("sy_subdistrict_seats.csv")} <= {"town", "village"}


def test_ids_unique_across_the_supplement():
    seen: dict[str, str] = {}
    for path in supplement_files():
        for e in csv_entries(path, prefix="sy"):
            assert e.id not in seen, f"{e.id} in {path.name} and {seen[e.id]}"
            seen[e.id] = path.name


@pytest.mark.parametrize("name", OWN_FILES)
def test_coordinates_inside_syria(name):
    lat0, lat1, lon0, lon1 = SYRIA_BOX
    for e in entries(name):
        assert lat0 <= e.lat <= lat1 and lon0 <= e.lon <= lon1, e.id


def test_subdistrict_names_never_bare():
    """A bare seat name means the town: every subdistrict form names the subdistrict."""
    for e in entries("sy_subdistricts.csv"):
        for n in e.names:
            assert ADMIN_WORD.search(fold(n)), f"{e.id}: {n!r}"
            assert not re.search(r"[\u0600-\u06ff]", n), "fold() drops Arabic script"


def test_subdistricts_lie_in_their_district():
    """Centroids near their district's seat: the markaz nahiya within 50 km, most within 40 km,
    the vast desert nahiyas (Sabe Byar, Sukhnah, ...) within 160 km."""
    seats = {pcode(d, 4): d for d in entries("sy_districts.csv") if pcode(d, 4)}
    near = 0
    for s in entries("sy_subdistricts.csv"):
        code = pcode(s, 6)
        d = seats.get(code[:6])
        if d is None:  # Damascus: the city is the district
            near += 1
            continue
        dist = km(s.lat, s.lon, d.lat, d.lon)
        assert dist < 160, (s.name, d.name, dist)
        if code.endswith("00"):
            assert dist < 50, (s.name, d.name, dist)
        near += dist <= 40
    assert near / len(entries("sy_subdistricts.csv")) >= 0.85


def test_seats_lie_in_their_subdistrict():
    subs = entries("sy_subdistricts.csv")
    for seat in entries("sy_subdistrict_seats.csv"):
        code = re.search(r"pcode (SY\d{6})", seat.source).group(1)
        own = next(s for s in subs if pcode(s, 6) == code)
        nearest = min(subs, key=lambda s: km(seat.lat, seat.lon, s.lat, s.lon))
        assert km(seat.lat, seat.lon, own.lat, own.lon) < 25
        assert nearest is own, (seat.name, nearest.name)


# --- end to end through the places stage --------------------------------------------------------

@pytest.mark.parametrize("text,surface,lat,lon", [
    ("Clashes erupted in the Tal Tamer subdistrict of the Hasakah district on Sunday.",
     "Tal Tamer subdistrict", 36.59, 40.36),
    ("Rebels said they had taken three villages in the Khan Shaykhun Subdistrict.",
     "Khan Shaykhun Subdistrict", 35.44, 36.61),
    ("Fighting was reported across Nahiyat Tall Hamis after midnight.", "Nahiyat Tall Hamis", 36.71, 41.48),
    ("Turkish artillery hit farms in the Jindires subdistrict, monitors said.",
     "Jindires subdistrict", 36.41, 36.70),
    ("The army massed troops on the edge of the Qalaat al-Madiq subdistrict.",
     "Qalaat al-Madiq subdistrict", 35.49, 36.39),
])
def test_subdistrict_phrase_resolves_to_the_subdistrict(text, surface, lat, lon):
    found = [p for p in places(text) if text[p.span.start:p.span.end] == surface]
    assert found, [text[p.span.start:p.span.end] for p in places(text)]
    assert found[0].level == "admin2"
    assert km(found[0].lat, found[0].lon, lat, lon) < 10


@pytest.mark.parametrize("text,surface,lat,lon", [
    ("Clashes erupted in the Tal Tamer subdistrict of the Hasakah district on Sunday.",
     "Hasakah district", 36.50, 40.75),
    ("Two civilians were killed by shelling in Qadmous District, a monitor said.", "Qadmous District", 35.10, 36.16),
])
def test_district_phrase_resolves_to_the_district_seat(text, surface, lat, lon):
    found = [p for p in places(text) if text[p.span.start:p.span.end] == surface]
    assert found and found[0].level == "admin2"
    assert km(found[0].lat, found[0].lon, lat, lon) < 10


@pytest.mark.parametrize("text,surface,lat,lon", [
    ("Residents fled al-Suwar after the bridge over the Khabur was shelled.", "al-Suwar", 35.50, 40.65),
    ("Government forces entered al-Mukharram on Friday.", "al-Mukharram", 34.82, 37.09),
    ("Rebels shelled Tal Tamer on Sunday.", "Tal Tamer", 36.65, 40.37),
])
def test_bare_seat_name_is_the_town(text, surface, lat, lon):
    found = [p for p in places(text) if text[p.span.start:p.span.end] == surface]
    assert found and found[0].level in ("town", "village", "city")
    assert km(found[0].lat, found[0].lon, lat, lon) < 10


# Real encyclopaedic prose from ../shared (read at run time): the phrase and the nahiya it means.
REAL = [
    ("deir_ez-zor_campaign_(2017–2019).md", "al-Shaddadah Subdistrict", "SY080002"),
    ("operation_olive_branch.md", "Tell Rifaat Subdistrict", "SY020402"),
    ("raqqa_campaign_(2016–2017).md", "Al-Jarniyah Subdistrict", "SY110302"),
    ("human_rights_violations_during_the_syrian_civil_war.md", "Shaykh al-Hadid subdistrict", "SY020305"),
]


@pytest.mark.parametrize("filename,phrase,code", REAL)
def test_real_articles_name_subdistricts(shared, filename, phrase, code):
    path: Path = shared / "corpora" / "wikipedia-syria" / filename
    if not path.exists():
        pytest.skip(f"{filename} not in the shared corpus")
    text = path.read_text(encoding="utf-8")
    at = text.find(phrase)
    assert at >= 0
    sentence = text[max(0, text.rfind(".", 0, at) + 1): text.find(".", at + len(phrase)) + 1].strip()
    want = next(s for s in entries("sy_subdistricts.csv") if pcode(s, 6) == code)
    found = [p for p in places(sentence) if sentence[p.span.start:p.span.end] == phrase]
    assert found and found[0].level == "admin2"
    assert km(found[0].lat, found[0].lon, want.lat, want.lon) < 1
