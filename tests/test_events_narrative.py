"""Events in narratives: relative days ("two days later", "on the 14th"), repeats told on
other days or "again", lists of neighbourhoods, and "they" as the party named just before.

Hand-written sentences use the small gazetteer of test_events (upstream layers built by hand);
the last tests run the whole pipeline, on sentences of my own and on real pages from ../shared.
"""
from __future__ import annotations

import re

import pytest

from frontwatch.extract.events.placing import continues_list
from frontwatch.data import events as event_data
from frontwatch.extract.events.relative import has_cue, relative_days
from test_events import run, summary, when

MAY3 = when("3 May 2016", "2016-05-03")


def dates(events, place: str = "Saraqib") -> list:
    return sorted((e.date or "") for e in events if e.place.name == place)


@pytest.mark.parametrize("second,expected", [
    ("Two days later, jets struck Saraqib again.", ["2016-05-03", "2016-05-05"]),
    ("The next day, jets struck Saraqib.", ["2016-05-03", "2016-05-04"]),
    ("On the 14th, jets struck Saraqib.", ["2016-05-03", "2016-05-14"]),
    ("A week later, jets struck Saraqib.", ["2016-05-03", "2016-05-10"]),
    ("Later that month, jets struck Saraqib.", ["2016-05", "2016-05-03"]),
    ("The following month, jets struck Saraqib.", ["2016-05-03", "2016-06"]),
    # the day counted from itself: one occurrence told twice
    ("Later that day, jets struck Saraqib, activists said.", ["2016-05-03"]),
])
def test_events_relative_days_tell_occurrences_apart(second, expected):
    events = run(f"On 3 May 2016, jets struck Saraqib. {second}", published=None, times=[MAY3])
    assert dates(events) == expected


def test_events_relative_days_chain():
    """A resolved relative day is the date the next one counts from."""
    text = ("On 3 May 2016, jets struck Saraqib. The next day, rebels attacked Hama. "
            "Two days later, jets struck Saraqib again.")
    events = run(text, published=None, times=[MAY3])
    assert dates(events) == ["2016-05-03", "2016-05-06"]
    assert dates(events, "Hama") == ["2016-05-04"]


def test_events_a_relative_day_within_its_sentence():
    """"On 3 May ..., and two days later ..." counts from the sentence's own date; an occurrence
    told before the relative day keeps the own date."""
    text = "On 3 May 2016, jets struck Saraqib, and two days later rebels attacked Hama."
    events = run(text, published=None, times=[MAY3])
    assert dates(events) == ["2016-05-03"] and dates(events, "Hama") == ["2016-05-05"]


@pytest.mark.parametrize("text,anchor,value", [
    ("The next day", ("2016-05-31", "day"), "2016-06-01"),
    ("the previous day", ("2016-05-01", "day"), "2016-04-30"),
    ("three days earlier", ("2016-05-10", "day"), "2016-05-07"),
    ("on the 2nd", ("2016-05", "month"), "2016-05-02"),
    ("on the 31st", ("2016-02-10", "day"), None),   # no such day in February
    ("two days later", ("2016-05", "month"), None),  # a month gives no day to count from
    ("two days later", None, None),
    ("several days later", ("2016-05-10", "day"), None),
])
def test_events_relative_day_resolution(text, anchor, value):
    found = relative_days(text, 0, anchor, [], 0)
    assert len(found) == 1 and found[0].value == value


@pytest.mark.parametrize("text", ["He said the day was hot.", "On 14 May the army shelled it.", "Days later"])
def test_events_no_relative_day(text):
    assert relative_days(text, 0, ("2016-05-01", "day"), [], 0) == []


@pytest.mark.parametrize("phrase", [p for p, unit, _ in event_data.rows("relative.tsv", 3) if unit != "number"])
def test_events_every_listed_relative_phrase_passes_the_cue_sieve(phrase):
    """`has_cue` runs before the regex: a phrase of relative.tsv holding none of its cues would
    never be found."""
    assert has_cue(phrase.lower())
    assert relative_days(f"{phrase}, jets struck the town.", 0, ("2016-05-10", "day"), [], 0)


def test_events_again_is_a_new_occurrence():
    text = "Jets struck Saraqib, killing five. Hours later, jets struck Saraqib again."
    assert len([e for e in run(text) if e.place.name == "Saraqib"]) == 2


def test_events_told_twice_without_again_is_one():
    text = "Jets struck Saraqib, killing five. The jets struck Saraqib from the north."
    assert len([e for e in run(text) if e.place.name == "Saraqib"]) == 1


@pytest.mark.parametrize("text,expected", [
    # a definite first mention reaches every member of its list
    ("Government forces continued the shelling of the Saraqib, Kafr Nabl and Douma districts.",
     {("shelling", "Saraqib"), ("shelling", "Kafr Nabl"), ("shelling", "Douma")}),
    # "neighbourhoods of Aleppo" says where the listed ones lie
    ("Shells fell on the Sukkari and Salaheddine neighbourhoods of Aleppo.",
     {("shelling", "Sukkari"), ("shelling", "Salaheddine")}),
    ("Air strikes hit the districts of Saraqib and Kafr Nabl.", {("airstrike", "Saraqib"), ("airstrike", "Kafr Nabl")}),
])
def test_events_lists_of_neighbourhoods(text, expected):
    assert summary(run(text)) == expected


