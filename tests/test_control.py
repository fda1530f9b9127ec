import importlib.util
import json

import pytest

from frontwatch.corpus import analyse_paths
from frontwatch.export.evaluation import evaluation_export
from frontwatch.extract.actors import actors_stage
from frontwatch.extract.control import find_control, merge_statements
from frontwatch.extract.sentences import sentence_at, sentences_stage
from frontwatch.extract.tokens import tokens_stage
from frontwatch.pipeline import Analysis
from frontwatch.records import Claim, Document, PlaceMention, Span

LEVELS = {"Hama": "city", "Idlib": "city", "Aleppo": "city"}   # everything else: a town


def control_of(text: str, places: list[str], published: str | None = None, claims=()) -> list[tuple]:
    """Control rows of a hand-written text whose places are given (the places layer is not under test)."""
    a = Analysis(Document(id="t", text=text, published=published))
    for st in (sentences_stage, tokens_stage, actors_stage):
        a.layers[st.stage.produces] = st(a)
    mentions = []
    for name in places:
        start = text.find(name)
        while start >= 0:
            sent = sentence_at(a["sentences"], start).index
            mentions.append(PlaceMention(Span("t", start, start + len(name), sent), name, name, 35.0, 37.0,
                                         LEVELS.get(name, "town"), "SY", f"test:{name}"))
            start = text.find(name, start + 1)
    a.layers.update(places=sorted(mentions, key=lambda p: p.span.start), claims=list(claims), times=[])
    return [(c.side, c.change, c.place.name) for c in find_control(a)]


@pytest.mark.parametrize("text,places,expected", [
    ("Rebels seized the town of Kafrnabl on Tuesday.", ["Kafrnabl"], ("opposition", "captured", "Kafrnabl")),
    ("Jisr al-Shughur fell to the rebels after a week.", ["Jisr al-Shughur"], ("opposition", "captured", "Jisr al-Shughur")),
    ("Shells hit the rebel-held town of Saraqib.", ["Saraqib"], ("opposition", "holds", "Saraqib")),
    ("Kurdish fighters have besieged Tabqa for days.", ["Tabqa"], ("sdf", "besieged", "Tabqa")),
    ("Troops withdrew from Tadmur overnight.", ["Tadmur"], ("government", "withdrew", "Tadmur")),
    ("ISIS militants are fighting for control of Mayadin.", ["Mayadin"], ("isis", "contested", "Mayadin")),
    ("The army is trying to capture Daraya.", ["Daraya"], ("government", "contested", "Daraya")),
    ("Artillery hit the regime's stronghold in Qardaha.", ["Qardaha"], ("government", "holds", "Qardaha")),
    ("Traffic resumed in Binnish, now in rebel hands.", ["Binnish"], ("opposition", "holds", "Binnish")),
    ("Talks on the future of Idlib were held in Geneva.", ["Idlib", "Geneva"], None),
    ("The Free Syrian Army made gains. It captured Azaz on Sunday.", ["Azaz"], ("opposition", "captured", "Azaz")),
    ("The army advanced from the south, capturing the town of Qusayr.", ["Qusayr"], ("government", "captured", "Qusayr")),
    ("The offensive cost the regime control of Khan Shaykhun.", ["Khan Shaykhun"], ("government", "lost", "Khan Shaykhun")),
])
def test_control_reads_each_kind_of_statement(text, places, expected):
    rows = control_of(text, places)
    assert (rows == []) if expected is None else (expected in rows), rows


def test_control_reads_object_lists_but_not_landmarks():
    rows = control_of("Government forces recaptured Tadmur and the nearby village of Arak near Homs.",
                      ["Tadmur", "Arak", "Homs"])
    assert ("government", "captured", "Tadmur") in rows and ("government", "captured", "Arak") in rows
    assert not any(r[2] == "Homs" for r in rows)
    assert control_of("Rebels captured villages near Hama.", ["Hama"]) == []


def test_control_passive_appositive_keeps_the_head_place():
    rows = control_of("Aid reached Madaya, a town near Zabadani besieged by government forces.", ["Madaya", "Zabadani"])
    assert rows == [("government", "besieged", "Madaya")]


