"""Geoparse a document: candidates, filters, focus, ranking, then places the gazetteer lacks.

Steps:
1. generate candidate spans (candidates.generate);
2. drop mentions that are not places (organisation names, "-based" adjectives, capitals
   standing for governments, names of people and groups);
3. compute the document's focus: countries named and unambiguous places;
4. rank each candidate's entries with its cues; keep it when the score clears its bar;
5. report unknown names the text marks as places ("the village of X", "X, north of Y").
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.fuzz import ratio


from ..records import PlaceMention, Sentence, Span
from . import cues as cue
from .candidates import Toks, sent_start, text_of, Candidate, generate, shorter
from .entry import PRECISION_KM, GazEntry, precision_km
from .fold import GENERIC, fold
from .gazetteer import Gazetteer
from .lexicon import PLACE_WORDS, word_list, word_map
from .anaphora import anaphoric_places
from .poi_after import NATURAL_KINDS, PLACE_LEVELS, noun_after, point_beside
from .rank import Cues, Focus, best_entry, curated, km
from .sources import TRANSLITERATED
from .spelling import curated_alike, english_silent_e
from .unknown import unknown_places

KEEP_SCORE = 3.0          # bar for a mention in the focus region or with cues
FAR_SMALL_POP = 100_000   # outside the focus region, smaller places need a locative cue
FUZZY_RATIO = 75          # spelling similarity a skeleton match needs (GeoNames entries)
MAX_ENTRIES = 60          # a name shared by more places than this is ranked on its most populous
METROPOLIS = 1_000_000     # cities this big are named abroad without a cue
DEMONYM_WEIGHT = 0.25     # focus weight of one 'Syrian' (at most four count)
SAME_PLACE_KM = 30.0      # well-known entries of one name this close are one place listed twice


def _sentence_of(sentences: list[Sentence], starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1) if sentences else -1


@lru_cache(maxsize=1)
def _capitals() -> frozenset[str]:
    return frozenset(fold(w) for w in word_list("capitals"))


FACTS_MEMO = 50_000  # names whose facts are remembered per process


@dataclass(slots=True, eq=False)
class NameFacts:
    """What a name's entries say whatever the text around it, worked out once per name and
    process: a corpus names "Syria" and "Aleppo" in article after article.

    Keyed by the candidate's text and `fuzzy`, which fix its key and entries."""

    rows: list[GazEntry]      # the entries ranked (fuzzy ones spelt alike)
    non_place: bool           # cue.non_place
    regional: bool            # some entry is a country, curated, or in a transliterated country
    capital: bool             # a capital's name (may stand for its government)
    named: set | None         # countries the name names (entries of level country), else None
    vote: str | None          # the one country its sure entries lie in, when it may weigh the focus
    anchor: GazEntry | None   # its one well-known entry (not a country), a candidate anchor


def _facts(gaz: Gazetteer, c: Candidate) -> NameFacts:
    memo = gaz.facts
    found = memo.get((c.text, c.fuzzy))
    if found is None:
        if len(memo) >= FACTS_MEMO:
            memo.clear()
        found = memo[(c.text, c.fuzzy)] = _name_facts(gaz, c)
    return found


def _all_facts(gaz: Gazetteer, cands: list[Candidate]) -> list[NameFacts]:
    """`_facts` of each candidate; the entries of names new to the process are read together."""
    facts = [gaz.facts.get((c.text, c.fuzzy)) for c in cands]
    if None in facts:
        gaz.prefetch(i for c, f in zip(cands, facts) if f is None for i in c.entries[:MAX_ENTRIES])
        facts = [f or _facts(gaz, c) for c, f in zip(cands, facts)]
    return facts


