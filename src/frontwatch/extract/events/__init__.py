"""Find distinct reported occurrences: who did what to whom, where and when.

An event is a trigger word ("air strikes", "shelled", "captured", "fled"; data/events/
triggers.tsv) tied to a named place of the same sentence (the `places` layer), plus the capture
and fighting statements of the `control` layer. The steps, numbered as in `events_stage`:

1. find triggers once over the whole document (PhraseMatcher; longest match wins, so idioms
   such as "hunger strike" in exclusions.tsv cancel the trigger inside them);
2. settle each trigger's type from its sentence ("strikes" near "jets" is an air strike, near
   "artillery" shelling) and drop announced, negated or hypothetical ones ("would", "halted"),
   and triggers inside names ("the Battle of Marj Dabiq");
3. drop background history and questions: sentences with a history cue ("previously", "years
   ago") or whose own dates lie well before the story's date;
4. give each place of a sentence to its nearest trigger; a trigger with no named place yields
   no event (the scored list has only placed events, and unplaced ones are mostly generic);
   places listed side by side ("struck A, B and C") are each a place of the occurrence;
5. add captures and fights from the `control` layer;
6. merge mentions of one occurrence: the same type at the same place in one article is one
   event unless the mentions carry different explicit days (or months: "In June" is not "On 3
   August", but may be "On 3 June"), different actors, or the later one
   is told as new ("another strike", "an air raid", "shelled the town again"); "the attack" told
   again after an attack is that attack, not a new one. A relative day ("two days later", "on
   the 14th", "later that month"; relative.py) is resolved against the last date named before
   it and dates its occurrence; a capture whose party is the previous sentence's subject
   ("They then took X") belongs to the sentence that tells it, and "they" acts for that party. A headline repeats the body; a city named beside the village
   inside it where the same thing happened adds nothing (keep the most specific place).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ...pipeline import Analysis, stage
from ...records import Event, PlaceRef, Span
from ..grouping import by_sentence, sentence_of, starting_in
from ..timex import date_for_sentence
from .background import is_background, story_day, times_by_sentence
from .merging import Candidate, drop_back_references, merge
from .relative import governing, own_dates, sentence_relatives
from .placing import (anaphoric_place, assign_places, has_anaphoric_object, list_groups, place_key, place_ref,
                      places_by_sentence, speech_marks)
from .triggers import SKIP_ZONES, Trigger, alternation, is_irrealis, is_purpose, lexicon, triggers_of

__all__ = ["events_stage", "lexicon"]

log = logging.getLogger(__name__)


def actors_around(mentions: list, trigger: Trigger, kind: str, text: str) -> tuple[list[str], list[str], list[str]]:
    """Actors (with sides) and targets of a trigger from the actor mentions of its sentence.

    Mentions before the trigger, or after "by" ("air strikes by Russian jets"), act; the other
    ones after it are acted on. In a clash every party acts.
    """
    actors, sides, targets = [], [], []
    for m in mentions:
        agent = " by " in f" {text[max(0, m.span.start - 8):m.span.start].lower()}"
        acting = kind == "clash" or m.span.start < trigger.char_start or agent
        names = actors if acting else targets
        if m.actor not in names:
            names.append(m.actor)
            if acting:
                sides.append(m.side)
    return actors, sides, targets


PRONOUN_SUBJECT = re.compile(r"^\s*(?:[^,]{0,40},\s*)?(?:They|they|It|it)\s+(?:[a-z]+\s+){0,4}$")


def pronoun_subject(text: str, sentence_start: int, trigger_start: int) -> bool:
    """Whether the trigger's subject is "they" / "it" opening its sentence ("They then stormed
    the town", "The next day, they shelled ..."): the party named in the sentence before."""
    return trigger_start - sentence_start <= 80 and PRONOUN_SUBJECT.match(text[sentence_start:trigger_start]) is not None


def previous_subject(facts: "SentenceFacts", idx: int) -> tuple[list[str], list[str]]:
    """The party opening the sentence before (its first actor mention), with its side."""
    mentions = facts.actors.get(idx - 1, [])
    return ([mentions[0].actor], [mentions[0].side]) if mentions else ([], [])


