"""Find mentions of armed actors and states and normalise them to the actors registry.

The registry (data/actors/actors.csv) lists each actor once with its aliases, side, parent and
kind. Two more data files widen it without listing every phrase: a registry *modifier* followed
by a *head noun* (data/actors/heads.txt) names the actor too ("Russian" + "jets" = Russia,
"rebel" + "fighters" = the opposition). Aliases written in capitals only (IS, SDF, US) are
matched case-sensitively, so "is" and "us" stay words; all others match case-insensitively on
spaCy's NORM (which also folds curly apostrophes). Overlapping matches keep the longest, so
"Free Syrian Army" is never read as "army".

Users extend the registry for other wars with CSV files of the same shape, named in the
FRONTWATCH_ACTORS environment variable (os.pathsep-separated); their aliases override ours.
"""
from __future__ import annotations

import bisect
import csv
import logging
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from spacy.attrs import NORM, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..pipeline import Analysis, stage
from ..records import ActorMention, Span
from .tokens import nlp, phrase_keys

log = logging.getLogger(__name__)

SIDES = ("government", "opposition", "sdf", "isis", "turkey", "russia", "israel", "other")
ENV_VAR = "FRONTWATCH_ACTORS"


@dataclass(frozen=True, slots=True)
class Actor:
    """One registry entry: the canonical actor and the facts kept about it."""

    canonical: str
    side: str
    parent: str | None = None
    kind: str = "other"
    country: str | None = None


@dataclass
class Registry:
    """Actors by canonical name and every alias (as typed) that names one of them."""

    actors: dict[str, Actor] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)        # alias -> canonical
    generated: dict[str, str] = field(default_factory=dict)      # modifier+head -> canonical
    backers: dict[str, list[str]] = field(default_factory=dict)  # canonical -> its one-word modifiers
    patron_names: dict[str, list[str]] = field(default_factory=dict)  # canonical -> one-word names
    _folded: dict[str, str] | None = field(default=None, repr=False)

    def actor(self, canonical: str) -> Actor | None:
        return self.actors.get(canonical)

    def lookup(self, name: str) -> Actor | None:
        """The actor a free-text name refers to (exact alias, then case-insensitive)."""
        canonical = self.aliases.get(name) or self.folded.get(_fold(name))
        return self.actors.get(canonical) if canonical else None

    @property
    def folded(self) -> dict[str, str]:
        """Case-folded aliases (capitals-only ones excluded), built on first use."""
        if self._folded is None:
            self._folded = {_fold(a): c for a, c in {**self.generated, **self.aliases}.items() if not _is_caps(a)}
        return self._folded


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


@lru_cache(maxsize=None)
def _is_caps(alias: str) -> bool:
    """Aliases in capitals only ("IS", "SDF", "U.S.") are matched with their case."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _data_file(name: str):
    return resources.files("frontwatch.data").joinpath("actors", name)


def _split(cell: str | None) -> list[str]:
    return [a.strip() for a in (cell or "").split("|") if a.strip()]


def _data_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def read_registry_rows(text: str) -> list[dict[str, str]]:
    """Rows of a registry CSV (comment lines starting with '#' are skipped)."""
    return list(csv.DictReader(_data_lines(text)))


def _add_rows(reg: Registry, rows: Iterable[dict[str, str]], heads: list[str]) -> None:
    """Add registry rows; a later row's aliases override earlier ones (user files win)."""
    for row in rows:
        side = (row.get("side") or "other").strip()
        if side not in SIDES:
            log.warning("actor %r has unknown side %r; using 'other'", row.get("canonical"), side)
            side = "other"
        actor = Actor(row["canonical"].strip(), side, (row.get("parent") or "").strip() or None,
                      (row.get("kind") or "other").strip(), (row.get("country") or "").strip() or None)
        reg.actors[actor.canonical] = actor
        reg._folded = None
        for alias in [actor.canonical] + _split(row.get("aliases")):
            reg.aliases[alias] = actor.canonical
        for modifier in _split(row.get("modifiers")):
            for head in heads:
                reg.generated.setdefault(f"{modifier} {head}", actor.canonical)
        reg.backers[actor.canonical] = _one_words(_split(row.get("modifiers")))
        reg.patron_names[actor.canonical] = _one_words([actor.canonical, *_split(row.get("aliases"))])


def _one_words(words: list[str]) -> list[str]:
    """The one-word forms that can stand before "-backed" or "-led" ("Turkish", "Ankara"; not the
    possessive "Turkey's")."""
    return list(dict.fromkeys(w for w in words if " " not in w and "'" not in w and "’" not in w))


def _add_backed_phrases(reg: Registry) -> None:
    """'Turkish-backed fighters' name the forces Turkey backs (patrons.csv), 'Turkish-led forces'
    Turkey's own, 'pro-Iranian militias' Iran's proxies (words in backing.tsv)."""
    patrons = _patrons(reg)
    for word, means in backing_words().items():
        for canonical, modifiers in reg.backers.items():
            target = canonical if means == "self" else patrons.get(canonical) if means == "proxy" else None
            if target is None:
                continue
            names = modifiers if means == "self" else modifiers + reg.patron_names[canonical]
            for backer in dict.fromkeys(names):
                phrase = f"pro-{backer}" if word == "pro" else f"{backer}-{word}"
                for head in heads_backed():
                    reg.generated.setdefault(f"{phrase} {head}", target)


