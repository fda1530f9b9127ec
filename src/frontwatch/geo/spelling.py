"""Whether a name met only through the vowel-blind skeleton is spelt like a listed name.

The skeleton (`fold.skeleton`) keeps consonants and turns every vowel run into one letter, so it
meets "Follow" and Fulla, "Biden" and Baadin, "Deter" and Daatour as readily as "Qusair" and
Qusayr. Two names with one skeleton have their consonants in the same places and one vowel run
between each; transliteration changes a run only within its sound: a/e (fatha, Zebdani), i/e/y/ee
and the diphthongs ai/ay/ei/ey (kasra, Idleb, Qusair), u/o/ou/w and aw/ow (damma, Douma, Jobar).
A skeleton match is kept when every run of the text can be the same sound as the run of a listed
name in its place ("Boleel" is al-Buleil), or one run differs and the spellings are otherwise
close (q/k and the diphthongs levelled); an English word or a surname whose vowels are other
sounds ("Follow": o-ow against u-a) stays apart.

For curated (supplement) entries the names compared are those of the entry that share the
text's skeleton, read once per gazetteer from its curated keys; GeoNames entries are compared on
their main name, as before. One exact-key case is caught here too: a one-word English shape
closed by a silent e ("Haze") that `fold` reads as an Arabic ending (Hazzeh).
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from rapidfuzz.fuzz import ratio

from .fold import skeleton
from .gazetteer import DERIVED

SPELLING_RATIO = 75   # similarity (0-100) of the levelled spellings when one vowel run differs

_LEVEL = ((re.compile(r"q"), "k"), (re.compile(r"[ae][iy](?![aeiou])"), "ay"),
          (re.compile(r"(?:aw|ow|au)(?![aeiou])"), "o"))


@lru_cache(maxsize=50_000)
def levelled(key: str) -> str:
    """A folded name with the spellings of one Arabic sound made one: 'qusair' and 'kusayr'
    -> 'kusayr'; 'jawbar' and 'jobar' -> 'jobar'."""
    for pattern, repl in _LEVEL:
        key = pattern.sub(repl, key)
    return key


def similarity(a: str, b: str) -> float:
    """Spelling similarity (0-100) of two folded names, as written or with q/k and the
    diphthongs levelled, whichever is closer."""
    return max(ratio(a, b), ratio(levelled(a), levelled(b)))


# The sounds a letter of a vowel run may write: A (fatha), I (kasra, y), U (damma, w).
_SOUNDS = {"a": 1, "e": 3, "i": 2, "y": 2, "o": 4, "u": 4, "w": 4}
_RUN = re.compile(r"(?:(?<=[a-z])[aeiouy]|^[aeiou])[aeiouyw]*")  # as fold.vowel_blind reads runs


@lru_cache(maxsize=50_000)
def vowel_sounds(key: str) -> tuple[int, ...]:
    """The sounds (bit sets) each vowel run of a folded name may stand for: 'aw', 'ou' and 'o' are
    U alone (Jawbar, Jobar), 'ay' and 'ei' are A or I (Shaykh, Sheikh)."""
    out = []
    for run in _RUN.findall(key.replace(" ", "")):
        bits = 0
        for ch in run:
            bits |= _SOUNDS[ch]
        out.append(4 if bits & 4 and not bits & 2 else bits)
    return tuple(out)


def vowels_differ(a: str, b: str) -> int | None:
    """How many vowel runs of two names of one skeleton cannot be the same sound (None when
    their runs do not pair up)."""
    va, vb = vowel_sounds(a), vowel_sounds(b)
    if len(va) != len(vb):
        return None
    return sum(1 for x, y in zip(va, vb) if not x & y)


def spelt_alike(a: str, b: str) -> bool:
    """Whether two folded names of one skeleton may be one name transliterated twice."""
    differ = vowels_differ(a, b)
    if differ is None:
        return similarity(a, b) >= SPELLING_RATIO
    return differ == 0 or differ == 1 and similarity(a, b) >= SPELLING_RATIO


def curated_by_skeleton(gaz) -> dict[str, list[tuple[str, frozenset[int]]]]:
    """The gazetteer's curated name keys by skeleton, built once per gazetteer."""
    return gaz.derived("curated_skeletons", _with_id_sets)


def _skeleton_lists(gaz) -> dict[str, list[list]]:
    """skeleton -> [[curated key, entry numbers], ...], in the curated keys' order."""
    out = defaultdict(list)
    for key, ids in gaz.curated_keys().items():
        sk = skeleton(key)
        if sk:
            out[sk].append([key, list(ids)])
    return dict(out)


def _with_id_sets(lists: dict[str, list[list]]) -> dict[str, list[tuple[str, frozenset[int]]]]:
    return {sk: [(key, frozenset(ids)) for key, ids in names] for sk, names in lists.items()}


DERIVED["curated_skeletons"] = _skeleton_lists


def curated_alike(gaz, key: str) -> set[int]:
    """Entry numbers of the curated entries with a name of `key`'s skeleton spelt like it."""
    out: set[int] = set()
    for name, ids in curated_by_skeleton(gaz).get(skeleton(key), ()):
        if not ids <= out and spelt_alike(key, name):
            out |= ids
    return out


# One English syllable closed by a silent e ("Haze", "Gaze", "Dome"): `fold` reads the e as the
# -eh/-a ending of an Arabic name (Mazze, Salamiye), so "Haze" would be Hazzeh.
_SILENT_E = re.compile(r"^[b-df-hj-np-tv-z]{1,2}[aeiou][b-df-hj-np-tv-z]e$")


@lru_cache(maxsize=1)
def _listed_silent_e() -> frozenset[str]:
    """The supplement's own one-word names of that shape ("Mare'" of Marea): those stay names.
    (Stored in the index, see `english_silent_e`: reading the supplement takes tens of ms.)"""
    from .fold import ARTICLES
    from .gazetteer import supplement_files
    from .sources import csv_entries

    out = set()
    for path in supplement_files():
        for e in csv_entries(path):
            for name in e.names:
                words = [w for w in re.findall(r"[a-z]+", name.lower()) if w not in ARTICLES]
                if len(words) == 1 and _SILENT_E.match(words[0]):
                    out.add(words[0])
    return frozenset(out)


def english_silent_e(word: str, gaz=None) -> bool:
    """Whether a one-word text is an English word of that shape no listed name is spelt as
    (the listed names as stored with `gaz`'s index when given)."""
    low = word.lower()
    if _SILENT_E.match(low) is None:
        return False
    return low not in (gaz.derived("silent_e", frozenset) if gaz is not None else _listed_silent_e())


DERIVED["silent_e"] = lambda gaz: sorted(_listed_silent_e())
