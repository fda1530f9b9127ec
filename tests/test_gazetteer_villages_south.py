"""The southern and central village files and the city neighbourhoods of the supplement.

sy_villages_{homs,rif_dimashq,daraa_quneitra_suwayda,tartus}.csv and sy_neighbourhoods.csv were
broadened with quarters of the big cities and villages of the south and centre. A neighbourhood put
in the wrong city, or a village in the wrong governorate, would send every event there to the wrong
map; a name whose vowel-blind key meets an English word or a personal name would make places out of
ordinary sentences. These tests hold the data to its cities and governorates and check, on
hand-written sentences and on real articles, that the names resolve where they should and only there.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import pytest

from frontwatch.geo.fold import fold
from frontwatch.geo.gazetteer import DATA_DIR
from frontwatch.geo.sources import csv_entries
from test_places import mention_of, places  # only the stages places needs

NEIGHBOURHOODS = DATA_DIR / "sy_neighbourhoods.csv"
VILLAGE_GOVERNORATES = {  # OCHA p-code prefixes of the governorates each file covers
    "sy_villages_homs.csv": {"SY04"}, "sy_villages_rif_dimashq.csv": {"SY03", "SY01"},
    "sy_villages_daraa_quneitra_suwayda.csv": {"SY12", "SY13", "SY14"},
    "sy_villages_tartus.csv": {"SY10"},
}
# City centres (GeoNames) of the id prefixes sy:<city>-... of sy_neighbourhoods.csv.
CITY_CENTRES = {
    "aleppo": (36.202, 37.150), "damascus": (33.510, 36.291), "homs": (34.728, 36.715),
    "hama": (35.133, 36.755), "latakia": (35.523, 35.790), "deir-ez-zor": (35.336, 40.141),
    "raqqa": (35.952, 39.010), "daraa": (32.620, 36.104), "idlib": (35.930, 36.634),
    "qamishli": (37.052, 41.231), "hasakah": (36.502, 40.748), "tartus": (34.889, 35.887),
    "baniyas": (35.182, 35.949), "palmyra": (34.560, 38.275), "suwayda": (32.709, 36.570),
}
IN_CITY_KM = 10      # a quarter or landmark lies inside its city (Aleppo reaches ~9 km out)
SUBURB_KM = 50       # suburbs filed under a city (Ghouta towns under Damascus)
SUBDISTRICT_KM = 25  # a village lies near some subdistrict centroid of its governorate...
DESERT_KM = 60       # ...or of one of the huge desert subdistricts (Palmyra, Sukhnah, Sab' Biyar)
DESERT_SUBDISTRICTS = {"SY040500", "SY040501", "SY040107", "SY040106", "SY040601", "SY040600",
                       "SY030202", "SY030203", "SY130002", "SY130204"}


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@lru_cache(maxsize=None)
def entries(path: Path):
    return list(csv_entries(path, prefix="sy"))


@lru_cache(maxsize=1)
def subdistricts():
    """(lat, lon, p-code) of the 272 subdistrict centroids."""
    out = []
    for e in entries(DATA_DIR / "sy_subdistricts.csv"):
        m = re.search(r"pcode:(SY\d{6})", e.source)
        if m:
            out.append((e.lat, e.lon, m.group(1)))
    return out


def city_of(entry_id: str) -> str | None:
    return next((c for c in sorted(CITY_CENTRES, key=len, reverse=True)
                 if entry_id.startswith(f"sy:{c}-")), None)


@lru_cache(maxsize=1)
def south_rows():
    """Every row of the five files, by id."""
    paths = [NEIGHBOURHOODS, *(DATA_DIR / name for name in VILLAGE_GOVERNORATES)]
    return {e.id: e for path in paths for e in entries(path)}


# ---------------------------------------------------------------- data

def test_the_files_were_broadened():
    assert len(entries(NEIGHBOURHOODS)) >= 350
    assert sum(len(entries(DATA_DIR / name)) for name in VILLAGE_GOVERNORATES) >= 170


def test_every_neighbourhood_lies_in_its_city():
    bad = []
    for e in entries(NEIGHBOURHOODS):
        city = city_of(e.id)
        if city is None:
            bad.append(f"{e.id}: no city prefix")
            continue
        d = km(e.lat, e.lon, *CITY_CENTRES[city])
        limit = SUBURB_KM if e.level in ("city", "town", "village") else IN_CITY_KM
        if d > limit:
            bad.append(f"{e.id}: {d:.1f} km from {city} ({e.level})")
    assert not bad, bad


@pytest.mark.parametrize("name", sorted(VILLAGE_GOVERNORATES))
def test_every_village_lies_in_its_governorate(name):
    own = VILLAGE_GOVERNORATES[name]
    mine = [(la, lo, p) for la, lo, p in subdistricts() if p[:4] in own]
    bad = []
    for e in entries(DATA_DIR / name):
        d, la, lo, p = min((km(e.lat, e.lon, la, lo), la, lo, p) for la, lo, p in mine)
        if d > (DESERT_KM if p in DESERT_SUBDISTRICTS else SUBDISTRICT_KM):
            bad.append(f"{e.id}: {d:.0f} km from the nearest subdistrict of its governorate")
    assert not bad, bad


def test_names_of_one_city_do_not_reach_into_another():
    """A folded name shared by two quarters of different cities must carry the city in every form
    but one entry's (the bare form belongs to the city news means by it)."""
    owners: dict[str, set[str]] = {}
    for e in entries(NEIGHBOURHOODS):
        if e.level != "district":
            continue
        for n in e.names:
            owners.setdefault(fold(n), set()).add(city_of(e.id))
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    # The historic collisions of the original file (Midan, Khalidiya, Zahraa, Hamidiyeh) are
    # known; nothing new may be added to them.
    assert set(shared) <= {"midan", "maydan", "khalidiya", "khaldiya", "zahra", "hamidiya"}, shared


