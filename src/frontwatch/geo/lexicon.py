"""Word lists the place extractor reads, loaded once from data/gazetteer/*.txt.

Each file is one entry per line, '#' comments allowed; see data/gazetteer/README.md.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteer"


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The lower-cased entries of data/gazetteer/<name>.txt."""
    lines = (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(l.split("#")[0].strip().lower() for l in lines if l.split("#")[0].strip())


@lru_cache(maxsize=None)
def word_map(name: str) -> dict[str, str]:
    """Two-column (tab or ' = ') files: word -> value."""
    out = {}
    for line in (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "=" in line:
            k, v = line.split("=", 1)
            out[k.strip().lower()] = v.strip()
    return out


PLACE_WORDS = word_list("place_words")


@lru_cache(maxsize=1)
def facility_lines() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(words, role, the role's arguments) of every line of facility_words.txt, lower-cased:
    "air base = poi-noun air 15" gives ("air base", "poi-noun", ("air", "15"))."""
    out = []
    for line in (DATA_DIR / "facility_words.txt").read_text(encoding="utf-8").splitlines():
        words, _, rest = line.split("#")[0].partition("=")
        parts = rest.lower().split()
        if parts:
            out.append((" ".join(words.lower().split()), parts[0], tuple(parts[1:])))
    return tuple(out)


@lru_cache(maxsize=None)
def role_words(role: str) -> frozenset[str]:
    """The words of facility_words.txt whose role (first word after '=') is `role`."""
    return frozenset(words for words, r, _ in facility_lines() if r == role)
