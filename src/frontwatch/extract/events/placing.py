"""Step 4 of the events stage: tie each trigger to the named places where it happened.

Each place of a sentence goes to its nearest eligible trigger. Left out: places named only to
locate an unnamed one ("a base east of Aleppo"), origins and destinations ("fighters from
Idlib", except where people fled from), where shooters were stationed, a province that only
says where a town lies ("Kafr Zeita in Hama province"), names the actors layer claims
("Syrian" jets), rivers, and places beyond a reporting verb ("..., he said in Ramallah").
"The city" next to a trigger refers back to the last city named.
"""
from __future__ import annotations

import bisect

import numpy
from spacy.tokens import Doc, Span as TokenSpan

from ...pipeline import Analysis
from ...records import PlaceRef
from .triggers import Trigger, sentence_of

DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
              "northern", "southern", "eastern", "western"}


UNNAMED_FEATURES = {"base", "airbase", "town", "village", "city", "area", "areas", "position",
                    "positions", "checkpoint", "hill", "road", "highway", "district", "camp",
                    "neighbourhood", "neighborhood", "villages", "towns", "site", "facility"}


DISTANCE_UNITS = {"km", "kilometres", "kilometers", "miles", "mi", "metres", "meters"}


REACH_AFTER, REACH_BEFORE = 30, 10      # tokens a place may lie after / before its trigger


def place_ref(p) -> PlaceRef:
    return PlaceRef(name=p.name, lat=p.lat, lon=p.lon, text=p.text, level=p.level, place_id=p.place_id)


def place_key(ref: PlaceRef) -> str:
    return ref.place_id or f"{ref.name}|{ref.lat}|{ref.lon}"


def places_by_sentence(analysis: Analysis) -> dict[int, list]:
    """Sub-country places grouped by sentence index; a name the actors layer claims ("Syrian"
    jets, "Damascus" as the government) names a party, not where something happened."""
    out: dict[int, list] = {}
    starts = [s.start for s in analysis["sentences"]]
    claimed = {(a.span.start, a.span.end) for a in analysis.get("actors") or []}
    spans = sorted(claimed)
    for p in analysis.get("places") or []:
        if p.level == "country" or _overlaps(spans, p.span.start, p.span.end) or is_river(p):
            continue
        out.setdefault(sentence_of(starts, p.span.start), []).append(p)
    return out


def is_river(place) -> bool:
    """A river is a line hundreds of km long: it places nothing ("crossed the Euphrates")."""
    return "river" in f"{place.name} {place.text} {place.place_id or ''}".lower()


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (start, -1))
    return any(s < end and start < e for s, e in spans[max(0, i - 2):i + 2])


def token_span(doc: Doc, place) -> TokenSpan | None:
    return doc.char_span(place.span.start, place.span.end, alignment_mode="expand")


def is_reference_point(doc: Doc, span: TokenSpan) -> bool:
    """A place named only to locate an unnamed one ("a military base east of Aleppo",
    "a town near Damascus")."""
    prev = [doc[i].lower_ for i in range(max(0, span.start - 6), span.start)]
    if prev and prev[-1] == "the":
        prev.pop()
    if len(prev) >= 2 and prev[-1] in {"of", "from"} and prev[-2] in {"bank", "banks"} | DISTANCE_UNITS:
        return True  # "a village on the eastern banks of the Euphrates", "within 2 km of Dabiq"
    if len(prev) >= 3 and prev[-1] == "of" and prev[-2] in DIRECTIONS:
        if prev[-3] == "the" and len(prev) >= 4 and prev[-4] in {"to", "towards"}:
            return True  # "three villages to the east of Akhtarin"
        head = prev[:-2]
    elif len(prev) >= 2 and prev[-1] in {"near", "outside"}:
        head = prev[:-1]
    else:
        return False
    # "a base east of Aleppo", "160 km southwest of Raqqa": the place only measures from
    return any(w in UNNAMED_FEATURES for w in head[-3:]) or bool(head and head[-1] in DISTANCE_UNITS)


STATIONED = {"based", "positioned", "stationed", "deployed", "holed"}


ROLE_SKIP = {"the", "city", "town", "village", "of", "province", "capital", "countryside", "in", "rural",
             "northern", "southern", "eastern", "western", "central", "outskirts", "'s", "’s"}


def role_word(doc: Doc, span: TokenSpan) -> str:
    """The preposition governing a place ("from", "to", ...), looking through "the city of",
    "the countryside in the" and the like."""
    i = span.start - 1
    while i >= 0 and span.start - i <= 6 and doc[i].lower_ in ROLE_SKIP:
        i -= 1
    if i > 0 and doc[i].lower_ == "to" and doc[i - 1].lower_ in {"close", "next", "near", "adjacent"}:
        return "near"  # "close to Aleppo university" is a location, not a destination
    return doc[i].lower_ if i >= 0 else ""


LEVEL_RANK = {"poi": 0, "district": 0, "village": 1, "town": 1, "city": 2, "admin2": 3, "admin1": 4, "country": 5}


QUALIFIER_GLUE = {"in", "the", "of", ",", "near", "province", "governorate", "countryside", "'s", "’s", "northern",
                  "southern", "eastern", "western", "central", "rural", "outside", "city", "town", "village",
                  "neighbourhood", "neighborhood", "district", "area", "suburb", "region", "-", "military",
                  "airport", "airbase", "base", "vicinity"}


def is_qualifier(doc: Doc, fine: TokenSpan, fine_level: str, coarse: TokenSpan, coarse_level: str) -> bool:
    """A coarser place that only says where a finer one lies ("Kafr Zeita in Hama province")."""
    if LEVEL_RANK.get(coarse_level, 2) <= LEVEL_RANK.get(fine_level, 2) or coarse.start < fine.end:
        return False
    between = doc[fine.end:coarse.start]
    return len(between) <= 6 and all(t.lower_ in QUALIFIER_GLUE for t in between)


