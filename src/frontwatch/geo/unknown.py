"""Places the gazetteer lacks but the text marks as places, placed from their context.

"the village of Tall Tawil in the Hassakeh province", "Sheikh Issa, north of Aleppo", "the
towns of Ain Daqna and Sheikh Issa", "the Zubdiya neighbourhood": the name is reported with
`known=False`, coordinates from what the context allows, and an honest `precision_km`:
1. "X, 10 km north of Y": Y shifted by the distance and bearing;
2. "X, north of Y" / "X in Y's northern countryside": Y shifted 20 km that way;
3. listed with known villages or towns ("A, B and X"): the centre of those;
4. "X in (the) Y (province)": Y's point with Y's own uncertainty.
A name with none of these is left out rather than put anywhere.
"""
from __future__ import annotations

import bisect
from itertools import accumulate, compress, takewhile
from operator import gt
from functools import lru_cache
import math
import re


from ..records import PlaceMention, Sentence, Span
from .candidates import Toks, sent_start, text_of, is_cap
from .cues import NUMBER_WORDS, PART_WORDS
from .fold import ARTICLES, GENERIC, fold
from .entry import PRECISION_KM
from .gazetteer import Gazetteer
from .incity import HEADLINE_CAPS, Context, in_city_places, new_districts
from .lexicon import PLACE_WORDS, word_list, word_map
from .poi_after import NATURAL_KINDS, feature_of, noun_after
from .rank import km
from .tolerant import tolerant_entry

KIND_BEFORE = {"village": "village", "villages": "village", "town": "town", "towns": "town",
               "city": "city", "neighbourhood": "district", "neighborhood": "district",
               "neighbourhoods": "district", "neighborhoods": "district", "district": "district",
               "districts": "district", "suburb": "district", "suburbs": "district", "hamlet": "village",
               "camp": "poi", "area": "village", "areas": "village", "localities": "village"}
KIND_AFTER = {"village": "village", "town": "town", "neighbourhood": "district",
              "neighborhood": "district", "district": "district", "suburb": "district",
              "camp": "poi", "airbase": "poi", "crossing": "poi", "prison": "poi", "dam": "poi",
              "checkpoint": "poi", "hospital": "poi", "square": "poi", "area": "district", "street": "poi",
              "quarter": "district", "refinery": "poi", "oilfield": "poi"}
BEARING = {"north": 0, "northern": 0, "northeast": 45, "north-east": 45, "northeastern": 45,
           "east": 90, "eastern": 90, "southeast": 135, "south-east": 135, "southeastern": 135,
           "south": 180, "southern": 180, "southwest": 225, "south-west": 225, "southwestern": 225,
           "west": 270, "western": 270, "northwest": 315, "north-west": 315, "northwestern": 315}
_BEARINGS = "|".join(sorted(BEARING, key=len, reverse=True))
_DIST = re.compile(r"^\s*,?\s*(?:about|some|around|roughly|nearly|approximately|just)?\s*(\d+(?:\.\d+)?)\s*"
                   r"(km|kilometres|kilometers|kilometre|kilometer|miles|mi)\s+(?:\([^)]*\)\s+)?"
                   rf"({_BEARINGS})\s+of\s*$", re.I)
_NEAR = re.compile(rf"^\s*,?\s*(?:\([^()]{{0,40}}\)\s*,?\s*)?(?:(?:neighbou?rhoods?|district|area|quarter|suburb|street|square|village|town|"
                   rf"dam|camp|crossing|airport|airbase|lake|island|peninsula|plains?)\s+)?"
                   rf"(?:just\s+|a\s+\w+\s+)?(?:(?:to\s+the\s+)?({_BEARINGS})(?:\s+of)?|near|outside|of\s+(?:the\s+)?|in\s+(?:the\s+)?"
                   rf"(?:({_BEARINGS})\s+)?(?:part\s+of\s+)?(?:the\s+)?(?:countryside\s+of\s+)?)\s*$", re.I)
