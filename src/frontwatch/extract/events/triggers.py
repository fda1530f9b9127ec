"""Steps 1-2 of the events stage: find trigger words and settle what kind of occurrence each names.

Triggers come from data/events/triggers.tsv through one PhraseMatcher over the whole document;
the longest match wins, so an idiom of exclusions.tsv ("hunger strike") cancels the trigger
inside it. Words such as "strikes", "bombing", "attack" or "struck" get their type from the
sentence (context.tsv: aircraft, artillery, civilians), and a trigger framed as announced,
threatened, negated or hypothetical ("would launch", "was not able to enter") is dropped.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as TokenSpan
from spacy.util import filter_spans

from ...data import events as event_data
from ...pipeline import Analysis
from ..tokens import nlp

WORD = re.compile(r"[a-z]+")


LOWER_WORD = re.compile(r"\b[a-z]+\b")  # words written in lower case only ("may", not "May")


CONTEXT_CLASSES = {"strike", "bombing", "attack", "hit"}


IRREALIS_BEFORE, IRREALIS_AFTER = 5, 5  # words around a trigger checked for "would", "halted", ...


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The event vocabulary: trigger phrase -> (class, subtype), context words, cues."""

    triggers: dict[str, tuple[str, str | None]]
    context: dict[str, str]
    exclusions: tuple[str, ...]
    background: tuple[str, ...]


@dataclass(slots=True)
class Trigger:
    """A trigger found in the text, its sentence, and the type it settled to."""

    start: int               # token index
    end: int
    char_start: int
    char_end: int
    text: str
    type: str
    subtype: str | None
    sentence: int
    cls: str = ""            # the lexicon class before context settled it (take, attack, ...)
    definite: bool = False   # "the attack", "Saturday's blast": most often an occurrence told before


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the data files once."""
    triggers = {}
    for phrase, cls, subtype in event_data.rows("triggers.tsv", 3):
        triggers[phrase.lower()] = (cls, None if subtype == "-" else subtype)
    context = {word: role for word, role in event_data.rows("context.tsv", 2)}
    exclusions = tuple(row[0].lower() for row in event_data.rows("exclusions.tsv", 1))
    background = tuple(row[0].lower() for row in event_data.rows("background.tsv", 1))
    return Lexicon(triggers, context, exclusions, background)


@lru_cache(maxsize=1)
def matcher() -> PhraseMatcher:
    """One PhraseMatcher for triggers (key = the phrase) and exclusions (key "EXCLUDE")."""
    lex, vocab = lexicon(), nlp().vocab
    m = PhraseMatcher(vocab, attr="LOWER")
    for phrase in lex.triggers:
        m.add(phrase, [nlp().make_doc(phrase)])
    m.add("EXCLUDE", [nlp().make_doc(p) for p in lex.exclusions])
    return m


def find_triggers(doc: Doc, sentence_starts: list[int]) -> list[tuple[TokenSpan, str]]:
    """Trigger spans with their lexicon phrase; overlapping matches keep the longest."""
    strings = doc.vocab.strings
    spans = []
    for match_id, start, end in matcher()(doc):
        span = doc[start:end]
        span.label_ = strings[match_id]
        spans.append(span)
    return [(s, s.label_) for s in filter_spans(spans) if s.label_ != "EXCLUDE"]


def sentence_of(starts: list[int], char: int) -> int:
    return max(0, bisect.bisect_right(starts, char) - 1)


def _roles_in(tokens, lex: Lexicon) -> set[str]:
    return {lex.context.get(t.lower_) for t in tokens} - {None}


@lru_cache(maxsize=4096)
def sentence_roles(text: str) -> frozenset[str]:
    """The context roles (aircraft, artillery, ...) of a sentence's words, computed once."""
    context = lexicon().context
    return frozenset(context[w] for w in set(WORD.findall(text.lower())) if w in context)


