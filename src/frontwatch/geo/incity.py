"""Places inside a city that no gazetteer holds, placed at the city the text is about there.

Reporting names streets, squares, hospitals and markets ("the al-Nour Street", "the Zahra
charitable clinic"), industrial zones and "New X" districts without saying which city they are
in: the article has said it already. Three rules, each giving `known=False` mentions at the
city in focus with an honest `precision_km`:
1. a named facility (name + street/square/hospital/..., see facility_words.txt) is put at the
   nearest place named in its sentence (not one it is "north of"), else the last city or town
   named earlier in its paragraph, else the article's clearly dominant city; with none of
   these, or when the text puts it in a place nobody resolved ("in the Jeeneh district") or
   abroad, it is left out;
2. "the industrial district/zone/city" likewise, but only at a city or town of its sentence
   or paragraph (or "... of Y"); named ones ("Ramouseh industrial district") are rule 1's;
3. "New X" where the gazetteer knows only the city X is a district of X, not X; "Old X" is
   X's old city (the gazetteer's when it lists one).
A facility named after a known place ("Damascus hospital") is that place's, not a new place;
organisations ("Wall Street Journal", "Red Crescent clinic"), generic names ("the National
Hospital") and headlines are no context.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Iterator

from ..records import PlaceMention, Sentence, Span
from .candidates import Toks, text_of
from .cues import NUMBER_WORDS
from .entry import is_bulk
from .fold import ARTICLES, fold
from .lexicon import facility_lines, role_words, word_list, word_map
from .rank import km

CITY_KM = {"city": 8.0, "town": 5.0, "village": 3.0, "district": 3.0}  # a point inside, from its centre
ANCHOR_LEVELS = frozenset({"city", "town"})  # what a paragraph or an article is "about"
NEAR_LEVELS = ANCHOR_LEVELS | {"village", "district"}  # what a sentence may put it in
PARAGRAPH_SENTENCES = 3  # texts without line breaks: a "paragraph" reaches this many sentences back
MAX_NAME_TOKENS = 7
FAR_KM = 25.0  # a village or district of the sentence this far from its city is misread
JOINERS = frozenset({"bin", "ibn", "bint", "abu", "abi", "bani", "ben"})  # lower-case inside a person's name
BEARINGS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                      "km", "kilometres", "kilometers", "miles", "outside", "between"})
HEADLINE_CAPS = 0.7  # a sentence whose words are mostly capitalised is a headline, not prose


@lru_cache(maxsize=1)
def roles() -> dict[str, frozenset[str]]:
    """role -> words, from data/gazetteer/facility_words.txt (a word may have several roles)."""
    return {role: role_words(role) for role in {r for _, r, _ in facility_lines()}}


@lru_cache(maxsize=1)
def _not_name_words() -> frozenset[str]:
    """Words that make a capitalised run no facility's own name."""
    return (word_list("titles") | word_list("time_words") | NUMBER_WORDS | frozenset(word_map("demonyms"))
            | roles()["org"])


@dataclass(slots=True)
class Anchor:
    """Where a facility lies: the mention of the place it is in and how far from its point."""

    place: PlaceMention
    precision_km: float


