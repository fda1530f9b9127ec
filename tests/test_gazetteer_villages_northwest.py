"""The second village files of the north-west (sy_villages_{idlib,aleppo,hama,latakia}_2.csv):
every row lies within 25 km of the centroid of the subdistrict its source names, ids are new,
no row repeats a place another supplement file holds, villages named in news-style sentences
under the spellings news use resolve to the right row, and words, people and places elsewhere
that once met these rows through the vowel-blind key stay off them.

The sentences are written for this test (not taken from any corpus).
"""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

from frontwatch.geo.fold import fold
from frontwatch.geo.gazetteer import DATA_DIR
from frontwatch.geo.sources import csv_entries
from test_places import km, mention_of, places  # only the stages places needs
from test_gazetteer_villages_east import centroids  # subdistrict p-code -> its centroid

FILES = {"idlib": "SY07", "aleppo": "SY02", "hama": "SY05", "latakia": "SY06"}  # stem -> governorate p-code
OCHA_POINT_KM = 60  # a row moved to its OCHA community point lies where the village is: big subdistricts
SUBDISTRICT_KM = 25  # the scorer accepts a place within 25 km of its true spot
SAME_PLACE_KM = 12  # one name nearer than this to a row of another file would repeat that place


@lru_cache(maxsize=None)
def rows(stem: str):
    return list(csv_entries(DATA_DIR / f"sy_villages_{stem}_2.csv", prefix="sy"))


@lru_cache(maxsize=1)
def new_ids() -> frozenset:
    return frozenset(e.id for stem in FILES for e in rows(stem))


@lru_cache(maxsize=1)
def other_rows():
    """Every entry of the other supplement files."""
    mine = {f"sy_villages_{stem}_2.csv" for stem in FILES}
    return [e for p in sorted(DATA_DIR.glob("*.csv")) if p.name not in mine
            for e in csv_entries(p, prefix="sy" if p.stem.startswith("sy") else "fw")]


@pytest.mark.parametrize("stem", sorted(FILES))
def test_file_holds_many_villages(stem):
    assert len(rows(stem)) >= 8


@pytest.mark.parametrize("stem", sorted(FILES))
def test_every_row_lies_near_the_centroid_of_its_subdistrict(stem):
    bad = []
    for e in rows(stem):
        codes = re.findall(r"\((SY\d{6})\)", e.source)
        if len(codes) != 1 or not codes[0].startswith(FILES[stem]) or codes[0] not in centroids():
            bad.append(f"{e.id}: subdistrict {codes}")
            continue
        d = km(e.lat, e.lon, *centroids()[codes[0]])
        if d > (OCHA_POINT_KM if "position from OCHA" in e.source else SUBDISTRICT_KM):
            bad.append(f"{e.id}: {d:.0f} km from {codes[0]}")
    assert not bad, bad


@pytest.mark.parametrize("stem", sorted(FILES))
def test_positions_say_how_they_were_found(stem):
    """A row at a subdistrict centroid says so; a row elsewhere says where its position came from."""
    for e in rows(stem):
        assert "position estimated: centroid of" in e.source or "position from" in e.source \
            or "position estimated from" in e.source, e.id


def test_ids_are_new_and_unique():
    ids = [e.id for stem in FILES for e in rows(stem)]
    assert len(ids) == len(set(ids))
    assert not set(ids) & {e.id for e in other_rows()}


def test_no_row_repeats_a_place_of_another_file():
    keys: dict[str, list] = {}
    for e in other_rows():
        if e.country == "SY" and e.lat is not None:
            for n in e.names:
                keys.setdefault(fold(n), []).append(e)
    repeats = []
    for stem in FILES:
        for e in rows(stem):
            for n in {fold(x) for x in e.names}:
                for o in keys.get(n, []):
                    if km(e.lat, e.lon, o.lat, o.lon) < SAME_PLACE_KM:
                        repeats.append((e.id, n, o.id))
    assert not repeats, repeats