def _name_facts(gaz: Gazetteer, c: Candidate) -> NameFacts:
    rows = gaz.rows(c.entries[:MAX_ENTRIES])
    if c.fuzzy:  # the skeleton meets too much: keep entries whose name is also spelt alike
        rows = _spelt_alike(gaz, c, rows)
    elif c.end - c.start == 1 and english_silent_e(c.text, gaz):
        rows = [e for e in rows if not curated(e)]  # "Haze" folds like Hazzeh but is a word
    non_place = cue.non_place(c)
    regional = not non_place and any(
        e.level == "country" or curated(e) or e.country in TRANSLITERATED for e in rows)
    named = vote = None
    if any(e.level == "country" for e in rows):
        named = {e.country for e in rows if e.level == "country"}
    elif not c.fuzzy:
        # Only entries that are surely places vote: a lone village of Iran matched by an
        # Arabic word must not pull the focus (and then itself) towards Iran.
        trusted = {e.country for e in rows if curated(e) or e.population >= FAR_SMALL_POP}
        countries = {e.country for e in rows}
        if len(trusted) == 1 and (len(countries) == 1 or any(curated(e) for e in rows)):
            vote = next(iter(trusted))
    big = [e for e in rows if e.population >= 100_000 or curated(e)]
    # One well-known place, even when listed twice (the supplement's Damascus and GeoNames') or
    # shared with a city abroad the project does not list (Homs, Al Khums): its point anchors
    # nearness ("the district of Midan" in an article on Damascus is its own).
    mine = [e for e in big if curated(e) and e.level not in ("admin1", "admin2")] or big
    one = mine and mine[0].lat is not None and all(
        e.lat is not None and km(e.lat, e.lon, mine[0].lat, mine[0].lon) <= SAME_PLACE_KM for e in mine)
    anchor = mine[0] if one and mine[0].level != "country" else None
    return NameFacts(rows, non_place, regional, c.key in _capitals(), named, vote, anchor)


def _spelt_alike(gaz: Gazetteer, c: Candidate, rows: list[GazEntry]) -> list[GazEntry]:
    """The entries of a skeleton match spelt like the text: GeoNames ones by their main name,
    curated ones by any of their names that share the skeleton, vowel by vowel (see
    spelling.py: "Boleel" is al-Buleil, "Follow" is not Fulla)."""
    mine = curated_alike(gaz, c.key) if any(curated(e) for e in rows) else set()
    return [e for i, e in zip(c.entries, rows)
            if (i in mine if curated(e) else ratio(c.key, fold(e.name)) >= FUZZY_RATIO)]


def _is_place_mention(doc: Toks, c: Candidate, capital_cands: list[Candidate],
                      starts: set[int], ends: set[int], capital_ids: set[int] = frozenset(),
                      facts: NameFacts | None = None) -> bool:
    if (facts.non_place if facts is not None else cue.non_place(c)) or cue.based_or_pro(doc, c) \
            or cue.abbreviation(doc, c) or cue.institution_use(doc, c) or cue.bare_generic(doc, c):
        return False
    if cue.org_follows(doc, c, starts) or cue.name_precedes(doc, c, ends):
        return False
    return not (id(c) in capital_ids and cue.capital_as_government(doc, c, capital_cands))


def _rows(gaz: Gazetteer, c: Candidate) -> list[GazEntry]:
    if c.rows is None:
        c.rows = _facts(gaz, c).rows
    return c.rows


def _focus(facts: list[NameFacts], doc: Toks) -> Focus:
    """Countries named, their demonyms ("Syrian") and the countries of names with a single
    country weigh the focus (`facts`: those of the kept mentions, in text order)."""
    focus = Focus()
    demonyms = word_map("demonyms")
    for word, n in Counter(filter(demonyms.__contains__, doc.lows)).items():  # in text order
        focus.countries[demonyms[word].upper()] += DEMONYM_WEIGHT * min(n, 4)
    for f in facts:
        if f.named is not None:
            focus.countries.update(f.named)
            focus.named.update(f.named)
        elif f.vote is not None:
            focus.countries[f.vote] += 0.5
    main = focus.main
    for f in facts:  # points of well-known places anchor nearness
        if f.anchor is not None and f.anchor.country == main:
            focus.anchors.append((f.anchor.lat, f.anchor.lon))
    focus.anchors = list(dict.fromkeys(focus.anchors))
    focus.settle()
    return focus


