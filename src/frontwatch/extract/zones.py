"""Tell a page's furniture from its reporting: headline, dateline, boilerplate, caption, body.

Patterns live in data/zones.tsv. A first paragraph of one short sentence without closing
punctuation is a title line (headline); a first sentence opening with a date is a dateline,
which in scraped text usually carries the headline too.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..records import Sentence

TITLE_MAX_CHARS = 200


@lru_cache(maxsize=1)
def zone_patterns() -> list[tuple[str, re.Pattern]]:
    """(zone, compiled pattern) rows of data/zones.tsv, in file order."""
    rows = []
    text = resources.files("frontwatch.data").joinpath("zones.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            zone, pattern = line.split("\t", 1)
            rows.append((zone, re.compile(pattern, re.IGNORECASE)))
    return rows


def _is_title_line(sentence: Sentence, sentences: list[Sentence]) -> bool:
    alone = sum(1 for s in sentences if s.paragraph == sentence.paragraph) == 1
    return (sentence.paragraph == 0 and alone and len(sentences) > 1
            and len(sentence.text) <= TITLE_MAX_CHARS and sentence.text.rstrip()[-1:] not in ".!?\"”’")


def zone_of(sentence: Sentence, sentences: list[Sentence]) -> str:
    """The zone of one sentence of a document."""
    for zone, pattern in zone_patterns():
        if zone == "dateline" and sentence.index > 0:
            continue
        if pattern.search(sentence.text):
            return zone
    return "headline" if sentence.index == 0 and _is_title_line(sentence, sentences) else "body"
