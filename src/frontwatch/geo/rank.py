"""Ranking: which of a candidate's entries the text means, and whether it is a place at all.

The second half of geoparsing. Each entry of a candidate gets a score from its level and
population (a prior), the document's country focus, its distance to the other places the
document names, and the cues around the mention (province / city / village words, "X, Y").
A mention is kept only when its best score clears a bar (geoparse._bar) that is higher for
names far from the document's focus, which is what keeps "Deal", "Mobile" and "Of" (all towns
somewhere) out of the output.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .entry import GazEntry, is_bulk
from .fold import fold
from .sources import TRANSLITERATED

LEVEL_PRIOR = {"country": 3.0, "admin1": 1.0, "admin2": 0.5, "city": 1.5, "town": 1.0, "village": 0.3,
               "district": 0.8, "poi": 1.2}


NEAR_REACH_KM = 200.0  # anchors farther than this give no nearness bonus
TIE = 0.01             # scores this close are a tie, broken by nearness
BESIDE_KM = 25.0       # a namesake this close to a well-known place of the article is its own
FEW_ANCHORS = 40       # up to this many anchors are read one by one, more through a grid


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def curated(e: GazEntry) -> bool:
    """Entries of the project's supplement or the user's own lists, not bulk GeoNames."""
    return not is_bulk(e.id)


def approx_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: within 1% of `km` at the scales ranking cares about, cheaper."""
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(lat2 - lat1, x)


@dataclass
class Focus:
    """Where a document is about: countries by weight and points already resolved."""

    countries: Counter = field(default_factory=Counter)
    named: set = field(default_factory=set)  # countries the text names itself ("Iraq", "Turkish")
    anchors: list[tuple[float, float]] = field(default_factory=list)
    _grid: dict | None = field(default=None, repr=False)  # anchors by 1-degree cell, built on first use
    _settled: tuple | None = field(default=None, repr=False, compare=False)  # (main, total), see settle
    _near: dict = field(default_factory=dict, repr=False, compare=False)  # nearest_anchor_km, once settled

    def settle(self) -> None:
        """Fix `main` and the countries' total once they are counted, and remember distances to
        the anchors from then on: ranking reads them for every entry it scores. `countries` and
        `anchors` must not change afterwards."""
        self._settled, self._near = None, {}
        self._settled = (self.main, sum(self.countries.values()))

    def nearest_anchor_km(self, lat: float, lon: float, reach: float = NEAR_REACH_KM) -> float:
        """Distance to the nearest anchor, or `reach` when none lies closer: only the cells
        around the point are read, so a long article's hundreds of anchors cost no more.
        Remembered per point once `settle`d (the anchors then no longer change)."""
        if self._settled is None:
            return self._nearest(lat, lon, reach)
        found = self._near.get((lat, lon, reach))
        if found is None:
            found = self._near[(lat, lon, reach)] = self._nearest(lat, lon, reach)
        return found

    def _nearest(self, lat: float, lon: float, reach: float) -> float:
        if len(self.anchors) <= FEW_ANCHORS:  # a news article: reading them all is cheaper
            # `approx_km(lat, lon, a, b)` written out: a call per anchor cost more than the sum
            return min(reach, min([111.2 * math.hypot(a - lat, (b - lon) * math.cos(math.radians((lat + a) / 2)))
                                   for a, b in self.anchors]))
        if self._grid is None:
            self._grid = {}
            for a, b in self.anchors:
                self._grid.setdefault((math.floor(a), math.floor(b)), []).append((a, b))
        dlat = math.ceil(reach / 111.2)
        cos = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
        dlon = math.ceil(reach / (111.2 * cos)) if cos > 0.05 else 180
        best, cl, co = reach, math.floor(lat), math.floor(lon)
        for x in range(cl - dlat, cl + dlat + 1):
            for y in range(co - dlon, co + dlon + 1):
                for a, b in self._grid.get((x, (y + 180) % 360 - 180), ()):
                    best = min(best, approx_km(lat, lon, a, b))
        return best

    @property
    def main(self) -> str | None:
        if self._settled is not None:
            return self._settled[0]
        return self.countries.most_common(1)[0][0] if self.countries else None

    def share(self, cc: str | None) -> float:
        total = self._settled[1] if self._settled is not None else sum(self.countries.values())
        return self.countries[cc] / total if cc and total else 0.0