def fatalities_in(figures: list) -> int | None:
    """The largest stated death toll of a sentence (the total, not its "including" parts)."""
    tolls = [f.low if f.low is not None else f.high for f in figures if f.kind == "killed"]
    tolls = [n for n in tolls if n is not None]
    return max(tolls) if tolls else None


def source_of(claims: list, char: int) -> str | None:
    """Who the text attributes the occurrence to: the claim whose span holds the trigger."""
    for c in claims:
        if c.span.start <= char < c.span.end:
            return c.speaker
    return None


def sentence_date(analysis: Analysis, idx: int, near: int) -> tuple[str | None, str | None]:
    """(ISO date, precision) for an occurrence told in sentence idx near character `near`."""
    got = date_for_sentence(analysis, idx, near=near)
    return (got[0], got[1]) if got else (None, None)


DAY_WRITTEN = re.compile(r"\b\d{1,2}\s+[A-Z][a-z]+|\b[A-Z][a-z]+\s+\d{1,2}\b")
ELSEWHERE = re.compile(rf"\b{alternation('elsewhere')}\b", re.I)
ANY_SPACE = r"\s+"
NEXT_DAY = re.compile(rf"\b(?:the|a)\s+{alternation('next_day', gap=ANY_SPACE)}\b", re.I)


def explicit_day(own_times: list, published: str | None, text: str = "", idx: int = -1) -> str | None:
    """A day the sentence itself states, used to tell occurrences apart; the publication day
    (a dateline) tells nothing apart. A written day the times layer left unresolved ("On 14
    April" in an undated page) is kept by its words; "the next day" is a day of its own."""
    days = [t.value for t in own_times if t.precision == "day" and t.value and len(t.value) == 10
            and t.value != (published or "")[:10]]
    if days:
        return days[0]
    written = [" ".join(t.text.split()) for t in own_times if t.value is None and DAY_WRITTEN.search(t.text)]
    if written:
        return "text:" + written[0].lower()
    if NEXT_DAY.search(text) or DAYS_LATER.search(text):
        return f"next:{idx}"
    return coarse_day(own_times, published)


DAYS_LATER = re.compile(rf"\b(?:\d+|{alternation('few_days')})\s+days\s+later\b", re.I)


def coarse_day(own_times: list, published: str | None) -> str | None:
    """A month or year the sentence itself is set in ("In June, ...", "in 2014"), as "month:2016-06"
    or "year:2014": a mention told in another month is another occurrence, while one told on a day
    of that month may be the same (merging.compatible_days). The publication month ("earlier this
    month") tells nothing apart."""
    for t in own_times:
        if t.precision in ("month", "year") and t.value and not (published or "").startswith(t.value):
            return f"{t.precision}:{t.value}"
    return None


CARRY_SENTENCES = 4  # how far back in its paragraph a sentence takes its day from


def carried_day(analysis: Analysis, facts: "SentenceFacts", idx: int) -> str | None:
    """The day a narrative sentence is set on when it states none itself: the day of the
    nearest earlier sentence of its paragraph that opens on one ("On 15 June, jets struck X. Air
    strikes also hit Y."), the way battle narratives are told. A paragraph break ends the
    carry, so a later paragraph's undated mention still folds into the occurrence told before."""
    sentences, text = analysis["sentences"], analysis.doc.text
    for k in range(idx - 1, max(-1, idx - 1 - CARRY_SENTENCES), -1):
        if "\n" in text[sentences[k].end:sentences[k + 1].start]:
            return None
        own = [t for t in facts.times.get(k, []) if t.span.start - sentences[k].start <= SCENE_OPENING]
        if own:  # only a sentence that opens on its date sets the scene ("On 15 June, ...")
            day = explicit_day(own, analysis.doc.published)
            if day:
                return day
    return None


SCENE_OPENING = 8  # characters before a time expression that opens its sentence ("On ", "Early on ")


