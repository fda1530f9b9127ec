"""Names met only through the vowel-blind skeleton must also be spelt like a listed name, curated
(supplement) names included: transliterations of one name pass, English words and surnames with
the same consonants do not. Every sentence here is written for these tests."""
from __future__ import annotations

import pytest

from frontwatch.geo.candidates import Toks, generate
from frontwatch.geo.fold import fold, skeleton
from frontwatch.geo.entry import GazEntry
from frontwatch.geo.gazetteer import build
from frontwatch.geo.geoparse import _facts
from frontwatch.geo.spelling import spelt_alike, vowels_differ
from test_places import places


@pytest.mark.parametrize("a,b", [
    ("Tal Rifaat", "Tell Rifat"), ("Deir Hafer", "Dayr Hafir"), ("Hamdaniyeh", "Hamdaniyah"),
    ("Maraat al-Numan", "Maarat al-Numan"), ("el-Bab", "ash-Bab"), ("Qusair", "Qusayr"), ("Kusair", "Qusayr"),
    ("Douma", "Duma"), ("Hasakeh", "Hassakah"), ("Idleb", "Idlib"), ("Boleel", "Buleil"), ("Jawbar", "Jobar"),
    ("Mouhessen", "Muhasan"), ("Kweyris", "Kweiris"), ("Jendires", "Jindires"), ("Sheikh Maqsoud", "Shaykh Maqsud"),
    ("Dier el-Zour", "Deir al-Zur"), ("al-Murayeh", "al-Muraiya"), ("Ma'arrat", "Maarat"),
])
def test_transliterations_of_one_name_are_spelt_alike(a, b):
    ka, kb = fold(a), fold(b)
    assert ka == kb or skeleton(ka) == skeleton(kb) and spelt_alike(ka, kb), (ka, kb)


@pytest.mark.parametrize("word,name", [
    ("Follow", "Fulla"), ("Entire", "Antariyah"), ("Biden", "Baadin"), ("Humeiri", "Hamouriyah"),
    ("Deter", "Daatour"), ("Saudi", "Suwayda"), ("Jaber", "Jawbar"), ("Syrian", "Suran"),
])
def test_words_with_the_same_consonants_are_not_spelt_alike(word, name):
    kw, kn = fold(word), fold(name)
    assert skeleton(kw) == skeleton(kn)  # the skeleton alone would match them
    assert vowels_differ(kw, kn) >= 1
    assert not spelt_alike(kw, kn)


def _entry(pid, name, *aliases):
    return GazEntry(pid, name, 35.0, 37.0, "village", "SY", 0, [name, *aliases], "test")


@pytest.fixture(scope="module")
def small():
    """Supplement-like entries whose skeletons meet English words and surnames."""
    return build([_entry("sy:fulla", "Fulla"), _entry("sy:antariyah", "Antariyah"), _entry("sy:baadin", "Baadin"),
                  _entry("sy:hamouriyah", "Hamouriyah", "Hammuriyah"), _entry("sy:daatour", "Al-Daatour", "Daatur"),
                  _entry("sy:bulayl", "Al-Bulayl", "Buleil", "al-Bulail"), _entry("sy:qusayr", "Al-Qusayr", "Qusair")])


def _kept(gaz, sentence, word):
    cands = [c for c in generate(gaz, Toks(sentence, [0])) if c.text == word]
    assert cands and all(c.fuzzy for c in cands)  # met through the skeleton alone
    return [e.id for c in cands for e in _facts(gaz, c).rows]


@pytest.mark.parametrize("sentence,word", [
    ("Crowds told reporters to Follow the convoy to the border.", "Follow"),
    ("Residents of Entire streets fled the shelling, a monitor said.", "Entire"),
    ("Asked about the strikes, Biden told reporters nothing.", "Biden"),
    ("The brigade of Humeiri joined the offensive last spring.", "Humeiri"),
    ("The new batteries are meant to Deter further raids, he said.", "Deter"),
])
def test_no_curated_entry_is_kept_for_a_word_spelt_otherwise(small, sentence, word):
    """The entries a skeleton match ranks (whatever cues later say) hold no supplement place."""
    assert _kept(small, sentence, word) == []


@pytest.mark.parametrize("sentence,word,place_id", [
    ("Shells fell on Boleel and the farms around it.", "Boleel", "sy:bulayl"),
    ("Troops entered Kusair after a long siege.", "Kusair", "sy:qusayr"),
    ("Families returned to Hamoriyeh after the truce.", "Hamoriyeh", "sy:hamouriyah"),
])
def test_a_curated_entry_spelt_otherwise_is_kept(small, sentence, word, place_id):
    assert _kept(small, sentence, word) == [place_id]


@pytest.mark.parametrize("text,word", [
    ("Mohammed al-Humeiri, a commander in Damascus, was killed.", "al-Humeiri"),
    ("Residents in Hama spoke to Humeiri about the shelling.", "Humeiri"),
    ("Officials in Latakia met Biden and Humeiri on Monday.", "Humeiri"),
    ("The strikes were meant to Deter Iran in Syria, officials in Damascus said.", "Deter"),
])
def test_surnames_and_words_are_not_places(text, word):
    assert not [p for p in places(text) if p.text == word and p.known]


@pytest.mark.parametrize("text,surface,place_id", [
    ("Fighters shelled Boleel in the Deir ez-Zor countryside.", "Boleel", "sy:al-bulayl"),
    ("Shells hit Kusair and the farms west of Homs.", "Kusair", "sy:qusayr"),
    ("Clashes erupted in Deir Ezour on Monday.", "Deir Ezour", "sy:deir-ez-zor"),
])
def test_other_spellings_of_listed_places_still_resolve(text, surface, place_id):
    found = [p for p in places(text) if p.text == surface]
    assert found and found[0].place_id == place_id, [(p.text, p.place_id) for p in places(text)]


@pytest.mark.parametrize("text,word,kept", [
    ("A Haze of Smoke Hangs Over Damascus", "Haze", False),
    ("Residents of Hama woke to a thick Haze after the strikes.", "Haze", False),
    ("Shells hit Hazze and Eastern Ghouta overnight.", "Hazze", True),
    ("Rebels shelled Mare and Tal Rifaat north of Aleppo.", "Mare", True),
])
def test_a_silent_e_word_is_no_listed_place(text, word, kept):
    """"Haze" folds like Hazzeh; the listed "Mare'" (Marea) and "Hazze" keep their places."""
    assert bool([p for p in places(text) if p.text == word and p.known]) is kept


@pytest.mark.parametrize("text,word,kept", [
    ("Ahmed al-Kassab said the shelling of Latakia went on all night.", "al-Kassab", False),
    ("Omar al-Humeiri told reporters the road to Hama was cut.", "al-Humeiri", False),
    ("Rebels seized al-Bab after a week of fighting.", "al-Bab", True),
    ("Fighters pushed into Kassab, near the Turkish border in Latakia.", "Kassab", True),
])
def test_a_first_name_opening_the_sentence_makes_al_x_a_surname(text, word, kept):
    assert bool([p for p in places(text) if p.text == word and p.known]) is kept