class Context:
    """A document's resolved places as the questions of this module need them (built once)."""

    def __init__(self, doc: Toks, known: list[PlaceMention], sentences: list[Sentence], sent_starts: list[int],
                 gaz=None):
        self.doc, self.sentences, self.sent_starts, self.gaz = doc, sentences, sent_starts, gaz
        spans = sorted((m.span.start, m.span.end) for m in known)
        self.span_starts = [s for s, _ in spans]
        self.span_ends = [e for _, e in spans]
        self.near = sorted((m for m in known if m.known and m.lat is not None and m.level in NEAR_LEVELS
                            and not _in_a_road_name(doc.text, m.span.end)), key=lambda m: m.span.start)
        self.main = next(iter(Counter(m.country for m in self.near).most_common(1)), (None, 0))[0]
        self.near_starts = [m.span.start for m in self.near]
        self._dominant: PlaceMention | None | bool = False

    def covered(self, start: int, end: int) -> int | None:
        """End of a known span overlapping [start, end), the furthest one; None when none does."""
        k = bisect.bisect_left(self.span_starts, end)
        ends = [e for e in self.span_ends[max(0, k - 40):k] if e > start]
        return max(ends) if ends else None

    def sentence(self, pos: int) -> tuple[int, int, int]:
        """(index, start, end) of the sentence holding `pos`."""
        if not self.sentences:
            return -1, 0, len(self.doc.text)
        s = max(0, bisect.bisect_right(self.sent_starts, pos) - 1)
        return s, self.sentences[s].start, self.sentences[s].end

    def dominant(self) -> PlaceMention | None:
        """The city or town named clearly most often (twice at least, twice as often as any other)."""
        if self._dominant is False:
            counts = Counter(m.place_id for m in self.near if m.level in ANCHOR_LEVELS)
            top = counts.most_common(2)
            ok = top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] >= 2 * top[1][1])
            self._dominant = next(m for m in self.near if m.place_id == top[0][0]) if ok else None
        return self._dominant

    def anchor(self, start: int, end: int, whole_article: bool) -> Anchor | None:
        """The place the text is about at [start, end): the nearest place its sentence names
        (not one it is 'north of'), the last city or town of its paragraph, the article's city."""
        s, s_start, s_end = self.sentence(start)
        a, b = bisect.bisect_left(self.near_starts, s_start), bisect.bisect_left(self.near_starts, s_end)
        inside = [m for m in self.near[a:b] if not (m.span.start < end and m.span.end > start)]
        beside = [m for m in inside if not self._bearing_between(m, start, end)]
        if len(beside) < len(inside) and not beside:
            return None  # only places it is 'north of': where it is the text does not say
        inside = beside
        if not whole_article:
            inside = [m for m in inside if m.level in ANCHOR_LEVELS]
        m = _nearest(inside, start, end)
        city = _nearest([c for c in inside if c.level in ANCHOR_LEVELS], start, end)
        if m is not None and city is not None and km(m.lat, m.lon, city.lat, city.lon) > FAR_KM:
            m = city  # "the X school ... in Manbij" beside a village read elsewhere: trust the city
        m = m or self._paragraph_city(s, s_start, a) or (
            self.dominant() if whole_article else None)
        if m is None or m.country != self.main:
            return None  # a place outside the article's main country is as often misread as right
        return Anchor(m, CITY_KM[m.level])

    def _bearing_between(self, m: PlaceMention, start: int, end: int) -> bool:
        """'the X mosque north of Hama': the facility is not at that place."""
        lo, hi = (end, m.span.start) if m.span.start >= end else (m.span.end, start)
        return not BEARINGS.isdisjoint(self.doc.text[lo:hi].lower().split())

    def _paragraph_city(self, s: int, s_start: int, a: int) -> PlaceMention | None:
        """The last city or town named before sentence s in its paragraph (line), at most
        PARAGRAPH_SENTENCES sentences back."""
        para = self.doc.text.rfind("\n", 0, s_start) + 1
        if s >= 0:
            para = max(para, self.sentences[max(0, s - PARAGRAPH_SENTENCES)].start)
        lo = bisect.bisect_left(self.near_starts, para)
        return next((m for m in reversed(self.near[lo:a]) if m.level in ANCHOR_LEVELS), None)

    def placed_elsewhere(self, k: int) -> bool:
        """'... in (the) Jeeneh district', '..., West Yorkshire': the text puts it in a place
        nobody resolved, so the city in focus may be the wrong one."""
        doc = self.doc
        comma = k < doc.n and doc.lows[k] == ","
        k += comma
        if k >= doc.n or doc.lows[k] not in ("in", "at", "inside") and not comma:
            return False
        if doc.lows[k] in ("in", "at", "inside"):
            k += 1 + (k + 1 < doc.n and doc.lows[k + 1] == "the")
        if k >= doc.n or not (doc.caps[k] or _glued_article(doc, k)) or doc.stops[k]:
            return False
        return self.covered(doc.idxs[k], doc.idxs[k] + 1) is None

    def headline(self, pos: int) -> bool:
        """Whether the sentence at `pos` is title-cased (a headline or a caption, not prose)."""
        _, s_start, s_end = self.sentence(pos)
        doc = self.doc
        i, j = bisect.bisect_left(doc.idxs, s_start), bisect.bisect_left(doc.idxs, s_end)
        words = [k for k in range(i, j) if doc.texts[k].isalpha() and not doc.stops[k]]
        return len(words) >= 4 and sum(doc.caps[k] for k in words) >= HEADLINE_CAPS * len(words)


ROAD_AFTER = frozenset({"road", "highway", "countryside", "province", "governorate", "front", "axis"})


