"""The events stage: triggers tied to named places, background left out, one row per occurrence.

Most tests build the upstream layers by hand (places from a tiny gazetteer written here, times
and figures as records), so they test the events rules alone; the last ones run the whole
pipeline on real articles from ../shared.
"""
from __future__ import annotations

import re

import pytest

from frontwatch.extract.events import events_stage, lexicon
from frontwatch.extract.sentences import sentences_stage
from frontwatch.extract.tokens import tokens_stage
from frontwatch.pipeline import Analysis
from frontwatch.records import Document, Figure, PlaceMention, Span, TimeExpr

# A few places with rough coordinates and levels, for hand-written sentences only.
GAZETTEER = {
    "Idlib province": (35.8, 36.6, "admin1"), "Idlib": (35.93, 36.63, "city"),
    "Aleppo": (36.2, 37.16, "city"), "Latakia": (35.52, 35.79, "city"), "Douma": (33.57, 36.4, "city"),
    "Saraqib": (35.86, 36.8, "town"), "Kafr Nabl": (35.61, 36.56, "town"), "Manbij": (36.53, 37.95, "city"),
    "Damascus": (33.51, 36.29, "city"), "Hama": (35.13, 36.76, "city"),
    "Sukkari": (36.175, 37.152, "district"), "Salaheddine": (36.185, 37.13, "district"),
}
TYPES = {"clash", "airstrike", "shelling", "explosion", "capture", "attack_on_civilians", "arrest",
         "displacement", "protest", "other"}


def hand_places(doc: Document) -> list[PlaceMention]:
    """Every gazetteer name in the text (longest names first, no overlaps)."""
    out, taken = [], set()
    for name in sorted(GAZETTEER, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(name)}\b", doc.text):
            if taken & set(range(m.start(), m.end())):
                continue
            taken |= set(range(m.start(), m.end()))
            lat, lon, level = GAZETTEER[name]
            out.append(PlaceMention(Span(doc.id, m.start(), m.end()), name, name, lat, lon, level, "SY",
                                    place_id=name))
    return sorted(out, key=lambda p: p.span.start)


def run(text: str, published: str | None = "2024-12-01", times=(), figures=()) -> list:
    """The events of a text whose other layers are hand-built (no actors, claims or control)."""
    doc = Document(id="t", text=text, published=published)
    a = Analysis(doc)
    a.layers["sentences"] = sentences_stage(a)
    a.layers["tokens"] = tokens_stage(a)
    a.layers.update(places=hand_places(doc), actors=[], claims=[], control=[],
                    times=[in_sentence(t(doc), a) for t in times], figures=[f(doc) for f in figures])
    return events_stage(a)


def in_sentence(t: TimeExpr, a: Analysis) -> TimeExpr:
    """The time expression with its sentence index set, as the times stage sets it."""
    idx = next(s.index for s in a["sentences"] if s.start <= t.span.start < s.end)
    t.span = Span(t.span.doc_id, t.span.start, t.span.end, idx)
    return t


def when(surface: str, value: str, precision: str = "day"):
    """A time-expression factory: the first occurrence of surface, resolved to value."""
    def make(doc: Document) -> TimeExpr:
        i = doc.text.index(surface)
        return TimeExpr(Span(doc.id, i, i + len(surface)), surface, value, precision=precision)
    return make


def killed(surface: str, n: int):
    def make(doc: Document) -> Figure:
        i = doc.text.index(surface)
        return Figure(Span(doc.id, i, i + len(surface)), surface, "killed", n, n)
    return make


def summary(events) -> set[tuple[str, str]]:
    return {(e.type, e.place.name) for e in events}


@pytest.mark.parametrize("text,expected", [
    ("Russian jets carried out air strikes on Idlib, residents said.", {("airstrike", "Idlib")}),
    ("Government artillery shelled Douma overnight.", {("shelling", "Douma")}),
    ("Rebels captured Saraqib after heavy fighting.", {("capture", "Saraqib"), ("clash", "Saraqib")}),
    ("The insurgents took Manbij.", {("capture", "Manbij")}),
    ("A car bomb exploded at a checkpoint in Hama.", {("explosion", "Hama")}),
    ("Police arrested dozens of protesters in Damascus.", {("arrest", "Damascus"), ("protest", "Damascus")}),
    ("Bombing raids struck Aleppo, Idlib and Hama.", {("airstrike", "Aleppo"), ("airstrike", "Idlib"),
                                                      ("airstrike", "Hama")}),
])
def test_events_trigger_and_place(text, expected):
    assert summary(run(text)) == expected


