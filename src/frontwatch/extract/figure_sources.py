"""Who a figure is attributed to: the attribution in its sentence, or the claim that holds it.

A figure's own sentence is read first, with a few word patterns: "X said ...", "... X said",
"..., said X", "X told reporters ...", "X quoted Y as saying ...", "according to X". The words
that may form a source are capitalised words, a list of descriptive heads ("monitoring group",
"local residents") and name joiners ("for", "of", "al"). The claims layer knows what a sentence
alone cannot ("it said" after a quotation, "the monitor" named three paragraphs earlier), so a
figure whose sentence names nobody, or only a pronoun, takes the speaker of the innermost claim
holding it (`claim_source`); `figures` also prefers the claim's speaker when it is the fuller
name of the same source.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import attrgetter

from ..records import Claim
from .figure_words import Word, phrase_at
from .numbers import read_table

DETERMINERS = frozenset({"the", "a", "an", "another", "its", "their"})
JOINERS = frozenset({"for", "of", "al", "el", "and", "de", "bin", "ibn", "abu", "'s", "’s"})
ADVERBS = frozenset({"also", "has", "have", "had", "later", "earlier", "previously", "separately", "further",
                     "then", "meanwhile", "however", "had", "would", "will", "now", "initially", "first",
                     "last", "recently", "reportedly", "officially"})
PRONOUNS = frozenset({"he", "she", "it", "they", "we"})
POSSESSIVES = frozenset({"his", "her", "its", "their", "our"})
NOT_REPORTED = frozenset({"responsibility", "credit", "victory", "control"})
AFTER_POSTPOSED = frozenset({".", ",", ";", ":", "!", "?", ")", "—", "–", "on", "in", "at", "late", "early",
                             "earlier", "later", "today", "yesterday", "last", "this", "monday", "tuesday",
                             "wednesday", "thursday", "friday", "saturday", "sunday", "overnight", "after",
                             "adding", "stressing", "citing", "according", "without", "but", "and", '"', "”",
                             "while", "as", "–", "--", "-"})


@lru_cache(maxsize=1)
def attribution_words() -> dict[str, str]:
    """word or phrase -> role (verb, object, quoting, according, head)."""
    return {row[0]: row[1] for row in read_table("attribution.tsv")}


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """First words of the reporting phrases (not of the descriptive heads)."""
    return frozenset(p.split()[0] for p, role in attribution_words().items() if role != "head")


def _role(words: list[Word], i: int) -> tuple[str, int] | None:
    hit = phrase_at(words, i, attribution_words())
    if not hit or attribution_words()[hit[0]] == "head":
        return None
    role = attribution_words()[hit[0]]
    if role != "according" and not words[i].text.islower():   # "the United States", not "states"
        return None
    if role == "verb" and _not_a_report(words, i + hit[1]):
        return None
    return role, hit[1]


def _not_a_report(words: list[Word], after: int) -> bool:
    """"claimed responsibility for an attack that killed 32", "the war has claimed 300000 lives":
    the verb asserts no number (claiming an attack is not asserting its toll)."""
    ahead = [w.lower for w in words[after:after + 5]]
    return bool(ahead) and (ahead[0] in NOT_REPORTED or "lives" in ahead or "life" in ahead)


def reported_claims(claims: list[Claim]) -> list[Claim]:
    """The claims that may hold a figure: not "responsibility"/"credit"/... claimed."""
    return [c for c in claims if not c.quote.lower().startswith(tuple(NOT_REPORTED))]


def claim_source(claims: list[Claim], start: int, end: int) -> Claim | None:
    """The innermost claim whose quotation (else whose whole span) holds [start, end)."""
    return innermost_claim(reported_claims(claims), start, end)


def innermost_claim(claims: list[Claim], start: int, end: int) -> Claim | None:
    """`claim_source` over claims already passed through `reported_claims` (once per article)."""
    def holds(span) -> bool:
        return span.start <= start and end <= span.end

    def outside_speaker(c: Claim) -> bool:
        return c.speaker_span is None or not (c.speaker_span.start <= start < c.speaker_span.end)

    quoted = [(qs.end - qs.start, i) for i, c in enumerate(claims) for qs in c.quote_spans if holds(qs)]
    if quoted:
        return claims[min(quoted)[1]]
    framed = [(c.span.end - c.span.start, i) for i, c in enumerate(claims) if holds(c.span) and outside_speaker(c)]
    return claims[min(framed)[1]] if framed else None


def _head(word: str) -> bool:
    return attribution_words().get(word) == "head"


CALENDAR = frozenset(m.lower() for m in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name) if m)


PREPOSITIONS = frozenset({"in", "of", "at", "near", "from", "on", "to", "across", "outside", "inside", "around",
                          "into", "towards", "toward", "by", "over"})
DIRECTIONS = frozenset({"east", "west", "north", "south", "eastern", "western", "northern", "southern",
                        "central", "rural", "northeastern", "northwestern", "southeastern", "southwestern"})


def _source_word(words: list[Word], j: int) -> bool:
    """A word that may belong to a source: a name, a descriptive head, "UK-based", a joiner,
    a direction inside a place name ("in east Aleppo")."""
    w = words[j]
    if w.lower in CALENDAR:               # "said Saturday"
        return False
    if w.lower in DIRECTIONS and j + 1 < len(words) and words[j + 1].is_title:
        return True
    last = w.lower.rsplit("-", 1)[-1]
    return ((w.is_title and w.is_alpha) or _head(w.lower) or _head(last) or last == "based"
            or w.lower in JOINERS or w.text.endswith(("'s", "’s")))


CONNECTIVES = frozenset({"but", "and", "meanwhile", "however", "moreover", "also", "so", "yet", "while",
                         "in", "on", "at", "after", "then", "now", "furthermore", "separately", "earlier", "later"})
PLACE_JOINERS = frozenset({"in", "at", "from"})   # "a medical source in Aleppo", "the ministry in Moscow"


def _trim(words: list[Word], i: int, j: int) -> tuple[int, int] | None:
    """Drop joiners and a leading "But"/"Meanwhile" at either end of words[i:j]; None when nothing is left."""
    while i < j and (words[i].lower in JOINERS or words[i].lower in DETERMINERS or words[i].lower in CONNECTIVES):
        i += 1
    while j > i and words[j - 1].lower in JOINERS:
        j -= 1
    return (i, j) if i < j else None


def left_source(words: list[Word], v: int, floor: int) -> tuple[int, int] | None:
    """The source standing before word v (the subject of a reporting verb), not below `floor`."""
    j = _skip_adverbs(words, v - 1, floor)
    if j - 2 >= floor and words[j].text == ")" and words[j - 2].text == "(" and words[j - 1].text.isupper():
        j -= 3                                           # "the Syrian Network for Human Rights (SNHR) said"
    for _ in range(3):                    # "State media, however, referring to ..., said"
        if j < floor or words[j].text != ",":
            break
        j = _skip_adverbs(words, _before_aside(words, j, floor), floor)
    end = j + 1
    while True:
        while j >= floor and words[j].lower not in DETERMINERS and _source_word(words, j):
            j -= 1
            if j - 1 >= floor and words[j].lower in PLACE_JOINERS and _source_word(words, j + 1) \
                    and (_head(words[j - 1].lower) or words[j - 1].is_title):
                j -= 1                                   # "a medical source in Aleppo"
        further = _of_phrase(words, j, floor)
        if further is None:
            break
        j = further
    if j >= floor and words[j].lower in DETERMINERS:
        if _apposition(words, j, floor):
            return left_source(words, j, floor)          # "The Local Committees another group says"
        j -= 1
    elif j >= floor and words[j].lower in PREPOSITIONS:
        org = next((k for k in range(j + 1, end) if _organisation(words[k])), None)
        if org is None:
            return None                                  # "sources inside Syria said": a place, not who
        j = org - 1                                      # "near Damascus UN says": the UN, not Damascus
    else:                                                # "X Research a Beirut-based nongovernmental organization"
        for k in range(j, max(floor - 1, j - 3), -1):
            if words[k].lower in ("a", "an", "another") and _apposition(words, k, floor):
                return left_source(words, k, floor)
    return _trim(words, j + 1, end)


def _of_phrase(words: list[Word], j: int, floor: int) -> int | None:
    """Where a source's name goes on leftwards past "of the": "the German Federal Minister of the
    Interior" (not "Interior"); "the head of the Observatory" stays the Observatory."""
    if j - 2 >= floor and words[j].lower == "the" and words[j - 1].lower == "of" \
            and words[j - 2].is_title and words[j - 2].is_alpha:
        return j - 2
    return None