def _in_a_road_name(text: str, end: int) -> bool:
    """'the Jarablus road', 'Idlib countryside': the town names something outside the town."""
    after = text[end:end + 14].split(None, 1)
    return bool(after) and after[0].lower().strip(".,;") in ROAD_AFTER


def _positions(words: list[str], test) -> Iterator[int]:
    """Indexes of the words passing `test` (a C method such as `set.__contains__`): the scan of
    a document's every token runs in C, not a Python loop."""
    return compress(range(len(words)), map(test, words))


def _nearest(places: list[PlaceMention], start: int, end: int) -> PlaceMention | None:
    """The place closest in the text to [start, end)."""
    return min(places, key=lambda m: m.span.start - end if m.span.start >= end else start - m.span.end,
               default=None)


def _mention(doc: Toks, doc_id: str, start: int, end: int, name: str, where: Anchor, s: int,
             level: str = "poi") -> PlaceMention:
    m = where.place
    return PlaceMention(Span(doc_id, start, end, s), text_of(doc)[start:end], name, m.lat, m.lon, level,
                        m.country, f"unknown:{fold(name).replace(' ', '-')}", None, where.precision_km, False)


def _name_start(doc: Toks, k: int) -> int:
    """First token of the capitalised name ending at token k (inclusive): words, articles,
    hyphens and "bin"/"ibn" back to the first capitalised word, and after any other place's noun
    inside ("Tijara Park Kastana roundabout" is two places); a leading "The" is not part of it."""
    i, inner = k + 1, roles()["facility"] | roles()["clip"]
    while i - 1 >= 0 and k - i < MAX_NAME_TOKENS and (doc.caps[i - 1] and doc.lows[i - 1] not in inner
                                                         or _glued_article(doc, i - 1)
                                                         or doc.texts[i - 1] in ("-", "'", "’")
                                                         or doc.lows[i - 1] in JOINERS and i - 2 >= 0 and doc.caps[i - 2]):
        i -= 1
    while i <= k and (not doc.caps[i] or doc.stops[i]) and not _glued_article(doc, i):
        i += 1
    return i


def _glued_article(doc: Toks, i: int) -> bool:
    """'al-' of 'al-Nour': an article glued to the capitalised word after it."""
    return i + 2 < doc.n and doc.lows[i] in ARTICLES and doc.texts[i + 1] == "-" and doc.caps[i + 2]


def _facility(doc: Toks, t: int, ctx: Context) -> tuple[int, int, str] | None:
    """(start, end, name) of the named facility ending with the noun at token t, or None."""
    k = t - 1
    if k >= 0 and doc.lows[k] in roles()["modifier"] and not doc.caps[k]:
        k -= 1
    if k < 0 or not doc.caps[k] or doc.stops[k] or _names_other(doc, t):
        return None
    i = _name_start(doc, k)
    if i > k:
        return None
    start, end = doc.idxs[i], doc.idxs[t] + len(doc.texts[t])
    known_end = ctx.covered(start, end)
    if known_end is not None:  # "Bab Tuma al-Nour street": the name after the known place
        if known_end > doc.idxs[k]:
            return None  # "Damascus hospital", "Umayyad Square": a known place's own
        i = _skip_lower(doc, bisect.bisect_left(doc.idxs, known_end, i, k + 1), k)
        if i > k:
            return None
        start = doc.idxs[i]
    name = text_of(doc)[start:end]
    if not _own_name(doc, i, k, ctx) or " ".join(doc.lows[i:t + 1]) in roles()["not-place"]:
        return None
    return start, end, name


def _names_other(doc: Toks, t: int) -> bool:
    """'Wall Street Journal', 'the School of Economics', 'Street-based': the noun is part of a
    longer name (an organisation's) or an adjective."""
    n = doc.n
    if t + 1 >= n:
        return False
    if doc.texts[t + 1] == "-" or doc.caps[t + 1] and not doc.stops[t + 1]:
        return True
    return doc.lows[t + 1] == "of" and t + 2 < n and doc.caps[t + 2]


