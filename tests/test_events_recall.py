"""Events recall: places listed side by side, occurrences told on other days or months, "the
town" as the subject of a passive, narratives whose latest date is an aftermath, and the
infinitives and far-off places that are no occurrence at all.

Hand-written sentences use the small gazetteer of test_events (upstream layers built by hand);
the last tests run the whole pipeline on real pages from ../shared.
"""
from __future__ import annotations

import pytest

from frontwatch.extract.events.merging import compatible_days
from frontwatch.extract.events.triggers import introduced
from frontwatch.extract.tokens import nlp
from test_events import run, summary, when


@pytest.mark.parametrize("text,expected", [
    # Saraqib lies ~17 km from Idlib city: listed side by side, each is a target of its own
    ("Jets struck Kafr Nabl, Saraqib and Idlib on Sunday.",
     {("airstrike", "Kafr Nabl"), ("airstrike", "Saraqib"), ("airstrike", "Idlib")}),
    ("Warplanes carried out raids on Douma and Damascus.", {("airstrike", "Douma"), ("airstrike", "Damascus")}),
    ("Government forces captured the towns of Saraqib and Kafr Nabl.",
     {("capture", "Saraqib"), ("capture", "Kafr Nabl")}),
    # a list far from its trigger is still held by it
    ("Rebel shells fell on Sunday morning, after a night of calm, on the crowded residential "
     "neighbourhoods and busy markets of the towns of Kafr Nabl, Saraqib, Idlib and Hama.",
     {("shelling", "Kafr Nabl"), ("shelling", "Saraqib"), ("shelling", "Idlib"), ("shelling", "Hama")}),
    # no conjunction: the city only says where the town lies
    ("Jets struck Saraqib, Idlib province.", {("airstrike", "Saraqib")}),
    # "in" a coarser place is still a qualifier
    ("Jets struck Saraqib in Idlib province.", {("airstrike", "Saraqib")}),
])
def test_events_each_listed_place_is_an_event(text, expected):
    assert summary(run(text)) == expected


@pytest.mark.parametrize("text,expected", [
    ("The bomber blew himself up late on Monday in Saraqib.", {("explosion", "Saraqib")}),
    ("Two suicide bombers blew themselves up in Idlib on Friday.", {("explosion", "Idlib")}),
    ("A motorcycle bomber killed 16 people outside a bakery in Hama.", {("explosion", "Hama")}),
    ("A truck bomb attack hit a checkpoint in Kafr Nabl.", {("explosion", "Kafr Nabl")}),
    ("A man wearing an explosive belt struck a wedding hall in Saraqib.", {("explosion", "Saraqib")}),
    # bombers with aircraft about them are planes
    ("Russian bombers and jets pounded Saraqib.", {("airstrike", "Saraqib")}),
])
def test_events_suicide_and_vehicle_bombings_are_explosions(text, expected):
    assert summary(run(text)) == expected


def test_events_a_list_of_origins_stays_origins():
    text = "Rebels attacked Hama with fighters from the towns of Saraqib, Kafr Nabl and Idlib."
    assert summary(run(text)) == {("clash", "Hama")}


@pytest.mark.parametrize("text,trigger,definite,fresh", [
    ("the deadly blast", "blast", True, 0),
    ("Jets supported the rebels in the battle by bombing positions", "bombing", False, 0),
    ("The rebels took the town", "took", False, 0),
    ("The town was initially targeted", "targeted", False, 0),
    ("Another hospital was hit on Tuesday", "hit", False, 2),
    ("another strike", "strike", False, 2),
])
def test_events_how_a_trigger_is_introduced(text, trigger, definite, fresh):
    doc = nlp().make_doc(text)
    i = next(t.i for t in doc if t.text == trigger)
    assert introduced(doc, doc[i:i + 1]) == (definite, fresh)


