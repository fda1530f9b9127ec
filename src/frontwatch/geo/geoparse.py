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

from rapidfuzz.fuzz import ratio


from ..records import PlaceMention, Sentence, Span
from . import cues as cue
from .candidates import Toks, sent_start, text_of, Candidate, generate
from .entry import PRECISION_KM, GazEntry
from .fold import fold
from .gazetteer import Gazetteer
from .lexicon import word_list
from .anaphora import anaphoric_places
from .rank import Cues, Focus, best_entry, curated, km
from .sources import TRANSLITERATED
from .unknown import unknown_places

KEEP_SCORE = 3.0          # bar for a mention in the focus region or with cues
FAR_SMALL_POP = 100_000   # outside the focus region, smaller places need a locative cue
FUZZY_RATIO = 75          # spelling similarity a skeleton match needs (GeoNames entries)
MAX_ENTRIES = 60          # a name shared by more places than this is ranked on its most populous


def _sentence_of(sentences: list[Sentence], starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1) if sentences else -1


def _capitals(gaz: Gazetteer) -> frozenset[str]:
    return frozenset(fold(w) for w in word_list("capitals"))


def _regional(gaz: Gazetteer, c: Candidate) -> bool:
    """A candidate some entry of which is a country, curated, or in a transliterated country."""
    return not cue.non_place(c) and any(
        e.level == "country" or curated(e) or e.country in TRANSLITERATED for e in _rows(gaz, c))


def _is_place_mention(doc: Toks, c: Candidate, capital_cands: list[Candidate],
                      starts: set[int], ends: set[int]) -> bool:
    if cue.non_place(c) or cue.based_or_pro(doc, c) or cue.abbreviation(doc, c):
        return False
    if cue.org_follows(doc, c, starts) or cue.name_precedes(doc, c, ends):
        return False
    return not (any(c is o for o in capital_cands) and cue.capital_as_government(doc, c, capital_cands))


def _rows(gaz: Gazetteer, c: Candidate) -> list[GazEntry]:
    if c.rows is not None:
        return c.rows
    rows = gaz.rows(c.entries[:MAX_ENTRIES])
    if c.fuzzy:  # the skeleton meets too much: keep entries whose name is also spelt alike
        rows = [e for e in rows if ratio(c.key, fold(e.name)) >= FUZZY_RATIO or curated(e)]
    c.rows = rows
    return rows


def _focus(gaz: Gazetteer, cands: list[Candidate]) -> Focus:
    """Countries named (and the countries of names with a single country) weigh the focus."""
    focus = Focus()
    for c in cands:
        rows = _rows(gaz, c)
        countries = {e.country for e in rows}
        if any(e.level == "country" for e in rows):
            focus.countries.update(e.country for e in rows if e.level == "country")
        elif len(countries) == 1 and not c.fuzzy:
            focus.countries[next(iter(countries))] += 0.5
    for c in cands:  # points of well-known places anchor nearness
        big = [e for e in _rows(gaz, c) if e.population >= 100_000 or curated(e)]
        if len(big) == 1 and big[0].level != "country" and big[0].country == focus.main:
            focus.anchors.append((big[0].lat, big[0].lon))
    focus.anchors = list(dict.fromkeys(focus.anchors))
    return focus


def _cues(doc: Toks, c: Candidate, nxt: list[Candidate], resolved_next: dict[int, tuple]) -> Cues:
    cs = Cues(admin=cue.admin_cue(doc, c) or cue.list_admin_cue(doc, c, nxt),
              city=cue.city_cue(doc, c), settlement=cue.settlement_cue(doc, c),
              locative=cue.locative_before(doc, c))
    # "X, Y" and "X in (the) Y (province)": Y contains X.
    if nxt:
        gap = text_of(doc)[c.char_end:nxt[0].char_start].strip().lower()
        if gap in {",", "in", "in the", ", in", "in northern", "in southern", "in eastern", "in western",
                   "in central", "in the northern", "in the southern", "in the eastern", "in the western"}:
            info = resolved_next.get(nxt[0].start)
            if info:
                lat, lon, level, cc = info
                if level == "country":
                    cs.within_country = cc
                elif level in ("admin1", "admin2"):
                    cs.within = (lat, lon, 120.0 if level == "admin1" else 50.0)
    return cs