@pytest.mark.parametrize("text,expected", [
    # the strike context settles the word "strikes"
    ("Warplanes carried out strikes on Idlib.", "airstrike"),
    ("Artillery and rocket strikes pounded Idlib.", "shelling"),
    # "attack" near civilians is violence against civilians; otherwise fighting
    ("Gunmen attacked civilians in Hama.", "attack_on_civilians"),
    ("Rebels attacked army positions in Hama.", "clash"),
    # an air force's massacre is an air strike
    ("The opposition accused the air force of a massacre in Douma.", "airstrike"),
    # "targeted" names a kind only with aircraft or guns nearby, here in the sentence before
    ("Warplanes flew over the province at dawn. Rebel positions in Hama were targeted.", "airstrike"),
])
def test_events_type_settled_by_context(text, expected):
    assert [e.type for e in run(text)] == [expected]


@pytest.mark.parametrize("text", [
    "The army said it would launch an offensive on Idlib.",            # announced, not reported
    "Prisoners began a hunger strike in Damascus.",                    # an idiom
    "The rebels captured a military base east of Aleppo.",            # Aleppo only locates the base
    "Fighting in Idlib has been halted by the truce.",                 # stopped
    "Rebels previously held Saraqib until the army retook it.",        # history cue
    "The army massed troops near Aleppo.",                             # no trigger at all
    "Rebels captured three villages within 5 km of Aleppo.",           # Aleppo only measures distance
    "Rebels attacked a convoy 40 km south of Aleppo.",                 # Aleppo only measures distance
    "The anniversary of the Battle of Aleppo passed quietly.",         # a named battle
    "Battle of Douma",                                                 # a heading that names a battle
    "It was incorrectly claimed that the army recaptured Saraqib.",    # reported as false
    "Did rebels capture Saraqib?",                                     # a question reports nothing
    "An aid convoy was not able to enter Saraqib.",                    # negated
    "Rebel positions in Hama were targeted.",                          # targeted by what?
])
def test_events_none(text):
    assert run(text) == []


def test_events_flight_is_placed_at_its_origin_not_its_destination():
    assert summary(run("Thousands of families fled from Aleppo to Latakia.")) == {("displacement", "Aleppo")}


@pytest.mark.parametrize("text,expected", [
    ("Militants positioned in Douma fired mortar shells at Damascus.", {("shelling", "Damascus")}),
    ("Fighters based in Douma shelled Damascus.", {("shelling", "Damascus")}),
    ("An air strike close to Hama killed four.", {("airstrike", "Hama")}),
])
def test_events_role_of_the_place(text, expected):
    assert summary(run(text)) == expected


def test_events_province_that_only_locates_a_town_is_dropped():
    assert summary(run("Air strikes hit Kafr Nabl in Idlib province.")) == {("airstrike", "Kafr Nabl")}


def test_events_the_city_refers_back_to_the_last_city():
    text = "Rebels reached Aleppo on Friday. Thousands of residents are fleeing the city."
    assert summary(run(text)) == {("displacement", "Aleppo")}


def test_events_same_type_and_place_is_one_event():
    text = "Air strikes hit Idlib. The air strikes on Idlib killed four."
    assert len(run(text)) == 1


def test_events_different_stated_days_are_different_events():
    text = "Air strikes hit Idlib on Friday. New air strikes hit Idlib on Sunday."
    times = [when("Friday", "2024-11-29"), when("Sunday", "2024-12-01")]
    events = run(text, published="2024-12-02", times=times)
    assert [e.date for e in events] == ["2024-11-29", "2024-12-01"]


