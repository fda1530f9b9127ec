"""Control statements that unseen articles phrase in ways the first rules missed: shares of a
place, held areas at its fringe or in apposition, former strongholds, holders named by one
word ("under government control"), sieges with modifiers, participle clauses, "re-took"."""
import pytest

from frontwatch.corpus import analyse_paths

from test_control import control_of


@pytest.mark.parametrize("text,places,expected", [
    # a share of a place is still that place
    ("By June the SDF controlled around 55% of Tabqa.", ["Tabqa"], ("sdf", "holds", "Tabqa")),
    ("The army captured at least half of the Sukkari district.", ["Sukkari"], ("government", "captured", "Sukkari")),
    ("Kurdish fighters took part of the town of Tell Tamer.", ["Tell Tamer"], ("sdf", "captured", "Tell Tamer")),
    # compounds on unnamed parts of a place
    ("Shells hit the rebel-held part of Aleppo.", ["Aleppo"], ("opposition", "holds", "Aleppo")),
    ("Jets struck the rebel-held east of Aleppo overnight.", ["Aleppo"], ("opposition", "holds", "Aleppo")),
    ("A bus waited in a government-held area on Hama's outskirts.", ["Hama"], ("government", "holds", "Hama")),
    ("A clinic in a rebel-held zone in Syria's Idlib province was hit.", ["Idlib province"],
     ("opposition", "holds", "Idlib province")),
    ("Troops shelled Zabadani, the last rebel-controlled town in the area.", ["Zabadani"], ("opposition", "holds", "Zabadani")),
    ("Buses took the fighters to Idlib, a rebel-held area.", ["Idlib"], ("opposition", "holds", "Idlib")),
    ("Jets struck Douma the besieged rebel-held town east of Damascus.", ["Douma", "Damascus"],
     ("opposition", "holds", "Douma")),
    ("Jets hit Raqqa, the ISIS-controlled province, again.", ["Raqqa"], ("isis", "holds", "Raqqa")),
    ("Jets bombed territory controlled by ISIS in eastern Hama.", ["Hama"], ("isis", "holds", "Hama")),
    # a holder named by one word before "control"/"hands"
    ("Most of Deir ez-Zor is under government control.", ["Deir ez-Zor"], ("government", "holds", "Deir ez-Zor")),
    ("Parts of Qamishli remain in regime hands.", ["Qamishli"], ("government", "holds", "Qamishli")),
    # a stronghold held no more is a loss
    ("Jets struck the Islamic State group's former stronghold of Raqqa.", ["Raqqa"], ("isis", "lost", "Raqqa")),
    ("Ariha, once a government stronghold, was hit again.", ["Ariha"], ("government", "lost", "Ariha")),
    ("Shells fell on formerly rebel-held Daraya.", ["Daraya"], ("opposition", "lost", "Daraya")),
    # sieges with modifiers, and the besieger after "by"
    ("Douma has been under a crippling regime siege since 2013.", ["Douma"], ("government", "besieged", "Douma")),
    ("The siege by government forces on Madaya continued.", ["Madaya"], ("government", "besieged", "Madaya")),
    ("Civilians starved after ISIS tightened the siege on Mayadin.", ["Mayadin"], ("isis", "besieged", "Mayadin")),
    ("The road leads to IS's de facto capital of Raqqa.", ["Raqqa"], ("isis", "holds", "Raqqa")),
    # narrative captures
    ("After seizing Tabqa, ISIS fighters moved west.", ["Tabqa"], ("isis", "captured", "Tabqa")),
    ("In May, government troops re-took control of the town of Otaiba.", ["Otaiba"], ("government", "captured", "Otaiba")),
    ("ISIS captured grain silos near Arak as well as the village of Jazal.", ["Arak", "Jazal"], ("isis", "captured", "Jazal")),
    ("A strike hit the Ramouseh area recently seized by rebels from government forces.", ["Ramouseh"],
     ("opposition", "captured", "Ramouseh")),
])
def test_control_recall_patterns(text, places, expected):
    rows = control_of(text, places)
    assert expected in rows, rows


@pytest.mark.parametrize("text,places,forbidden", [
    ("The opposition bastion east of Homs was bombed.", ["Homs"], "holds"),        # a landmark, not the bastion
    ("Soldiers died next to the occupied part of the Golan.", ["Golan"], "captured"),  # an adjective
    ("Ankara will not let Azaz fall if the group attempts to retake the town.", ["Azaz"], "contested"),
    ("ISIS fighters held Palmyra until March.", ["Palmyra"], "lost"),              # "until": no loss stated
    ("The SDF captured eight villages south of Manbij.", ["Manbij"], "captured"),  # unnamed villages beside it
    ("Rebels hold areas near the outskirts of Hama.", ["Hama"], "holds"),
    ("Residents hoped to secure the release of prisoners in Homs.", ["Homs"], "captured"),
    ("Rebels managed to break the siege on Aleppo.", ["Aleppo"], "besieged"),      # the siege ends
    ("Rockets fired from an ISIS-held area in Syria hit the border town of Kilis.", ["Kilis"], "holds"),
    ("Soldiers fled from the captured Division 17 base near Raqqa.", ["Raqqa"], "captured"),
])
def test_control_recall_patterns_keep_precision(text, places, forbidden):
    rows = control_of(text, places)
    assert not [r for r in rows if r[1] == forbidden], rows


def _fakes_with(shared, needle: str, limit: int = 4):
    found = []
    for path in sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt")):
        if needle in path.read_text("utf-8", errors="replace"):
            found.append(path)
        if len(found) >= limit:
            break
    return found


@pytest.mark.parametrize("needle,side", [("rebel-held east of Aleppo", "opposition"), ("'s de facto capital", "isis")])
def test_control_recall_on_real_articles(shared, needle, side):
    """Real articles with the phrase get a holding by the side it names."""
    paths = _fakes_with(shared, needle)
    assert paths, "the corpus has such articles"
    result = analyse_paths([str(p) for p in paths])
    for analysis in result.analyses.values():
        rows = analysis.layers.get("control") or []
        assert any(r.side == side and r.change == "holds" for r in rows), analysis.doc.id