@pytest.mark.parametrize("text", [
    "Rebels did not capture Harem.",
    "ISIS fighters were encircled in Manbij.",    # the besieged are not the besiegers
    "Rebels hope to hold and control Homs one day.",
    "Rebels fired a rocket attack on Homs.",        # a strike, an event: not a fight for Homs
])
def test_control_negations_passives_plans_and_strikes_state_no_holding(text):
    assert not [r for r in control_of(text, ["Harem", "Manbij", "Homs"]) if r[1] != "lost"]


def test_control_denial_is_kept_on_the_fact_it_denies():
    a_rows = control_of("Rebels captured Morek on Monday. The army denied losing Morek.", ["Morek"])
    assert a_rows == [("opposition", "captured", "Morek")]
    text = "The army denied losing Morek."
    a = Analysis(Document(id="t", text=text))
    for st in (sentences_stage, tokens_stage, actors_stage):
        a.layers[st.stage.produces] = st(a)
    start = text.index("Morek")
    a.layers.update(places=[PlaceMention(Span("t", start, start + 5, 0), "Morek", "Morek", 35.3, 36.7, "town")],
                    claims=[], times=[])
    (row,) = find_control(a)
    assert (row.side, row.change, row.denied_by) == ("government", "lost", "Syrian Arab Army")
    assert text[row.span.start:row.span.end].startswith("army denied losing Morek") or row.span.start <= start


def test_control_claim_speaker_is_the_source():
    text = "Rebels captured Kafr Nabl, activists said."
    claim = Claim(Span("t", 0, len(text), 0), "activists", "Rebels captured Kafr Nabl")
    a = Analysis(Document(id="t", text=text))
    for st in (sentences_stage, tokens_stage, actors_stage):
        a.layers[st.stage.produces] = st(a)
    a.layers.update(places=[PlaceMention(Span("t", 16, 25, 0), "Kafr Nabl", "Kafr Nabl", 35.6, 36.6, "town")],
                    claims=[claim], times=[])
    (row,) = find_control(a)
    assert row.source == "activists"


def test_control_past_year_is_the_statement_date():
    text = "Aleppo fell to government forces in 2016."
    a = Analysis(Document(id="t", text=text, published="2024-12-01"))
    for st in (sentences_stage, tokens_stage, actors_stage):
        a.layers[st.stage.produces] = st(a)
    a.layers.update(places=[PlaceMention(Span("t", 0, 6, 0), "Aleppo", "Aleppo", 36.2, 37.16, "city")],
                    claims=[], times=[])
    (row,) = find_control(a)
    assert (row.side, row.change, row.date, row.date_precision) == ("government", "captured", "2016", "year")


def test_control_merge_folds_mirror_statements():
    rows = control_of("Rebels captured Morek. The government lost Morek. Rebels hold Morek.", ["Morek"])
    assert rows == [("opposition", "captured", "Morek")]
    assert merge_statements([]) == []


def _score_module(shared):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_control_dev_gold_f1(shared, tmp_path):
    """The issue's gate: dev gold control F1 >= 0.75 (the rows also depend on the places layer)."""
    result = analyse_paths([str(shared / "seeds"), str(shared / "eval" / "dev" / "articles")])
    export = evaluation_export(result)
    for row in export["control"]:
        doc = result.analyses[row["doc"]].doc
        assert doc.text[row["start"]:row["end"]]
    gold = json.loads((shared / "eval" / "dev" / "gold.json").read_text("utf-8"))
    # control rows are scored from the documents and control rows alone: leaving the other
    # layers out gives the same control score without matching every place and claim (~1 s)
    rows = {"documents": export["documents"], "control": export["control"]}
    report = _score_module(shared).score(gold, json.loads(json.dumps(rows, default=str)))
    assert report["control"]["f1"] >= 0.75, report["control"]


# --- generalisation: past, nominal, copular and anaphoric statements; plans; sides; merging ---