# ---------------------------------------------------------------- end to end



@pytest.mark.parametrize("text,surface,place_id", [
    ("Mortar rounds landed in the Tabbala district of Damascus on Sunday.", "Tabbala", "sy:damascus-tabbaleh"),
    ("Rebels in Jobar attacked army posts near the Zablatani market.", "Zablatani", "sy:damascus-al-zablatani"),
    ("Two shells struck Bab Mousalla in the south of the capital Damascus.", "Bab Mousalla", "sy:damascus-bab-musalla"),
    ("A car bomb exploded near the Sayyida Ruqayya shrine in old Damascus.", "Sayyida Ruqayya", "sy:damascus-sayyida-ruqayya-mosque"),
    ("Opposition fighters shelled the government-held al-Masharqa neighbourhood of Aleppo.", "al-Masharqa", "sy:aleppo-al-mashariqa"),
    ("Troops pushed into Sheikh Faris, one of the last rebel districts of eastern Aleppo.", "Sheikh Faris", "sy:aleppo-sheikh-fares"),
    ("Crowds gathered at Bab el-Faraj in central Aleppo.", "Bab el-Faraj", "sy:aleppo-bab-al-faraj"),
    ("An arms depot blew up in the Wadi al-Zahab district of Homs.", "Wadi al-Zahab", "sy:homs-wadi-al-dhahab"),
    ("ISIS fighters attacked the al-Mowazafeen neighbourhood of Deir ez-Zor.", "al-Mowazafeen", "sy:deir-ez-zor-al-muwazzafin"),
    ("A barrel bomb fell on the al-Jaloum quarter of old Aleppo.", "al-Jaloum", "sy:aleppo-al-jalloum"),
    ("Kurdish police took over Ghweiran after clashes in Hasakah city.", "Ghweiran", "sy:hasakah-ghuwayran"),
    ("The SDF shelled the Rumaniyah district of Raqqa.", "Rumaniyah", "sy:raqqa-al-rumaniyah"),
    ("Shells hit the Tariq al-Saad area of Daraa city.", "Tariq al-Saad", "sy:daraa-tariq-al-sad"),
    ("Residents fled Hazza in Eastern Ghouta as the offensive began.", "Hazza", "sy:hazzeh"),
    ("Militants retreated to Hteitet al-Turkman near Sayyida Zeinab.", "Hteitet al-Turkman", "sy:hatitat-al-turkman"),
    ("Fighting spread to Mothabin, north of Sheikh Miskin in Daraa.", "Mothabin", "sy:muthabin"),
    ("Rebels withdrew from Deir Selman in the Marj area of Eastern Ghouta.", "Deir Selman", "sy:deir-salman"),
    ("The army retook Samadaniya al-Gharbiya near Quneitra.", "Samadaniya al-Gharbiya", "sy:al-samdaniyah-al-gharbiyah"),
    ("Tourists returned to Marmarita in the Wadi al-Nasara valley west of Homs.", "Marmarita", "sy:marmarita"),
    ("Gunmen attacked a checkpoint in Kafrun in the Tartus countryside.", "Kafrun", "sy:al-kafroun"),
])
def test_sentences_resolve_to_the_right_quarter_or_village(text, surface, place_id):
    row = south_rows()[place_id]
    found = mention_of(text, surface)
    assert found.place_id == place_id, (found.place_id, found.name)
    assert km(found.lat, found.lon, row.lat, row.lon) < 5


