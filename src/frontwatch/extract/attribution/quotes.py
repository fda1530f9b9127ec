"""Quotation regions: the character ranges inside quotation marks.

Typographic marks pair by shape. A straight double quote opens when it follows a space or an
opening bracket and closes when a word ends on it; between spaces it alternates. Scraped text
often loses a closing mark, so an opening mark met while a quotation is open ends the open one at
its first sentence end. News style leaves a quotation open at the end of a paragraph when the
quote goes on in the next one, so an unclosed quotation runs to the end of its paragraph, or to
its first sentence end when the "paragraph" is a whole article run together.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH_END = re.compile(r"\n")
MARK = re.compile('[“”«»„"]')
SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\"“])")
LONG_PARAGRAPH = 600


@dataclass(frozen=True, slots=True)
class Quote:
    """The inside of a quotation (without its marks), as character offsets."""

    start: int
    end: int

    def words(self, text: str) -> int:
        return len(text[self.start:self.end].split())


def _role(text: str, i: int, opened: bool) -> str:
    """open | close | skip for the mark at i."""
    c = text[i]
    if c in "“«„":
        return "open"
    if c in "”»":
        return "close"
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in "([—–-") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]—–-"):
        return "close"
    if before.isalnum() and after.isalnum():
        return "skip"
    return "close" if opened else "open"


def _sentence_end(text: str, start: int, limit: int) -> int:
    m = SENTENCE_END.search(text, start, limit)
    return m.end() if m else limit


def _paragraph_quotes(text: str, start: int, end: int) -> list[Quote]:
    out, opened = [], None
    for m in MARK.finditer(text, start, end):
        i = m.start()
        role = _role(text, i, opened is not None)
        if role == "open":
            if opened is not None and i > opened:
                out.append(Quote(opened, _sentence_end(text, opened, i)))
            opened = i + 1
        elif role == "close" and opened is not None:
            if i > opened:
                out.append(Quote(opened, i))
            opened = None
    if opened is not None and end - opened > 1:
        limit = end if end - opened <= LONG_PARAGRAPH else _sentence_end(text, opened, end)
        out.append(Quote(opened, limit))
    return out


def find_quotes(text: str) -> list[Quote]:
    """Quotation regions of a whole text, in order."""
    out, pos = [], 0
    for m in PARAGRAPH_END.finditer(text + "\n"):
        if MARK.search(text, pos, m.start()):
            out += _paragraph_quotes(text, pos, m.start())
        pos = m.end()
    return out