@pytest.mark.parametrize("text,places,expected", [
    ("Rebels captured Jisr al-Shughur in May. Troops retook full control of the city later.",
     ["Jisr al-Shughur"], ("government", "captured", "Jisr al-Shughur")),
    ("Hama is a bastion of the opposition, residents say.", ["Hama"], ("opposition", "holds", "Hama")),
    ("Daraa is partially controlled by the Free Syrian Army.", ["Daraa"], ("opposition", "holds", "Daraa")),
    ("Shells fell on rebel-held eastern Aleppo overnight.", ["Aleppo"], ("opposition", "holds", "Aleppo")),
    ("The SDF push resulted in the capture of Tabqa on 10 May.", ["Tabqa"], ("sdf", "captured", "Tabqa")),
    ("The town of Ariha was quiet in spring. The town was captured by rebels in May.",
     ["Ariha"], ("opposition", "captured", "Ariha")),
    ("Insurgents took the strategically located town of Saraqib.", ["Saraqib"], ("opposition", "captured", "Saraqib")),
    ("The SDF launched an offensive against ISIS in Tabqa.", ["Tabqa"], ("sdf", "contested", "Tabqa")),
    ("The SDF backed by jets from a US-led coalition began an assault on Manbij.", ["Manbij"],
     ("sdf", "contested", "Manbij")),
    ("The army launched an offensive to capture Saraqib.", ["Saraqib"], ("government", "contested", "Saraqib")),
])
def test_control_reads_past_nominal_copular_and_anaphoric_statements(text, places, expected):
    assert expected in control_of(text, places), control_of(text, places)


@pytest.mark.parametrize("text,places,forbidden", [
    ("The SDF said the move was meant to block any advance on Raqqa by the army.", ["Raqqa"], "government"),
    ("ISIS fighters held Palmyra until March.", ["Palmyra"], "isis"),
    ("The army regained several villages in Hama.", ["Hama"], "government"),
    ("All land along the Euphrates was captured by the army.", ["Euphrates"], "government"),
    ("Three anti-ISIS offensives were under way near Mosul.", ["Mosul"], "isis"),
    ("Buses carrying rebels headed toward rebel-held Idlib.", ["Idlib"], "contested"),
    ("Turkish troops prepared for an attack on Jarablus.", ["Jarablus"], "turkey"),
    ("Troops cleared the city and the surrounding countryside, including the area near Morek.", ["Morek"], "besieged"),
    ("The army moved to stop the rebels, preventing them from extending their control over Morek.", ["Morek"], "holds"),
    ("Fighters took part in the battle for Kobani.", ["Kobani"], "captured"),
    ("A US-backed alliance of local fighters has been encircling Manbij.", ["Manbij"], "other"),
    ("Jets struck near the militants' Syrian bastion Raqqa.", ["Raqqa"], "government"),
])
def test_control_plans_former_holdings_landmarks_and_other_sides_state_nothing(text, places, forbidden):
    rows = control_of(text, places)
    assert not [r for r in rows if forbidden in (r[0], r[1])], rows


def test_control_capture_of_a_held_place_drops_the_old_holding():
    rows = control_of("Regime forces seized rebel-held Baba Amr after a month.", ["Baba Amr"])
    assert rows == [("government", "captured", "Baba Amr")]


def test_control_one_fight_row_per_place_for_attacker_and_target():
    rows = control_of("The SDF began an assault on Tabqa while ISIS fighters battled the SDF in Tabqa.", ["Tabqa"])
    assert [r for r in rows if r[1] == "contested"] == [("sdf", "contested", "Tabqa")]


def test_control_anaphor_resolves_to_the_place_of_its_kind():
    rows = control_of("ISIS attacked the Tiyas airbase near Palmyra. The army recaptured the city.",
                      ["Palmyra", "Tiyas airbase"])
    assert ("government", "captured", "Palmyra") in rows
    assert not any(r[2] == "Tiyas airbase" and r[1] == "captured" for r in rows)


@pytest.mark.parametrize("name", ["2016_khanasir_offensive.md", "battle_of_tabqa.md"])
def test_control_battle_narratives_keep_the_attacker_side(shared, name):
    """On real battle narratives every row names a side and no row says a group took a place
    'to capture' it (a plan) unless the text also states the capture elsewhere."""
    path = shared / "corpora" / "wikipedia-syria" / name
    result = analyse_paths([str(path)])
    rows = [r for a in result.analyses.values() for r in a.layers.get("control") or []]
    assert rows and all(r.side for r in rows)
    keys = [(r.side, FAMILY_OF[r.change], r.place.place_id or r.place.name, r.date if r.date_precision in ("year", "month") else None)
            for r in rows]
    assert len(keys) == len(set(keys)), "duplicate rows inside one article"


FAMILY_OF = {"captured": "gain", "holds": "gain", "lost": "loss", "withdrew": "loss",
             "contested": "fight", "besieged": "fight"}


# --- nouns of gain, anaphoric actors, seats in apposition (held-out recall patterns) ----------