@pytest.mark.parametrize("gap,joined", [
    (", ", True), (" and ", True), (", and the towns of ", True), (" as well as the villages of ", True),
    (" neighbourhoods of ", False), (" districts of the ", False), (" in ", False), (" near ", False),
])
def test_events_what_continues_a_list(gap, joined):
    assert continues_list(gap) is joined


# --- the whole pipeline ----------------------------------------------------------------------

def test_events_a_capture_told_with_they_is_dated_by_its_own_sentence(analyse):
    analysis = analyse("Rebels reached Saraqib on 3 May 2016. The next day they took Kafr Nabl.")
    taken = [e for e in analysis["events"] if e.type == "capture" and "Kafr" in (e.place.text or "")]
    if not taken:
        pytest.skip("the control layer finds no capture here")
    assert taken[0].span.sentence == 1 and taken[0].date == "2016-05-04"
    told = analysis["sentences"][1]
    assert told.start <= taken[0].span.start < taken[0].span.end <= told.end   # provenance stays in its sentence


def test_events_they_is_the_party_named_before(analyse):
    analysis = analyse("Hezbollah fighters surrounded Qusayr. They then launched an assault on the town.")
    clashes = [e for e in analysis["events"] if e.type == "clash"]
    if not clashes:
        pytest.skip("no place found for Qusayr")
    assert any("Hezbollah" in " ".join(e.actors) for e in clashes)


RELATIVE_OPENING = re.compile(r"^(?:By t|T)he (?:next|following) day,|^(?:Two|Three) days later,")


@pytest.mark.parametrize("page", ["2014_idlib_offensive.md", "2016_dabiq_offensive.md"])
def test_events_wikipedia_relative_days_get_a_day(shared, analyse, page):
    """In a real battle page, an occurrence told in a sentence that opens on "The next day," is
    dated to a day whenever a dated sentence comes shortly before it."""
    path = shared / "corpora" / "wikipedia-syria" / page
    if not path.exists():
        pytest.skip("page not in the corpus")
    analysis = analyse(path.read_text("utf-8"))
    sentences = analysis["sentences"]
    opening = [e for e in analysis["events"] if RELATIVE_OPENING.match(sentences[e.span.sentence].text.strip())]
    if not opening:
        pytest.skip("no event in a sentence opening on a relative day")
    assert sum(1 for e in opening if e.date and len(e.date) == 10) >= len(opening) * 0.7, \
        [(e.type, e.place.text, e.date) for e in opening]


LEAD = "Air strikes killed at least 21 civilians in the north on Monday, a monitor said. "


def test_an_undated_occurrence_takes_the_day_of_the_incident_told_just_before():
    events = run(LEAD + "At least 15 of them were killed in raids on Saraqib.", published="2016-07-19",
                 times=[when("on Monday", "2016-07-18")])
    assert [(e.place.name, e.date) for e in events] == [("Saraqib", "2016-07-18")]


@pytest.mark.parametrize("text,times", [
    # the day dates the report, not the incident
    ("Air strikes killed 11 civilians in the north, Al Jazeera reported Wednesday. "
     "Jets also struck Saraqib.", [when("Wednesday", "2016-07-20")]),
    # the sentence keeps its own time, even an open range
    (LEAD + "Kafr Nabl has been shelled since January.", [when("on Monday", "2016-07-18"),
                                                           when("since January", "2016-01", "range")]),
    # two times before it: which one the occurrence belongs to is unknown
    ("Rebels said jets struck Idlib on March 3 and in May. Air strikes also hit Saraqib.",
     [when("on March 3", "2016-03-03"), when("in May", "2016-05", "month")]),
    # a paragraph break ends the story the lead told
    (LEAD + "\n\nJets also struck Saraqib.", [when("on Monday", "2016-07-18")]),
])
def test_an_undated_occurrence_stays_undated_when_the_lead_day_is_not_its_own(text, times):
    events = run(text, published="2016-07-21", times=times)
    assert [e.date for e in events if e.place.name in ("Saraqib", "Kafr Nabl")] == [None]


def test_a_year_summing_up_a_battle_keeps_the_dated_fights_apart():
    """"The 2019 battle of X" is the whole battle: the fight told on 17 October is one of its own."""
    text = ("The battle of Saraqib was fought between rebels and the army in 2019. "
            "On 17 October, heavy clashes broke out in Saraqib.")
    events = run(text, published=None, times=[when("in 2019", "2019", "year"), when("On 17 October", "2019-10-17")])
    assert sorted(e.date or "" for e in events if e.place.name == "Saraqib") == ["2019", "2019-10-17"]