_TAIL_DIRECTION = re.compile(rf"^(?:'s|’s)?\s+({_BEARINGS})\s+(?:countryside|suburbs|outskirts|part|side)", re.I)
SHIFT_KM = 20.0
_BEARING_OF = re.compile(rf"^,\s*(?:(?:about|some|around|just|roughly|nearly)\s+)?(?:\d+(?:\.\d+)?\s*"
                         rf"(?:km|kilometres|kilometers|miles)\s+)?(?:{_BEARINGS})\s+of\b", re.I)


_GLUE = ARTICLES | {"-", "'", "’"}  # "al-Bab", "Jazirat al-'Ayd" (an apostrophe only after "al-")
_ARTICLE_GLUE = ARTICLES | {"-"}


def _name_run(doc: Toks, i: int) -> int:
    """End (exclusive) of a capitalised name starting at token i, articles and hyphens allowed."""
    j, n = i, doc.n
    while j < n and (doc.caps[j] or (j > i and doc.lows[j] in _GLUE and (doc.lows[j] in _ARTICLE_GLUE
                                                                       or doc.texts[j - 1] == "-"))):
        j += 1
    while j > i and not doc.caps[j - 1]:
        j -= 1
    return j


def _clip(doc: Toks, i: int, j: int, next_known: int) -> int:
    """End the run before the next known place: lists whose commas were stripped ("al-Shaar
    al-Sukkari al-Sakhour") are several names, not one."""
    while j > i and doc.idxs[j - 1] >= next_known:
        j -= 1
    while j > i and not doc.caps[j - 1]:
        j -= 1
    return j


def _shift(lat: float, lon: float, bearing: float, dist: float) -> tuple[float, float]:
    b = math.radians(bearing)
    return (lat + dist * math.cos(b) / 111.0,
            lon + dist * math.sin(b) / (111.0 * math.cos(math.radians(lat))))


class Known:
    """The resolved mentions of a document in text order, with their start and end offsets, so
    that each question about the ones near a position is a binary search (a long article names
    thousands of places; scanning them all for every unknown name made it quadratic)."""

    def __init__(self, known: list[PlaceMention]):
        self.all = sorted(known, key=lambda m: m.span.start)
        self.starts = [m.span.start for m in self.all]
        self.small = [m for m in self.all if m.known and m.level in ("village", "town", "district")]
        self.small_starts = [m.span.start for m in self.small]
        self.small_ends = list(accumulate((m.span.end for m in self.small), max))  # sorted even if spans nest
        self.country = next((m.country for m in known if m.known and m.level != "country"), None)
        self.points = list(dict.fromkeys((m.lat, m.lon) for m in self.all if m.known and m.lat is not None
                                         and m.level not in ("country", "admin1")))

    def from_pos(self, pos: int):
        """Mentions starting at or after `pos`, in text order."""
        for k in range(bisect.bisect_left(self.starts, pos), len(self.all)):
            yield self.all[k]

    def small_near(self, start: int, end: int) -> list[PlaceMention]:
        """The small places that could be chained to [start, end) by gaps under LIST_GAP
        characters: a superset of what `_listed_with` can add, found by widening the window."""
        lo, hi, a, b = start, end, 0, 0
        while True:
            a2 = bisect.bisect_left(self.small_ends, lo - LIST_GAP + 1)
            b2 = bisect.bisect_left(self.small_starts, hi + LIST_GAP)
            if (a2, b2) == (a, b) or a2 >= b2:
                return self.small[a2:b2]
            a, b = a2, b2
            lo, hi = min(lo, self.small_starts[a]), max(hi, max(self.small_ends[a:b]))


LIST_GAP = 8  # "A, B and X": names of one list are this close


def _anchor_after(known: Known, pos: int, sent_end: int, listed: list[PlaceMention]) -> PlaceMention | None:
    for m in known.from_pos(pos):
        if m.span.start >= sent_end:
            return None
        if m.lat is not None and m.level != "country" and not any(m is x for x in listed):
            return m
    return None