def _cues(doc: Toks, c: Candidate, nxt: list[Candidate], resolved_next: dict[int, tuple]) -> Cues:
    cs = Cues(admin=cue.admin_cue(doc, c) or cue.list_admin_cue(doc, c, nxt),
              city=cue.city_cue(doc, c), settlement=cue.settlement_cue(doc, c),
              locative=cue.locative_before(doc, c), part=cue.city_part_cue(doc, c))
    # "X, Y" and "X in (the) Y (province)": Y contains X (when Y was resolved).
    info = resolved_next.get(nxt[0].start) if nxt else None
    if info:
        gap = text_of(doc)[c.char_end:nxt[0].char_start]
        inner = _PART_OF.match(gap)  # "X neighbourhood of Y", "X area in Y city"
        gap = (gap[inner.end():] if inner else gap).strip().lower()
        if gap in WITHIN_GAPS or inner and gap in {"of", "in", "of the", "in the"}:
            lat, lon, level, cc = info
            if level == "country":
                cs.within_country = cc
            elif level in ("admin1", "admin2"):
                cs.within = (lat, lon, 120.0 if level == "admin1" else 50.0)
            elif level in ("city", "town") and inner:
                cs.within = (lat, lon, WITHIN_CITY_KM)
    return cs


WITHIN_GAPS = frozenset({",", "in", "in the", ", in", "in northern", "in southern", "in eastern", "in western",
                         "in central", "in the northern", "in the southern", "in the eastern", "in the western"})
WITHIN_CITY_KM = 15.0  # a neighbourhood lies this close to its city's point
_PART_OF = re.compile(r"^\s+(?:neighbou?rhoods?|district|area|quarter|suburb|street|square)\b", re.I)


def _outside_its_container(e: GazEntry, cs: Cues) -> bool:
    """A small place resolved far from the place the text puts it in ("Salihiah neighbourhood of
    Hasakeh" is not the Salihiyah near Abu Kamal): better reported as unknown, placed there."""
    if cs.within is None or e.lat is None or e.level in ("country", "admin1"):
        return False
    lat, lon, radius = cs.within
    if e.level == "city" and radius != WITHIN_CITY_KM:
        return False  # "Manbij in Aleppo (province)": a city is not dropped on a province's radius
    return km(e.lat, e.lon, lat, lon) > 2 * radius


def _foreign_small(e: GazEntry, focus: Focus, cs: Cues) -> bool:
    """A small place outside the document's focus country whose own country the text never
    names: in an article about Syria "al-Salehia village" or "Zara" is a Syrian place the
    gazetteer lacks, not the same-named town of Iran or Turkey."""
    if e.level == "country" or curated(e) or focus.main is None:
        return False
    if e.country == focus.main or cs.within_country == e.country:
        return False
    if cs.settlement and focus.share(focus.main) >= 0.5 and e.country not in focus.named:
        return True  # "al-Salehia village", "the towns of Arak and Sukhna": marked places are local
    if e.population >= FAR_SMALL_POP:
        # A foreign city the text neither names the country of nor puts anything "in/near":
        # "the neighbourhoods of Bab al-Faraj al-Ismailiya" is Aleppo's, not Ismailia in Egypt.
        return (e.population < METROPOLIS and not cs.locative and e.country not in focus.countries
                and focus.share(focus.main) >= 0.6)
    if cs.within and e.lat is not None and km(e.lat, e.lon, cs.within[0], cs.within[1]) <= cs.within[2]:
        return False  # "Ramallah in the West Bank": the text says where it is
    return e.country not in focus.countries or focus.share(focus.main) >= 0.6 and not cs.locative


def _bar(e: GazEntry, c: Candidate, focus: Focus, cs: Cues, doc: Toks) -> float:
    """How high a mention's score must be: higher far from the focus and for lone words."""
    pop = e.population
    local = e.country == focus.main or e.country in TRANSLITERATED or curated(e)
    bar = KEEP_SCORE
    if _foreign_small(e, focus, cs):
        return 99.0
    if not local and e.level != "country":
        bar += 0.0 if pop >= FAR_SMALL_POP else (1.5 if cs.locative else 99.0)
    if c.end - c.start == 1 and sent_start(doc, c.start) and not cs.locative:
        bar += 1.5
    one_word = c.end - c.start == 1
    if doc.stops[c.start] and (one_word or doc.lows[c.start] != "the") or (one_word and c.text.isupper() and len(c.text) <= 3):
        bar += 99.0 if e.level != "country" else 0.0
    return bar


