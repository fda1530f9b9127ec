"""Reporting cues: the verbs and phrases that attribute a statement ("said", "denied", "according to").

Verb forms come from data/attribution/speech_verbs.csv and are matched with one PhraseMatcher.
A form is dropped where it is not a report by someone: inside a quotation, used as a noun
("the claims", "a report"), negated ("has not said"), or passive without an agent
("was reported", "said to be"); a passive with "by" keeps its agent as the speaker.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import LOWER
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..tokens import nlp, phrase_keys
from .lexicon import Verb, verbs

ACCORDING = Verb("according to", "according to", "neutral", "according")
AUXILIARIES = frozenset({"have", "had", "are", "were", "will", "would", "can", "could", "should", "must"})
PASSIVE_AUX = frozenset({"was", "were", "is", "are", "be", "been", "being"})
NOUN_MARKERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these",
                          "those", "such", "no", "any", "of", "latest", "new", "'s", "’s"})
NEGATIONS = frozenset({"not", "n't", "never", "nor", "no"})
# "claimed to have killed", "denied to have": a report of the speaker's own act; "said to be" is not
TO_INFINITIVE_REPORTS = frozenset({"claim", "deny", "admit"})
DOCUMENT_NOUNS = frozenset({"report", "estimate", "document", "claim", "state", "post", "tweet", "comment"})
ADVERBS = frozenset({"also", "later", "earlier", "previously", "repeatedly", "strongly", "widely", "first",
                     "reportedly", "allegedly", "already", "further", "then", "recently", "publicly"})


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting verb occurrence: tokens [start, end), the verb, and whether its agent follows "by"."""

    start: int
    end: int
    verb: Verb
    by_agent: bool = False


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    m = PhraseMatcher(nlp().vocab, attr="LOWER")
    forms = [*verbs(), "according to"]
    for form, pattern in zip(forms, phrase_keys(forms, LOWER)):   # see tokens.phrase_keys
        m.add(form, [pattern])
    return m


def find_cues(doc: Doc, in_quote: list[bool], lowers: list[str] | None = None) -> list[Cue]:
    """Reporting cues outside quotations, in text order, longest match first.

    `lowers`, each token's lower case, saves building spaCy Token objects (the caller has them)."""
    found = sorted(((s, e, doc.vocab.strings[k]) for k, s, e in _matcher()(doc)), key=lambda t: (t[0], t[1] - t[0]))
    out, last_end = [], -1
    if lowers is None and found:
        lowers = [t.lower_ for t in doc]
    for s, e, form in sorted(found, key=lambda t: (t[0], -(t[1] - t[0]))):
        if s < last_end or in_quote[s]:
            continue
        verb = ACCORDING if form == "according to" else verbs()[form]
        if out and out[-1].verb.frame == "according" and s - out[-1].end <= 7 and verb.lemma in DOCUMENT_NOUNS \
                and not form.endswith(("ed", "ing")) and not any(lowers[k] in ".,;:" for k in range(out[-1].end, s)):
            continue  # "according to a February report by ...": the noun the attribution names
        cue = _qualify(doc, lowers, s, e, verb)
        if cue is not None:
            out.append(cue)
            last_end = e
    return out


def _prev(lowers: list[str], s: int) -> int:
    j = s - 1
    while j >= 0 and lowers[j] in ADVERBS:
        j -= 1
    return j


def _plural_noun(prev: str, verb: Verb) -> bool:
    """"Earlier reports said", "Western states said": a verb form ending in -s before another
    reporting verb is the plural noun that speaks ("has said" is an auxiliary, not listed)."""
    return prev.endswith("s") and prev != verb.form and not verb.form.endswith("s")


def _qualify(doc: Doc, lowers: list[str], s: int, e: int, verb: Verb) -> Cue | None:
    if verb.frame == "according":
        return Cue(s, e, verb)
    if doc[s].text[:1].isupper() and s > 0 and not doc[s - 1].is_punct and not doc[s - 1].is_space:
        return None  # "The United States", "Washington Post": a capitalised word inside a name
    if doc[s].text[:1].isupper() and e < len(doc) and doc[e].text[:1].isupper() and lowers[e] != "i":
        return None  # "Tell Tamer", "Said Ahmed": a capitalised word opening a name
    j = _prev(lowers, s)
    prev = lowers[j] if j >= 0 else ""
    nxt = lowers[e] if e < len(lowers) else ""
    nxt2 = lowers[e + 1] if e + 1 < len(lowers) else ""
    if verb.form.endswith("s") and prev in verbs() and not verb.participle and (doc[j].text.islower() or prev.endswith("ing")):
        return None  # "Quoting reports from ...": the noun after a verb, not a report
    if prev in NEGATIONS or prev in NOUN_MARKERS or (prev in verbs() and doc[j].text.islower()
                                                      and not (verb.participle or verb.frame == "relay")
                                                      and not _plural_noun(prev, verb)):
        return None  # "has not said", "the claims", "denied reports": no report here ("said citing" is)
    if j >= 0 and doc[j].like_num and verb.form.endswith("ed") and nxt.isalpha() \
            and nxt not in {"that", "on", "in", "to", "by", "and"}:
        return None  # "1.2 million registered refugees": an adjective, not a report
    if verb.lemma == "describe" and nxt == "as" and not {"what", "which", "whom"} & set(lowers[max(0, s - 5):s]):
        return None  # "18 men described as soldiers": a passive description ("what Ankara described as" speaks)
    if verb.lemma == "report" and verb.participle and nxt == "from":
        return None  # "reporting from Beirut", "reporting from around the world": a credit line
    passive_infinitive = nxt2 in {"be", "been"} or nxt2 == "have" and e + 2 < len(lowers) and lowers[e + 2] == "been"
    if nxt == "to" and nxt2 in {"be", "have", "been"} and (verb.lemma not in TO_INFINITIVE_REPORTS or prev in PASSIVE_AUX
                                                          or passive_infinitive):
        return None
    if verb.lemma == "claim" and (nxt in {"lives", "more"} or "lives" in lowers[e:e + 5] or "life" in lowers[e:e + 3]):
        return None  # "the war has claimed over 470000 lives": a toll, not a claim
    if prev in PASSIVE_AUX or prev == "as" and nxt == "by":
        return Cue(s, e, verb, by_agent=True) if nxt == "by" else None
    if nxt == "by":
        return Cue(s, e, verb, by_agent=True)
    if verb.form.endswith("s") and (nxt in verbs() or nxt in AUXILIARIES):
        return None  # "reports said", "the Coalition states have": a noun before the real verb
    return Cue(s, e, verb)