def test_events_the_publication_day_does_not_split_an_occurrence():
    """A dateline repeats the publication day; it does not make a second occurrence."""
    text = "1 Dec 2024 - Air strikes hit Idlib. On Friday air strikes on Idlib killed four."
    times = [when("1 Dec 2024", "2024-12-01"), when("Friday", "2024-11-29")]
    assert len(run(text, published="2024-12-01", times=times)) == 1


def test_events_long_before_the_story_are_background():
    text = ("Rebels captured Saraqib on Friday. The army sent reinforcements. Residents stayed indoors. "
            "Aleppo fell to government forces in 2016.")
    times = [when("Friday", "2024-11-29"), when("2016", "2016", "year")]
    assert summary(run(text, times=times)) == {("capture", "Saraqib")}


def test_events_a_narrative_about_the_past_keeps_its_events():
    """An encyclopaedic text published years later is not all background."""
    text = "On 23 February 2016, ISIL captured Saraqib. On 25 February 2016, the army recaptured Saraqib."
    times = [when("23 February 2016", "2016-02-23"), when("25 February 2016", "2016-02-25")]
    assert len(run(text, published="2023-09-10", times=times)) == 2


def test_events_actors_and_targets(analyse):
    """With the real actors layer: who struck, and whom."""
    analysis = analyse("Air strikes by Russian jets hit rebel positions in Idlib on Sunday.")
    if not analysis.get("places"):
        pytest.skip("the places stage finds nothing yet")
    (event,) = analysis["events"]
    assert event.type == "airstrike" and event.actors and event.targets
    assert not set(event.actors) & set(event.targets)


def test_events_a_lead_set_in_the_past_sets_the_story_date():
    """"The 2016 ... offensive was ..." sets the story in 2016, so 2016 is not background, 2011 is."""
    text = ("The 2016 Saraqib offensive was a rebel operation. Protests had begun in Douma in 2011. "
            "In 2016 the rebels captured Saraqib.")
    times = [when("2016 Saraqib", "2016", "year"), when("2011", "2011", "year"), when("In 2016", "2016", "year")]
    assert summary(run(text, published="2023-09-10", times=times)) == {("clash", "Saraqib"), ("capture", "Saraqib")}


def test_events_fatalities_from_the_sentence():
    text = "Air strikes on Idlib killed at least 12 people."
    (event,) = run(text, figures=[killed("at least 12 people", 12)])
    assert event.fatalities == 12


def test_events_span_is_the_trigger_surface():
    text = "Rebels captured Saraqib after heavy fighting. Government artillery shelled Douma."
    doc_text = text
    for e in run(text):
        assert doc_text[e.span.start:e.span.end].lower() == e.trigger.lower()


def test_events_lexicon_types_are_known():
    classes = {cls for cls, _ in lexicon().triggers.values()}
    assert classes <= TYPES | {"strike", "bombing", "attack", "hit", "raid", "take"}


# --- distinct occurrences, kinds, intent, levels and zones --------------------------------------

def kinds(events) -> list[tuple[str, str]]:
    """(type, place) of each event, repeats kept: two rows at one place are two occurrences."""
    return sorted((e.type, e.place.name) for e in events)


@pytest.mark.parametrize("text,expected", [
    # told as new: "another", "a second", "fresh"
    ("Air strikes hit Idlib. Another air strike hit Idlib an hour later.", 2),
    ("A car bomb exploded in Hama. A second car bomb exploded in Hama at noon.", 2),
    ("Jets struck Douma. Fresh air strikes hit Douma in the evening.", 2),
    # told again: "the strikes", a bare repeat in the next paragraph
    ("Air strikes hit Idlib. The air strikes on Idlib killed four.", 1),
    ("Air strikes hit Idlib. Rescuers said air strikes on Idlib destroyed a bakery.", 1),
])
def test_events_repeated_occurrences(text, expected):
    assert len(run(text)) == expected


def test_events_an_indefinite_strike_with_victims_of_its_own_is_new():
    text = "Air strikes hit Idlib, killing four. An air strike on Idlib wounded nine civilians."
    figures = [killed("four", 4), lambda d: Figure(Span(d.id, d.text.index("nine"), d.text.index("nine") + 4),
                                                   "nine", "wounded", 9, 9)]
    assert len(run(text, figures=figures)) == 2