def _own_name(doc: Toks, i: int, k: int, ctx: Context) -> bool:
    """Whether tokens i..k are a facility's own name: not generic words only ("the National
    Hospital"), no title, month, demonym, acronym or organisation's word ("MSF hospital", "Red
    Crescent clinic"), not a known town's or country's name ("Qamishli National Hospital" is the
    town's hospital even where the town itself was not resolved)."""
    words = [w for w in doc.lows[i:k + 1] if w not in ARTICLES and w not in ("-", "'", "’") and w not in JOINERS]
    generic, bad = roles()["generic"], _not_name_words()
    if not words or all(w in generic for w in words) or not bad.isdisjoint(words):
        return False
    if any(len(x) >= 2 and x.isupper() for x in doc.texts[i:k + 1]):
        return False
    if fold(" ".join(words)) in word_list("non_places"):
        return False
    return True


def _known_town(gaz, doc: Toks, i: int, k: int, country: str | None) -> bool:
    """Whether the name's first word (with its article), or first two, is a country, province,
    or a city or town of some size (curated or 10,000 people) of `country` ("Qamishli National
    Hospital" is the town's even where the town itself was not resolved; Hajjah in Yemen says
    nothing of a Hajjah hospital in Syria)."""
    first = i + 2 if _glued_article(doc, i) else i
    for j in (first, first + 1):
        if j > k:
            break
        for e in gaz.rows(gaz.exact_ids(fold(text_of(doc)[doc.idxs[i]:doc.idxs[j] + len(doc.texts[j])]))[:20]):
            if e.level in ("country", "admin1") or e.level in ANCHOR_LEVELS and e.country == country and (
                    e.population >= 10_000 or not is_bulk(e.id)):
                return True
    return False


def _skip_lower(doc: Toks, i: int, k: int) -> int:
    """First token from i on that can start a name (capitalised, or a glued article)."""
    while i <= k and not doc.caps[i] and not _glued_article(doc, i):
        i += 1
    return i


def facilities(doc: Toks, doc_id: str, ctx: Context) -> list[PlaceMention]:
    """Rule 1: named streets, squares, hospitals, ... at the place the text is about."""
    nouns = roles()["facility"]
    out = []
    for t in list(_positions(doc.lows, nouns.__contains__)):
        found = _facility(doc, t, ctx)
        if found is None or ctx.headline(found[0]):
            continue
        start, end, name = found
        if ctx.placed_elsewhere(t + 1):
            continue
        where = ctx.anchor(start, end, whole_article=True)
        i = bisect.bisect_left(doc.idxs, start)
        if where is not None and not (ctx.gaz is not None and _known_town(ctx.gaz, doc, i, t - 1, where.place.country)):
            out.append(_mention(doc, doc_id, start, end, name, where, ctx.sentence(start)[0]))
    return out


def industrial_zones(doc: Toks, doc_id: str, ctx: Context) -> list[PlaceMention]:
    """Rule 2: "the industrial district/zone/city" of the city or town in focus."""
    zones = roles()["zone"]
    out = []
    for t in list(_positions(doc.lows, "industrial".__eq__)):
        if t + 1 >= doc.n or doc.lows[t + 1] not in zones or t == 0 or doc.lows[t - 1] != "the":
            continue  # named ones ("Ramouseh industrial district") are rule 1's
        start, end = doc.idxs[t], doc.idxs[t + 1] + len(doc.texts[t + 1])
        if ctx.covered(start, end) is not None or ctx.headline(start) or ctx.placed_elsewhere(t + 2):
            continue
        where = _of_city(doc, t + 2, ctx) if t + 2 < doc.n and doc.lows[t + 2] == "of" else ctx.anchor(
            start, end, whole_article=False)
        if where is not None:
            name = f"{where.place.name} industrial {doc.lows[t + 1]}"
            out.append(_mention(doc, doc_id, start, end, name, where, ctx.sentence(start)[0]))
    return out


def _of_city(doc: Toks, k: int, ctx: Context) -> Anchor | None:
    """"... of Y" with Y a known city or town starting right after "of" (else nothing)."""
    pos = doc.idxs[k + 1] if k + 1 < doc.n else -1
    n = bisect.bisect_left(ctx.near_starts, pos)
    m = ctx.near[n] if n < len(ctx.near) and ctx.near_starts[n] == pos else None
    return Anchor(m, CITY_KM[m.level]) if m is not None and m.level in ANCHOR_LEVELS else None


