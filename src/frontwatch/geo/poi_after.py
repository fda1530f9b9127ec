"""Points named after the place they lie beside: "the Tabaqa military airport", "[Hama]
airport", "Deir Ezzor air base", "the Atmeh camp", "the Maskanah Plains", "Haditha dam".

The gazetteer lists the town; the text names the airport, camp, dam or plain built on it. The
mention is the point, not the town: the curated point of that kind beside the town when the
gazetteer has one (its name need not be spelt like the text's: "Tabaqa" is the Tabqa airbase),
else a point at the town named "<town> <noun>" with the uncertainty of its kind. The nouns, the
words that may sit between name and noun ("military", "refugee") and the kinds' radii are in
data/gazetteer/facility_words.txt (roles `poi-noun`, `poi-inner`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .candidates import Toks
from .entry import GazEntry
from .fold import fold
from .gazetteer import DERIVED
from .lexicon import facility_lines, role_words
from .rank import km
from .tolerant import consonants

MAX_INNER = 2           # "military", "international refugee": words between the name and its noun
PLACE_LEVELS = frozenset({"village", "town", "city", "district", "admin2"})
NATURAL_KINDS = frozenset({"island", "peninsula", "lake", "plain"})  # land and water, not buildings


@dataclass(frozen=True, slots=True)
class Noun:
    """A kind of point: the words that name it and how far from its town it may lie (km)."""

    kind: str
    reach_km: float


@lru_cache(maxsize=2)
def nouns(role: str = "poi-noun") -> dict[tuple[str, ...], Noun]:
    """(words...) -> Noun, from the `poi-noun` lines of facility_words.txt ("air base = poi-noun
    air 15"), or the `poi-first` ones: words that start such a name ("Lake Jabbul", "Jazirat al-Ayd")."""
    return {tuple(words.split()): Noun(args[0], float(args[1]))
            for words, r, args in facility_lines() if r == role and len(args) == 2}


def feature_of(doc: Toks, i: int, j: int) -> tuple[Noun, int, int] | None:
    """(kind, core start, core end) when the capitalised name at tokens [i, j) is a point named
    after a place: "Lake Jabbul", "Shurfa Peninsula", "Abu Kala dam" (the core: "Jabbul", ...)."""
    first = nouns("poi-first").get((doc.lows[i],))
    if first is not None and j - i >= 2:
        return first, i + 1, j
    after = noun_after(doc, i, j) if j < doc.n else None
    if after is not None:
        return after.kind, i, j
    last = nouns().get((doc.lows[j - 1],))
    if last is not None and j - i >= 2:
        return last, i, j - 1
    return None


def inner_words() -> frozenset[str]:
    return role_words("poi-inner")


@lru_cache(maxsize=1)
def _kind_words() -> dict[str, tuple[str, ...]]:
    """kind -> the folded nouns of that kind, to recognise a curated point's names."""
    out: dict[str, list[str]] = {}
    for words, noun in nouns().items():
        out.setdefault(noun.kind, []).append(fold(" ".join(words)))
    return {k: tuple(v) for k, v in out.items()}


@dataclass(slots=True)
class After:
    """A noun of a point right after a place's name."""

    end_token: int   # exclusive
    end: int         # character offset
    noun: str        # as written, without the inner words ("airport" of "military airport")
    kind: Noun
    bracket: bool = False  # the name is inside "[...]"


def noun_after(doc: Toks, start: int, end: int) -> After | None:
    """The point's noun after the name at tokens [start, end): "] airport" when the name is an
    editor's insertion in brackets, up to MAX_INNER inner words, then a one- or two-word noun."""
    k = end
    if k >= doc.n or doc.lows[k] not in _starts():
        return None  # most names: no noun, bracket or inner word follows
    if doc.texts[k] == "]" and start > 0 and doc.texts[start - 1] == "[":
        k += 1
    first = k
    inner = inner_words()
    while k < doc.n and k - first < MAX_INNER and doc.lows[k] in inner:
        k += 1
    table = nouns()
    for size in (2, 1):
        words = tuple(doc.lows[k:k + size])
        if len(words) == size and words in table:
            j = k + size
            if j < doc.n and doc.caps[j] and not doc.stops[j] and doc.lows[j] not in _FOLLOWERS:
                return None  # "the Yarmouk Camp Committee": the noun starts an organisation's name
            last = j - 1
            end_char = doc.idxs[last] + len(doc.texts[last])
            return After(j, end_char, doc.text[doc.idxs[k]:end_char], table[words], first > end)
    return None


_FOLLOWERS = frozenset({"in", "on", "near", "of"})


@lru_cache(maxsize=1)
def _starts() -> frozenset[str]:
    """Words that may follow a name when a point's noun does: a noun's first word, an inner word, "]"."""
    return frozenset(words[0] for words in nouns()) | inner_words() | {"]"}


class PoiIndex:
    """The curated points (level poi) with their name keys, read once per gazetteer."""

    def __init__(self, gaz):
        listed = gaz.derived("poi_points")
        rows = gaz.rows([i for i, _ in listed])
        self.points = [(e, list(keys)) for e, (_, keys) in zip(rows, listed)]
        self._of_kind: dict[str, list[tuple[GazEntry, tuple[str, ...]]]] = {}

    def of_kind(self, kind: str) -> list[tuple[GazEntry, tuple[str, ...]]]:
        """The points with a name holding a noun of `kind`, each with its names' consonants, in
        `points` order: worked out once per kind, not for every "X airport" of every article."""
        found = self._of_kind.get(kind)
        if found is None:
            words = _kind_words()[kind]
            found = self._of_kind[kind] = [(p, tuple(map(consonants, keys))) for p, keys in self.points
                                           if any(w in k for k in keys for w in words)]
        return found


def _poi_points(gaz) -> list[list]:
    """[[entry number, its curated keys], ...] of the curated points (not roads or rivers)."""
    by_id: dict[int, list[str]] = {}
    for key, ids in gaz.curated_keys().items():
        for i in ids:
            by_id.setdefault(i, []).append(key)
    rows = gaz.rows(list(by_id))
    return [[i, by_id[i]] for i, e in zip(by_id, rows) if e.level in ("poi", "admin2")
            and e.lat is not None and not e.path]


DERIVED["poi_points"] = _poi_points


def poi_index(gaz) -> PoiIndex:
    found = getattr(gaz, "_poi_index", None)
    if found is None:
        found = gaz._poi_index = PoiIndex(gaz)
    return found


def point_beside(gaz, e: GazEntry, name: str, after: After) -> GazEntry | None:
    """The curated point of the noun's kind within its reach of `e` whose name starts like the
    text's `name` or the entry's (by consonants: "Tabaqa" meets "Tabqa airbase"), the nearest."""
    if e.lat is None:
        return None
    stems = {consonants(fold(name)), consonants(fold(e.name))} - {""}
    best, best_km = None, after.kind.reach_km
    for p, keys in poi_index(gaz).of_kind(after.kind.kind):
        d = km(e.lat, e.lon, p.lat, p.lon)
        if d <= best_km and any(k.startswith(s) for k in keys for s in stems):
            best, best_km = p, d
    return best
