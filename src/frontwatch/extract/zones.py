"""Tell a page's furniture from its reporting: headline, dateline, boilerplate, caption, body.

Patterns live in data/zones.tsv. A first paragraph of one short sentence without closing
punctuation is a title line (headline); a first sentence opening with a date is a dateline,
which in scraped text usually carries the headline too.

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


def zone_patterns() -> list[tuple[str, re.Pattern]]:
    """(zone, compiled pattern) rows of data/zones.tsv, in file order."""
    return [(zone, pattern) for zone, pattern, _words in zone_rules()]


def _is_title_line(sentence: Sentence, sentences: list[Sentence]) -> bool:
    alone = sum(1 for s in sentences if s.paragraph == sentence.paragraph) == 1
    return (sentence.paragraph == 0 and alone and len(sentences) > 1
            and len(sentence.text) <= TITLE_MAX_CHARS and sentence.text.rstrip()[-1:] not in ".!?\"”’")


def _cue_zone(sentence: Sentence, sentences: list[Sentence]) -> str:
    """The zone one sentence's own words give (`footer` for a footer cue)."""
    lower = sentence.text.lower()
    for zone, pattern, words in zone_rules():
        if zone == "dateline" and sentence.index > 0:
            continue
        if words and not any(w in lower for w in words):
            continue
        if pattern.search(sentence.text):
            return zone
    return "headline" if sentence.index == 0 and _is_title_line(sentence, sentences) else "body"


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
    for sentence in sentences:
        zone = "boilerplate" if in_footer else _cue_zone(sentence, sentences)
        if zone == "footer":
            in_footer = sentence.start >= footer_from
            zone = "boilerplate"
        elif zone == "body" and zones and zones[-1] == "boilerplate" and _looks_like_link(sentence):
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