@dataclass(slots=True)
class SentenceFacts:
    """Everything about the document the candidate builders read, grouped by sentence."""

    times: dict[int, list]
    places: dict[int, list]
    actors: dict[int, list]
    figures: dict[int, list]
    claims: list
    background: set[int]
    countries: dict[str, str]   # place key -> country, for places that come without one (control)
    listed: dict[int, int] = field(default_factory=dict)   # place mention start -> its list (`list_groups`)
    memo: dict[int, tuple] = field(default_factory=dict)   # sentence index -> `sentence_traits`
    relative: dict[int, list] = field(default_factory=dict)  # sentence index -> its relative days (`relative`)
    incidents: set[int] = field(default_factory=set)   # sentences with a trigger (`trigger_candidates`)


def sentence_facts(analysis: Analysis) -> SentenceFacts:
    """Group the layers by sentence and mark background sentences (step 3)."""
    lex, times = lexicon(), times_by_sentence(analysis)
    ref = story_day(analysis, times)
    background = {s.index for s in analysis["sentences"]
                  if s.text.rstrip().endswith("?") or is_background(s.text, times.get(s.index, []), ref, lex)}
    places, starting = places_by_sentence(analysis), starting_in(analysis["sentences"])
    return SentenceFacts(times, places, by_sentence(analysis.get("actors"), starting),
                         by_sentence(analysis.get("figures"), starting), analysis.get("claims") or [],
                         background, {place_key(place_ref(p)): p.country for p in analysis.get("places") or []
                                      if p.country},
                         list_groups(analysis.doc.text, [p for ps in places.values() for p in ps]),
                         relative=sentence_relatives(analysis["sentences"], times, analysis.doc.text))


def make_event(analysis: Analysis, facts: SentenceFacts, idx: int, kind: str, place, char: tuple[int, int],
               trigger: Trigger | None = None) -> Candidate:
    """One candidate event in sentence idx, with its actors, date, toll and source."""
    when, precision = sentence_date(analysis, idx, char[0])
    actors, sides, targets = ([], [], [])
    if trigger is not None:
        actors, sides, targets = actors_around(facts.actors.get(idx, []), trigger, kind, analysis.doc.text)
        if not actors and pronoun_subject(analysis.doc.text, analysis["sentences"][idx].start, trigger.char_start):
            actors, sides = previous_subject(facts, idx)
    ref = place if isinstance(place, PlaceRef) else place_ref(place)
    event = Event(span=Span(analysis.doc.id, char[0], char[1], idx), type=kind, place=ref,
                  actors=actors, targets=targets, date=when, date_precision=precision,
                  fatalities=fatalities_in(facts.figures.get(idx, [])),
                  source=source_of(facts.claims, char[0]), trigger=trigger.text if trigger else None,
                  subtype=trigger.subtype if trigger else None, sides=sides,
                  country=getattr(place, "country", None) or facts.countries.get(place_key(ref)))
    zone = getattr(analysis["sentences"][idx], "zone", "body")
    day, elsewhere, lowered = sentence_traits(analysis, facts, idx)
    day, moved = relative_dating(facts, idx, char[0], event, day)
    again = trigger is not None and any(cue in lowered for cue in AGAIN_CUES) \
        and told_again(analysis.doc.text, analysis["sentences"][idx], trigger)
    return Candidate(event, day, trigger.definite if trigger else False,
                     trigger.fresh if trigger else 0, zone, trigger.cls if trigger else "",
                     frozenset(f.low if f.low is not None else f.high for f in facts.figures.get(idx, [])) - {None},
                     elsewhere, lowered, facts.listed.get(place.span.start) if hasattr(place, "span") else None,
                     again, moved)


def governing_day(facts: SentenceFacts, idx: int, at: int):
    """The relative day of sentence `idx` ("The next day, ...") that governs what is told at
    `at`, or None (relative.governing)."""
    if idx not in facts.relative:
        return None
    return governing(facts.relative[idx], own_dates(facts.times.get(idx, [])), at)


def relative_dates(facts: SentenceFacts, idx: int, at: int) -> bool:
    """Whether a relative day dates what is told at `at`: it then outranks the date a control
    row carries, which is the sentence's or the story's."""
    rel = governing_day(facts, idx, at)
    return rel is not None and bool(rel.value)


