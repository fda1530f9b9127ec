"""The Syrian village supplement (data/gazetteer/sy_villages_*.csv) and the POI list.

A wrong coordinate is worse than a missing village, so every row is checked against the
governorate its file names (through the subdistrict centroids of sy_subdistricts.csv), every id
is unique across the supplement, and new names must not shadow a city or a common word.
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
VILLAGE_FILES = sorted(DATA_DIR.glob("sy_villages_*.csv"))

# Which governorates (OCHA p-code prefixes of sy_subdistricts.csv) each village file covers.
FILE_GOVERNORATES = {
    "aleppo": {"SY02"}, "idlib": {"SY07"}, "hama": {"SY05"}, "latakia": {"SY06"},
    "homs": {"SY04"}, "deir_ez_zor": {"SY09"}, "raqqa": {"SY11"}, "hasakah": {"SY08"},
    "daraa_quneitra_suwayda": {"SY12", "SY13", "SY14"}, "rif_dimashq": {"SY01", "SY03"},
    "tartus": {"SY10"}, "daraa": {"SY12"}, "quneitra": {"SY14"}, "suwayda": {"SY13"},
}
# Fallback while sy_subdistricts.csv is absent: the governorate points of sy_governorates.csv.
FILE_GOVERNORATE_IDS = {
    "aleppo": {"sy:gov-aleppo"}, "idlib": {"sy:gov-idlib"}, "hama": {"sy:gov-hama"},
    "latakia": {"sy:gov-latakia"}, "homs": {"sy:gov-homs"}, "deir_ez_zor": {"sy:gov-deir-ez-zor"},
    "raqqa": {"sy:gov-raqqa"}, "hasakah": {"sy:gov-hasakah"}, "tartus": {"sy:gov-tartus"},
    "daraa_quneitra_suwayda": {"sy:gov-daraa", "sy:gov-quneitra", "sy:gov-suwayda"},
    "rif_dimashq": {"sy:gov-rif-dimashq", "sy:gov-damascus"},
    "daraa": {"sy:gov-daraa"}, "quneitra": {"sy:gov-quneitra"}, "suwayda": {"sy:gov-suwayda"},
}
SEAT_SLACK_KM = 80  # governorate points are coarse (Homs reaches from Lebanon to Iraq)
BORDER_SLACK_KM = 15  # a village by a governorate line may lie nearer the neighbour's centroid
SYRIA_BOX = (32.30, 37.35, 35.60, 42.40)  # lat min/max, lon min/max
NEIGHBOUR_SIDE_KM = 15  # a crossing may be put on the neighbour's side of the border


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def region(path: Path) -> str:
    return path.stem.removeprefix("sy_villages_").removesuffix("_2")


@lru_cache(maxsize=None)
def entries(path: Path):
    return list(csv_entries(path, prefix="sy"))


@lru_cache(maxsize=1)
def subdistricts():
    """(lat, lon, governorate p-code) of every subdistrict centroid, [] until the file exists."""
    path = DATA_DIR / "sy_subdistricts.csv"
    if not path.exists():
        return []
    out = []
    for e in entries(path):
        m = re.search(r"pcode:(SY\d\d)", e.source)
        if m:
            out.append((e.lat, e.lon, m.group(1)))
    return out


def test_village_files_exist_and_cover_the_governorates():
    assert {region(p) for p in VILLAGE_FILES} <= set(FILE_GOVERNORATES)
    assert len(VILLAGE_FILES) >= 8
    assert sum(len(entries(p)) for p in VILLAGE_FILES) >= 200


@pytest.mark.parametrize("path", VILLAGE_FILES, ids=lambda p: p.name)
def test_file_parses_with_the_project_loader(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines[0] == HEADER
    rows = entries(path)
    assert len(rows) == len(lines) - 1, "a row was skipped by the loader (bad coordinates?)"
    for e in rows:
        assert e.id.startswith("sy:") and e.country == "SY"
        assert e.level in ("village", "town", "poi"), e.id
        assert e.source, e.id
        assert all(fold(n) for n in e.names), e.id


def test_ids_are_unique_across_the_supplement():
    seen: dict[str, str] = {}
    for path in supplement_files():
        for e in entries(path):
            assert e.id not in seen, f"{e.id} in {path.name} and {seen[e.id]}"
            seen[e.id] = path.name


def _check_inside_syria(e):
    south, north, west, east = SYRIA_BOX
    assert south <= e.lat <= north and west <= e.lon <= east, f"{e.id} outside Syria's box"
    if subdistricts():
        nearest = min(km(e.lat, e.lon, la, lo) for la, lo, _ in subdistricts())
        assert nearest < 90, f"{e.id} is {nearest:.0f} km from every subdistrict"


@pytest.mark.parametrize("path", VILLAGE_FILES, ids=lambda p: p.name)
def test_villages_lie_inside_syria(path):
    for e in entries(path):
        _check_inside_syria(e)


def test_points_of_interest_lie_inside_syria_or_on_the_border():
    south, north, west, east = SYRIA_BOX
    for e in entries(DATA_DIR / "sy_poi.csv"):
        if "crossing" in e.name.lower():
            pad = NEIGHBOUR_SIDE_KM / 111
            assert south - pad <= e.lat <= north + pad and west - pad <= e.lon <= east + pad, e.id
        else:
            _check_inside_syria(e)


@pytest.mark.parametrize("path", VILLAGE_FILES, ids=lambda p: p.name)
def test_each_village_lies_in_its_governorate(path):
    """The nearest subdistrict centroid of the file's governorate is (almost) the nearest of all."""
    subs, slack, own = subdistricts(), BORDER_SLACK_KM, FILE_GOVERNORATES[region(path)]
    if not subs:  # until sy_subdistricts.csv exists: the governorate points, generously
        subs = [(e.lat, e.lon, e.id) for e in entries(DATA_DIR / "sy_governorates.csv")]
        slack, own = SEAT_SLACK_KM, FILE_GOVERNORATE_IDS[region(path)]
    bad = []
    for e in entries(path):
        d_any = min(km(e.lat, e.lon, la, lo) for la, lo, _ in subs)
        d_own = min(km(e.lat, e.lon, la, lo) for la, lo, g in subs if g in own)
        if d_own > d_any + slack:
            bad.append(f"{e.id} ({d_own:.0f} km from its governorate, {d_any:.0f} km from another)")
    assert not bad, bad