@pytest.mark.parametrize("text,not_a_place", [
    ("Follow the latest updates from Aleppo on our website.", "Follow"),
    ("Entire families left Homs on foot.", "Entire"),
    ("Usually the convoys reach Damascus by noon.", "Usually"),
    ("Summary: new clashes near Damascus.", "Summary"),
    ("Rises in bread prices hit Daraa hardest.", "Rises"),
    ("More than 40 people were killed in Homs.", "More"),
    ("Samira, a teacher from Damascus, lost her home.", "Samira"),
    ("Equal numbers of soldiers and rebels died near Aleppo.", "Equal"),
    ("Airmen at the base near Suwayda were evacuated.", "Airmen"),
    ("Daily life in Damascus returned to normal.", "Daily"),
])
def test_english_words_and_first_names_stay_words(text, not_a_place):
    """Names whose vowel-blind key meets these words were kept out of the supplement."""
    assert not [p for p in places(text) if p.text == not_a_place], [(p.text, p.name) for p in places(text)]


@pytest.mark.parametrize("text,surface", [
    ("Ayman al-Zawahiri urged the fighters in Syria to unite.", "al-Zawahiri"),
    ("Government guns on Qasioun shelled Jobar in Damascus.", "Qasioun"),
    ("Israeli jets flew over al-Joulan and southern Syria.", "al-Joulan"),
    ("Biden said Washington would not send troops to Syria.", "Biden"),
    ("Rouhani spoke with Assad about the siege of Aleppo.", "Rouhani"),
    ("Russian jets struck the Jisr Al-Shughour District of Idlib.", "Al-Shughour"),
    ("Iraqi troops cleared the Rashidiyah district of Mosul.", "Rashidiyah"),
    ("Government troops took al-Rashadiyah in the southern countryside of Aleppo.", "al-Rashadiyah"),
    ("A Tiger Forces officer named Ali Dibo was killed near Kafr Nabudah.", "Dibo"),
])
def test_people_and_other_places_do_not_become_these_rows(text, surface):
    """Spelt alike through the vowel-blind key ('Zawahiri'/Zahira, 'Qasioun'/Kisin, 'Joulan'/
    Jillin, 'Biden'/Baadin, 'Rouhani'/Ruwayhinah, 'Shughour'/Shaghour): those rows or forms were
    left out and must stay out."""
    hits = [p for p in places(text) if p.text == surface and p.place_id in south_rows()]
    assert not hits, [(p.text, p.place_id) for p in hits]


def test_on_real_articles_no_english_word_becomes_one_of_these_places(shared):
    """On real news, no ordinary word (one the corpus also writes in lower case) resolves to
    a row of these files: the vowel-blind key once turned 'Follow' into Fulla, 'Entire' into
    Antariyah and 'Usually' into Asali, which is why those names are not listed."""
    corpus = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in corpus]
    assert len(texts) > 600
    lower_words = {w for t in texts for w in re.findall(r"\b[a-z]{3,}\b", t)}
    text = "\n\n".join(texts[::6])
    rows, bad, seen = south_rows(), [], 0
    for p in places(text):
        if p.place_id not in rows:
            continue
        seen += 1
        if " " not in p.text and p.text.lower() in lower_words:
            bad.append((p.text, p.place_id))
    assert seen > 20
    assert not bad, bad