# (sentence, surface as written, expected entry id). Several use a spelling other than the row's
# main name (Maarshmareen, Tal Aas, Bzabour, Tal Hawash, Kafr Houd, Bafilyun, Jeb el-Kussa,
# Tal Bajer, Om al-Tuyour, Zeyzoun, Masqan).
SENTENCES = [
    ("Government shells fell on Maarshmareen, north of Maarat al-Numan, overnight.", "Maarshmareen", "sy:maar-shamarin"),
    ("Rebels said they repelled an attack on Tal Aas, west of Khan Shaykhun.", "Tal Aas", "sy:tell-aas"),
    ("Drones struck Tell Salmo near the Abu al-Duhur airbase on Sunday.", "Tell Salmo", "sy:tell-salmo"),
    ("Residents of Arab Saeed, west of Idlib city, reported heavy shelling.", "Arab Saeed", "sy:arab-said"),
    ("Clashes broke out in Bzabour in Jabal al-Zawiya.", "Bzabour", "sy:bzabur"),
    ("Clashes reached Zeyzoun, south of Jisr al-Shughur.", "Zeyzoun", "sy:zayzun-idlib"),
    ("The priest of Knayeh, near Darkush, was released.", "Knayeh", "sy:knayeh"),
    ("Fighters withdrew from Al-Karkat after the fall of Qalaat al-Madiq.", "Al-Karkat", "sy:al-karkat"),
    ("Troops entered Tal Hawash on the Ghab plain.", "Tal Hawash", "sy:tell-hawash"),
    ("An airstrike on Kafr Houd killed four farmers.", "Kafr Houd", "sy:kafr-hud"),
    ("Militants were driven out of al-Rahjan in the eastern Hama countryside.", "al-Rahjan", "sy:al-rahjan"),
    ("Turkish-backed factions took Deir Sawan north of Afrin.", "Deir Sawan", "sy:deir-sawan"),
    ("Turkish-backed factions shelled Bafilyun, north of Afrin.", "Bafilyun", "sy:baflun"),
    ("A landmine exploded in Jarez, east of Azaz.", "Jarez", "sy:jarez"),
    ("Artillery hit Jeb el-Kussa, a village south of Jarabulus.", "Jeb el-Kussa", "sy:jubb-al-kusa"),
    ("The army recaptured Tal Bajer south of Aleppo.", "Tal Bajer", "sy:tell-bajir"),
    ("The villages of Masqan and Ahras changed hands on Monday.", "Masqan", "sy:misqan"),
    ("ISIL cut the road at Rasm al-Nafal near Khanasir.", "Rasm al-Nafal", "sy:rasm-al-nafal"),
    ("A jet was shot down near Om al-Tuyour off the coast of Latakia.", "Om al-Tuyour", "sy:umm-al-tuyur"),
    ("A jet came down near Ras Shamra, north of Latakia.", "Ras Shamra", "sy:ras-shamra"),
]


@pytest.mark.parametrize("text,surface,place_id", SENTENCES)
def test_sentences_resolve_to_the_village(text, surface, place_id):
    found = mention_of(text, surface)
    assert found.place_id == place_id, (found.place_id, found.name)


@pytest.mark.parametrize("text", [
    "Tue May 3 2016 Dozens Killed in Missile Attack on Hospital.",
    "Twin Bomb Attacks Kill 50, Injure Dozens in the province.",
    "Verses of the Quran were read at the funeral of the Korean envoy.",
    "Volunteers came from Bosnia and Kosovo.",
    "Aisha al-Shami told reporters the road was closed.",
    "The fighter known as Arin Mirkan blew herself up.",
    "The daily al-Jarida said the talks had failed.",
    "On 23 August, in Raqqa, the army took the town of Al-Ejeil.",
    "The SDF captured Kadiran village north of the Tabqa dam.",
    "Five civilians were killed in the town of Sabqa in Eastern Ghouta.",
    "Jets pounded the neighborhood of Al-Maghayer in Aleppo.",
])
def test_words_people_and_other_places_stay_off_these_rows(text):
    """Rows whose names met these words, people or namesakes elsewhere through the vowel-blind key
    were left out (Korin, Besnaya, Ayyasha, Shamawiyah, Meirkan, Jerada, Uwayjil, Qdeiran, Sabiqiyah,
    Al-Mughayr of Hama): no mention here may resolve to a row of the new files."""
    hits = [(p.text, p.place_id) for p in places(text) if p.place_id in new_ids()]
    assert not hits, hits