def new_districts(doc: Toks, doc_id: str, known: list[PlaceMention], sent_starts: list[int],
                  gaz=None) -> list[PlaceMention]:
    """Rule 3: "New X" is a district of the city X, not X; "Old X" is X's old city. A mention
    of X alone after "New "/"Old " becomes the compound in place (the list is the caller's and
    nothing else holds it yet); "New X" where X was dropped as a longer name's end ("New Homs"
    mid-sentence) is added from the gazetteer's X. Returns the added mentions."""
    text = text_of(doc)
    for k, m in enumerate(known):
        s = m.span.start
        word = text[max(0, s - 4):s]
        if word not in ("New ", "Old ") or not (m.known and m.level in ANCHOR_LEVELS and m.lat is not None):
            continue
        if s > 4 and (text[s - 5].isalnum() or _title_run(text, s - 4)):
            continue
        known[k] = _compound(doc_id, text, s - 4, m.span.end, m.span.sentence, word.strip(), m.name,
                             (m.lat, m.lon, m.country), gaz)
    if gaz is None or "New" not in doc.texts:
        return []
    covered = set()
    for m in known:
        covered.update(range(bisect.bisect_left(doc.idxs, m.span.start), bisect.bisect_left(doc.idxs, m.span.end)))
    return _dropped_new(doc, doc_id, known, covered, sent_starts, gaz)


def _curated_in(e, country: str | None) -> bool:
    """An entry of the project's own lists, in `country` when the article has one."""
    return not is_bulk(e.id) and (country is None or e.country == country)


def _title_run(text: str, pos: int) -> bool:
    """'Syria New Homs Clashes': the word before is capitalised too (a headline's run)."""
    prev = text[max(0, pos - 30):pos].split()
    return bool(prev) and prev[-1][:1].isupper() and prev[-1].lower() not in ("the", "in", "of", "on", "at")


def _compound(doc_id, text, start, end, sent, word, city, point, gaz) -> PlaceMention:
    """The mention of "New X" (a district at X's point) or "Old X" (X's old city when the
    gazetteer lists it)."""
    if word == "Old" and gaz is not None:
        for e in gaz.rows(gaz.exact_ids(fold(f"old city of {city}"))[:5]):
            if e.level == "district" and e.lat is not None:
                return PlaceMention(Span(doc_id, start, end, sent), text[start:end], e.name, e.lat, e.lon, e.level,
                                    e.country, e.id, None, CITY_KM["district"], True)
    name = f"{word} {city}"
    return PlaceMention(Span(doc_id, start, end, sent), text[start:end], name, point[0], point[1], "district",
                        point[2], f"unknown:{fold(name).replace(' ', '-')}", None, CITY_KM["city"], False)


def _dropped_new(doc: Toks, doc_id: str, known: list[PlaceMention], covered: set, sent_starts: list[int],
                 gaz) -> list[PlaceMention]:
    """'New Homs' that nothing resolved: Homs as the gazetteer knows it in the article's country."""
    out = []
    main = next(iter(Counter(m.country for m in known if m.known and m.level != "country").most_common(1)),
                (None, 0))[0]
    for i in list(_positions(doc.texts, "New".__eq__)):
        j = i + 1
        if j >= doc.n or not doc.caps[j] or j in covered or i in covered or (i > 0 and doc.caps[i - 1]
                                                                            and not doc.stops[i - 1]):
            continue
        rows = [e for e in gaz.rows(gaz.exact_ids(fold(doc.texts[j]))[:20]) if e.level in ANCHOR_LEVELS
                and e.lat is not None and (e.country == main and e.population >= 10_000 or _curated_in(e, main))]
        if rows and (j + 1 >= doc.n or not doc.caps[j + 1]):
            e = max(rows, key=lambda e: e.population)
            end = doc.idxs[j] + len(doc.texts[j])
            s = max(0, bisect.bisect_right(sent_starts, doc.idxs[i]) - 1) if sent_starts else -1
            out.append(_compound(doc_id, doc.text, doc.idxs[i], end, s, "New", e.name, (e.lat, e.lon, e.country), None))
    return out


def in_city_places(doc: Toks, doc_id: str, known: list[PlaceMention], sentences: list[Sentence],
                   sent_starts: list[int], gaz=None) -> list[PlaceMention]:
    """Rules 1 and 2 over a document whose other places are `known` (resolved and unknown)."""
    if roles()["facility"].isdisjoint(doc.lows) and "industrial" not in doc.lows:
        return []
    ctx = Context(doc, known, sentences, sent_starts, gaz)
    return facilities(doc, doc_id, ctx) + industrial_zones(doc, doc_id, ctx)
