"""The second village files of the east, centre and south (sy_villages_<governorate>_2.csv).

These rows name villages of Deir ez-Zor, Raqqa, Hasakah, Homs, Rif Dimashq, Daraa, Quneitra,
Suwayda and Tartus. Most are known only to their subdistrict (nahiya) and sit at its centroid; the
others were placed from a known town. A row put in the wrong subdistrict would send every event
there to the wrong map, a second row for a village the gazetteer already holds would split it in
two, and a name that meets a person, a date or a common word through the vowel-blind key would
make places out of ordinary sentences. These tests hold the rows to their subdistricts and check,
on hand-written sentences and on real articles, that the names resolve where they should and only
there.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from frontwatch.geo.fold import fold
from frontwatch.geo.gazetteer import DATA_DIR
from frontwatch.geo.sources import csv_entries
from test_places import km, mention_of, places  # only the stages places needs

FILES = {  # second village file -> OCHA p-code prefix of its governorate
    "sy_villages_deir_ez_zor_2.csv": "SY09", "sy_villages_raqqa_2.csv": "SY11",
    "sy_villages_hasakah_2.csv": "SY08", "sy_villages_homs_2.csv": "SY04",
    "sy_villages_rif_dimashq_2.csv": "SY03", "sy_villages_daraa_2.csv": "SY12",
    "sy_villages_quneitra_2.csv": "SY14", "sy_villages_suwayda_2.csv": "SY13",
    "sy_villages_tartus_2.csv": "SY10",
}
SUBDISTRICT_KM = 25  # a village lies within this of its subdistrict's centroid...
DESERT_KM = 35       # ...or of one of the large desert subdistricts along the Euphrates and Khabur
DESERT_SUBDISTRICTS = {
    "SY090100", "SY090101", "SY090102", "SY090103", "SY090104", "SY090106", "SY090200",
    "SY090201", "SY090202", "SY090203", "SY090300", "SY090301", "SY090302", "SY080002",
    "SY080003", "SY080006", "SY110101", "SY110102", "SY110103", "SY110301", "SY040500", "SY040501",
}
PCODE = re.compile(r"\((SY\d{6})\)")


@lru_cache(maxsize=None)
def entries(path: Path):
    return list(csv_entries(path, prefix="sy"))


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """Subdistrict p-code -> centroid, from sy_subdistricts.csv."""
    out = {}
    for e in entries(DATA_DIR / "sy_subdistricts.csv"):
        m = re.search(r"pcode:(SY\d{6})", e.source)
        if m:
            out[m.group(1)] = (e.lat, e.lon)
    return out


@lru_cache(maxsize=1)
def east_rows():
    """Every row of the nine files, by id."""
    return {e.id: e for name in FILES for e in entries(DATA_DIR / name)}


def subdistrict_of(entry) -> str:
    m = PCODE.search(entry.source)
    assert m, f"{entry.id}: no subdistrict p-code in its source"
    return m.group(1)


# ---------------------------------------------------------------- data

def test_the_files_hold_villages_of_every_governorate():
    for name in FILES:
        assert len(entries(DATA_DIR / name)) >= 3, name
    assert len(east_rows()) >= 90


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_village_lies_in_its_subdistrict(name):
    bad = []
    for e in entries(DATA_DIR / name):
        pcode = subdistrict_of(e)
        if not pcode.startswith(FILES[name]):
            bad.append(f"{e.id}: subdistrict {pcode} is not in the file's governorate")
            continue
        d = km(e.lat, e.lon, *centroids()[pcode])
        if d > (DESERT_KM if pcode in DESERT_SUBDISTRICTS else SUBDISTRICT_KM):
            bad.append(f"{e.id}: {d:.0f} km from the centroid of {pcode}")
        if "centroid of" in e.source and d > 0.5:
            bad.append(f"{e.id}: says it sits at the centroid but is {d:.1f} km from it")
        if e.level not in ("village", "town") or e.country != "SY":
            bad.append(f"{e.id}: level {e.level} country {e.country}")
    assert not bad, bad


def test_ids_are_new_and_no_village_is_listed_twice():
    """No id of these files is used by another supplement file, and no name form of a row here
    folds like a form of another Syrian supplement row (the same village by another spelling)."""
    mine = east_rows()
    others: dict[str, str] = {}
    for path in sorted(DATA_DIR.glob("sy_*.csv")):
        if path.name in FILES:
            continue
        for e in entries(path):
            assert e.id not in mine, (e.id, path.name)
            if e.level in ("village", "town", "city", "district"):
                for n in e.names:
                    others.setdefault(fold(n), e.id)
    seen: dict[str, str] = {}
    clashes = []
    for e in mine.values():
        for key in {fold(n) for n in e.names} - {""}:
            if key in others:
                clashes.append((e.id, key, others[key]))
            if seen.setdefault(key, e.id) != e.id:
                clashes.append((e.id, key, seen[key]))
    assert not clashes, clashes


# ---------------------------------------------------------------- end to end

@pytest.mark.parametrize("text,surface,place_id", [
    ("Coalition jets struck Hneida, west of Raqqa, on Saturday.", "Hneida", "sy:hunaydah"),
    ("The SDF entered al-Akershi on the road east of Raqqa.", "al-Akershi", "sy:al-akirshi"),
    ("Fighters crossed from Kasrat al-Faraj to the southern bank.", "Kasrat al-Faraj", "sy:kasrat-faraj"),
    ("Rebels withdrew to Jazrat al-Bu Hamid on the northern bank.", "Jazrat al-Bu Hamid", "sy:jazrat-al-buhamid"),
    ("The army crossed to Tabiyet Shamiyah opposite Khasham.", "Tabiyet Shamiyah", "sy:al-tabiyah-shamiyah"),
    ("ISIS fighters fled to al-Safafneh near Baghuz.", "al-Safafneh", "sy:al-safafinah"),
    ("The SDF reached Hawi al-Hawa on the western edge of Raqqa.", "Hawi al-Hawa", "sy:hawi-al-hawa"),
    ("Militants stormed the Assyrian village of Tel Hafian on the Khabur river.", "Tel Hafian", "sy:tell-hafian"),
    ("Families returned to Tell Kefji near Tal Tamr.", "Tell Kefji", "sy:tell-kefdji"),
    ("Pumping stopped at the Allouk water station near Ras al-Ain.", "Allouk", "sy:alouk"),
    ("Hezbollah fighters advanced on al-Nizariyeh south of Qusayr.", "al-Nizariyeh", "sy:al-nizariyah"),
    ("Tourists visited Hab Nemra in the Valley of the Christians.", "Hab Nemra", "sy:hab-nimra"),
    ("Pro-government forces took al-Radwaniyeh near the Lebanese border.", "al-Radwaniyeh", "sy:al-radwaniyah"),
    ("Militants stormed Tel Wardiyat on the Khabur river.", "Tel Wardiyat", "sy:tell-wardiyat"),
    ("The army entered Hezrama in the Eastern Ghouta.", "Hezrama", "sy:hazrama"),
    ("Shells hit Kfeir Yabous near the Lebanese border.", "Kfeir Yabous", "sy:kafr-yabus"),
    ("Rebels attacked a post near Qalat Jandal in western Ghouta.", "Qalat Jandal", "sy:qalaat-jandal"),
    ("Air strikes hit Jileen in the Yarmouk basin of Daraa.", "Jileen", "sy:jillin"),
    ("The army retook Western Mleiha in eastern Daraa.", "Western Mleiha", "sy:mleihat-al-gharbiyah"),
    ("Rebels took al-Breiqa in the Quneitra countryside.", "al-Breiqa", "sy:breiqa"),
    ("Fighting spread to Nabaa al-Sakhr in the Quneitra countryside.", "Nabaa al-Sakhr", "sy:nabe-al-sakhr"),
    ("Gunmen attacked Shbeki, east of Suwayda city.", "Shbeki", "sy:al-shabki"),
    ("Residents of Sawra al-Kabira fled the fighting in the Lajat.", "Sawra al-Kabira", "sy:sura-al-kabira"),
    ("Militiamen gathered in Mjeimer, north of Suwayda.", "Mjeimer", "sy:al-mujaymir"),
    ("Funerals were held in Sahwet Blata for the men killed.", "Sahwet Blata", "sy:sahwat-balata"),
])
def test_sentences_resolve_to_the_right_village(text, surface, place_id):
    row = east_rows()[place_id]
    found = mention_of(text, surface)
    assert found.place_id == place_id, (found.place_id, found.name)
    assert km(found.lat, found.lon, row.lat, row.lon) < 5


@pytest.mark.parametrize("text,surface", [
    ("Hadi al-Bahra, president of the Syrian Coalition, spoke in Istanbul.", "al-Bahra"),
    ("SDF commander Mazloum Abdi met US officials in Hasakah.", "Mazloum"),
    ("Tue May 3 2016: dozens killed in Aleppo.", "Tue May"),
    ("A local resident, Malik Kasab, said shells hit his house in Latakia.", "Malik"),
    ("A mortar round landed in the al-Qassaa district of Damascus.", "al-Qassaa"),
    ("The bomb struck al-Diyabiyah, south of Damascus.", "al-Diyabiyah"),
    ("Ahmad al-Jarba met the opposition delegation in Geneva.", "al-Jarba"),
    ("Abu al-Hassan al-Muhajir, the group's spokesman, released an audio message.", "Abu al-Hassan"),
    ("Rami Abdulrahman, who heads the Observatory, gave the toll.", "Rami"),
    ("Jim Jeffrey, the US envoy, met SDF leaders.", "Jeffrey"),
    ("Nobel laureate Shirin Ebadi praised the women of Kobani.", "Ebadi"),
    ("Jihadists posted pictures of dead Rawafid fighters.", "Rawafid"),
    ("Yasser al-Dahla of the tribal group was arrested.", "al-Dahla"),
    ("The YPG captured Tel Kharab Zir near Sarrin.", "Zir"),
    ("Turkish troops fired on Al-Dweir checkpoint north of Saraqeb.", "Al-Dweir checkpoint"),
    ("The army took the Qatari Castle and al-Amriyah village near Palmyra.", "al-Amriyah"),
    ("Rebels shelled Zaitouneh in the Latakia mountains.", "Zaitouneh"),
    ("The bomber struck a wedding hall in Tall Tawil village.", "Tall Tawil"),
    ("Residents tell Al Jazeera the shelling went on all night.", "tell Al Jazeera"),
])
def test_people_dates_and_other_places_do_not_become_these_rows(text, surface):
    """Spelt alike ('Hadi al-Bahra'/al-Bahrah, 'Mazloum Abdi'/Mazloum, 'Tue May'/Tima, 'Malik'/
    al-Mu'allaq, al-Qassaa/al-Qaysa, al-Diyabiyah/al-Dabaa, 'al-Jarba'/Jarba, 'Rami Abdulrahman'/
    al-Rami, 'Jim Jeffrey'/al-Jafrah, 'Shirin Ebadi'/al-Abbadah, 'Rawafid'/al-Rafid), or another
    place of the same name (Zir near Kobani, al-Dweir near Saraqib, al-Amiriyah near Palmyra,
    Zaitouneh in Latakia, the Tall Tawil of the 2016 wedding bombing near Hasakah): those rows were
    left out and must stay out."""
    hits = [p for p in places(text) if p.text == surface and p.place_id in east_rows()]
    assert not hits, [(p.text, p.place_id) for p in hits]


def test_on_real_articles_no_english_word_becomes_one_of_these_villages(shared):
    """On real news, no ordinary word (one the corpus also writes in lower case) resolves to a
    row of these files."""
    corpus = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in corpus]
    assert len(texts) > 600
    lower_words = {w for t in texts for w in re.findall(r"\b[a-z]{3,}\b", t)}
    rows, bad = east_rows(), []
    for p in places("\n\n".join(texts[::4])):
        if p.place_id in rows and " " not in p.text and p.text.lower() in lower_words:
            bad.append((p.text, p.place_id))
    assert not bad, bad