def _listed_with(known: Known, start: int, end: int, text: str) -> list[PlaceMention]:
    """Known villages, towns or districts coordinated with the name ('A, B, X and C')."""
    out, lo, hi = [], start, end
    small = known.small_near(start, end)
    grew = True
    while grew:
        grew = False
        for m in small:
            if any(m is x for x in out):
                continue
            between = text[hi:m.span.start] if m.span.start >= hi else text[m.span.end:lo]
            if between.strip(" ,") in {"", "and", "or"} and len(between) < LIST_GAP:
                out.append(m)
                lo, hi, grew = min(lo, m.span.start), max(hi, m.span.end), True
    return out


def _near_anchor(text: str, end: int, anchor: PlaceMention) -> tuple | None:
    """Rules 1 and 2: a distance and bearing, or a bearing or 'in', between name and anchor."""
    gap = text[end:anchor.span.start]
    m = _DIST.match(gap)
    if m:
        dist = float(m.group(1)) * (1.609 if m.group(2).lower().startswith("mi") else 1.0)
        lat, lon = _shift(anchor.lat, anchor.lon, BEARING[m.group(3).lower()], dist)
        return lat, lon, 0.25 * dist + 3
    n = _NEAR.match(gap)
    if not n:
        return None
    tail = _TAIL_DIRECTION.match(text[anchor.span.end:anchor.span.end + 40])
    word = (n.group(1) or n.group(2) or (tail.group(1) if tail else "")).lower()
    if word in BEARING and anchor.level not in ("admin1", "country"):
        lat, lon = _shift(anchor.lat, anchor.lon, BEARING[word], SHIFT_KM)
        return lat, lon, 15.0
    radius = 60.0 if anchor.level == "admin1" else 25.0 if anchor.level == "admin2" else 15.0
    return anchor.lat, anchor.lon, radius


_MORE_NAMES = re.compile(r"^(?:\s*(?:,|and|or|, and)\s+(?:(?:al|el|an|ash|as|ad|ar|at|az)-)?[A-Z][\w'’-]*"
                         r"(?:\s+(?:(?:al|el|an|ash|as|ad|ar|at|az)-)?[A-Z][\w'’-]*)*)+")


def _place(doc: Toks, i: int, j: int, known: Known, sent_end: int) -> tuple | None:
    """(lat, lon, precision_km) for an unknown name at tokens i..j from its context."""
    start, end = doc.idxs[i], doc.idxs[j - 1] + len(doc.texts[j - 1])
    listed = _listed_with(known, start, end, text_of(doc))
    last = max((m.span.end for m in listed), default=end)
    more = _MORE_NAMES.match(text_of(doc)[last:sent_end])  # "Shaaleh and Nairabiyyeh in ...": skip the list
    last += more.end() if more else 0
    anchor = _anchor_after(known, last, sent_end, listed)
    if anchor and anchor.span.start - last < 80 and not (listed and anchor.level in ("admin1", "admin2")):
        where = _near_anchor(text_of(doc), last, anchor)
        if where:
            return where
    if not listed:  # "the neighbourhoods of A, B, C and New Aleppo": a known member of the list
        between = takewhile(lambda m: m.span.start < last, known.from_pos(end + 1))
        listed = [m for m in between if m.known and m.lat is not None and m.level in ("village", "town", "district")]
    if listed:
        lat = sum(m.lat for m in listed) / len(listed)
        lon = sum(m.lon for m in listed) / len(listed)
        return lat, lon, 10.0
    return None


def _kind_before(doc: Toks, i: int) -> str | None:
    """'the village of X', 'the towns of A, B and X': walk back over a list to 'KIND of'."""
    word = _noun_before(doc, i)
    return KIND_BEFORE[word] if word else None