@dataclass(slots=True)
class Cues:
    """What the words around a mention say about its kind."""

    admin: bool = False
    city: bool = False
    settlement: bool = False
    locative: bool = False
    within: tuple[float, float, float] | None = None  # "X, Y" / "X in Y": Y's point and radius
    within_country: str | None = None
    part: bool = False  # "X district", "the neighbourhood of X": a city's part rather than a town


@lru_cache(maxsize=65_536)
def _prior(level: str, population: int, is_curated: bool) -> float:
    """What an entry weighs before any text is read: its level, population and source."""
    s = LEVEL_PRIOR.get(level, 0.5) + 0.45 * math.log10(population + 10)
    return s + (0.8 if is_curated else 0.0)


def entry_score(e: GazEntry, key: str, focus: Focus, cues: Cues, fuzzy: bool, shared: bool = True) -> float:
    """Prior + focus + cues + nearness. `shared`: the name also names a non-admin place."""
    is_curated = curated(e)
    s = _prior(e.level, e.population, is_curated)
    if not is_curated and fold(e.name) != key:
        # Matched on an alternate name only ("Waterloo" is an old name of Austin, "Sun" one of
        # Anshun): likely for places whose names reach English transliterated, unlikely elsewhere.
        s -= 0.7 if e.country in TRANSLITERATED and e.country == (focus.main or e.country) else 2.5
    s += 4.0 * focus.share(e.country) + (0.8 if e.country in TRANSLITERATED else 0.0)
    if cues.admin:
        s += 6.0 if e.level == "admin1" else (-2.0 if e.level in ("city", "town") else 0.0)
    elif e.level == "admin1" and shared:
        s -= 2.5  # "Aleppo" is the city unless the text says province
    if cues.city and e.level in ("city", "town"):
        s += 2.0
    if cues.settlement and e.level in ("village", "town", "district"):
        s += 1.5
    if cues.part and e.level == "district":
        s += 0.5
    s += _nearness(e, focus, cues)
    return s - (1.5 if fuzzy else 0.0)


def _nearness(e: GazEntry, focus: Focus, cues: Cues) -> float:
    if e.lat is None or e.level == "country":
        return 0.0
    bonus = 0.0
    if cues.within:
        wl, wo, radius = cues.within
        bonus += 3.0 if km(e.lat, e.lon, wl, wo) <= radius else -1.5
    if cues.within_country:
        bonus += 2.5 if e.country == cues.within_country else -1.5
    if focus.anchors:
        d = focus.nearest_anchor_km(e.lat, e.lon)
        bonus += 1.5 if d < 60 else 0.7 if d < NEAR_REACH_KM else 0.0
    return bonus


def best_entry(rows: list[GazEntry], key: str, focus: Focus, cues: Cues, fuzzy: bool) -> tuple[GazEntry, float]:
    """The best-scoring entry and its score."""
    shared = any(e.level not in ("admin1", "country") for e in rows)
    if len(rows) == 1:  # most names: no tie to break
        return rows[0], entry_score(rows[0], key, focus, cues, fuzzy, shared)
    scored = [(entry_score(e, key, focus, cues, fuzzy, shared), n) for n, e in enumerate(rows)]
    s, n = max(scored)
    tied = [m for t, m in scored if s - t < TIE and rows[m].lat is not None]
    if len(tied) > 1 and focus.anchors:
        # Namesakes that score alike (Midan of Aleppo and of Damascus): the one beside one of
        # the article's well-known places, when only one is.
        near = [m for m in tied if focus.nearest_anchor_km(rows[m].lat, rows[m].lon) < BESIDE_KM]
        n = near[0] if len(near) == 1 else n
    return rows[n], s