def relative_dating(facts: SentenceFacts, idx: int, at: int, event: Event, day: str | None) -> tuple[str | None, bool]:
    """The day key of an occurrence told at `at`, and whether it moves the story to another day:
    a relative day governing it ("Two days later, ..."; relative.py) also dates the event;
    otherwise the sentence's own day key `day` stands."""
    rel = governing_day(facts, idx, at)
    if rel is None or rel.key is None:
        return day, False
    if rel.value:
        event.date, event.date_precision = rel.value, rel.precision
    return rel.key, rel.moved


# a cheap substring test of the lower-cased sentence before the regex: each phrase without its article
AGAIN_CUES = tuple(phrase.removeprefix("a ") for phrase in lexicon().words["again"])
AGAIN = re.compile(rf"\b{alternation('again')}\b", re.I)
AGAIN_REACH = 40  # characters either side of a trigger


def told_again(text: str, sentence, trigger: Trigger) -> bool:
    """"The army again shelled X", "struck the town once more": a repeat of an occurrence told
    before, so a new one (merging._distinct)."""
    window = text[max(sentence.start, trigger.char_start - AGAIN_REACH):min(sentence.end, trigger.char_end + AGAIN_REACH)]
    return AGAIN.search(window) is not None


def sentence_traits(analysis: Analysis, facts: SentenceFacts, idx: int) -> tuple[str | None, bool, str]:
    """(explicit or carried day, says "elsewhere", lower-cased text) of sentence idx, read once
    per sentence: its triggers and places make several candidates."""
    found = facts.memo.get(idx)
    if found is None:
        text = analysis["sentences"][idx].text
        day = explicit_day(facts.times.get(idx, []), analysis.doc.published, text, idx) or \
            carried_day(analysis, facts, idx)
        found = facts.memo[idx] = (day, bool(ELSEWHERE.search(text)), text.lower())
    return found


def trigger_candidates(analysis: Analysis, facts: SentenceFacts) -> list[Candidate]:
    """Step 4: one candidate per (trigger, place) pair of each non-background sentence."""
    grouped: dict[int, list[Trigger]] = {}
    for t in triggers_of(analysis):
        if t.sentence not in facts.background:
            grouped.setdefault(t.sentence, []).append(t)
    facts.incidents = set(grouped)
    speech = speech_marks(analysis["tokens"]) if grouped else []
    all_places = sorted((p for ps in facts.places.values() for p in ps), key=lambda p: p.span.start)
    out = []
    for idx, triggers in grouped.items():
        pairs = place_triggers(analysis, triggers, facts.places.get(idx, []), all_places, speech, facts.listed)
        out += [make_event(analysis, facts, idx, t.type, p, (t.char_start, t.char_end), t) for t, p in pairs]
    return out


def place_triggers(analysis: Analysis, triggers: list[Trigger], places: list, all_places: list,
                   speech: list[int], listed: dict[int, int]) -> list[tuple[Trigger, object]]:
    """(trigger, place) pairs of one sentence: "fleeing the city" takes the city named before;
    other triggers take the sentence's places, and failing those, "the town" named before."""
    doc, text = analysis["tokens"], analysis.doc.text
    direct = {id(t): anaphoric_place(doc, t, all_places, text) for t in triggers if has_anaphoric_object(doc, t)}
    pairs = [(t, p) for t, p in assign_places(triggers, places, doc, speech, listed) if direct.get(id(t)) is None]
    placed = {id(t) for t, _ in pairs}
    for t in triggers:
        if id(t) not in placed:
            p = direct.get(id(t)) or anaphoric_place(doc, t, all_places, text)
            pairs += [(t, p)] if p is not None else []
    return pairs


CONTROL_EVENTS = {"captured": "capture", "lost": "capture", "contested": "clash"}