def _noun_before(doc: Toks, i: int) -> str | None:
    """The KIND_BEFORE noun of 'the villages of A, B and X', else None."""
    k, steps = i - 1, 0
    while k >= 1 and steps < 14:
        low = doc.lows[k]
        if low == "of" and doc.lows[k - 1] in KIND_BEFORE:
            return doc.lows[k - 1]
        if not (low in {",", "and", "-"} or low in ARTICLES or doc.caps[k]):
            return None
        k, steps = k - 1, steps + 1
    return None


MAX_PART_WORDS = 4  # longer runs are lists whose commas were lost


def _city_part(doc: Toks, i: int, j: int, start: int) -> bool:
    """'the Maghawir neighbourhood', 'the neighbourhoods of A and X': a part of a city (not an
    'area', which may lie anywhere), named by its own name (not "the Alawite neighbourhood",
    "al-Neel Street", which `incity` places) outside a headline."""
    if not (j < doc.n and doc.lows[j] in PART_WORDS or _noun_before(doc, i) in PART_WORDS):
        return False
    words = [w for w in doc.lows[i:j] if w not in ARTICLES and w not in ("-", "'", "’")]
    if len(words) > MAX_PART_WORDS or words[-1] in _facility_nouns() or not _own_core(doc, i, j):
        return False
    return not _title_cased(doc, start)


@lru_cache(maxsize=1)
def _facility_nouns() -> frozenset[str]:
    from .incity import roles

    return roles()["facility"]


class CityFocus:
    """The city or town the text is about at a position (incity.Context, built on first use)."""

    def __init__(self, doc: Toks, known: list[PlaceMention], sentences, sent_starts, gaz):
        self.args, self.ctx = (doc, known, sentences, sent_starts, gaz), None

    def __call__(self, start: int, end: int) -> tuple | None:
        if self.ctx is None:
            self.ctx = Context(*self.args)
        where = self.ctx.anchor(start, end, whole_article=False)
        return None if where is None else (where.place.lat, where.place.lon, where.precision_km)


def _marked(doc: Toks, i: int, j: int, listed) -> str | None:
    """The kind the text gives the name, or 'village' when it is listed with known places
    (`listed` is called only when nothing else marks the name: it is the dearest test)."""
    if j < len(doc) and doc.lows[j] in KIND_AFTER:
        return KIND_AFTER[doc.lows[j]]
    pos = doc.idxs[j - 1] + len(doc.texts[j - 1])
    after = text_of(doc)[pos:pos + 60]
    if after.startswith(",") and _BEARING_OF.match(after):
        return "village"  # "Sheikh Issa, north of Aleppo", "X, 10 km south of Y"
    return _kind_before(doc, i) or ("village" if listed() else None)


