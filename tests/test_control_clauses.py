"""Control stated across clauses: passives whose agent comes late or only from the narrative,
relative clauses ("X, which Y captured"; "Y, which seized X"), coordinated actors ("A and B
seized X", "under the joint control of A and B"), fights "for control of" a place, forced
withdrawals, owners before a place ("its Raqqa bastion") and launched operations."""
import pytest

from frontwatch.corpus import analyse_paths

from test_control import control_of


@pytest.mark.parametrize("text,places,expected", [
    # a fight for control, not a holding
    ("Heavy clashes between rebels and regime forces for control of Talbiseh went on.", ["Talbiseh"],
     ("opposition", "contested", "Talbiseh")),
    ("The army launched its offensive on Tabqa at dawn.", ["Tabqa"], ("government", "contested", "Tabqa")),
    ("The SDF has launched its campaign for Raqqa.", ["Raqqa"], ("sdf", "contested", "Raqqa")),
    ("Gunfights broke out between rebels and border guards at Bab al-Hawa.", ["Bab al-Hawa"],
     ("opposition", "contested", "Bab al-Hawa")),
    # forced out
    ("The rebels were forced to withdraw from Qusayr.", ["Qusayr"], ("opposition", "withdrew", "Qusayr")),
    ("The army was forced to pull out of Ariha.", ["Ariha"], ("government", "withdrew", "Ariha")),
    # passives: agent after a time adjunct, or the captor of the paragraph's last sentences
    ("Khanasir was retaken on 25 February by the army.", ["Khanasir"], ("government", "captured", "Khanasir")),
    ("The army stormed Morek on Monday. The nearby town of Souran was captured on Tuesday.",
     ["Morek", "Souran"], ("government", "captured", "Souran")),
    ("ISIS launched an assault on Kobani. Two days later the town of Kobani was seized.", ["Kobani"],
     ("isis", "captured", "Kobani")),
    # relative clauses
    ("Shells fell near Tabqa, which Kurdish forces captured in May.", ["Tabqa"], ("sdf", "captured", "Tabqa")),
    ("Jets hit Fuaa, which rebels have besieged for a year.", ["Fuaa"], ("opposition", "besieged", "Fuaa")),
    ("The SDF aims to drive out ISIS, which seized Raqqa in 2014.", ["Raqqa"], ("isis", "captured", "Raqqa")),
    ("Jets struck Ratyan north of Aleppo, which regime forces entered on Tuesday.", ["Ratyan", "Aleppo"],
     ("government", "captured", "Ratyan")),
    # leaving a place: evacuated, abandoned, in the active or the passive
    ("The Damascus suburb of Daraya was evacuated by rebels after a tough siege.", ["Daraya"],
     ("opposition", "withdrew", "Daraya")),
    ("ISIS fighters abandoned the town of Manbij overnight.", ["Manbij"], ("isis", "withdrew", "Manbij")),
    # a holding stated as such stays beside the capture that ended it
    ("Talbiseh was in rebel hands until the army recaptured the town in May.", ["Talbiseh"],
     ("opposition", "holds", "Talbiseh")),
    ("Madaya has been subjected to a blockade by government forces since July.", ["Madaya"],
     ("government", "besieged", "Madaya")),
    # coordinated actors: each side did it
    ("Turkish troops and the rebels captured Jarabulus.", ["Jarabulus"], ("opposition", "captured", "Jarabulus")),
    ("Turkish troops and the rebels captured Jarabulus.", ["Jarabulus"], ("turkey", "captured", "Jarabulus")),
    ("Hasakah is under the joint control of the regime and Kurdish forces.", ["Hasakah"], ("sdf", "holds", "Hasakah")),
    ("Hasakah is under the joint control of the regime and Kurdish forces.", ["Hasakah"],
     ("government", "holds", "Hasakah")),
    # holding stated with "in control of" after a copula, or with the owner before the place
    ("Rebel forces were in control of Jubbayn by nightfall.", ["Jubbayn"], ("opposition", "holds", "Jubbayn")),
    ("Jets struck ISIS's Mayadin stronghold.", ["Mayadin"], ("isis", "holds", "Mayadin")),
    ("Soldiers took hold of the village of Tal Saman.", ["Tal Saman"], ("government", "captured", "Tal Saman")),
    ("ISIS was pushed back, with Kurdish forces having retaken Tal Tamr.", ["Tal Tamr"], ("sdf", "captured", "Tal Tamr")),
    # a group named after a place fights in a place named on its own
    ("Jabhat Thuwar Binnish clashed with ISIS in Binnish.", ["Binnish"], ("isis", "contested", "Binnish")),
])
def test_clause_patterns(text, places, expected):
    rows = control_of(text, places)
    assert expected in rows, rows