def test_events_written_days_left_unresolved_still_tell_occurrences_apart():
    """An undated narrative: the times layer may leave "On 14 April" without a value."""
    text = "On 2 March, rebels shelled Saraqib. On 14 April, rebels shelled Saraqib."
    times = [when("2 March", None, "unknown"), when("14 April", None, "unknown")]
    assert len(run(text, published=None, times=times)) == 2


def test_events_the_next_day_is_another_day():
    text = "Rebels shelled Saraqib. The following morning, rebels shelled Saraqib."
    assert len(run(text)) == 2


@pytest.mark.parametrize("text,expected", [
    ("Douma was targeted by artillery and aerial bombing.", [("airstrike", "Douma"), ("shelling", "Douma")]),
    ("Air strikes hit Douma, causing a huge explosion.", [("airstrike", "Douma")]),
])
def test_events_two_weapons_named_are_two_occurrences(text, expected):
    assert kinds(run(text)) == expected


@pytest.mark.parametrize("text,expected", [
    ("A suicide bomber blew himself up on Monday. The attack took place at a checkpoint in Hama.", "explosion"),
    ("Rebels launched attacks with rocket shells on residential neighbourhoods of Aleppo.", "shelling"),
    ("Insurgents fired a shelling attack on Douma.", "shelling"),
    ("Marines carried out amphibious raids on Latakia after jets flew over.", "clash"),
    ("Commandos staged a raid on a house in Hama.", "clash"),
    ("Warplanes carried out several raids on Saraqib.", "airstrike"),
    ("War planes attacked the column near Saraqib.", "airstrike"),
])
def test_events_kind_of_the_occurrence(text, expected):
    assert [e.type for e in run(text)] == [expected]


@pytest.mark.parametrize("text", [
    "Rebels are seeking to capture Saraqib.",
    "The army launched a bid to recapture Saraqib.",
    "The offensive is aimed at attempting to take Manbij.",
    "Troops were pushing towards the capture of Manbij.",
])
def test_events_a_capture_aimed_at_is_not_made(text):
    assert [e for e in run(text) if e.type == "capture"] == []


@pytest.mark.parametrize("text", [
    "Rebels managed to capture Saraqib.",
    "Rebels captured Saraqib.",
])
def test_events_a_capture_made_is_kept(text):
    assert kinds(run(text)) == [("capture", "Saraqib")]


@pytest.mark.parametrize("text,expected", [
    # a place inside a city, told with the city in one sentence: the most specific is kept
    ("Shells fell on Saraqib, near Idlib, killing two.", [("shelling", "Saraqib")]),
    ("A mortar attack on Saraqib in Idlib province killed two.", [("shelling", "Saraqib")]),
    # far apart: both are kept
    ("Shells fell on Aleppo and Damascus.", [("shelling", "Aleppo"), ("shelling", "Damascus")]),
    # lists of places: one row each
    ("Shells hit the neighbourhoods of Aleppo, Idlib and Hama.",
     [("shelling", "Aleppo"), ("shelling", "Hama"), ("shelling", "Idlib")]),
    ("Fighting broke out between Saraqib and Kafr Nabl.", [("clash", "Kafr Nabl"), ("clash", "Saraqib")]),
])
def test_events_levels_and_lists(text, expected):
    assert kinds(run(text)) == expected


def zoned(text: str, zones: dict[int, str]) -> list:
    """Like `run`, with some sentences' zones set by hand (as the sentences stage sets them)."""
    from dataclasses import replace

    doc = Document(id="t", text=text, published="2024-12-01")
    a = Analysis(doc)
    a.layers["sentences"] = [replace(s, zone=zones.get(s.index, "body")) for s in sentences_stage(a)]
    a.layers["tokens"] = tokens_stage(a)
    a.layers.update(places=hand_places(doc), actors=[], claims=[], control=[], times=[], figures=[])
    return events_stage(a)