SPEECH = {"said", "says", "told", "added", "according", "stated", "during", "visit"}


def is_framing(doc: Doc, span: TokenSpan) -> bool:
    """A sentence-opening "In Aleppo, ..." places everything the sentence reports."""
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in {"the", "city", "of", "province"}:
        i -= 1
    return i >= 0 and doc[i].text == "In" and span.end < len(doc) and doc[span.end].text == ","


def speech_marks(doc: Doc) -> list[int]:
    """Token positions of reporting words ("said", "told"), found once per document."""
    lower = doc.to_array("LOWER")
    found = numpy.zeros(len(lower), dtype=bool)
    for word in SPEECH:          # eight comparisons in numpy: `isin` costs more on short arrays
        found |= lower == doc.vocab.strings.add(word)
    return numpy.flatnonzero(found).tolist()


def eligible(t: Trigger, doc: Doc, span: TokenSpan, speech: list[int]) -> bool:
    """Whether a place can belong to a trigger at all, by the trigger class's reach."""
    if span.start > t.end and bisect.bisect_left(speech, t.end) < bisect.bisect_left(speech, span.start):
        return False  # "... a massacre, Fabius said during a visit to Ramallah": the speaker's place
    if t.cls == "take":  # "took Manbij", "entered the city of Aleppo"
        gap = doc[t.end:span.start]
        return span.start >= t.end and len(gap) <= 3 and all(x.lower_ in {"the", "city", "town", "of", "village"} for x in gap)
    if t.cls == "attack":  # the generic word needs its place close by
        return -4 <= span.start - t.end <= 8
    if span.start < t.start and is_framing(doc, span):
        return True
    return -REACH_BEFORE <= span.start - t.end and span.start - t.end <= REACH_AFTER


def distance(t: Trigger, span: TokenSpan) -> float:
    """Token distance from trigger to place; a place before its trigger counts a little more."""
    return span.start - t.end if span.start >= t.end else (t.start - span.end) * 1.5


LEFTOVER_REACH = 8  # tokens: "captured Saraqib after heavy fighting" -> the fighting was there too


def role_fits(role: str, kind: str) -> bool:
    """Whether a place with this governing word can be where an occurrence of `kind` happened:
    flight is placed at its origin, everything else not at origins, destinations or the
    positions shooters fired from."""
    if kind == "displacement":
        return role not in {"to", "towards"}
    return role not in {"from", "to", "towards"} | STATIONED


def claim_leftovers(triggers: list[Trigger], spans: list, chosen: dict, doc: Doc, speech: list[int]) -> None:
    """A trigger left without a place takes the nearest place close by, when no trigger of
    its own type already holds that place."""
    for t in triggers:
        if id(t) in chosen:
            continue
        near = [(distance(t, s), p, s) for p, s, role in spans
                if role_fits(role, t.type) and eligible(t, doc, s, speech)]
        near = [x for x in near if x[0] <= LEFTOVER_REACH]
        if not near:
            continue
        _, p, s = min(near, key=lambda x: x[0])
        holders = [g for g in chosen.values() if any(q is p for _, q, _ in g)]
        if not any(g[0][0].type == t.type for g in holders):
            chosen[id(t)] = [(t, p, s)]


def assign_places(triggers: list[Trigger], places: list, doc: Doc, speech: list[int]) -> list[tuple[Trigger, object]]:
    """Give each place of a sentence to its nearest eligible trigger, leaving out places that
    only locate another one, and places whose role does not fit (`role_fits`)."""
    spans = [(p, token_span(doc, p)) for p in places]
    spans = [(p, s, role_word(doc, s)) for p, s in spans if s is not None and not is_reference_point(doc, s)]
    chosen: dict[int, list] = {}
    for p, span, role in spans:
        options = [t for t in triggers if eligible(t, doc, span, speech)]
        if not options:
            continue
        best = min(options, key=lambda t: distance(t, span))
        if role_fits(role, best.type):
            chosen.setdefault(id(best), []).append((best, p, span))
    claim_leftovers(triggers, spans, chosen, doc, speech)
    pairs = []
    for group in chosen.values():
        for t, p, span in group:
            if not any(is_qualifier(doc, s2, p2.level, span, p.level) for _, p2, s2 in group if p2 is not p):
                pairs.append((t, p))
    return pairs


ANAPHORA = {"city": {"city"}, "town": {"town", "city", "village"}, "village": {"village", "town"}}


def has_anaphoric_object(doc: Doc, t: Trigger) -> bool:
    """"fleeing the city", "stormed the town": the trigger's own object is a place named before."""
    i = t.end
    return i + 3 <= len(doc) and doc[i].lower_ == "the" and doc[i + 1].lower_ in ANAPHORA \
        and doc[i + 2].lower_ != "of"


def anaphoric_place(doc: Doc, t: Trigger, places: list, full_text: str):
    """The place "the city" / "the town" next to a trigger refers to: the last one named before."""
    text = full_text[max(0, t.char_start - 20):t.char_end + 30].lower()
    if not any(f"the {noun}" in text for noun in ANAPHORA):
        return None
    window = doc[max(0, t.start - 3):t.end + 4]
    nouns = [window[i + 1].lower_ for i in range(len(window) - 1)
             if window[i].lower_ == "the" and window[i + 1].lower_ in ANAPHORA]
    if not nouns:
        return None
    levels = ANAPHORA[nouns[0]]
    earlier = [p for p in places if p.span.end <= t.char_start and p.level in levels]
    return earlier[-1] if earlier else None
