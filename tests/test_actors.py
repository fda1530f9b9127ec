import pytest

from frontwatch.extract.actors import SIDES, find_actors, load_registry, registry
from frontwatch.extract.tokens import tokenize


def actors_in(text: str) -> list[tuple[str, str, str]]:
    """(surface, canonical, side) of every actor mention in a hand-written text."""
    return [(m.text, m.actor, m.side) for m in find_actors(tokenize(text), "t", [0])]


@pytest.mark.parametrize("text,surface,canonical,side", [
    ("Assad's forces shelled the town.", "Assad's forces", "Syrian Arab Army", "government"),
    ("Regime forces pulled back overnight.", "Regime forces", "Syrian Arab Army", "government"),
    ("Fighters of Jabhat Fateh al-Sham moved in.", "Jabhat Fateh al-Sham", "Hayat Tahrir al-Sham", "opposition"),
    ("The al-Nusra Front denied it.", "al-Nusra Front", "Hayat Tahrir al-Sham", "opposition"),
    ("Daesh fighters fled east.", "Daesh fighters", "Islamic State", "isis"),
    ("The Turkish-backed Syrian National Army advanced.", "Turkish-backed Syrian National Army",
     "Syrian National Army", "opposition"),
    ("Kurdish forces kept two districts.", "Kurdish forces", "Syrian Democratic Forces", "sdf"),
    ("Russian jets struck twice.", "Russian jets", "Russia", "russia"),
    ("The Kremlin said nothing.", "The Kremlin", "Russia", "russia"),
    ("Israeli warplanes hit a depot.", "Israeli warplanes", "Israel", "israel"),
    ("The US-led coalition struck a bridge.", "US-led coalition", "US-led coalition", "other"),
    ("Pro-government militias joined them.", "Pro-government militias", "National Defence Forces", "government"),
    ("Iraqi forces closed the border.", "Iraqi forces", "Iraq", "other"),
    ("Afghan Shiite fighters held the hill.", "Afghan Shiite fighters", "Iran-backed militias", "government"),
    ("Government-allied militias set up checkpoints.", "Government-allied militias", "National Defence Forces",
     "government"),
    ("Russian mercenaries guarded the field.", "Russian mercenaries", "Russia", "russia"),
    ("The 5th Corps shelled the hill.", "5th Corps", "Syrian Arab Army", "government"),
    ("Liwa al-Quds fighters joined them.", "Liwa al-Quds", "National Defence Forces", "government"),
    ("The Syrian Liberation Front took the town.", "Syrian Liberation Front", "Syrian National Army", "opposition"),
    ("The Khalid ibn al-Walid Army held the valley.", "Khalid ibn al-Walid Army", "Islamic State", "isis"),
    ("TFSA fighters entered the village.", "TFSA", "Syrian National Army", "opposition"),
    # scraped pages that lost the apostrophe of a possessive
    ("Assads forces shelled the town.", "Assads forces", "Syrian Arab Army", "government"),
    ("Russias warplanes struck twice.", "Russias warplanes", "Russia", "russia"),
])
def test_actors_normalise_to_canonical_and_side(text, surface, canonical, side):
    assert (surface, canonical, side) in actors_in(text)


@pytest.mark.parametrize("text,surface,canonical", [
    ("The Free Syrian Army took the hill.", "Free Syrian Army", "Free Syrian Army"),   # not "army"
    ("Syrian Democratic Forces held out.", "Syrian Democratic Forces", "Syrian Democratic Forces"),
    ("The Syrian Coalition condemned it.", "Syrian Coalition", "Syrian opposition"),  # not "Syrian" + head
])
def test_actors_longest_match_wins(text, surface, canonical):
    found = actors_in(text)
    assert (surface, canonical) in [(s, c) for s, c, _ in found]
    assert len(found) == 1


@pytest.mark.parametrize("text,surface,side", [
    ("The IS militant group withdrew from the town overnight.", "IS militant group", "isis"),
    ("Hezbollah fighters crossed the border at dawn.", "Hezbollah fighters", None),
    ("Dozens of ISIL insurgents attacked the checkpoint.", "ISIL insurgents", "isis"),
])
def test_actors_generic_words_after_a_name_describe_it(text, surface, side):
    """'the IS militant group' is one mention of the Islamic State, not IS plus rebels beside it."""
    found = actors_in(text)
    assert len(found) == 1 and found[0][0] == surface
    assert found[0][2] != "opposition" and (side is None or found[0][2] == side)


@pytest.mark.parametrize("text,surface,canonical", [
    ("Turkish-led forces entered the village at dawn.", "Turkish-led forces", "Turkey"),
    ("Ankara-backed fighters shelled the road.", "Ankara-backed fighters", "Syrian National Army"),
    ("Pro-Turkish factions moved south.", "Pro-Turkish factions", "Syrian National Army"),
    ("Iranian-backed fighters held the ridge.", "Iranian-backed fighters", "Iran-backed militias"),
    ("Pro-Iranian militias reinforced the front.", "Pro-Iranian militias", "Iran-backed militias"),
    ("Russian-backed forces pushed north.", "Russian-backed forces", "Syrian Arab Army"),
    ("US-backed fighters closed in on the dam.", "US-backed fighters", "Syrian Democratic Forces"),
    ("HTS-led forces took the crossroads.", "HTS-led forces", "Hayat Tahrir al-Sham"),
    ("Rebel-led units shelled the base.", "Rebel-led units", "Syrian opposition"),
])
def test_actors_backers_name_the_forces_they_back_or_lead(text, surface, canonical):
    """'Turkish-backed fighters' are the forces Turkey backs (patrons.csv), 'Turkish-led forces'
    Turkey's own; before, both gave no actor at all."""
    assert (surface, canonical) in [(s, c) for s, c, _ in actors_in(text)]