def control_candidates(analysis: Analysis, facts: SentenceFacts) -> list[Candidate]:
    """Step 5: a capture (or loss) of a place is a capture event; a fight for it a clash."""
    out = []
    starts = [s.start for s in analysis["sentences"]]
    for c in analysis.get("control") or []:
        kind = CONTROL_EVENTS.get(c.change)
        # the sentence that tells the change: a row whose actor is the previous sentence's
        # subject ("Rebels reached X. The next day they took Y") starts a sentence early
        idx = sentence_of(starts, max(c.span.start, c.span.end - 1))
        if kind is None or c.place is None or idx in facts.background or \
                getattr(analysis["sentences"][idx], "zone", "body") in SKIP_ZONES or \
                only_aimed_at(analysis, c.span.start, c.span.end, idx):
            continue
        # its span stays inside that sentence, as every record's does
        start = max(c.span.start, analysis["sentences"][idx].start)
        cand = make_event(analysis, facts, idx, kind, c.place, (start, c.span.end))
        if c.change == "lost":
            cand.event.targets = [c.actor]
        else:
            cand.event.actors, cand.event.sides = [c.actor], [c.side]
        cand.event.source = c.source or cand.event.source
        if c.date and not relative_dates(facts, idx, start):
            cand.event.date, cand.event.date_precision = c.date, c.date_precision
        out.append(cand)
    return out


def only_aimed_at(analysis: Analysis, start: int, end: int, idx: int) -> bool:
    """A control row whose capture word is only aimed at or announced ("their goal of capturing
    al-Bab", "vowed to retake"), by the rules that drop such a trigger (triggers.is_purpose,
    triggers.is_irrealis)."""
    doc, lex = analysis["tokens"], lexicon()
    words = doc.char_span(start, end, alignment_mode="expand")
    if words is None:
        return False
    for tok in words:
        if lex.triggers.get(tok.lower_, ("",))[0] in ("capture", "take"):
            one = doc[tok.i:tok.i + 1]
            if is_purpose(doc, one, "capture", lex) or \
                    is_irrealis(one, analysis["sentences"][idx], analysis.doc.text, lex):
                return True
    return False


LEAD_REACH = 2  # sentences back an undated occurrence looks for the day of the incident told before it
# A day that dates the report, not the incident: "... Al Jazeera reported Wednesday".
REPORTED_ON = re.compile(rf"\b{alternation('reporting_verb')}(?:\s+{alternation('report_day_glue')})*\s*$", re.I)


def date_from_lead(analysis: Analysis, facts: SentenceFacts, events: list[Event]) -> None:
    """An occurrence told with no date of its own takes the day of the sentence just before it
    in its paragraph when that sentence tells an incident on one day: news leads give the day
    and the next sentences the places ("Air strikes killed 21 civilians in northern Syria on
    Monday. At least 15 were killed in raids on Manbij ..."). The nearest earlier sentence with a
    time decides: any other time there ("on December 23 ... in March"), no incident, or a day
    that dates a report ("reported Wednesday"), and the occurrence stays undated; so does one
    with a time of its own, even an open range."""
    sentences, text = analysis["sentences"], analysis.doc.text
    for event in events:
        idx = event.span.sentence
        if event.date is not None or idx in facts.background or facts.times.get(idx):
            continue   # "under attack since mid-January": a time of its own, if only a range
        for k in range(idx - 1, max(-1, idx - 1 - LEAD_REACH), -1):
            if "\n" in text[sentences[k].end:sentences[k + 1].start]:
                break
            if facts.times.get(k):
                day = _incident_day(facts, k, text)
                if day is not None:
                    event.date, event.date_precision = day, "day"
                break


def _incident_day(facts: SentenceFacts, k: int, text: str) -> str | None:
    """The one day sentence k tells an incident on, if that is all the time it states."""
    times = facts.times[k]
    values = {(t.value, t.precision) for t in times}
    day, precision = next(iter(values))
    if len(values) > 1 or precision != "day" or not day or len(day) != 10:
        return None
    if not (k in facts.incidents or facts.figures.get(k)):
        return None
    if any(REPORTED_ON.search(text, max(0, t.span.start - 30), t.span.start) for t in times):
        return None
    return day


@stage("events", produces="events",
       requires=("sentences", "tokens", "places", "actors", "times", "claims", "figures", "control"))
def events_stage(analysis: Analysis) -> list[Event]:
    """Extract the document's placed events (steps 1-6 of the module docstring)."""
    facts = sentence_facts(analysis)
    candidates = drop_back_references(trigger_candidates(analysis, facts))
    events = merge(candidates + control_candidates(analysis, facts))
    date_from_lead(analysis, facts, events)
    log.debug("%s: %d events from %d candidates", analysis.doc.id, len(events), len(candidates))
    return events
