"""The sources registry (data/sources/registry.csv): who a named source is, what kind, which side.

Aliases are matched on spaCy tokens with a PhraseMatcher: ALL-CAPS aliases (SANA, TASS, AP)
case-sensitively so that ordinary words are not mistaken for acronyms, and with a possessive "s"
whose apostrophe scraping lost ("SANAs"); the others on lower case.
Users extend the registry by adding rows; a later row with the same alias wins.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import LOWER, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..tokens import nlp, phrase_keys
from .lexicon import read_rows, split_list


@dataclass(frozen=True, slots=True)
class Source:
    """One registry entry."""

    name: str
    kind: str
    category: str
    alignment: str | None
    country: str | None
    description: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceMatch:
    """A registry alias found in a document (token offsets, end exclusive)."""

    start: int
    end: int
    source: Source


@lru_cache(maxsize=1)
def registry() -> dict[str, Source]:
    """Lower-cased alias (and canonical name) -> entry."""
    out: dict[str, Source] = {}
    for row in read_rows("sources", "registry.csv"):
        aliases = tuple(split_list(row["aliases"]))
        src = Source(row["name"], row["kind"], row["category"], row["alignment"] or None,
                     row["country"] or None, row["description"], aliases)
        for alias in (src.name, *aliases):
            out[alias.lower()] = src
            out[alias.lower().replace("'", "’")] = src  # typographic apostrophes
    return out


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(alias) <= 6


@lru_cache(maxsize=1)
def _matchers() -> tuple[PhraseMatcher, PhraseMatcher, dict[str, str]]:
    exact, lower = PhraseMatcher(nlp().vocab, attr="ORTH"), PhraseMatcher(nlp().vocab, attr="LOWER")
    keys: dict[str, str] = {}
    exact_rows, lower_rows = [], []
    for alias_lower, src in registry().items():
        alias = next((a for a in (src.name, *src.aliases) if a.lower().replace("'", "’") == alias_lower
                      or a.lower() == alias_lower), alias_lower)
        keys[alias_lower] = alias_lower
        if _is_acronym(alias):
            exact_rows.append((alias_lower, alias))
            if " " not in alias and alias[-1:].isalpha():
                exact_rows.append((alias_lower, alias + "s"))  # "SANAs correspondent": a lost apostrophe
        else:
            lower_rows.append((alias_lower, alias_lower))
    # patterns as token attribute values, tokenised together (see tokens.phrase_keys)
    for matcher, rows, attr in ((exact, exact_rows, ORTH), (lower, lower_rows, LOWER)):
        for (key, _), pattern in zip(rows, phrase_keys([text for _, text in rows], attr)):
            matcher.add(key, [pattern])
    return exact, lower, keys


def find_sources(doc: Doc) -> list[SourceMatch]:
    """Registry aliases in a document, longest first where they overlap."""
    exact, lower, _ = _matchers()
    found = [(s, e, doc.vocab.strings[m]) for m, s, e in exact(doc)]
    found += [(s, e, doc.vocab.strings[m]) for m, s, e in lower(doc)]
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out, last_end = [], -1
    for s, e, key in found:
        if s >= last_end:
            out.append(SourceMatch(s, e, registry()[key]))
            last_end = e
    return out


def lookup(name: str) -> Source | None:
    """The registry entry for a name or alias, if any."""
    return registry().get(name.strip().lower())