@pytest.mark.parametrize("text,places,expected", [
    ("The insurgents' gains include the villages of Tell Ghazal and Kafr Luha.", ["Tell Ghazal", "Kafr Luha"],
     [("opposition", "captured", "Tell Ghazal"), ("opposition", "captured", "Kafr Luha")]),
    ("Kurdish fighters made gains in Tell Tamer overnight.", ["Tell Tamer"], [("sdf", "captured", "Tell Tamer")]),
    ("The loss was felt after the fall of Busra to the rebels.", ["Busra"], [("opposition", "captured", "Busra")]),
    ("Officials hailed the recapture of Qaryatayn by government troops.", ["Qaryatayn"], [("government", "captured", "Qaryatayn")]),
    ("The Islamic State attacked a checkpoint. The group later seized Sukhnah.", ["Sukhnah"], [("isis", "captured", "Sukhnah")]),
    ("Ankara launched an operation in August. The operation has so far taken Jarablus.", ["Jarablus"],
     [("turkey", "captured", "Jarablus")]),
    ("The SDF began an offensive in May. Progress was slow. The offensive captured Tabqa.", ["Tabqa"],
     [("sdf", "captured", "Tabqa")]),
    ("Jets bombed Mayadin, a key ISIS stronghold in the east.", ["Mayadin"], [("isis", "holds", "Mayadin")]),
    ("Raqqa, the self-declared capital of ISIS, was quiet.", ["Raqqa"], [("isis", "holds", "Raqqa")]),
    ("The rebels pushed into Morek at dawn.", ["Morek"], [("opposition", "contested", "Morek")]),
    ("The brief seizure of Tell Rifaat was part of an army offensive.", ["Tell Rifaat"],
     [("government", "captured", "Tell Rifaat")]),
    ("The SDF launched a campaign aimed at the liberation of Tabqa.", ["Tabqa"], [("sdf", "contested", "Tabqa")]),
])
def test_control_reads_nouns_of_gain_and_anaphoric_actors(text, places, expected):
    rows = control_of(text, places)
    assert all(e in rows for e in expected), rows


@pytest.mark.parametrize("text,places,forbidden", [
    ("The fall of Kobani to ISIS would be a disaster.", ["Kobani"], ("isis", "captured", "Kobani")),
    ("Jets struck ISIS fighting positions near Hajin.", ["Hajin"], ("isis", "contested", "Hajin")),
    ("The fall of Darayya, a rebel bastion, shocked many.", ["Darayya"], ("opposition", "captured", "Darayya")),
    ("The offensive led to the capture of Atareb.", ["Atareb"], ("other", "contested", "Atareb")),
    ("The monitoring group said the army entered Harasta.", ["Harasta"], ("other", "captured", "Harasta")),
])
def test_control_imagined_gains_modifiers_and_owners_state_no_capture(text, places, forbidden):
    assert forbidden not in control_of(text, places)


def _sentences_with(shared, pattern: str, limit: int):
    import re
    rx = re.compile(pattern)
    found = []
    for path in sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt")):
        text = path.read_text("utf-8", errors="replace")
        if rx.search(text):
            found.append(path)
        if len(found) >= limit:
            break
    return found


def test_control_de_facto_capital_on_real_articles(shared):
    """Real articles calling a city the Islamic State's de facto capital get an ISIS holding there."""
    paths = _sentences_with(shared, r"de facto capital of (?:ISIS|ISIL|Daesh|DAESH|IS)\b", 3)
    assert paths, "the corpus has such articles"
    result = analyse_paths([str(p) for p in paths])
    for analysis in result.analyses.values():
        rows = analysis.layers.get("control") or []
        assert any(r.side == "isis" and r.change == "holds" for r in rows), analysis.doc.id


def test_control_the_group_seized_on_real_narratives(shared):
    """'The group captured/seized X' in battle narratives names the group in focus, a warring side."""
    names = ["palmyra_offensive_(december_2016).md", "deir_ez-zor_offensive_(january–february_2017).md"]
    result = analyse_paths([str(shared / "corpora" / "wikipedia-syria" / n) for n in names])
    rows = [r for a in result.analyses.values() for r in a.layers.get("control") or []]
    sentences = {(a.doc.id, i): s.text for a in result.analyses.values() for i, s in enumerate(a.layers["sentences"])}
    gains = [r for r in rows if r.change == "captured" and sentences[(r.span.doc_id, r.span.sentence)].startswith("The group")]
    assert gains and all(r.side == "isis" for r in gains), [(r.side, r.place.name) for r in gains]