def _patrons(reg: Registry) -> dict[str, str]:
    """Backer -> the forces it backs, for the actors of the registry."""
    rows = read_registry_rows(_data_file("patrons.csv").read_text("utf-8"))
    return {r["patron"]: r["proxy"] for r in rows if r["patron"] in reg.actors and r["proxy"] in reg.actors}


@lru_cache(maxsize=1)
def heads() -> list[str]:
    """Head nouns that, after a registry modifier, name an armed actor."""
    text = _data_file("heads.txt").read_text("utf-8")
    return [line.strip() for line in _data_lines(text)]


@lru_cache(maxsize=1)
def heads_backed() -> list[str]:
    """Head nouns for armed men after a backer ("Turkish-backed fighters")."""
    return [line.strip() for line in _data_lines(_data_file("heads_backed.txt").read_text("utf-8"))]


@lru_cache(maxsize=1)
def backing_words() -> dict[str, str]:
    """Word joining a backer to forces -> "proxy" (the forces it backs), "self" (its own) or
    "backer" (it backs them, but the phrase names no actor of its own)."""
    rows = csv.DictReader(_data_lines(_data_file("backing.tsv").read_text("utf-8")), delimiter="\t")
    return {r["word"]: r["means"] for r in rows}


@lru_cache(maxsize=1)
def ambiguous() -> frozenset[str]:
    """Generic words ("militants") whose side depends on whom the article is about."""
    text = _data_file("ambiguous.txt").read_text("utf-8")
    return frozenset(_fold(line) for line in _data_lines(text))


