"""Steps 1-2 of the events stage: find trigger words and settle what kind of occurrence each names.

Triggers come from data/events/triggers.tsv through one PhraseMatcher over the whole document;
the longest match wins, so an idiom of exclusions.tsv ("hunger strike") cancels the trigger
inside it. Words such as "strikes", "bombing", "attack" or "struck" get their type from the
sentence (context.tsv: aircraft, artillery, civilians), and a trigger framed as announced,
threatened, negated or hypothetical ("would launch", "was not able to enter") is dropped, as is
a capture only aimed at ("seeking to capture", "a bid to retake"). Triggers in photo captions
and boilerplate (Sentence.zone) are skipped; "the attack" told just after a bombing takes the
bombing's kind; "another strike", "a second blast" are marked as new occurrences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as TokenSpan

from ...data import events as event_data
from ...pipeline import Analysis
from ..grouping import sentence_of
from ..tokens import nlp


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The event vocabulary: trigger phrase -> (class, subtype), context words, cues, and the
    word lists of the rules (words.tsv: list name -> its words in file order; anaphora.tsv)."""

    triggers: dict[str, tuple[str, str | None]]
    context: dict[str, str]
    exclusions: tuple[str, ...]
    background: tuple[str, ...]
    words: dict[str, tuple[str, ...]]
    anaphora: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the data files once."""
    triggers = {}
    for phrase, cls, subtype in event_data.rows("triggers.tsv", 3):
        triggers[phrase.lower()] = (cls, None if subtype == "-" else subtype)
    context = {word: role for word, role in event_data.rows("context.tsv", 2)}
    exclusions = tuple(row[0].lower() for row in event_data.rows("exclusions.tsv", 1))
    background = tuple(row[0].lower() for row in event_data.rows("background.tsv", 1))
    lists: dict[str, list[str]] = {}
    for name, word in event_data.rows("words.tsv", 2):
        lists.setdefault(name, []).append(word)
    words = {name: tuple(ws) for name, ws in lists.items()}
    anaphora = {noun: frozenset(levels.split(",")) for noun, levels in event_data.rows("anaphora.tsv", 2)}
    return Lexicon(triggers, context, exclusions, background, words, anaphora)


def words(name: str) -> frozenset[str]:
    """One list of words.tsv as a set, for membership tests ("is this token a direction?")."""
    return frozenset(lexicon().words[name])


def alternation(name: str, gap: str = " ") -> str:
    """One list of words.tsv as a regex group "(?:a|b|c)", in file order, each entry escaped;
    the spaces inside a phrase become `gap`, itself a regex (a single space unless told)."""
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", gap) for w in lexicon().words[name]) + ")"


WORD = re.compile(r"[a-z]+")


LOWER_WORD = re.compile(r"\b[a-z]+\b")  # words written in lower case only ("may", not "May")


CONTEXT_CLASSES = {"strike", "bombing", "attack", "hit", "raid"}


GROUND_RAIDS = words("ground_raid")


def _ground_raid(span: TokenSpan) -> bool:
    """"amphibious raids", "a commando raid": a raid on the ground, whatever flies nearby."""
    i = span.start - 1
    return i >= 0 and span.doc[i].lower_ in GROUND_RAIDS


IRREALIS_BEFORE, IRREALIS_AFTER = 5, 5  # words around a trigger checked for "would", "halted", ...


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
    fresh: int = 0           # 2: "another strike", "new raids"; 1: "an air raid" (see is_fresh)


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
    return [(doc[start:end], strings[match_id]) for match_id, start, end in longest_matches(matcher()(doc))
            if strings[match_id] != "EXCLUDE"]


def longest_matches(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """spaCy's `filter_spans` on (label, start, end) matches: the longest (then first) of
    overlapping matches wins, in text order. Spans are only built for the matches kept."""
    ranked = sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
    kept, seen = [], set()
    for m in ranked:
        if m[1] not in seen and m[2] - 1 not in seen:
            kept.append(m)
            seen.update(range(m[1], m[2]))
    return sorted(kept, key=lambda m: m[1])


def _roles_in(tokens, lex: Lexicon) -> set[str]:
    return {lex.context.get(t.lower_) for t in tokens} - {None}


@lru_cache(maxsize=4096)
def sentence_roles(text: str) -> frozenset[str]:
    """The context roles (aircraft, artillery, ...) of a sentence's words, computed once."""
    context = lexicon().context
    return frozenset(context[w] for w in context.keys() & set(WORD.findall(text.lower())))


def context_roles(sentences: list, idx: int, cls: str) -> frozenset[str]:
    """The roles a trigger's type is settled from: its sentence, and for "struck", "targeted",
    "strikes" the sentence before too ("... a series of air strikes. Rural areas were targeted")."""
    roles = sentence_roles(sentences[idx].text)
    if cls in ("hit", "strike", "bombing", "raid") and idx > 0:
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
        if near & {"aircraft", "artillery"}:  # the weapon names the kind: "attacks with rocket shells"
            return "airstrike" if "aircraft" in near else "shelling"
        if "civilian" in near:
            return "attack_on_civilians"
        return "airstrike" if "aircraft" in roles else "clash"
    if cls == "raid":  # a raid is an air raid only where aircraft are named, and not "amphibious"
        return "airstrike" if "aircraft" in roles and not _ground_raid(span) else "clash"
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


REALISED_BEFORE_TO = words("realised_before_to")