def _bar(e: GazEntry, c: Candidate, focus: Focus, cs: Cues, doc: Toks) -> float:
    """How high a mention's score must be: higher far from the focus and for lone words."""
    pop = e.population
    local = e.country == focus.main or e.country in TRANSLITERATED or curated(e)
    bar = KEEP_SCORE
    if not local and e.level != "country":
        bar += 0.0 if pop >= FAR_SMALL_POP else (1.5 if cs.locative else 99.0)
    if c.end - c.start == 1 and sent_start(doc, c.start) and not cs.locative:
        bar += 1.5
    one_word = c.end - c.start == 1
    if doc.stops[c.start] or (one_word and c.text.isupper() and len(c.text) <= 3):
        bar += 99.0 if e.level != "country" else 0.0
    return bar


def _mention(e: GazEntry, c: Candidate, doc_id: str, sent: int) -> PlaceMention:
    prec = PRECISION_KM.get(e.level, 5.0) * (1.5 if c.fuzzy else 1.0)
    return PlaceMention(Span(doc_id, c.char_start, c.char_end, sent), c.text, e.name, e.lat, e.lon,
                        e.level, e.country, e.id, e.population or None, prec, True)


def geoparse(gaz: Gazetteer, doc: Toks, doc_id: str, sentences: list[Sentence],
             text: str | None = None) -> list[PlaceMention]:
    """Every place mention of a tokenised document, in text order."""
    doc = Toks(text if text is not None else doc.text, [s.start for s in sentences])
    cands = generate(gaz, doc)
    capitals = _capitals(gaz)
    capital_cands = [c for c in cands if c.key in capitals]
    regional = [c for c in cands if _regional(gaz, c)]
    starts, ends = {c.start for c in regional}, {c.end for c in regional}
    kept = [c for c in cands if _is_place_mention(doc, c, capital_cands, starts, ends)]
    focus = _focus(gaz, kept)
    sent_starts = [s.start for s in sentences]
    out: list[PlaceMention] = []
    pairs: list[tuple[PlaceMention, GazEntry]] = []
    resolved: dict[int, tuple] = {}
    # Right to left, so that "X, Y" can use Y's resolution when X is ranked.
    for k in range(len(kept) - 1, -1, -1):
        c = kept[k]
        cs = _cues(doc, c, kept[k + 1:k + 4], resolved)
        rows = _rows(gaz, c)
        if cs.admin and not any(e.level == "admin1" for e in rows):
            # "Idlib and Hama provinces", "rural Idlib": the governorate is indexed as "X province"
            rows = rows + gaz.rows(gaz.exact_ids(fold(c.text + " province")))
        if not rows:
            continue
        e, score = best_entry(rows, c.key, focus, cs, c.fuzzy)
        if score < _bar(e, c, focus, cs, doc):
            continue
        resolved[c.start] = (e.lat, e.lon, e.level, e.country)
        out.append(_mention(e, c, doc_id, _sentence_of(sentences, sent_starts, c.char_start)))
        pairs.append((out[-1], e))
    out.reverse()
    pairs.reverse()
    _place_on_paths(pairs)
    sentence_of = lambda pos: _sentence_of(sentences, sent_starts, pos)  # noqa: E731
    out += unknown_places(doc, doc_id, out, sentences, sent_starts)
    out += anaphoric_places(gaz, text_of(doc), doc_id, out, sentence_of)
    out.sort(key=lambda m: m.span.start)
    return out


def _place_on_paths(resolved: list[tuple[PlaceMention, GazEntry]]) -> None:
    """Put roads and rivers at their waypoint nearest the other places the article names
    (the M5 in an article about Idlib lies near Saraqib, not at its midpoint near Homs)."""
    points = [(m.lat, m.lon) for m, e in resolved if m.lat is not None and m.level != "country" and not e.path]
    for m, e in resolved:
        way = e.waypoints() if e.path else []
        if len(way) < 2 or not points:
            continue
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        m.lat, m.lon = min(way, key=lambda w: km(w[0], w[1], lat, lon))
        m.precision_km = 25.0