@lru_cache(maxsize=1)
def big_places():
    """Folded names of Syrian cities and towns of 40,000+ people and of the governorates."""
    keys = {}
    for path in (DATA_DIR / "sy_towns.csv", DATA_DIR / "sy_governorates.csv"):
        for e in entries(path):
            if e.population >= 40_000 or e.level == "admin1":
                keys.update({fold(n): e.id for n in e.names})
    return keys


@pytest.mark.parametrize("path", VILLAGE_FILES, ids=lambda p: p.name)
def test_no_village_name_shadows_a_city(path):
    """'Al-Hameh' folds to 'hama': such a name would make every Hama ambiguous."""
    clashes = [(e.id, n, big_places()[fold(n)]) for e in entries(path) for n in e.names
               if fold(n) in big_places()]
    assert not clashes, clashes


def _word_list(name: str) -> set[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return {fold(line.split("#")[0].strip()) for line in lines if line.split("#")[0].strip()}


@pytest.mark.parametrize("path", VILLAGE_FILES, ids=lambda p: p.name)
def test_no_village_name_is_a_common_word(path):
    words = _word_list("common_words.txt") | _word_list("non_places.txt")
    hits = [(e.id, n) for e in entries(path) for n in e.names if fold(n) in words]
    assert not hits, hits


# End to end: hand-written sentences through the real places stage (the default gazetteer,
# rebuilt automatically when a supplement file changes). Each names a supplement entry by id;
# the mention must resolve to that entry, within 10 km of the row's own coordinates.
@lru_cache(maxsize=1)
def supplement_rows():
    return {e.id: e for path in supplement_files() for e in entries(path)}




@pytest.mark.parametrize("text,surface,place_id", [
    ("Fighters shelled the village of Balyun in Jabal al-Zawiya on Tuesday.", "Balyun", "sy:balyun"),
    ("Government forces captured Talmenes, east of Maarat al-Numan.", "Talmenes", "sy:talmenes"),
    ("Air strikes hit Jarjanaz in the southern Idlib countryside overnight.", "Jarjanaz", "sy:jarjanaz"),
    ("Clashes broke out near Kafr Naya in the northern Aleppo countryside.", "Kafr Naya", "sy:kafr-naya"),
    ("The army entered Mudayra after a week of bombardment.", "Mudayra", "sy:mudayra"),
    ("Residents fled Gharanij in the eastern Deir ez-Zor countryside.", "Gharanij", "sy:gharanij"),
    ("Rebels shelled the town of Flita in western Qalamoun.", "Flita", "sy:flita"),
    ("A car bomb exploded in Tal Brak, north of Hasakah city.", "Tal Brak", "sy:tell-brak"),
    ("Shells landed on Deir Foul in the northern Homs countryside.", "Deir Foul", "sy:deir-foul"),
    ("Insurgents attacked Jamla in the Yarmouk basin.", "Jamla", "sy:jamla"),
    ("Troops pushed into Souk Wadi Barada on Sunday.", "Souk Wadi Barada", "sy:souk-wadi-barada"),
    ("Heavy clashes erupted around Maarkaba in the northern Hama countryside.", "Maarkaba", "sy:maarkaba"),
    ("Rebels overran the Marj al-Sultan military airport.", "Marj al-Sultan military airport",
     "sy:marj-al-sultan-airbase"),  # a facility is named with its noun (GUIDE: airports are places)
    ("Trucks entered through the Cobanbey crossing near al-Rai.", "Cobanbey crossing", "sy:al-rai-crossing"),
    ("Dozens of detainees were moved to Homs Central Prison.", "Homs Central Prison", "sy:homs-prison"),
])
def test_sentences_resolve_to_the_new_entries(text, surface, place_id):
    row = supplement_rows()[place_id]
    found = [p for p in places(text) if p.text == surface]
    assert found, [(p.text, p.name) for p in places(text)]
    p = found[0]
    assert p.place_id == place_id, (p.place_id, p.name)
    assert km(p.lat, p.lon, row.lat, row.lon) < 10


@pytest.mark.parametrize("text,not_a_place", [
    ("Hadi al-Bahra, president of the coalition, condemned the strikes.", "al-Bahra"),
    ("Dareen Khalifa, a researcher, said the rebels had prepared for months.", "Dareen"),
    ("The shelling hit the body of the building.", "body"),
    ("Iranian President Hassan Rouhani met the delegation.", "Rouhani"),
    ("Leaders of the Future Movement met in Beirut.", "Future"),
    ("Jeffrey Feltman briefed the council.", "Jeffrey"),
    ("Pilgrims marked Ashura in Karbala.", "Ashura"),
    ("Analysts said Nasri was released in June.", "Nasri"),
    ("Survivors of the Qubeir massacre buried their dead.", "Qubeir"),
])
def test_names_of_people_and_words_stay_people_and_words(text, not_a_place):
    """Village names that are also surnames or words were left out of the supplement."""
    assert not [p for p in places(text) if p.text == not_a_place and p.known]