def _organisation(w: Word) -> bool:
    """A word that marks a body rather than a place: a descriptive head or an acronym ("HRW")."""
    return _head(w.lower) or (len(w.text) > 1 and w.text.isupper())


def _apposition(words: list[Word], det: int, floor: int) -> bool:
    """A name right before "another/a ..." is the source it describes, unless a preposition
    makes it a place ("in northern Syria a monitoring group said")."""
    if det - 1 < floor or not (words[det - 1].is_title and words[det - 1].is_alpha) or words[det].lower == "the":
        return False
    k = det - 1
    while k >= floor and (words[k].is_title or words[k].lower in JOINERS or words[k].lower in DIRECTIONS):
        k -= 1
    run = words[k + 1:det]
    if run and run[0].lower in JOINERS:
        return False                                     # "the city of Hasakeh an official said"
    if sum(w.is_title for w in run) < 2 and not any(_organisation(w) for w in run):
        return False                                     # "in north-eastern Syria a monitoring group says"
    return k < floor or words[k].lower not in PREPOSITIONS


def _skip_adverbs(words: list[Word], j: int, floor: int) -> int:
    while j >= floor and (words[j].lower in ADVERBS or words[j].lower == "however"):
        j -= 1
    return j


def _before_aside(words: list[Word], comma: int, floor: int) -> int:
    """Before ", a Syrian volunteer service, said": the index of the word before the opening comma."""
    for k in range(comma - 1, max(floor - 1, comma - 13), -1):
        if words[k].text == ",":
            return k - 1
    return comma - 1


