"""The attribution lexicons, loaded once from data files under data/attribution and data/sources.

Every word list the attribution rules use lives in a CSV with a provenance header, so an analyst
can read and extend it: reporting verbs and what they mean, nouns that head a speaker phrase,
titles, country names and adjectives, and the sources registry.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


def read_rows(folder: str, name: str) -> list[dict[str, str]]:
    """Rows of a data CSV, skipping its `#` provenance header."""
    text = resources.files("frontwatch.data").joinpath(folder, name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@dataclass(frozen=True, slots=True)
class Verb:
    """A reporting verb form: "denied" is lemma deny, meaning denial, frame say."""

    form: str
    lemma: str
    meaning: str
    frame: str      # say | tell | relay
    participle: bool = field(init=False, repr=False, compare=False)  # "saying", "adding that"

    def __post_init__(self) -> None:
        # derived once: the rules ask it of every cue several times
        object.__setattr__(self, "participle", self.form.split()[0].endswith("ing"))


@dataclass(frozen=True, slots=True)
class SpeakerNoun:
    """A noun heading a descriptive speaker phrase ("activists", "state media", "the monitor")."""

    noun: str
    kind: str
    role: str       # anonymous | group | descriptor
    alignment: str | None


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    alignment: str | None


@lru_cache(maxsize=1)
def verbs() -> dict[str, Verb]:
    """Reporting verb forms (lower case, possibly several words) to their verb."""
    out = {}
    for row in read_rows("attribution", "speech_verbs.csv"):
        for form in split_list(row["forms"]):
            out[form.lower()] = Verb(form.lower(), row["lemma"], row["meaning"], row["frame"])
    return out


@lru_cache(maxsize=1)
def speaker_nouns() -> dict[str, SpeakerNoun]:
    return {r["noun"]: SpeakerNoun(r["noun"], r["kind"], r["role"], r["alignment"] or None)
            for r in read_rows("attribution", "speaker_nouns.csv")}


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Title words (lower case) to the speaker kind they suggest."""
    return {r["title"]: r["kind"] for r in read_rows("attribution", "titles.csv")}


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every single word that occurs in a title ("brig.", "gen.", "foreign", "minister")."""
    return frozenset(w for t in titles() for w in t.split())


@lru_cache(maxsize=1)
def countries() -> tuple[dict[str, Country], dict[str, Country]]:
    """(names and capitals -> country, adjectives -> country), keys lower case."""
    names, adjectives = {}, {}
    for row in read_rows("attribution", "demonyms.csv"):
        country = Country(row["country"], row["alignment"] or None)
        for n in split_list(row["names"]):
            names[n.lower()] = country
        for a in split_list(row["adjectives"]):
            adjectives[a.lower()] = country
    return names, adjectives


@lru_cache(maxsize=1)
def media_heads() -> frozenset[str]:
    """Last words of news media names ("Mail", "Post", "News"), lower case."""
    return frozenset(r["word"] for r in read_rows("attribution", "media_heads.csv"))
