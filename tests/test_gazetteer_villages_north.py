"""The northern village files of the Syrian supplement (Aleppo, Idlib, Hama, Latakia, Raqqa,
Hasakah, Deir ez-Zor): every row inside its governorate, and villages named in news-style
sentences, under the spellings news use, resolve to the right entry in the right governorate.

The sentences are written for this test (not taken from any corpus).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import pytest

from frontwatch.geo.fold import fold
from frontwatch.geo.gazetteer import DATA_DIR
from frontwatch.geo.sources import csv_entries
from test_places import mention_of, places  # only the stages places needs

NORTH = {  # file stem -> (OCHA p-code of the governorate, (lat min, lat max, lon min, lon max))
    "aleppo": ("SY02", (35.45, 36.95, 36.50, 38.70)),
    "idlib": ("SY07", (35.35, 36.35, 36.15, 37.20)),
    "hama": ("SY05", (34.75, 35.70, 36.10, 38.10)),
    "latakia": ("SY06", (35.20, 36.00, 35.70, 36.30)),
    "raqqa": ("SY11", (35.40, 36.75, 38.10, 39.95)),
    "hasakah": ("SY08", (35.50, 37.35, 39.60, 42.40)),
    "deir_ez_zor": ("SY09", (34.30, 36.00, 39.20, 41.10)),
}
BORDER_SLACK_KM = 15  # a village near a governorate line may lie nearer a neighbour's centroid
OWN_SUBDISTRICT_KM = 45  # centroids of the large desert subdistricts lie far from their river and road villages


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@lru_cache(maxsize=None)
def rows(stem: str):
    return list(csv_entries(DATA_DIR / f"sy_villages_{stem}.csv", prefix="sy"))


@lru_cache(maxsize=1)
def centroids():
    """(lat, lon, governorate p-code) of the 272 subdistrict centroids."""
    out = []
    for e in csv_entries(DATA_DIR / "sy_subdistricts.csv", prefix="sy"):
        m = re.search(r"pcode:(SY\d\d)", e.source)
        if m:
            out.append((e.lat, e.lon, m.group(1)))
    return out


def governorate_of(lat: float, lon: float) -> str:
    return min(centroids(), key=lambda c: km(lat, lon, c[0], c[1]))[2]


@pytest.mark.parametrize("stem", sorted(NORTH))
def test_file_holds_many_villages(stem):
    assert len(rows(stem)) >= 12


@pytest.mark.parametrize("stem", sorted(NORTH))
def test_every_row_lies_in_its_governorate(stem):
    pcode, (south, north, west, east) = NORTH[stem]
    bad = []
    for e in rows(stem):
        d_any = min(km(e.lat, e.lon, la, lo) for la, lo, _ in centroids())
        d_own = min(km(e.lat, e.lon, la, lo) for la, lo, g in centroids() if g == pcode)
        inside_box = south <= e.lat <= north and west <= e.lon <= east
        if not inside_box or d_own > d_any + BORDER_SLACK_KM or d_own > OWN_SUBDISTRICT_KM:
            bad.append(f"{e.id} at {e.lat},{e.lon}: {d_own:.0f} km from {pcode}, box {inside_box}")
    assert not bad, bad


@pytest.mark.parametrize("stem", sorted(NORTH))
def test_names_are_distinct_within_a_row_file(stem):
    """One folded name may not stand for two rows of one file less than 30 km apart: the
    resolver could not choose between them."""
    seen: dict[str, tuple] = {}
    clashes = []
    for e in rows(stem):
        for key in {fold(n) for n in e.names}:
            other = seen.get(key)
            if other and other[0] != e.id and km(e.lat, e.lon, other[1], other[2]) < 30:
                clashes.append((key, e.id, other[0]))
            seen[key] = (e.id, e.lat, e.lon)
    assert not clashes, clashes




# (sentence, surface as written, expected entry id, governorate p-code). Several use a spelling
# other than the row's main name (Jobas, Marj Khawkha, Tal Hermiz, Sharakraq, Jadid Baggara).
SENTENCES = [
    ("Warplanes struck Barisha, a village near the Turkish border, before dawn.", "Barisha", "sy:barisha", "SY07"),
    ("The Druze of Bnabel stayed neutral through the fighting.", "Bnabel", "sy:bnabel", "SY07"),
    ("Government troops advanced on Jobas, south-east of Saraqib.", "Jobas", "sy:jubas", "SY07"),
    ("Families from Serjilla sheltered in the ancient tombs.", "Serjilla", "sy:serjilla", "SY07"),
    ("Shelling hit Babuleen, north of Khan Shaykhun, on Monday.", "Babuleen", "sy:babulin", "SY07"),
    ("Clashes erupted around Marj Khawkha in the mountains of rural Latakia.", "Marj Khawkha", "sy:marj-khokha", "SY06"),
    ("The army said it had retaken Ghamam and the hills around it.", "Ghamam", "sy:ghamam", "SY06"),
    ("Kurdish fighters pushed the militants out of Tal Hermiz on the Khabur.", "Tal Hermiz", "sy:tell-hormizd", "SY08"),
    ("Militants attacked Sharakraq, east of Ain Issa, overnight.", "Sharakraq", "sy:sharakrak", "SY11"),
    ("Mortar rounds fell on Jadid Baggara across the river.", "Jadid Baggara", "sy:jadid-bakkara", "SY09"),
    ("Rebels said they had captured Tell Jijan after a week of fighting.", "Tell Jijan", "sy:tell-jijan", "SY02"),
    ("Civilians fled Urum al-Sughra as the front moved west.", "Urum al-Sughra", "sy:urum-al-sughra", "SY02"),
    ("Insurgents shelled Deir Shmeil, west of Hama, on Friday.", "Deir Shmeil", "sy:deir-shamil", "SY05"),
    ("Activists reported a massacre in Fan al-Shamali.", "Fan al-Shamali", "sy:fan-al-shamali", "SY05"),
    ("The pro-government militia entered al-Tuwaynah at noon.", "al-Tuwaynah", "sy:al-tuwaynah", "SY05"),
]


@pytest.mark.parametrize("text,surface,place_id,pcode", SENTENCES)
def test_sentences_resolve_to_the_village_in_its_governorate(text, surface, place_id, pcode):
    p = mention_of(text, surface)
    assert p.place_id == place_id, (p.place_id, p.name)
    assert governorate_of(p.lat, p.lon) == pcode


@pytest.mark.parametrize("text,not_a_place", [
    ("Dareen Khalifa, an analyst, said the offensive had stalled.", "Dareen"),
    ("Nahla Osman, a lawyer, described the trial.", "Nahla"),
    ("Sawsan Hasan told reporters the road was closed.", "Sawsan"),
    ("Mazloum Abdi, the SDF commander, met the envoy.", "Mazloum"),
    ("The New Arab reported the strike on Tuesday.", "New Arab"),
    ("Kinda Makieh contributed reporting from Damascus.", "Kinda"),
    ("Leaders of the Future Syria Party condemned the killing.", "Future"),
    ("A fighter called Ubeydullah was killed in the clashes.", "Ubeydullah"),
])
def test_people_and_outlets_close_to_village_names_stay_unplaced(text, not_a_place):
    """Village rows whose spelling meets a person's name, a party or an outlet were left out
    (Durin, Nahlaya, Susyan, al-Mazlum, al-Nayrab of Idlib, al-Kindah, Fatira, Abu Dali): these
    must not become places."""
    assert not [p for p in places(text) if not_a_place in p.text and p.known]