@pytest.mark.parametrize("a,b,same", [
    ("month:2016-08", "2016-08-15", True),
    ("2016-08-15", "month:2016-08", True),
    ("year:2016", "month:2016-08", True),
    ("month:2016-07", "2016-08-15", False),
    ("year:2014", "2017-10-17", False),
    ("2016-08-15", "2016-08-16", False),
    ("next:3", "month:2016-08", False),
])
def test_events_days_that_can_name_one_occurrence(a, b, same):
    assert compatible_days(a, b) is same


def test_events_a_capture_told_in_another_month_is_another_capture():
    text = "In June, rebels captured Saraqib. On 3 August, the army recaptured Saraqib."
    times = [when("June", "2016-06", "month"), when("3 August", "2016-08-03")]
    assert len(run(text, published=None, times=times)) == 2


def test_events_a_month_and_a_day_inside_it_can_be_one_occurrence():
    text = "In August, rebels captured Saraqib. On 3 August, rebels captured Saraqib."
    times = [when("August", "2016-08", "month"), when("3 August", "2016-08-03")]
    assert len(run(text, published=None, times=times)) == 1


@pytest.mark.parametrize("text,expected", [
    ("Rebels advanced on Saraqib. The town came under heavy shelling.",
     {("clash", "Saraqib"), ("shelling", "Saraqib")}),
    ("Troops massed near Kafr Nabl. The town was initially targeted by artillery.",
     {("shelling", "Kafr Nabl")}),
])
def test_events_the_town_as_subject_of_a_passive(text, expected):
    assert summary(run(text)) == expected


@pytest.mark.parametrize("text,expected", [
    ("The rebels were in a good position to shell Douma.", set()),
    ("The army sent reinforcements in preparation to storm Saraqib.", set()),
    ("Rebels began to shell Douma on Monday.", {("shelling", "Douma")}),
    ("Civilians were exposed to shelling in Douma.", {("shelling", "Douma")}),
])
def test_events_an_infinitive_is_aimed_at(text, expected):
    assert summary(run(text)) == expected


@pytest.mark.parametrize("text", [
    "Rebels seized six villages in a counter-attack near Manbij.",
    "Jets struck the hilltops near Manbij.",
])
def test_events_unnamed_places_near_a_named_one(text):
    assert run(text) == []


def test_events_an_undated_narrative_is_not_history_because_of_its_aftermath():
    """No year in the lead; the latest date is an aftermath years later: the battle stays news."""
    text = ("The battle of Saraqib was fought between rebels and the army. It was long.\n\n"
            "On 3 May 2016, rebels captured Saraqib. On 9 May 2016, jets struck Saraqib. "
            "On 12 May 2016, the army recaptured Saraqib.\n\n"
            "In 2019, a monument was built.")
    times = [when("3 May 2016", "2016-05-03"), when("9 May 2016", "2016-05-09"),
             when("12 May 2016", "2016-05-12"), when("2019", "2019", "year")]
    got = sorted((e.type, e.date) for e in run(text, published=None, times=times) if e.type != "clash")
    assert got == [("airstrike", "2016-05-09"), ("capture", "2016-05-03"), ("capture", "2016-05-12")]


# --- real text through the whole pipeline ------------------------------------------------------

def test_events_a_wikipedia_battle_keeps_its_dated_occurrences(shared, analyse):
    """A battle page whose lead writes no year, with an aftermath years later: its dated
    occurrences are events, each day its own."""
    path = shared / "corpora" / "wikipedia-syria" / "battle_of_al-bab.md"
    if not path.exists():
        pytest.skip("page not in the corpus")
    analysis = analyse(path.read_text("utf-8"))
    if not analysis.get("places"):
        pytest.skip("the places stage finds nothing yet")
    dated = {e.date for e in analysis["events"] if e.date and len(e.date) == 10}
    assert len(dated) >= 10, sorted(dated)


def test_events_control_only_aimed_at_is_no_capture(analyse):
    analysis = analyse("The rebels then announced their goal of capturing Manbij.", published="2016-09-10")
    assert not [e for e in analysis["events"] if e.type == "capture"]
