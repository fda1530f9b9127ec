"""Resolve a figure source given by description ("the monitor", "the source") to the name it refers to.

News copy names a source once and then refers back to it: "the monitor said", "the source added",
"according to the same source", "the ministry said". A description alone names nobody a reader of
the figure could check, so it is replaced by the nearest fitting name the article gives (data file
back_references.tsv): a speaker of the same kind for "the monitor" (from the claims layer, which
classes SOHR as a monitor), a fuller name with the same head word for "the source" ("a source at
the police command"), any named source for "the same source". Names before the figure are
preferred; a description in a headline or lead may refer forward to the body's name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .numbers import read_table

DETERMINERS = frozenset({"the", "a", "an", "that", "this", "its", "their", "same", "said"})
WORD = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=1)
def back_references() -> dict[str, str]:
    """description -> what it refers to: kind:<speaker kind> | word | any."""
    return {row[0]: row[1].strip() for row in read_table("back_references.tsv")}


@dataclass(slots=True)
class Named:
    """A source the article names, where it names it and the kind the claims layer gave it."""

    start: int
    name: str
    kind: str | None


@lru_cache(maxsize=4096)
def description(source: str) -> tuple[str, str] | None:
    """(phrase, reference) when `source` is only a description ("the UK-based monitor"), else None.
    Remembered: an article asks it of the same few names for every figure."""
    words = WORD.findall(source)
    if not words or words[0].lower() in ("it", "they"):
        return None
    same = any(w.lower() == "same" for w in words)
    core = [w for w in words if w.lower() not in DETERMINERS and not w.lower().endswith("-based")]
    if not core or any(w[:1].isupper() for w in core[1:]) or (core[0][:1].isupper() and len(core) > 2):
        return None               # a name ("Syrian Observatory"), not a description
    lowered = [w.lower() for w in core]
    if same and back_references().get(f"same {lowered[-1]}"):
        return f"same {lowered[-1]}", "any"
    for n in (3, 2, 1):           # the head: the longest known ending ("human rights group", "group")
        phrase = " ".join(lowered[-n:])
        if len(lowered) >= n and phrase in back_references():
            reference = back_references()[phrase]
            if reference in ("word", "any") and (len(lowered) > n or words[0].lower() in ("a", "an")):
                return None       # "civil sources", "a source": a new source, not a reference back
            return phrase, reference
    return None


def named(name: str) -> bool:
    """A source that names someone: a capitalised word beyond the first, or an acronym."""
    return description(name) is None and any(w[:1].isupper() for w in WORD.findall(name))


def antecedent(source: str, at: int, names: list[Named]) -> Named | None:
    """The name a description at offset `at` refers to, or None (nearest before first, then after)."""
    found = description(source)
    if found is None:
        return None
    phrase, reference = found
    head = phrase.split()[-1]
    fitting = [n for n in names if _core(n.name) != _core(source) and _fits(n, source, reference, head)]
    before = [n for n in fitting if n.start < at]
    if before:
        return max(before, key=lambda n: n.start)
    after = [n for n in fitting if n.start >= at]
    return min(after, key=lambda n: n.start) if after and reference != "any" else None


def _fits(n: Named, source: str, reference: str, head: str) -> bool:
    """A name of the kind the description asks for; a same-head reference also takes a fuller
    description ("the source" -> "a medical source in Aleppo")."""
    if reference.startswith("kind:"):
        return named(n.name) and n.kind == reference[5:]
    if reference == "any":
        return named(n.name)
    words = _core(n.name)
    return (head in words or head.rstrip("s") in words) and (named(n.name) or len(words) > len(_core(source)))


def _core(name: str) -> list[str]:
    return [w.lower() for w in WORD.findall(name) if w.lower() not in DETERMINERS]