@pytest.mark.parametrize("text", [
    "US-backed rebels attacked the checkpoint.",     # the southern rebels, not the SDF
    "The Saudi-backed bloc walked out of the talks.",
])
def test_actors_backers_without_a_listed_proxy_are_not_the_actor(text):
    """A backer with no proxy for the head (rebels) or none at all is not named as the actor."""
    found = actors_in(text)
    assert all(c not in {"Syrian Democratic Forces", "United States", "Saudi Arabia"} for _, c, _ in found)


@pytest.mark.parametrize("text,backer", [
    ("US-trained rebels attacked the checkpoint.", "United States"),
    ("Iran-funded militias held the crossroads.", "Iran"),
    ("Russia-armed units held the ridge.", "Russia"),
])
def test_actors_a_backer_before_trained_or_funded_is_not_the_actor(text, backer):
    assert backer not in [c for _, c, _ in actors_in(text)]


def test_actors_generic_words_apart_from_a_name_stay_generic():
    found = actors_in("ISIS attacked the town, and rebels fought back.")
    assert [s for _, _, s in found] == ["isis", "opposition"]


@pytest.mark.parametrize("text", [
    "It is what it is, and he told us so.",     # "IS" and "US" only in capitals
    "WHAT IS GOING ON IN THE NORTH",            # a shouted headline is not the Islamic State
])
def test_actors_capital_aliases_are_case_sensitive(text):
    assert actors_in(text) == []


def test_actors_militants_mean_isis_in_an_isis_story():
    text = "ISIS fighters held the town. Islamic State commanders fled. Militants then regrouped."
    assert ("Militants", "Islamic State", "isis") in actors_in(text)
    assert ("militants", "Syrian opposition", "opposition") in actors_in("Rebels and militants held the town.")


def test_actors_registry_is_consistent():
    reg = registry()
    assert len(reg.actors) > 30
    for actor in reg.actors.values():
        assert actor.side in SIDES
        assert actor.parent is None or actor.parent in reg.actors, actor


def test_actors_users_extend_the_registry(tmp_path):
    extra = tmp_path / "ukraine.csv"
    extra.write_text("# test registry\ncanonical,aliases,side,parent,kind,country,modifiers\n"
                     "Armed Forces of Ukraine,Ukrainian army|ZSU,other,,armed_forces,UA,Ukrainian\n", "utf-8")
    reg = load_registry([extra])
    assert reg.lookup("ZSU").canonical == "Armed Forces of Ukraine"
    assert reg.lookup("ukrainian troops").canonical == "Armed Forces of Ukraine"
    assert reg.lookup("SDF").side == "sdf"   # the built-in registry is still there


@pytest.mark.parametrize("name", ["002_65346490fb370843.txt", "003_9a4c1794715cee99.txt"])
def test_actors_on_real_articles(shared, analyse, name):
    text = (shared / "seeds" / name).read_text("utf-8")
    analysis = analyse(text)
    mentions = analysis["actors"]
    assert mentions
    for m in mentions:
        assert text[m.span.start:m.span.end] == m.text
        assert analysis["sentences"][m.span.sentence].start <= m.span.start
    sides = {m.side for m in mentions}
    assert {"government", "opposition"} <= sides
    assert "Hayat Tahrir al-Sham" in {m.actor for m in mentions}


def test_actors_wikipedia_names_keep_their_side(shared):
    folder = shared / "corpora" / "wikipedia-syria"
    files = sorted(folder.glob("*.md"))[:25]
    seen = {}
    for path in files:
        text = path.read_text("utf-8")
        for m in find_actors(tokenize(text), path.stem, [0]):
            assert text[m.span.start:m.span.end] == m.text
            seen.setdefault(m.actor, set()).add(m.side)
    assert len(seen) > 10
    assert all(len(sides) == 1 for name, sides in seen.items() if name != "Syrian opposition")


@pytest.mark.parametrize("ranges", [
    [(0, 2), (1, 3), (5, 6), (5, 6), (4, 8), (7, 9)],
    [(3, 4), (0, 5), (6, 7), (6, 8), (2, 3)],
    [],
])
def test_longest_first_is_spacys_filter_spans(ranges):
    """Actor matches are filtered on token ranges as spaCy's filter_spans filters Spans."""
    from spacy.util import filter_spans

    from frontwatch.extract.actors import _longest_first
    from frontwatch.extract.tokens import tokenize

    doc = tokenize("one two three four five six seven eight nine ten")
    expected = [(sp.start, sp.end) for sp in filter_spans([doc[s:e] for s, e in ranges])]
    assert _longest_first(ranges) == expected
