"""Step 4 of the events stage: tie each trigger to the named places where it happened.

Each place of a sentence goes to its nearest eligible trigger. Left out: places named only to
locate an unnamed one ("a base east of Aleppo"), origins and destinations ("fighters from
Idlib", except where people fled from), where shooters were stationed, a province that only
says where a town lies ("Kafr Zeita in Hama province"), names the actors layer claims
("Syrian" jets), rivers, and places beyond a reporting verb ("..., he said in Ramallah").
"The city" next to a trigger, or as the subject of a passive ("the town was shelled"), refers
back to the last city named. Places listed side by side ("A, B and C") share their trigger and
their role, and none is a qualifier of another.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

import numpy
from spacy.tokens import Doc, Span as TokenSpan

from ...pipeline import Analysis
from ...records import PlaceRef
from ..grouping import by_sentence, starting_in
from ..tokens import nlp
from .triggers import Trigger, alternation, lexicon, words

DIRECTIONS = words("direction")


UNNAMED_FEATURES = words("unnamed_feature")


DISTANCE_UNITS = words("distance_unit")
RIVER_BANKS = words("river_bank")


REACH_AFTER, REACH_BEFORE = 30, 10      # tokens a place may lie after / before its trigger


def place_ref(p) -> PlaceRef:
    return PlaceRef(name=p.name, lat=p.lat, lon=p.lon, text=p.text, level=p.level, place_id=p.place_id)


def place_key(ref: PlaceRef) -> str:
    return ref.place_id or f"{ref.name}|{ref.lat}|{ref.lon}"


def places_by_sentence(analysis: Analysis) -> dict[int, list]:
    """Sub-country places grouped by sentence index; a name the actors layer claims ("Syrian"
    jets, "Damascus" as the government) names a party, not where something happened."""
    spans = sorted({(a.span.start, a.span.end) for a in analysis.get("actors") or []})
    kept = [p for p in analysis.get("places") or []
            if not (p.level == "country" or _overlaps(spans, p.span.start, p.span.end) or is_river(p))]
    return by_sentence(kept, starting_in(analysis["sentences"]))


def is_river(place) -> bool:
    """A river is a line hundreds of km long: it places nothing ("crossed the Euphrates")."""
    return "river" in f"{place.name} {place.text} {place.place_id or ''}".lower()


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (start, -1))
    return any(s < end and start < e for s, e in spans[max(0, i - 2):i + 2])


def token_span(doc: Doc, place) -> TokenSpan | None:
    return doc.char_span(place.span.start, place.span.end, alignment_mode="expand")


def is_reference_point(doc: Doc, span: TokenSpan, named_ends: frozenset[int] = frozenset()) -> bool:
    """A place named only to locate an unnamed one ("a military base east of Aleppo",
    "a town near Damascus") or a named one ("Khan Shaykhun, south of the city of Idlib":
    `named_ends` are the token ends of the sentence's other places)."""
    at = direction_before(doc, span.start)
    if at is not None and (at in named_ends or at - 1 in named_ends):
        return True  # "Khan Shaykhun south of Idlib": the town is the place, Idlib the yardstick
    prev = [doc[i].lower_ for i in range(max(0, span.start - 6), span.start)]
    if prev and prev[-1] == "the":
        prev.pop()
    if len(prev) >= 2 and prev[-1] in {"of", "from"} and prev[-2] in RIVER_BANKS | DISTANCE_UNITS:
        return True  # "a village on the eastern banks of the Euphrates", "within 2 km of Dabiq"
    if len(prev) >= 3 and prev[-1] == "of" and prev[-2] in DIRECTIONS:
        if prev[-3] == "the" and len(prev) >= 4 and prev[-4] in {"to", "towards"}:
            return True  # "three villages to the east of Akhtarin"
        head = prev[:-2]
    elif len(prev) >= 2 and prev[-1] in {"near", "outside"}:
        head = [doc[i].lower_ for i in range(max(0, span.start - 9), span.start - 6)] + prev[:-1]
    else:
        return False
    # "a base east of Aleppo", "160 km southwest of Raqqa", "six villages in a counter-attack
    # near al-Rai": the place only measures from
    return any(w in UNNAMED_FEATURES for w in head[-6:]) or bool(head and head[-1] in DISTANCE_UNITS)


# words that may stand between "took" / "entered" and the place taken ("took the second city
# Aleppo", "entered the strategic town of Saraqib")
TAKE_GAP = words("take_gap")


@lru_cache(maxsize=None)
def word_ids(words: frozenset[str]) -> frozenset[int]:
    """The lower-case form ids (string hashes, the same in every vocabulary) of some words."""
    return frozenset(nlp().vocab.strings.add(w) for w in words)


def direction_before(doc: Doc, start: int) -> int | None:
    """The token index of "south" in "south of Idlib", "south of the city of Idlib" (read from
    the document's lower-case id array: no token objects are made)."""
    lower, (the,), (of,) = lower_array(doc), word_ids(THE), word_ids(OF)
    i = start - 1
    if i >= 0 and lower[i] == the:
        i -= 1
    if i >= 3 and lower[i] == of and lower[i - 1] in word_ids(CITY_OR_TOWN) and lower[i - 2] == the:
        i -= 3
    return i - 1 if i >= 1 and lower[i] == of and lower[i - 1] in word_ids(DIRECTION_SET) else None


# the word sets `direction_before` reads as ids (built once: `word_ids` is cached by set)
DIRECTION_SET = frozenset(DIRECTIONS)
THE, OF, CITY_OR_TOWN = frozenset({"the"}), frozenset({"of"}), words("city_or_town")


STATIONED = words("stationed")


ROLE_SKIP = words("role_skip")
NEAR_TO = words("near_to")  # "close to", "next to"


def role_word(doc: Doc, span: TokenSpan) -> str:
    """The preposition governing a place ("from", "to", ...), looking through "the city of",
    "the countryside in the" and the like."""
    i = span.start - 1
    while i >= 0 and span.start - i <= 6 and doc[i].lower_ in ROLE_SKIP:
        i -= 1
    if i > 0 and doc[i].lower_ == "to" and doc[i - 1].lower_ in NEAR_TO:
        return "near"  # "close to Aleppo university" is a location, not a destination
    return doc[i].lower_ if i >= 0 else ""


LEVEL_RANK = {"poi": 0, "district": 0, "village": 1, "town": 1, "city": 2, "admin2": 3, "admin1": 4, "country": 5}


QUALIFIER_GLUE = words("qualifier_glue")


CONJUNCTIONS, LIST_FEATURES = alternation("list_conjunction"), alternation("list_feature")  # "&" stays here
LIST_GAP = re.compile(rf"^\s*,?\s*(?:(?:{CONJUNCTIONS}|&)\s+)?(?:the\s+)?(?:{LIST_FEATURES}\s+of\s+)?$", re.I)
CONJUNCTION = re.compile(rf"\b{CONJUNCTIONS}\b|&", re.I)
FEATURE_OF = re.compile(rf"\b{LIST_FEATURES}\s+of\b", re.I)
SEPARATED = re.compile(rf"^\s*(?:,|{CONJUNCTIONS}\b|&|the\b)", re.I)


def continues_list(gap: str) -> bool:
    """Whether the text between two place names continues a list. "the towns of" after a
    separator opens the list's next part (", and the villages of B"); right after a name, with
    no separator, it says where the named ones lie ("the A and B neighbourhoods of Aleppo")."""
    return bool(LIST_GAP.match(gap)) and (not FEATURE_OF.search(gap) or bool(SEPARATED.match(gap)))


def list_groups(text: str, places: list) -> dict[int, int]:
    """Places named in one list ("struck Kafr Nabl, Khan Shaykhun and Maarat al-Numan"): the
    start of each listed place mention -> the start of its list's first member. A list needs a
    conjunction, so "Kafr Zeita, Hama" (a town and where it lies) is no list. Each member of a
    list is a target of its own, never a qualifier of another."""
    ordered = sorted(places, key=lambda p: p.span.start)
    groups: list[list] = []
    joined: list[bool] = []
    for prev, cur in zip([None] + ordered[:-1], ordered):
        gap = text[prev.span.end:cur.span.start] if prev is not None else None
        if gap is not None and continues_list(gap):
            groups[-1].append(cur)
            joined[-1] = joined[-1] or bool(CONJUNCTION.search(gap))
        else:
            groups.append([cur])
            joined.append(False)
    return {p.span.start: g[0].span.start for g, j in zip(groups, joined) if j and len(g) > 1 for p in g}


def is_qualifier(doc: Doc, fine: TokenSpan, fine_level: str, coarse: TokenSpan, coarse_level: str) -> bool:
    """A coarser place that only says where a finer one lies ("Kafr Zeita in Hama province")."""
    if LEVEL_RANK.get(coarse_level, 2) <= LEVEL_RANK.get(fine_level, 2) or coarse.start < fine.end:
        return False
    between = doc[fine.end:coarse.start]
    return len(between) <= 6 and all(t.lower_ in QUALIFIER_GLUE for t in between)


SPEECH = words("speech")
FRAMING_SKIP = words("framing_skip")  # "In the city of Aleppo, ..."


def is_framing(doc: Doc, span: TokenSpan) -> bool:
    """A sentence-opening "In Aleppo, ..." places everything the sentence reports."""
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in FRAMING_SKIP:
        i -= 1
    return i >= 0 and doc[i].text == "In" and span.end < len(doc) and doc[span.end].text == ","


def lower_array(doc: Doc) -> numpy.ndarray:
    """The lower-case form ids of every token, read once per document (kept in user_data)."""
    lower = doc.user_data.get("events.lower")
    if lower is None:
        lower = doc.user_data["events.lower"] = doc.to_array("LOWER")
    return lower


def speech_marks(doc: Doc) -> list[int]:
    """Token positions of reporting words ("said", "told"), found once per document."""
    lower = lower_array(doc)
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
        return span.start >= t.end and len(gap) <= 3 and all(x.lower_ in TAKE_GAP for x in gap)
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


def assign_places(triggers: list[Trigger], places: list, doc: Doc, speech: list[int],
                  listed: dict[int, int]) -> list[tuple[Trigger, object]]:
    """Give each place of a sentence to its nearest eligible trigger, leaving out places that
    only locate another one, and places whose role does not fit (`role_fits`). `listed` tells
    the places named in one list (`list_groups`)."""
    spans = [(p, token_span(doc, p)) for p in places]
    ends = frozenset(s.end for _, s in spans if s is not None)
    spans = [(p, s, role_word(doc, s)) for p, s in spans if s is not None and not is_reference_point(doc, s, ends)]
    spans = list_roles(spans, listed)
    chosen: dict[int, list] = {}
    for p, span, role in spans:
        options = [t for t in triggers if eligible(t, doc, span, speech)]
        if not options:
            continue
        best = min(options, key=lambda t: distance(t, span))
        if role_fits(role, best.type):
            chosen.setdefault(id(best), []).append((best, p, span))
    claim_leftovers(triggers, spans, chosen, doc, speech)
    extend_lists(chosen, spans, listed)
    pairs = []
    for group in chosen.values():
        for t, p, span in group:
            if not any(is_qualifier(doc, s2, p2.level, span, p.level) for _, p2, s2 in group
                       if p2 is not p and not same_list(listed, p, p2)):
                pairs.append((t, p))
    return pairs


def list_roles(spans: list, listed: dict[int, int]) -> list:
    """Every member of a list takes the governing word of its first member: in "from the
    villages of A, B and C", B and C are origins too."""
    first_role = {p.span.start: role for p, _, role in spans if listed.get(p.span.start) == p.span.start}
    return [(p, s, first_role.get(listed.get(p.span.start), role)) for p, s, role in spans]


def extend_lists(chosen: dict, spans: list, listed: dict[int, int]) -> None:
    """A trigger that holds one member of a list holds the whole list ("took the villages of A,
    B and C", "shells hit the neighbourhoods of A, B, C and D"), however far the last members
    lie, unless another trigger holds them."""
    held = {id(p) for group in chosen.values() for _, p, _ in group}
    for group in list(chosen.values()):
        t = group[0][0]
        firsts = {listed.get(p.span.start) for _, p, _ in group} - {None}
        for p, span, role in spans:
            if id(p) not in held and listed.get(p.span.start) in firsts and role_fits(role, t.type):
                group.append((t, p, span))
                held.add(id(p))


def same_list(listed: dict[int, int], a, b) -> bool:
    """Whether two place mentions are members of one list (`list_groups`)."""
    first = listed.get(a.span.start)
    return first is not None and first == listed.get(b.span.start)


ANAPHORA = lexicon().anaphora  # "the town" -> the levels of the places it may stand for


def has_anaphoric_object(doc: Doc, t: Trigger) -> bool:
    """"fleeing the city", "stormed the town": the trigger's own object is a place named before;
    so is the subject of a passive ("the town was shelled", "the city came under attack")."""
    i = t.end
    return (i + 3 <= len(doc) and doc[i].lower_ == "the" and doc[i + 1].lower_ in ANAPHORA
            and doc[i + 2].lower_ != "of") or passive_subject(doc, t) is not None


PASSIVE = words("passive")


def place_nouns(doc: Doc) -> list[int]:
    """Token indices of "town", "city", "village" right after "the", found once per document
    (kept in the Doc's user_data) with one array comparison instead of a token loop."""
    found = doc.user_data.get("events.place_nouns")
    if found is None:
        lower = lower_array(doc)
        nouns = numpy.zeros(len(lower), dtype=bool)
        for word in ANAPHORA:
            nouns |= lower == doc.vocab.strings.add(word)
        after_the = numpy.concatenate(([False], lower[:-1] == doc.vocab.strings.add("the"))) if len(lower) else lower
        found = doc.user_data["events.place_nouns"] = numpy.flatnonzero(nouns & after_the).tolist()
    return found


def passive_subject(doc: Doc, t: Trigger) -> int | None:
    """The token index of "town" in "the town was (heavily) shelled" / "the town came under
    attack": a place noun the trigger acts on from before it, or None."""
    marks = place_nouns(doc)
    k = bisect.bisect_left(marks, t.start - 6)
    if k == len(marks) or marks[k] > t.start - 2:
        return None
    for i in range(t.start - 2, max(-1, t.start - 7), -1):
        if doc[i].lower_ in ANAPHORA and i > 0 and doc[i - 1].lower_ == "the":
            between = [x.lower_ for x in doc[i + 1:t.start]]
            if between and between[0] in PASSIVE and all(x.is_alpha for x in doc[i + 1:t.start]):
                return i
            return None
    return None


def anaphoric_place(doc: Doc, t: Trigger, places: list, full_text: str):
    """The place "the city" / "the town" next to a trigger refers to: the last one named before."""
    text = full_text[max(0, t.char_start - 50):t.char_end + 30].lower()
    if not any(f"the {noun}" in text for noun in ANAPHORA):
        return None
    subject = passive_subject(doc, t)
    window = doc[subject - 1:subject + 1] if subject is not None else doc[max(0, t.start - 3):t.end + 4]
    nouns = [window[i + 1].lower_ for i in range(len(window) - 1)
             if window[i].lower_ == "the" and window[i + 1].lower_ in ANAPHORA]
    if not nouns:
        return None
    levels = ANAPHORA[nouns[0]]
    earlier = [p for p in places if p.span.end <= t.char_start and p.level in levels]
    # "the town of Jayrud, 60 km northeast of Damascus ... the town": Damascus only measured from
    return next((p for p in reversed(earlier) if not _measured_from(doc, p)), None)


def _measured_from(doc: Doc, place) -> bool:
    span = token_span(doc, place)
    return span is not None and is_reference_point(doc, span)