def _mention(e: GazEntry, c: Candidate, doc_id: str, sent: int, doc: Toks | None = None,
             gaz: Gazetteer | None = None) -> PlaceMention:
    prec = precision_km(e) * (1.5 if c.fuzzy else 1.0)
    after = noun_after(doc, c.start, c.end) if doc is not None else None
    if after is not None and (e.level in PLACE_LEVELS or e.level == "poi"
                              or e.level == "admin1" and after.kind.kind in WIDE_KINDS):
        return _point_mention(e, c, doc_id, sent, doc, gaz, after)
    return PlaceMention(Span(doc_id, c.char_start, c.char_end, sent), c.text, e.name, e.lat, e.lon,
                        e.level, e.country, e.id, e.population or None, prec, True)


WIDE_KINDS = frozenset({"plain"})  # "the Nineveh Plains": a province may name one


def _natural_after(doc: Toks, c: Candidate) -> bool:
    after = noun_after(doc, c.start, c.end)
    return after is not None and after.kind.kind in NATURAL_KINDS


def _point_mention(e: GazEntry, c: Candidate, doc_id: str, sent: int, doc: Toks, gaz: Gazetteer | None,
                   after) -> PlaceMention:
    """"the Tabaqa military airport", "the Atmeh camp": the point named after the place (see
    poi_after), the curated one beside it when listed, else a point at the place."""
    start = c.char_start - 1 if after.bracket else c.char_start  # "[Hama] airport"
    span = Span(doc_id, start, after.end, sent)
    text = text_of(doc)[start:after.end]
    named = e.level == "poi" or fold(after.noun) in fold(e.name).split(" ")  # "Al-Wafidin camp" is the camp
    point = e if named else (point_beside(gaz, e, c.text, after) if gaz is not None else None)
    if point is not None:
        return PlaceMention(span, text, point.name, point.lat, point.lon, "poi", point.country, point.id, None,
                            PRECISION_KM["poi"], True)
    noun = after.noun.lower()
    name = f"{text.split('[')[-1].replace(']', '')}" if after.kind.kind in WIDE_KINDS else f"{e.name} {noun}"
    return PlaceMention(span, text, name, e.lat, e.lon, "poi", e.country, f"{e.id}/{noun}", None,
                        max(after.kind.reach_km / 2, PRECISION_KM.get(e.level, 5.0)), True)


def _resolve(gaz: Gazetteer, doc: Toks, c: Candidate, focus: Focus, cs: Cues,
             ranked: dict | None = None) -> GazEntry | None:
    """The entry a candidate names, or None when no entry clears its bar. `ranked` remembers,
    for one document (one focus), the best entry of each name under each set of cues."""
    k = (c.text, c.fuzzy, cs.admin, cs.city, cs.settlement, cs.locative, cs.within, cs.within_country, cs.part)
    best = ranked.get(k, _UNRANKED) if ranked is not None else _UNRANKED
    if best is _UNRANKED:
        best = _best(gaz, c, focus, cs)
        if ranked is not None:
            ranked[k] = best
    if best is None:
        return None
    e, score = best
    if score < _bar(e, c, focus, cs, doc) or _outside_its_container(e, cs):
        return None
    return e


_UNRANKED = object()


def _best(gaz: Gazetteer, c: Candidate, focus: Focus, cs: Cues) -> tuple[GazEntry, float] | None:
    rows = _rows(gaz, c)
    if cs.admin and not any(e.level == "admin1" for e in rows):
        # "Idlib and Hama provinces", "rural Idlib": the governorate is indexed as "X province"
        rows = rows + gaz.rows(gaz.exact_ids(fold(c.text + " province")))
    return best_entry(rows, c.key, focus, cs, c.fuzzy) if rows else None


