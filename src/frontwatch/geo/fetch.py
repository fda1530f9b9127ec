"""Bring more places into the gazetteer: GeoNames country dumps and the user's own lists.

No package carries village-level GeoNames, so `fetch` downloads the full country dump
(download.geonames.org/export/dump/<CC>.zip, every feature with its alternate names) and the
country's alternateNames file, keeps what the matcher uses (populated places, administrative
areas and war-relevant points) and stores it among the user's sources; `add` copies a user's
file (GeoNames format or a simple CSV) there after checking it parses. Either way the index is
rebuilt on next use, because the sources' signature changed.
"""
from __future__ import annotations

import io
import logging
import re
import shutil
import urllib.request
import zipfile
from pathlib import Path
from typing import Callable

from .sources import file_entries, geonames_dump_entries, read_alternates
from .gazetteer import user_sources_dir

log = logging.getLogger(__name__)

DUMP_URL = "https://download.geonames.org/export/dump/{cc}.zip"
ALTERNATES_URL = "https://download.geonames.org/export/dump/alternatenames/{cc}.zip"


class GazetteerSourceError(ValueError):
    """A source file that is missing, empty or in neither accepted format."""


def _download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as resp:  # noqa: S310 (fixed https host)
        return resp.read()


def _member(zipped: bytes, name: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        return zf.read(name).decode("utf-8").splitlines()


def country_dump(cc: str, download: Callable[[str], bytes] | None = None) -> tuple[list[str], dict]:
    """The dump lines and alternate names (by geonameid) of one country."""
    download = download or _download
    cc = cc.upper()
    if not re.fullmatch(r"[A-Z]{2}", cc):
        raise GazetteerSourceError(f"not an ISO country code: {cc!r}")
    lines = _member(download(DUMP_URL.format(cc=cc)), f"{cc}.txt")
    try:
        alternates = read_alternates(_member(download(ALTERNATES_URL.format(cc=cc)), f"{cc}.txt"))
    except (OSError, KeyError, zipfile.BadZipFile) as exc:  # the dump's own column still has names
        log.warning("alternate names for %s unavailable (%s); using the dump's own", cc, exc)
        alternates = {}
    return lines, alternates


def fetch(countries: list[str], download: Callable[[str], bytes] | None = None,
          folder: Path | None = None) -> dict[str, int]:
    """Download and store each country's places; returns how many entries each one gave."""
    folder = folder or user_sources_dir()
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for cc in countries:
        lines, alternates = country_dump(cc, download)
        kept = [l for l in lines if _kept(l)]
        out = folder / f"geonames-{cc.upper()}.txt"
        out.write_text("".join(_with_alternates(l, alternates) + "\n" for l in kept), encoding="utf-8")
        counts[cc.upper()] = sum(1 for _ in geonames_dump_entries(kept, out.name))
    return counts


def _kept(line: str) -> bool:
    return next(geonames_dump_entries([line], ""), None) is not None


def _with_alternates(line: str, alternates: dict[str, list[str]]) -> str:
    """The dump line with the alternateNames file's Latin names merged into column 4."""
    cols = line.rstrip("\n").split("\t")
    extra = [n.replace(",", " ") for n in alternates.get(cols[0], [])]
    if extra:
        cols[3] = ",".join(dict.fromkeys([*filter(None, cols[3].split(",")), *extra]))
    return "\t".join(cols)


def add(path: Path, folder: Path | None = None) -> int:
    """Check a user's file parses and store it among the sources; returns its entry count."""
    if not path.is_file():
        raise GazetteerSourceError(f"no such file: {path}")
    try:
        count = sum(1 for _ in file_entries(path))
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise GazetteerSourceError(f"{path}: neither GeoNames format nor name,aliases,lat,lon,level CSV ({exc})")
    if not count:
        raise GazetteerSourceError(f"{path}: no usable place (each needs a name and coordinates)")
    folder = folder or user_sources_dir()
    folder.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix if path.suffix in (".csv", ".txt", ".tsv") else ".txt"
    shutil.copyfile(path, folder / f"user-{path.stem}{suffix}")
    return count
