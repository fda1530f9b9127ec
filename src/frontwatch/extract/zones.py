"""Tell a page's furniture from its reporting: headline, dateline, boilerplate, caption, body.

Patterns live in data/zones.tsv. A first paragraph of one short sentence without closing
punctuation is a title line (headline); a first sentence opening with a date is a dateline,
which in scraped text usually carries the headline too (and sometimes the lead after it). A
line of its own in title case further down is a subheading or another story's headline.

Site furniture comes in runs. A `footer` cue ("Tags ...", "Share this", "Never miss a story,
sign up ...", "Follow us on", a cookie, privacy or copyright notice) in the second half of a
page starts its footer: that sentence and every one after it are boilerplate (link lists,
numbered "related" titles, subscription blurbs). Earlier in the page the cue marks its sentence
alone, since some pages put tags above the story. "Related ..." and "Read more" boxes sit
mid-story too, so they mark their own sentence only; after any boilerplate sentence, the
short unpunctuated lines that follow (the titles such a box links to) are boilerplate too.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..records import Sentence

TITLE_MAX_CHARS = 200
FOOTER_FROM = 0.5          # a footer cue starts the footer only in this last share of the text
LINK_MAX_CHARS = 160       # an unpunctuated line this short after boilerplate is a link title
CLOSED = ".!?\"”’':;"      # how reporting ends; a linked title "Battle of X (2016)" ends otherwise


@lru_cache(maxsize=1)
def zone_rules() -> list[tuple[str, re.Pattern, tuple[str, ...]]]:
    """(zone, compiled pattern, words one of which must occur) rows of data/zones.tsv, in order."""
    rows = []
    text = resources.files("frontwatch.data").joinpath("zones.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            zone, pattern, *words = line.split("\t")
            rows.append((zone, re.compile(pattern, re.IGNORECASE), tuple(words[0].split("|")) if words else ()))
    return rows


@dataclass(frozen=True)
class Sieve:
    """What every sentence a rule fires on has, tested in a few calls instead of one per rule.

    Most sentences are reporting that no rule touches; they used to pay one regex search or
    substring test per rule. A rule fires only if its pattern matches, so a sentence passes
    the sieve when one of the `^`-anchored patterns matches at its start (all tried in one
    `match`), one word of the unanchored patterns that name words occurs, or an unanchored
    pattern without words matches. A sentence the sieve stops fires no rule (see `_cue_zone`).
    """

    anchored: re.Pattern | None        # the `^`-anchored patterns as one alternation
    words: tuple[str, ...]             # the words of the unanchored patterns that name words
    others: tuple[re.Pattern, ...]     # unanchored patterns without words

    def passes(self, text: str, has_word: bool | None = None) -> bool:
        """`has_word`, when the caller knows it, says whether one of `words` occurs in text."""
        if self.anchored is not None and self.anchored.match(text):
            return True
        if any(p.search(text) for p in self.others):
            return True
        if has_word is not None:
            return has_word
        lower = text.lower()
        return any(w in lower for w in self.words)

    def word_sentences(self, sentences: list[Sentence]) -> list[bool] | None:
        """For each sentence, whether one of `words` occurs in it (lower case), found with one
        scan of the document per word rather than one per sentence and word; None when lower
        case changes the length of the text (offsets would not line up)."""
        joined = "\n".join(s.text for s in sentences)   # words hold no line break
        lower = joined.lower()
        if len(lower) != len(joined):
            return None
        starts, pos = [], 0
        for s in sentences:
            starts.append(pos)
            pos += len(s.text) + 1
        hit = [False] * len(sentences)
        for w in self.words:
            i = lower.find(w)
            while i >= 0:
                hit[bisect_right(starts, i) - 1] = True
                i = lower.find(w, i + 1)
        return hit


def _anchored(pattern: re.Pattern) -> bool:
    """True when every alternative of the pattern starts with `^`: it can only match at 0."""
    try:   # the regex parser of the standard library (private: an error means "not anchored")
        from re import _constants as c, _parser
        items = list(_parser.parse(pattern.pattern, pattern.flags))
    except (ImportError, re.error, TypeError, ValueError):
        return False

    def starts_at_beginning(seq) -> bool:
        if not seq:
            return False
        op, arg = seq[0]
        if op is c.AT:
            return arg is c.AT_BEGINNING
        if op is c.BRANCH:
            return all(starts_at_beginning(list(alt)) for alt in arg[1])
        if op is c.SUBPATTERN:
            return starts_at_beginning(list(arg[-1]))
        return False

    return starts_at_beginning(items)


@lru_cache(maxsize=1)
def sieve() -> Sieve:
    """The sieve of data/zones.tsv (built once)."""
    anchored, words, others = [], [], []
    for _zone, pattern, rule_words in zone_rules():
        if _anchored(pattern):
            anchored.append(f"(?:{pattern.pattern})")
        elif rule_words:
            words.extend(rule_words)
        else:
            others.append(pattern)
    joined = re.compile("|".join(anchored), re.IGNORECASE) if anchored else None
    return Sieve(joined, tuple(dict.fromkeys(words)), tuple(others))


def zone_patterns() -> list[tuple[str, re.Pattern]]:
    """(zone, compiled pattern) rows of data/zones.tsv, in file order."""
    return [(zone, pattern) for zone, pattern, _words in zone_rules()]


def _title_zone(sentence: Sentence, sentences: list[Sentence]) -> str:
    """`headline` for the page's first line, unpunctuated, or for a line of its own in title case
    anywhere (a subheading, another story's headline: "Russian Airstrikes Kill 120 Daesh
    Terrorists"); else `body`. Most sentences share their paragraph and are told at once."""
    i, p = sentence.index, sentence.paragraph
    if (i and sentences[i - 1].paragraph == p) or (i + 1 < len(sentences) and sentences[i + 1].paragraph == p):
        return "body"
    text = sentence.text
    if len(sentences) < 2 or len(text) > TITLE_MAX_CHARS or text.rstrip()[-1:] in ".!?\"”’":
        return "body"
    return "headline" if (p == 0 if i == 0 else _title_case(text)) else "body"


SMALL_WORDS = frozenset("a an and as at by for from in into of on or over the to with near after vs".split())
TITLE_MIN_WORDS = 4


def _title_case(text: str) -> bool:
    """Every word but the small ones capitalised (or a number), as headlines are written; not a
    Markdown heading, table row or list item, which the page's own structure already marks."""
    words = text.split()
    if len(words) < TITLE_MIN_WORDS or text.lstrip()[:1] in "#|*-•>":
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in SMALL_WORDS for w in words)