@pytest.mark.parametrize("text,places,forbidden", [
    # "for control of" is a fight: neither side holds the place
    ("Fighting between rebels and regime forces for control of Talbiseh went on.", ["Talbiseh"], "holds"),
    # a plan after "to" is no passive: nobody captured anything
    ("Its goal was to take Saraqib within a week.", ["Saraqib"], "captured"),
    # people from a place are not the place
    ("The army stormed Morek. Dozens of soldiers from Souran were captured.", ["Morek", "Souran"], "captured"),
    # a paragraph break ends the narrative: no agent is carried over
    ("The army stormed Morek on Monday.\n\nSouran was captured on Tuesday.", ["Morek", "Souran"], "captured"),
    # the relative clause is about an unnamed base in the place, not the place
    ("A jet crashed near a base in Kweires, which ISIS had besieged for a year.", ["Kweires"], "besieged"),
    ("Buses left Homs and areas around Hama that the army has retaken.", ["Homs", "Hama"], "captured"),
    # a place inside an armed group's name is not a place the group takes
    ("Clashes broke out between Jabhat Thuwar Binnish and ISIS fighters.", ["Binnish"], "contested"),
    ("ISIS attacked the Tabqa Military Council.", ["Tabqa"], "contested"),
    ("Heavy fighting raged between ISIS and the Tabqa Revolutionaries Brigade.", ["Tabqa"], "contested"),
    # people evacuated from a place, or in it, are no withdrawal from it
    ("The army evacuated civilians from Aleppo.", ["Aleppo"], "withdrew"),
    ("In Aleppo, civilians were evacuated by the army.", ["Aleppo"], "withdrew"),
    ("The Red Cross evacuated wounded people from Homs.", ["Homs"], "withdrew"),
])
def test_clause_patterns_keep_precision(text, places, forbidden):
    rows = control_of(text, places)
    if forbidden == "captured" and "Morek" in places:
        rows = [r for r in rows if r[2] != "Morek"]
    assert not [r for r in rows if r[1] == forbidden], rows


def test_respectively_pairs_each_holder_with_one_place():
    rows = control_of("Troops entered via Jarablus and Azaz, areas held by ISIS and the rebels respectively.",
                      ["Jarablus", "Azaz"])
    assert ("opposition", "holds", "Jarablus") not in rows, rows


def _fakes_with(shared, needle: str, limit: int = 2):
    paths = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))
    return [p for p in paths if needle in p.read_text("utf-8", errors="replace")][:limit]


@pytest.mark.parametrize("needle,place,expected", [
    ("under the shared control of", "Qamishli", {("government", "holds"), ("sdf", "holds")}),
    ("Assads forces have besieged", "Eastern Ghouta", {("government", "besieged")}),
    ("for control of Manbij", "Manbij", {("isis", "contested")}),
])
def test_clause_patterns_on_real_articles(shared, needle, place, expected):
    """Real articles with the phrase get the rows it states (each holder of a shared place; a
    fight, not a holding, for a place fought over)."""
    paths = _fakes_with(shared, needle)
    assert paths, "the corpus has such articles"
    for analysis in analyse_paths([str(p) for p in paths]).analyses.values():
        rows = {(r.side, r.change) for r in analysis.layers.get("control") or [] if r.place.text == place}
        assert expected <= rows, (analysis.doc.id, rows)
