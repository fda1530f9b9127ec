"""The control stage's rule data, read once: the word classes and the cue table with its matcher.

data/control/words.tsv holds the word classes ("break", "locative", "area", "former", ...) every
reader consults; data/control/cues.tsv the cue phrases ("seized", "fell to", "under the control
of") with the change each states and where its actor and place stand. The table is compiled
into one PhraseMatcher, so a document is scanned for all cues in a single pass.
"""
from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..tokens import nlp


FAMILY = {"captured": "gain", "holds": "gain", "lost": "loss", "withdrew": "loss",
          "contested": "fight", "besieged": "fight"}


@dataclass(frozen=True)
class Cue:
    """One row of cues.tsv: the change a phrase states and where its actor and place stand."""

    change: str
    actor: str      # before | after
    place: str      # after | before | either
    gap: int
    intent: bool
    adjectival: bool = False   # a compound ("rebel-held"): it modifies the noun after it


def _data(name: str) -> str:
    """The text of one data file of data/control/."""
    return resources.files("frontwatch.data").joinpath("control", name).read_text("utf-8")


def _rows(name: str) -> list[str]:
    """The lines of a data file without blank lines and "#" comments."""
    return [line for line in _data(name).splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """Word classes from words.tsv (break, locative, area, joiner, intent, ...)."""
    out = {}
    for line in _rows("words.tsv"):
        name, _, values = line.partition("\t")
        out[name.strip()] = frozenset(values.split())
    return out


def _slot_words(slot: str) -> list[list[str]]:
    """The word sequences one pattern slot allows ("a|b_c?" -> [a], [b, c], [])."""
    optional = slot.endswith("?") and len(slot) > 1
    seqs = [alt.lower().split("_") for alt in slot.rstrip("?").split("|")] if optional else \
        [alt.lower().split("_") for alt in slot.split("|")]
    return seqs + [[]] if optional else seqs


def _phrases(pattern: str) -> list[list[str]]:
    """Every word sequence a contiguous cues.tsv pattern stands for."""
    slots = [_slot_words(s) for s in pattern.split()]
    return [list(itertools.chain.from_iterable(combo)) for combo in itertools.product(*slots)]


@dataclass(frozen=True)
class CueMatchers:
    """The cue table and its PhraseMatcher; a cue with a "*" matches its head, then its tail
    within four words (a Matcher with a wildcard is ten times slower on long articles)."""

    table: list[Cue]
    phrases: PhraseMatcher
    tails: dict[int, list[list[str]]]     # row -> word sequences that must follow within 4 words

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(row, start, end) of every cue match."""
        strings, out = doc.vocab.strings, []
        for label, s, e in self.phrases(doc):
            row = int(strings[label].rsplit("-", 1)[1])
            if row not in self.tails:
                out.append((row, s, e))
                continue
            end = _tail_end(doc, e, self.tails[row])
            if end is not None:
                out.append((row, s, end))
        return out


def _tail_end(doc: Doc, start: int, tails: list[list[str]], reach: int = 4) -> int | None:
    """Where the first tail sequence found within `reach` words after `start` ends."""
    for i in range(start, min(start + reach + 1, len(doc))):
        if i > start and doc[i - 1].is_punct:
            return None
        for tail in tails:
            if [t.lower_ for t in doc[i:i + len(tail)]] == tail:
                return i + len(tail)
    return None


@lru_cache(maxsize=1)
def cues() -> CueMatchers:
    """The cue table and its matcher; a match's label names its row."""
    lang = nlp()
    phrases, table, tails = PhraseMatcher(lang.vocab, attr="LOWER"), [], {}
    for row in csv.DictReader(_rows("cues.tsv"), delimiter="\t"):
        cue = Cue(row["change"], row["actor"], row["place"], int(row["gap"]), row["intent"] == "yes")
        head, _, tail = row["pattern"].partition(" * ")
        if tail:
            tails[len(table)] = [w for w in _phrases(tail) if w]
        phrases.add(f"control-cue-{len(table)}", [Doc(lang.vocab, words=w) for w in _phrases(head) if w])
        table.append(cue)
    return CueMatchers(table, phrases, tails)