def _cue_zone(sentence: Sentence, sentences: list[Sentence], has_word: bool | None = None) -> str:
    """The zone one sentence's own words give (`footer` for a footer cue)."""
    if not sieve().passes(sentence.text, has_word):   # no rule can fire: skip the rules one by one
        return _title_zone(sentence, sentences)
    zone = rule_zone(sentence)
    if zone is not None:
        return zone
    return _title_zone(sentence, sentences)


def rule_zone(sentence: Sentence) -> str | None:
    """The zone of the first rule of data/zones.tsv that fires on the sentence, tried one by one."""
    lower = sentence.text.lower()
    for zone, pattern, words in zone_rules():
        if zone == "dateline" and sentence.index > 0:
            continue
        if words and not any(w in lower for w in words):
            continue
        if pattern.search(sentence.text):
            return zone
    return None


def _looks_like_link(sentence: Sentence) -> bool:
    text = sentence.text.strip()
    return (0 < len(text) <= LINK_MAX_CHARS and text[-1] not in CLOSED and " " in text
            and "|" not in text)   # a table row is content


def zones_of(sentences: list[Sentence]) -> list[str]:
    """The zone of every sentence of a document (see the module docstring for runs)."""
    if not sentences:
        return []
    footer_from = sentences[0].start + FOOTER_FROM * (sentences[-1].end - sentences[0].start)
    zones: list[str] = []
    in_footer = False
    has_word = sieve().word_sentences(sentences) or [None] * len(sentences)
    for sentence, word in zip(sentences, has_word):
        zone = "boilerplate" if in_footer else _cue_zone(sentence, sentences, word)
        if zone == "footer":
            in_footer = sentence.start >= footer_from
            zone = "boilerplate"
        elif zone in ("body", "headline") and zones and zones[-1] == "boilerplate" and _looks_like_link(sentence):
            zone = "boilerplate"
        zones.append(zone)
    return zones


_last: tuple[list[Sentence] | None, list[str]] = (None, [])


def zone_of(sentence: Sentence, sentences: list[Sentence]) -> str:
    """The zone of one sentence of a document.

    Zones depend on the sentences before (a footer run), so all of a document's zones are
    worked out at once and kept for the calls on the other sentences of the same list.
    """
    global _last
    doc, zones = _last
    if doc is not sentences or len(zones) != len(sentences):
        zones = zones_of(sentences)
        _last = (sentences, zones)
    return zones[sentence.index] if 0 <= sentence.index < len(zones) else _cue_zone(sentence, sentences)


FURNITURE_ZONES = frozenset({"boilerplate", "caption"})
RUN_IN_WORDS = 30          # a furniture label followed by more than this ran into the story
RUN_IN = re.compile(r"^\W*(?:\d+\s+)*(?:tags?|topics?|keywords|read (?:more|also)|see (?:more|also))\b",
                    re.IGNORECASE)
CLAUSE = re.compile(r"\b(?:is|are|was|were|has|have|had|says?|said|told|killed)\b")   # a tag list has none


def reports_nothing(sentence: Sentence) -> bool:
    """Page furniture whose words report nothing (link boxes, credits, captions, tag lists), for
    the extractors that read sentence by sentence. A tag list or "Read more" label that a scrape
    ran into the lead ("Tags Syria Idlib At least 16 people were killed ...") is boilerplate
    too, but its tail is the story and is read."""
    if getattr(sentence, "zone", "body") not in FURNITURE_ZONES:
        return False
    text = sentence.text
    return not (RUN_IN.match(text) and (len(text.split()) > RUN_IN_WORDS or CLAUSE.search(text)))