def load_registry(extra: Iterable[str | Path] = ()) -> Registry:
    """The built-in registry plus the CSV files in `extra`, applied in order."""
    reg = Registry()
    builtin = _data_file("actors.csv").read_text("utf-8")
    _add_rows(reg, read_registry_rows(builtin), heads())
    for path in extra:
        _add_rows(reg, read_registry_rows(Path(path).read_text("utf-8")), heads())
    _add_backed_phrases(reg)
    return reg


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry in use: built-in plus the files named in $FRONTWATCH_ACTORS."""
    extra = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return load_registry(extra)


@dataclass(frozen=True)
class Matchers:
    """Case-insensitive and case-sensitive phrase matchers and the label -> canonical map."""

    folded: PhraseMatcher
    exact: PhraseMatcher
    canonical_of: dict[int, str]
    generic_alias: frozenset[str]


def _folded_aliases(reg: Registry) -> dict[str, tuple[str, str]]:
    """Case-insensitive aliases by folded form; a listed alias beats a generated one
    ("Syrian Coalition" is the opposition, not "Syrian" + "coalition")."""
    out: dict[str, tuple[str, str]] = {}
    for source in (reg.generated, reg.aliases):
        for alias, canonical in source.items():
            if not _is_caps(alias):
                out[_fold(alias)] = (alias, canonical)
    for key, (alias, canonical) in list(out.items()):
        out.setdefault(_POSSESSIVE.sub("s", key), (_POSSESSIVE.sub("s", alias), canonical))
    return out


# A possessive "'s" ("Assad's forces"): scraped pages often lose the apostrophe ("Assads forces").
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


@lru_cache(maxsize=1)
def matchers() -> Matchers:
    """Build the phrase matchers once from the registry (explicit aliases beat generated ones)."""
    reg, lang = registry(), nlp()
    folded, exact = PhraseMatcher(lang.vocab, attr="NORM"), PhraseMatcher(lang.vocab, attr="ORTH")
    by_actor: dict[str, tuple[list, list]] = {}
    exact_aliases = {a: c for a, c in {**reg.generated, **reg.aliases}.items() if _is_caps(a)}
    pairs = [*exact_aliases.items(), *_folded_aliases(reg).values()]
    exact_keys = iter(phrase_keys([a for a, _ in pairs if a in exact_aliases], ORTH))
    folded_keys = iter(phrase_keys([a for a, _ in pairs if a not in exact_aliases], NORM))
    for alias, canonical in pairs:
        folded_list, exact_list = by_actor.setdefault(canonical, ([], []))
        if alias in exact_aliases:
            exact_list.append(next(exact_keys))
        else:
            folded_list.append(next(folded_keys))
    labels = {}
    for canonical, (folded_list, exact_list) in by_actor.items():
        label = lang.vocab.strings.add(canonical)
        labels[label] = canonical
        if folded_list:
            folded.add(canonical, folded_list)
        if exact_list:
            exact.add(canonical, exact_list)
    return Matchers(folded, exact, labels, ambiguous())


def _in_capitals_run(doc: Doc, start: int, end: int) -> bool:
    """True when a capitals-only match sits among other capitalised words (a shouted headline)."""
    neighbours = [doc[i] for i in (start - 1, end) if 0 <= i < len(doc) and doc[i].is_alpha]
    return any(t.is_upper and len(t) > 1 for t in neighbours)


def _inside_unknown_name(doc: Doc, start: int, end: int) -> bool:
    """'the Mahdi Army', 'Lions of the Regime': a one-word generic alias ending a capitalised name
    the registry does not know is that name, not the Syrian army."""
    if end - start != 1 or start == 0 or not doc[start].is_lower and not doc[start].is_title:
        return False
    prev = doc[start - 1]
    return prev.is_title and prev.is_alpha and not prev.is_sent_start and \
        prev.lower_ not in {"the", "a", "an", "their", "his", "its", "our"} and start > 1 and doc[start - 2].text not in {".", "\n"}


def _opposed(doc: Doc, start: int, end: int) -> bool:
    """'anti-ISIL offensives': the name is the target; 'US-backed alliance': the name is the
    backer of an actor the registry may not know. Neither is the actor of the phrase."""
    against = start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in {"anti", "counter"}
    backer = end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in backing_words()
    return against or backer


def match_actors(doc: Doc):
    """Longest non-overlapping actor spans of a tokenised text, with their canonical names."""
    return [(doc[s:e], canonical) for s, e, canonical in _matched_ranges(doc)]


def _matched_ranges(doc: Doc) -> list[tuple[int, int, str]]:
    """`match_actors` as token ranges (start, end, canonical), without building spaCy Spans."""
    m = matchers()
    found = list(m.folded(doc)) + [(lab, s, e) for lab, s, e in m.exact(doc) if not _in_capitals_run(doc, s, e)]
    found = [(lab, s, e) for lab, s, e in found if not _inside_unknown_name(doc, s, e) and not _opposed(doc, s, e)]
    labels = {(s, e): m.canonical_of[lab] for lab, s, e in found}
    return _described_names([(s, e, labels[(s, e)]) for s, e in _longest_first([(s, e) for _, s, e in found])])


def _described_names(ranges: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """'the IS militant group', 'Hezbollah fighters': a generic phrase right after a named actor
    describes that actor; it is not a second one (rebels, say) standing beside it."""
    reg, out = registry(), []
    for s, e, canonical in ranges:
        if out and out[-1][1] == s and _kind(reg, canonical) == "generic" != _kind(reg, out[-1][2]):
            out[-1] = (out[-1][0], e, out[-1][2])
        else:
            out.append((s, e, canonical))
    return out


def _kind(reg: Registry, canonical: str) -> str | None:
    actor = reg.actor(canonical)
    return actor.kind if actor else None


def _longest_first(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy's `filter_spans` on (start, end) token ranges: the (first) longest of overlapping
    ranges wins, in text order."""
    kept, seen = [], set()
    for s, e in sorted(ranges, key=lambda r: (r[1] - r[0], -r[0]), reverse=True):
        if s not in seen and e - 1 not in seen:
            kept.append((s, e))
            seen.update(range(s, e))
    return sorted(kept)


def _dominant_irregular(mentions: list[ActorMention], reg: Registry) -> str | None:
    """The actor generic words mean in this article: the Islamic State where it outnumbers rebels."""
    counts = {"isis": 0, "opposition": 0}
    for m in mentions:
        actor = reg.actor(m.actor)
        if actor and actor.kind != "generic" and m.side in counts:
            counts[m.side] += 1
    if counts["isis"] > counts["opposition"]:
        return next((a.canonical for a in reg.actors.values() if a.side == "isis"), None)
    return None


def find_actors(doc: Doc, doc_id: str, sentence_starts: list[int], text: str | None = None) -> list[ActorMention]:
    """Every actor mention in a tokenised document, normalised to the registry.

    `text` is the text the Doc was made from (`Doc.text` rebuilds it on every call)."""
    reg, generic = registry(), matchers().generic_alias
    text = doc.text if text is None else text
    out = []
    for s, e, canonical in _matched_ranges(doc):
        actor = reg.actor(canonical)
        last = doc[e - 1]
        start, end = doc[s].idx, last.idx + len(last)
        sent = bisect.bisect_right(sentence_starts, start) - 1
        out.append(ActorMention(Span(doc_id, start, end, sent), text[start:end],
                                canonical, actor.side, actor.parent))
    isis = _dominant_irregular(out, reg)
    if isis:
        for m in out:
            if _fold(m.text) in generic:
                m.actor, m.side, m.parent = isis, reg.actor(isis).side, reg.actor(isis).parent
    return out


@stage("actors", produces="actors", requires=("sentences", "tokens"))
def actors_stage(analysis: Analysis) -> list[ActorMention]:
    """Find the document's actor mentions, each normalised to a canonical actor and side."""
    starts = [s.start for s in analysis["sentences"]]
    return find_actors(analysis["tokens"], analysis.doc.id, starts, analysis.doc.text)