def unknown_places(doc: Toks, doc_id: str, known: list[PlaceMention], sentences: list[Sentence],
                   sent_starts: list[int], gaz: Gazetteer | None = None) -> list[PlaceMention]:
    """Mentions for capitalised names no known mention covers but the context marks as places:
    listed places spelt otherwise (see `tolerant`) when `gaz` is given, else unknown ones; then
    places inside a city placed at the city in focus (see `incity`; "New X" replaces X in `known`)."""
    added = new_districts(doc, doc_id, known, sent_starts, gaz)
    found = known + added
    spans = sorted((m.span.start, m.span.end) for m in found)
    starts, ends = [a for a, _ in spans], [b for _, b in spans]  # bisected as ints, not tuples
    known = Known(found)
    stop = word_list("non_places")
    titles = word_list("titles")
    out, next_i = [], 0
    city = CityFocus(doc, found, sentences, sent_starts, gaz)
    # Only capitalised words that are not stop words start a name: visit those alone.
    for i in compress(range(doc.n), map(gt, doc.caps, doc.stops)):  # cap and not stop_word
        if i < next_i:
            continue
        pos = doc.idxs[i]
        k = bisect.bisect_right(starts, pos) - 1
        inside = k >= 0 and starts[k] <= pos < ends[k]
        if inside or doc.lows[i] in titles and not _kind_before(doc, i):
            continue
        j = _clip(doc, i, _name_run(doc, i), starts[k + 1] if k + 1 < len(starts) else 1 << 30)
        mention = _unknown(doc, doc_id, i, j, known, sentences, sent_starts, stop, gaz, city) if j > i else None
        if mention:
            out.append(mention)
        next_i = max(j, i + 1)
    return added + out + in_city_places(doc, doc_id, found + out, sentences, sent_starts, gaz)


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Words that make a capitalised run something other than a place's name (a sheikh's title
    does not: Sheikh Issa is a village)."""
    return (word_list("titles") | word_list("time_words") | NUMBER_WORDS) - {"sheikh", "shaykh", "sheik", "shaikh"}


def _unknown(doc, doc_id, i, j, known, sentences, sent_starts, stop, gaz=None, city=None) -> PlaceMention | None:
    start, end = doc.idxs[i], doc.idxs[j - 1] + len(doc.texts[j - 1])
    glued = i >= 2 and doc.texts[i - 1] == "-" and doc.lows[i - 2] in ARTICLES
    if glued:
        start = doc.idxs[i - 2]  # "al-Neel", "al-Hamadaniyeh": the name keeps its article
    text = text_of(doc)[start:end]
    if len(text) < 3 or (j - i == 1 and sent_start(doc, i)) or fold(text) in stop:
        return None
    if (j - i == 1 and (doc.lows[i] in PLACE_WORDS or doc.lows[i] in BEARING)) \
            or not _not_names().isdisjoint(doc.lows[i:j]):
        return None  # "District", "General Qasem ...", "July ...": not a place's name
    feature = feature_of(doc, i, j)
    if feature is not None:  # "Lake Jabbul", "Shurfa Peninsula", "Abu Kala dam": a point
        kind, end = "poi", max(end, _noun_end(doc, j))
        text = text_of(doc)[start:end]
    else:
        kind = _marked(doc, i, j, lambda: _listed_with(known, start, end, text_of(doc)))
    if kind is None and not (gaz is not None and _after_locative(doc, i - 3 if glued else i - 1)):
        return None
    if not _own_core(doc, i, j):
        return None  # "the Alawite neighbourhood", "Syria Live Network", "Tall": no place's own name
    s = max(0, bisect.bisect_right(sent_starts, start) - 1) if sentences else -1
    sent_end = sentences[s].end if sentences else len(text_of(doc))
    where = _place(doc, i, j, known, sent_end)
    if feature is not None:
        core = _core_point(gaz, doc, feature, known) if gaz is not None else None
        where = core if core is not None and (where is None or where[2] > core[2]) else where
        if where is None or _title_cased(doc, start) or not _own_core(doc, feature[1], feature[2]):
            return None  # "... Airstrikes on ISIS Training Camp in Homs": a headline, no name
    entry = tolerant_entry(gaz, text, kind, where, known.points) if gaz is not None else None
    if entry is None and where is None and kind == "district" and city is not None and _city_part(doc, i, j, start):
        where = city(start, end)  # "the city's central neighbourhood of Maghawir": in the city in focus
    if entry is not None:
        return PlaceMention(Span(doc_id, start, end, s), text, entry.name, entry.lat, entry.lon, entry.level,
                            entry.country, entry.id, entry.population or None,
                            PRECISION_KM.get(entry.level, 5.0) * 1.5, True)
    if where is None or kind is None:
        return None
    return PlaceMention(Span(doc_id, start, end, s), text, text, round(where[0], 4), round(where[1], 4),
                        kind, known.country, f"unknown:{fold(text).replace(' ', '-')}", None,
                        round(where[2], 1), False)


def _noun_end(doc: Toks, j: int) -> int:
    """End of the point's noun after the name ending at token j ("dam" of "Abu Kala dam"), else 0."""
    after = noun_after(doc, j - 1, j) if j < doc.n else None
    return after.end if after is not None else 0