def context_roles(sentences: list, idx: int, cls: str) -> frozenset[str]:
    """The roles a trigger's type is settled from: its sentence, and for "struck", "targeted",
    "strikes" the sentence before too ("... a series of air strikes. Rural areas were targeted")."""
    roles = sentence_roles(sentences[idx].text)
    if cls in ("hit", "strike", "bombing") and idx > 0:
        roles = roles | sentence_roles(sentences[idx - 1].text)
    return roles


def settle_type(cls: str, subtype: str | None, span: TokenSpan, sent: TokenSpan, lex: Lexicon,
                roles: frozenset[str]) -> str | None:
    """The event type of a trigger class in its sentence, or None when the context says nothing."""
    if cls == "take":
        return "capture"
    if subtype == "massacre" and "aircraft" in roles:
        return "airstrike"  # "a massacre committed by the air force" was an air strike
    if cls not in CONTEXT_CLASSES:
        return cls
    if cls == "attack":
        near = _roles_in(sent.doc[max(sent.start, span.start - 6):min(sent.end, span.end + 6)], lex)
        if "civilian" in near:
            return "attack_on_civilians"
        return "airstrike" if "aircraft" in roles else "clash"
    if "aircraft" in roles:
        return "airstrike"
    if "artillery" in roles:
        return "shelling"
    return {"strike": "airstrike", "bombing": "explosion"}.get(cls)


def is_irrealis(span: TokenSpan, sentence, text: str, lex: Lexicon) -> bool:
    """An announced, threatened or hypothetical occurrence ("would launch an offensive")."""
    before = LOWER_WORD.findall(text[max(sentence.start, span.start_char - 60):span.start_char])
    after = LOWER_WORD.findall(text[span.end_char:min(sentence.end, span.end_char + 60)])
    # case-sensitive on purpose: "may" is a modal, "May" a month
    words = before[-IRREALIS_BEFORE:] + after[:IRREALIS_AFTER]
    return any(lex.context.get(w) == "irrealis" for w in words)


def is_name_part(doc: Doc, span: TokenSpan) -> bool:
    """"the Battle of Marj Dabiq", "Siege of Aleppo" as a heading: a trigger inside a name."""
    first = doc[span.start]
    if not first.is_title or span.end + 1 >= len(doc) or doc[span.end].lower_ != "of":
        return False
    mid_sentence = span.start > 0 and not (doc[span.start - 1].is_punct or doc[span.start - 1].is_space)
    return mid_sentence or doc[span.end + 1].is_title


DETERMINERS = {"the", "this", "that", "these", "those", "'s", "’s"}


def is_definite(doc: Doc, span: TokenSpan) -> bool:
    """Whether a trigger is introduced as known ("the blast", "Saturday's attack")."""
    i = span.start - 1
    while i >= 0 and i >= span.start - 3 and doc[i].is_alpha and doc[i].lower_ not in DETERMINERS \
            and doc[i].is_lower:
        i -= 1  # skip adjectives: "the deadly blast"
    return i >= 0 and doc[i].lower_ in DETERMINERS


def triggers_of(analysis: Analysis) -> list[Trigger]:
    """Steps 1-2: every trigger of the document with its settled type."""
    doc, lex = analysis["tokens"], lexicon()
    sentences = analysis["sentences"]
    starts = [s.start for s in sentences]
    out = []
    bounds: dict[int, TokenSpan | None] = {}
    for span, phrase in find_triggers(doc, starts):
        idx = sentence_of(starts, span.start_char)
        if idx not in bounds:
            bounds[idx] = doc.char_span(sentences[idx].start, sentences[idx].end, alignment_mode="expand")
        sent = bounds[idx]
        if sent is None:
            continue
        if is_name_part(doc, span):
            continue
        cls, subtype = lex.triggers[phrase]
        kind = settle_type(cls, subtype, span, sent, lex, context_roles(sentences, idx, cls))
        if kind is None or is_irrealis(span, sentences[idx], analysis.doc.text, lex):
            continue
        out.append(Trigger(span.start, span.end, span.start_char, span.end_char, span.text,
                           kind, subtype, idx, cls, is_definite(doc, span)))
    return out
