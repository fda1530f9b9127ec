"""The outlet that publishes an article: it reports statements, it never speaks in them.

Wire copy names its own outlet in the dateline ("BEIRUT (Reuters) -", "(TRT World and Agencies)");
a comma-stripped scrape then puts that name right before the first "said", and "Reuters" would be
taken for the speaker of what it relays. The outlet comes from the document's metadata when
ingest knows it, else from a parenthesised name near the top of the text.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .registry import SourceMatch, lookup

TOP = 400   # characters of the text where a dateline credit stands
CREDIT = re.compile(r"\(([A-Z][\w.&' -]{1,40}?)(\s+and\s+(?:[Aa]gencies|[Ww]ires))?\)\s*([-–—:_])?")


def own_outlet(text: str, sources: list[SourceMatch], doc: Doc, outlet: str | None = None) -> frozenset[str]:
    """Lower-case names (canonical and as written) of the outlet publishing the text."""
    names: set[str] = set()
    if outlet:
        _add(names, outlet)
    for m in CREDIT.finditer(text, 0, min(len(text), TOP)):
        if _credit(text, m):
            _add(names, m.group(1))
    return frozenset(names)


def _credit(text: str, m: re.Match) -> bool:
    """A dateline credit, not an acronym after its expansion ("the Observatory (SOHR)")."""
    src = lookup(m.group(1))
    if src is not None and src.name.lower() in text[max(0, m.start() - 80):m.start()].lower():
        return False
    return bool(m.group(2) or m.group(3)) or (src is not None and src.kind == "media")


def _add(names: set[str], name: str) -> None:
    name = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    if not name:
        return
    names.add(name.lower())
    src = lookup(name)
    if src is not None:
        names.add(src.name.lower())
        names.update(a.lower() for a in src.aliases)