def _own_core(doc: Toks, a: int, b: int) -> bool:
    """Whether tokens [a, b) can be a place's own name: not only generic words, demonyms or an
    acronym ("IDP camp", "Kurdish Refuge Camp", "ISIS Training Camp")."""
    words = [w for w in doc.lows[a:b] if w not in ARTICLES and w not in ("-", "'", "’")]
    if any(len(t) >= 2 and t.isupper() for t in doc.texts[a:b]):
        return False
    generic = _generic_words()
    if not words or len(words) == 1 and fold(words[0]) in _BARE_GENERIC:
        return False  # "Tall", "Deir": the start of a name, not one
    return not all(w in generic for w in words) and not any(w in _org_or_people() for w in words)


_BARE_GENERIC = frozenset(GENERIC) - {"mazraat", "qalat", "nahr", "wadi"}  # "al-Mazraa" is a name


@lru_cache(maxsize=1)
def _org_or_people() -> frozenset[str]:
    """Words no place's own name holds: an organisation's or a people's ("Syria Live Network",
    "the Druze district", "Syrian")."""
    from .incity import roles

    return roles()["org"] | frozenset(word_map("demonyms")) | _unnamed("people")


def _unnamed(role: str) -> frozenset[str]:
    """Words of data/gazetteer/unnamed_words.txt with this role."""
    return frozenset(w for w, r in word_map("unnamed_words").items() if r == role)


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    from .incity import roles

    return (roles()["generic"] | roles()["org"] | frozenset(word_map("demonyms")) | NUMBER_WORDS
            | _unnamed("generic"))


def _title_cased(doc: Toks, pos: int) -> bool:
    """Whether the sentence around `pos` is title-cased: a headline's "Training Camp" is no name."""
    starts = doc.user_data["fw_sent_starts"]
    k = bisect.bisect_left(doc.idxs, pos)
    lo = k
    while lo > 0 and doc.idxs[lo] not in starts and k - lo < 40:
        lo -= 1
    hi = k + 1
    while hi < doc.n and doc.idxs[hi] not in starts and hi - k < 40:
        hi += 1
    words = [t for t in range(lo, hi) if doc.texts[t].isalpha() and not doc.stops[t]]
    return len(words) >= 4 and sum(doc.caps[t] for t in words) >= HEADLINE_CAPS * len(words)


CORE_KM = 100.0  # a point's place must lie this close to a place the article names (a province's point)


def _core_point(gaz: Gazetteer, doc: Toks, feature, known: Known) -> tuple | None:
    """Where a point named after a place lies when the context does not say: at the place of
    its core name ("Jabbul" of "Lake Jabbul") in the article's country, near its other places."""
    noun, a, b = feature
    if not known.points or a >= b or not _own_core(doc, a, b):
        return None
    countries = {m.country for m in known.all if m.known}
    key = fold(text_of(doc)[doc.idxs[a]:doc.idxs[b - 1] + len(doc.texts[b - 1])])
    levels = ("city", "town", "village") if noun.kind in NATURAL_KINDS else ("city", "town", "village", "district")
    rows = [e for e in gaz.rows(gaz.exact_ids(key)[:20]) if e.lat is not None and e.country in countries
            and e.level in levels]  # a neighbourhood has a camp or a dam, not an island or a lake
    points = [(m.lat, m.lon) for m in known.all if m.known and m.lat is not None and m.level != "country"]
    best = min(((min(km(e.lat, e.lon, p, q) for p, q in points), e) for e in rows), default=None,
               key=lambda t: t[0])
    if best is None or best[0] > CORE_KM:
        return None
    return best[1].lat, best[1].lon, noun.reach_km / 2


LOCATIVE_BEFORE = frozenset({"in", "at", "near", "into", "from"})


def _after_locative(doc: Toks, k: int) -> bool:
    """'in X', 'near the X': a name the sentence puts somewhere (tried against listed names only)."""
    if k >= 0 and doc.lows[k] == "the":
        k -= 1
    return k >= 0 and doc.lows[k] in LOCATIVE_BEFORE
