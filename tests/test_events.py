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
    assert classes <= TYPES | {"strike", "bombing", "attack", "hit", "take"}


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
