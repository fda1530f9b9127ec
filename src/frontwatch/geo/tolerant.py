"""A second chance for names the text marks as places but spells unlike any listed form.

English news drops or adds vowels when it transliterates ("al-Shrafiyeh" for Ashrafiyeh,
"al-Hamadaniyeh" for Hamdaniyeh); the fold and the vowel-blind skeleton meet most variants but
not a vowel that comes or goes between consonants or at the start. Here a name is reduced to its
consonants alone and compared with the curated (supplement) names that reduce alike; a match
must also be spelt alike (rapidfuzz ratio), be of a kind the text allows, and lie where the
context puts the name. Only spans the text marks as places ("the X neighbourhood", "the village
of X", "in X") are tried, so the looser key never turns an ordinary word into a place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.fuzz import ratio

from .entry import GazEntry
from .fold import fold
from .gazetteer import DERIVED, Gazetteer
from .rank import km

MIN_CONSONANTS = 4     # shorter consonant keys collide too often
MARKED_RATIO = 80      # spelling similarity of a name the text marks ("X neighbourhood")
LOCATIVE_RATIO = 86    # ... of a name only after "in"/"at"/"near", with no place word
NEAR_KM = 50.0         # a match the context does not place must be this close to a place the text names
FIT = {"district": ("district", "village", "town"), "village": ("village", "town", "district"),
       "town": ("town", "village", "district", "city"), "city": ("city", "town"), "poi": ("poi",),
       None: ("district", "village", "town", "city")}
_VOWELS = re.compile(r"(?<=.)[aeiouyw]|^[aeiou]")
_REPEATS = re.compile(r"(?<=([a-z]))\1+")  # a letter's repeats: `([a-z])\1+` -> `\1` (see fold)


def consonants(key: str) -> str:
    """The consonants of a folded name (q is k; a leading y or w stays): 'ashrafiya' and
    'shrafiya' -> 'shrf'; 'hamadaniya' and 'hamdaniya' -> 'hmdn'."""
    s = key.replace(" ", "").replace("q", "k")
    return _REPEATS.sub("", _VOWELS.sub("", s))


@dataclass
class ConsonantIndex:
    """Curated names by consonant key: key -> [(folded name, entry numbers)]."""

    by_key: dict[str, list[tuple[str, list[int]]]]


def consonant_index(gaz: Gazetteer) -> ConsonantIndex:
    """Built once per gazetteer from its curated names (a few thousand; stored with the index)."""
    return gaz.derived("consonant_keys", _as_index)


def _consonant_lists(gaz: Gazetteer) -> dict[str, list[list]]:
    """consonant key -> [[curated key, entry numbers], ...], in the curated keys' order."""
    by_key: dict[str, list[list]] = {}
    for name_key, ids in gaz.curated_keys().items():
        c = consonants(name_key)
        if len(c) >= MIN_CONSONANTS:
            by_key.setdefault(c, []).append([name_key, list(ids)])
    return by_key


def _as_index(lists: dict[str, list[list]]) -> ConsonantIndex:
    return ConsonantIndex({c: [(key, list(ids)) for key, ids in names] for c, names in lists.items()})


DERIVED["consonant_keys"] = _consonant_lists


def tolerant_entry(gaz: Gazetteer, text: str, kind: str | None,
                   where: tuple[float, float, float] | None,
                   near: list[tuple[float, float]] = ()) -> GazEntry | None:
    """The curated place `text` most likely names despite its spelling, or None.

    `kind` is what the text calls it (None: only a locative before it); `where` is the point and
    radius the context gives, which a match must fall within; without it, a match must lie near
    one of the `near` points (the places the document names), so that "the X district of the
    city" in an article about Aleppo is not a namesake in Homs."""
    key = fold(text)
    options = consonant_index(gaz).by_key.get(consonants(key), [])
    bar = MARKED_RATIO if kind else LOCATIVE_RATIO
    scored = sorted(((ratio(key, k), ids) for k, ids in options if k != key), key=lambda s: -s[0])
    for score, ids in scored:
        if score < bar:
            break
        rows = [e for e in gaz.rows(ids) if e.level in FIT.get(kind, FIT[None]) and e.lat is not None]
        if where is not None:
            rows = [e for e in rows if km(e.lat, e.lon, where[0], where[1]) <= max(2 * where[2], 30.0)]
        elif len(rows) > 1 or not kind:
            continue  # nowhere to check it against: only a marked name with one candidate
        else:
            rows = [e for e in rows if any(km(e.lat, e.lon, a, b) <= NEAR_KM for a, b in near)]
        if rows:
            return min(rows, key=lambda e: km(e.lat, e.lon, where[0], where[1])) if where else rows[0]
    return None