@pytest.mark.parametrize("zone,expected", [
    ("caption", [("airstrike", "Saraqib")]),      # a photo caption reports nothing new
    ("boilerplate", [("airstrike", "Saraqib")]),  # nor does a list of related links
    ("body", [("airstrike", "Saraqib"), ("shelling", "Hama")]),
])
def test_events_zones_skipped(zone, expected):
    text = "Jets struck Saraqib on Sunday. Shelling in Hama (archive)."
    assert kinds(zoned(text, {1: zone})) == expected


def test_events_a_headline_repeats_the_body():
    text = "Air strikes kill four in Idlib. Jets struck Saraqib in Idlib province on Sunday."
    assert kinds(zoned(text, {0: "headline"})) == [("airstrike", "Saraqib")]


def test_events_a_headline_alone_is_kept():
    text = "Air strikes kill four in Idlib. The UN called for calm."
    assert kinds(zoned(text, {0: "headline"})) == [("airstrike", "Idlib")]


# --- real articles through the whole pipeline -------------------------------------------------

def _placed(analysis) -> bool:
    return bool(analysis.get("places"))


@pytest.mark.parametrize("name", ["002_65346490fb370843.txt", "003_9a4c1794715cee99.txt"])
def test_events_seed_articles(shared, analyse, name):
    text = (shared / "seeds" / name).read_text("utf-8")
    analysis = analyse(text)
    if not _placed(analysis):
        pytest.skip("the places stage finds nothing yet")
    events = analysis["events"]
    assert events and {e.type for e in events} <= TYPES
    assert any(e.type == "capture" for e in events)
    for e in events:
        assert e.place is not None and e.place.lat is not None
        assert text[e.span.start:e.span.end].strip()


def test_events_encyclopaedic_narrative(shared, analyse):
    folder = shared / "corpora" / "wikipedia-syria"
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*offensive*.md"))[:3]]
    analyses = [analyse(t, doc_id=str(i)) for i, t in enumerate(texts)]
    if not any(_placed(a) for a in analyses):
        pytest.skip("the places stage finds nothing yet")
    events = [e for a in analyses for e in a["events"]]
    assert len(events) >= 5
    assert sum(e.type == "capture" for e in events) >= 2


def test_events_a_headline_city_stands_for_its_countryside():
    """Kafr Nabl lies about 40 km from Idlib city: a headline's "Idlib" still means that strike."""
    text = "Air strikes kill four in Idlib. Jets struck Kafr Nabl on Sunday."
    assert kinds(zoned(text, {0: "headline"})) == [("airstrike", "Kafr Nabl")]


@pytest.mark.parametrize("text,expected", [
    # the province-level mention is the town's attack told again
    ("A gas attack hit Saraqib in Idlib on Sunday. France condemned the gas attack on Idlib province.",
     [("attack_on_civilians", "Saraqib")]),
    # told as elsewhere: a second occurrence
    ("Jets struck Saraqib. Elsewhere in Idlib province, jets struck a convoy.",
     [("airstrike", "Idlib province"), ("airstrike", "Saraqib")]),
])
def test_events_a_province_told_after_a_town_inside_it(text, expected):
    assert kinds(run(text)) == expected


def test_events_a_narrative_day_carries_through_its_paragraph():
    """'On 3 May, ... Air strikes hit Saraqib.' is set on 3 May, so strikes on Saraqib told under
    another opening date are another occurrence; within one day they stay one."""
    text = ("On 3 May, rebels regrouped. Air strikes hit Saraqib.\n\n"
            "On 5 May, the army massed troops. Air strikes hit Saraqib again.\n\n"
            "The air strikes on Saraqib killed four.")
    times = [when("On 3 May", "2015-05-03"), when("On 5 May", "2015-05-05")]
    events = [e for e in run(text, published=None, times=times) if e.place.name == "Saraqib"]
    assert len(events) == 2, [(e.type, e.span.sentence) for e in events]


def test_events_a_date_inside_a_sentence_does_not_carry():
    """Only a sentence that opens on its date sets the scene; a date in passing does not."""
    text = "Rebels who had regrouped on Friday waited. Air strikes hit Saraqib. Air strikes hit Saraqib."
    times = [when("Friday", "2024-11-29")]
    assert len(run(text, times=times)) == 1