BASE_VERBS = words("base_verb")
NOT_INFINITIVE = words("not_infinitive")


def is_purpose(doc: Doc, span: TokenSpan, cls: str, lex: Lexicon) -> bool:
    """"a bid to recapture the road", "seeking the capture of Raqqa", "pushing towards": a capture
    aimed at, not made (intent words of context.tsv, or an infinitive of purpose). Any other
    trigger told as an infinitive ("in a position to strike Azaz", "preparing to storm the city")
    is aimed at too, unless it was done ("began to shell")."""
    if cls not in ("capture", "take"):
        if span.start < 1 or doc[span.start - 1].lower_ != "to" or doc[span.start].lower_ not in BASE_VERBS:
            return False
        before = doc[span.start - 2].lower_ if span.start >= 2 else ""
        return before not in REALISED_BEFORE_TO | NOT_INFINITIVE
    if any(lex.context.get(t.lower_) == "intent" for t in doc[max(0, span.start - 4):span.start]):
        return True
    if span.start < 1 or doc[span.start - 1].lower_ != "to":
        return False
    return span.start < 2 or doc[span.start - 2].lower_ not in REALISED_BEFORE_TO


def is_name_part(doc: Doc, span: TokenSpan) -> bool:
    """"the Battle of Marj Dabiq", "Siege of Aleppo" as a heading: a trigger inside a name."""
    first = doc[span.start]
    if not first.is_title or span.end + 1 >= len(doc) or doc[span.end].lower_ != "of":
        return False
    mid_sentence = span.start > 0 and not (doc[span.start - 1].is_punct or doc[span.start - 1].is_space)
    name = doc[span.end + 1]
    return mid_sentence or name.is_title or name.lower_ in ARTICLES or name.lower_.split("-")[0] in ARTICLES


ARTICLES = words("name_particle")  # "Battle of al-Rai"


SKIP_ZONES = {"boilerplate", "caption"}  # bylines, link lists, photo captions report nothing new


DETERMINERS = words("determiner")


FRESH = words("fresh")
FRESH_UNDETERMINED = words("fresh_undetermined")  # "further strikes" is new, "the further strikes" not


def _determiner(doc: Doc, span: TokenSpan, past_function_words: bool = False) -> tuple[int, str]:
    """The word that introduces a trigger, looking past adjectives ("the deadly blast") but not
    past a function word: in "the battle by bombing" or "The town was targeted" the article
    belongs to another noun. A verb's subject is reached through them ("another hospital was hit")."""
    i = span.start - 1
    while i >= 0 and i >= span.start - 3 and doc[i].is_alpha and doc[i].lower_ not in DETERMINERS | FRESH \
            and doc[i].is_lower and (past_function_words or not doc[i].is_stop):
        i -= 1
    return i, (doc[i].lower_ if i >= 0 else "")


VERB_FORMS = words("verb_form")


def is_verb_form(span: TokenSpan) -> bool:
    """"shelled", "took": a trigger told as a verb has no article of its own ("The rebels took")."""
    last = span[-1].lower_
    return last.endswith("ed") or last in VERB_FORMS


def introduced(doc: Doc, span: TokenSpan) -> tuple[bool, int]:
    """(definite, fresh) of a trigger: introduced as known ("the blast", "Saturday's attack"),
    or as a new occurrence (`is_fresh`). A verb is never definite ("The rebels took"), but is new
    when its subject is ("another hospital was hit", "a third bomber detonated")."""
    if is_verb_form(span):
        i, word = _determiner(doc, span, past_function_words=True)
        return False, is_fresh(doc, i, word)
    i, word = _determiner(doc, span)
    return word in DETERMINERS, is_fresh(doc, i, word)


def is_fresh(doc: Doc, i: int, word: str) -> int:
    """How plainly a trigger is introduced as a new occurrence: 2 for "another strike", "a second
    blast", "new raids"; 1 for an indefinite "an air raid" (new only with victims of its own); 0.
    `word` at token i is the word that introduces it (`_determiner`)."""
    if word in ("a", "an"):
        return 1
    if word in FRESH and not (word in FRESH_UNDETERMINED and i > 0 and doc[i - 1].lower_ in DETERMINERS):
        return 2
    return 0


DEFINITE_BACK = {"attack", "hit"}  # "the attack", "the raid" take the kind of the occurrence told before


def refer_back(out: list[Trigger]) -> None:
    """"A suicide bomber struck ... The attack took place at the crossing": a definite generic
    word names the occurrence told just before and takes its kind."""
    last = None
    for t in out:
        if t.definite and t.cls in DEFINITE_BACK and last is not None and t.sentence - last.sentence <= 2:
            t.type, t.subtype = last.type, last.subtype
        elif t.type not in ("capture", "displacement", "protest", "arrest"):
            last = t


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
        if is_name_part(doc, span) or getattr(sentences[idx], "zone", "body") in SKIP_ZONES:
            continue
        cls, subtype = lex.triggers[phrase]
        kind = settle_type(cls, subtype, span, sent, lex, context_roles(sentences, idx, cls))
        if kind is None or is_irrealis(span, sentences[idx], analysis.doc.text, lex) or is_purpose(doc, span, cls, lex):
            continue
        out.append(Trigger(span.start, span.end, span.start_char, span.end_char, span.text,
                           kind, subtype, idx, cls, *introduced(doc, span)))
    refer_back(out)
    return out