def right_source(words: list[Word], v: int) -> tuple[int, int] | None:
    """The source standing after word v ("said the Observatory", "according to state media")."""
    i = v
    if i < len(words) and words[i].lower in DETERMINERS:
        i += 1
    if i + 1 < len(words) and words[i].lower == "same":
        i += 1                                           # "according to the same source"
    while i < len(words) and words[i].lower not in DETERMINERS and _source_word(words, i):
        i += 1
        if i + 1 < len(words) and words[i].lower in PLACE_JOINERS and _head(words[i - 1].lower) \
                and words[i + 1].is_title and words[i + 1].is_alpha:
            i += 1                                       # "according to a source at Aleppo Police Command"
    return _trim(words, v, i)


def postposed(words: list[Word], after: int) -> bool:
    """True when word `after` closes an attribution: sentence end, punctuation or a time phrase."""
    return after >= len(words) or words[after].lower in AFTER_POSTPOSED


@dataclass(slots=True)
class Attribution:
    """A reporting verb of a sentence and the source it names, as word indices."""

    verb: int
    role: str
    left: tuple[int, int] | None
    right: tuple[int, int] | None
    closes: bool                 # it ends a clause ("..., the monitor said on Sunday")


def attributions(words: list[Word]) -> list[Attribution]:
    """Every reporting verb of a sentence with its candidate sources.

    Most words start no reporting phrase: the words that may are picked out by a set look-up
    done in C (`compress`), and only those are read in Python."""
    found, after = [], 0
    starts = compress(count(), map(_first_words().__contains__, map(attrgetter("lower"), words)))
    for i in starts:
        if i < after:                     # inside the phrase found before
            continue
        hit = _role(words, i)
        if not hit:
            continue
        role, n = hit
        right = right_source(words, i + n)
        if role == "object":              # "told reporters on Saturday": the addressee comes first
            closes = any(postposed(words, k) for k in range(i + n, i + n + 3))
        else:
            closes = postposed(words, right[1] if right and role == "verb" else i + n)
        found.append(Attribution(i, role, None, right, closes))
        after = i + n
    return found


def text_of(words: list[Word], span: tuple[int, int], text: str) -> str:
    """The source's words as they stand in the document text."""
    return text[words[span[0]].start:words[span[1] - 1].end]


def _speaker(words: list[Word], a: Attribution, qs: int, qe: int, found: list[Attribution]):
    """The source attribution `a` gives a figure at words[qs:qe], or None; "pronoun" for "it says"."""
    if a.role == "according":
        return _deferred(words, a.right, a.verb)
    if a.role == "quoting":
        return None                                  # read through its "as saying"
    if a.verb >= qe:                                 # after the figure: "..., the monitor said"
        if not a.closes:
            return None
        if a.role == "verb" and a.right and postposed(words, a.right[1]):
            return a.right
        if words[a.verb - 1].lower in PRONOUNS:      # '"... were killed," he said'
            return "pronoun"
        return _deferred(words, left_source(words, a.verb, qe), a.verb)
    if words[a.verb].lower == "saying" and a.verb and words[a.verb - 1].lower == "as":
        quoting = [b for b in found if b.role == "quoting" and b.verb < a.verb]
        if quoting:
            return quoting[-1].right or left_source(words, quoting[-1].verb, 0)
    if a.verb and words[a.verb - 1].lower in PRONOUNS:
        return "pronoun"
    if a.right and _named(words, a.right) and a.verb and words[a.verb - 1].text.islower() \
            and postposed(words, a.right[1]):
        return a.right                                   # "killed 1102 people said the Observatory"
    return _deferred(words, left_source(words, a.verb, 0), a.verb)


def _named(words: list[Word], span: tuple[int, int]) -> bool:
    return any(words[k].is_title or _organisation(words[k]) for k in range(*span))


def _deferred(words: list[Word], span, verb: int):
    """"His figures allege", "their count shows": a back-reference, left to the claims layer or the
    sentence before (which know whom it names) as a "pronoun"."""
    if verb >= 2 and words[verb - 2].lower in POSSESSIVES and not span:
        return "pronoun"
    return span


def sentence_source(words: list[Word], qs: int, qe: int, found: list[Attribution]):
    """The nearest attribution of the sentence that names a source for the figure at words[qs:qe]."""
    best = None
    for a in found:
        if qs <= a.verb < qe or (a.verb >= qe and a.role == "according" and words[a.verb].text[:1].isupper()):
            continue                                     # "... 34 others were injured According to X two ...":
                                                         # a glued sentence's attribution covers what follows
        span = _speaker(words, a, qs, qe, found)
        if span is not None and (best is None or abs(a.verb - qs) < best[0]):
            best = (abs(a.verb - qs), span)
    return best[1] if best else None


def named_source(words: list[Word], found: list[Attribution]):
    """Any source a sentence names (to resolve "it says" in the sentence after)."""
    for a in reversed(found):
        span = a.right if a.role == "according" else left_source(words, a.verb, 0) or a.right
        if span is not None:
            return span
    return None