def geoparse(gaz: Gazetteer, doc: Toks, doc_id: str, sentences: list[Sentence],
             text: str | None = None) -> list[PlaceMention]:
    """Every place mention of a tokenised document, in text order."""
    doc = Toks(text if text is not None else doc.text, [s.start for s in sentences])
    cands = generate(gaz, doc)
    facts = _all_facts(gaz, cands)
    capital_cands = [c for c, f in zip(cands, facts) if f.capital]
    regional = [c for c, f in zip(cands, facts) if f.regional]
    # A generic word alone ("Tall" of "Tall Zaytuna") starts a longer name: it ends no listed
    # place before "Zaytuna" (but "Dael Tal al-Samn" is still two names).
    starts = {c.start for c in regional}
    ends = {c.end for c in regional if not (c.key in GENERIC and c.end - c.start == 1)}
    capital_ids = {id(c) for c in capital_cands}
    kept_facts = [(c, f) for c, f in zip(cands, facts)
                  if not f.non_place and _is_place_mention(doc, c, capital_cands, starts, ends, capital_ids, f)]
    kept = [c for c, _ in kept_facts]
    focus = _focus([f for _, f in kept_facts], doc)
    sent_starts = [s.start for s in sentences]
    out: list[PlaceMention] = []
    pairs: list[tuple[PlaceMention, GazEntry]] = []
    resolved: dict[int, tuple] = {}
    ranked: dict = {}
    parts: dict[str, GazEntry] = {}  # names the text calls a district: their district entry
    plain: list[tuple[int, Candidate, GazEntry]] = []  # mentions resolved to an entry as it is
    # Right to left, so that "X, Y" can use Y's resolution when X is ranked.
    for k in range(len(kept) - 1, -1, -1):
        c = kept[k]
        e = _resolve(gaz, doc, c, focus, _cues(doc, c, kept[k + 1:k + 4], resolved), ranked)
        if e is None and doc.lows[c.end - 1] in PLACE_WORDS:
            # "the Hamdaniyeh district" is no Iraqi "Hamdaniya District": try the name alone
            c = shorter(gaz, doc, c)
            c = c if c and _is_place_mention(doc, c, capital_cands, starts, ends, capital_ids) else None
            e = c and _resolve(gaz, doc, c, focus, _cues(doc, c, kept[k + 1:k + 4], resolved), ranked)
        if e is None or e.level == "district" and _natural_after(doc, c):
            continue  # "Khalidiya Island" is no island of a town's neighbourhood: left to `unknown`
        resolved[c.start] = (e.lat, e.lon, e.level, e.country)
        out.append(_mention(e, c, doc_id, _sentence_of(sentences, sent_starts, c.char_start), doc, gaz))
        pairs.append((out[-1], e))
        if e.level == "district" and cue.city_part_cue(doc, c):
            parts[c.key] = e
        if out[-1].level == e.level:
            plain.append((len(out) - 1, c, e))
    for n, c, e in plain if parts else ():
        _one_part(out, pairs, n, c, e, parts.get(c.key), doc_id)
    out.reverse()
    pairs.reverse()
    _place_on_paths(pairs)
    sentence_of = lambda pos: _sentence_of(sentences, sent_starts, pos)  # noqa: E731
    out += unknown_places(doc, doc_id, out, sentences, sent_starts, gaz)
    out += anaphoric_places(gaz, text_of(doc), doc_id, out, sentence_of)
    out.sort(key=lambda m: m.span.start)
    return out


def _one_part(out: list[PlaceMention], pairs: list, n: int, c: Candidate, e: GazEntry, part: GazEntry | None,
              doc_id: str) -> None:
    """One sense per article: "the Zahraa district" then "Zahraa's residents" are the same
    neighbourhood, not the town of another name-sake."""
    if part is None or part is e or e.level not in ("district", "town", "village"):
        return
    m = out[n]
    out[n] = PlaceMention(m.span, m.text, part.name, part.lat, part.lon, part.level, part.country, part.id,
                          part.population or None, PRECISION_KM.get(part.level, 5.0), True)
    pairs[n] = (out[n], part)


def _place_on_paths(resolved: list[tuple[PlaceMention, GazEntry]]) -> None:
    """Put roads and rivers at their waypoint nearest the other places the article names
    (the M5 in an article about Idlib lies near Saraqib, not at its midpoint near Homs)."""
    points = [(m.lat, m.lon) for m, e in resolved if m.lat is not None and m.level != "country" and not e.path]
    if not points:
        return
    lat = sum(p[0] for p in points) / len(points)
    lon = sum(p[1] for p in points) / len(points)
    for m, e in resolved:
        way = e.waypoints() if e.path else []
        if len(way) < 2:
            continue
        m.lat, m.lon = min(way, key=lambda w: km(w[0], w[1], lat, lon))
        m.precision_km = 25.0
