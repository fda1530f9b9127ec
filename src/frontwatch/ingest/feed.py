"""RSS and Atom feed files: every entry is an article (its content, else its summary)."""
from __future__ import annotations

import os
from typing import Iterator

from .base import Article, InputError, record_where
from .html import fragment_text, looks_like_html


def read_feed(data: bytes, path: str) -> Iterator[Article | InputError]:
    """Each entry of a feed; `path` is feed#N and `file` the feed's base name with #N."""
    import feedparser

    # Bytes, never a str: feedparser takes a string that looks like a URL or path as one to open,
    # and from bytes it honours the feed's own encoding declaration.
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"feed could not be read ({problem})" if problem else "feed has no entries"
        yield InputError(path, reason)
        return
    outlet = _plain(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, 1):
        yield entry_article(entry, path, number, outlet)


def entry_article(entry, path: str, number: int, outlet: str | None) -> Article | InputError:
    """One feed entry as an article, or why it is not one."""
    where = record_where(path, number)
    html = _content(entry)
    text = _plain(html) or ""
    if not text.strip():
        return InputError(where, "feed entry has no content or summary")
    published = (entry.get("published") or entry.get("updated") or entry.get("created")
                 or entry.get("published_parsed") or entry.get("updated_parsed"))
    return Article(text=text, file=f"{os.path.basename(path)}#{number}", path=where,
                   source_format="feed", title=_plain(entry.get("title")), outlet=outlet,
                   author=entry.get("author"), url=entry.get("link"), published=published, raw=html)


def _content(entry) -> str:
    """The longest of the entry's full content and its summary (some feeds put a teaser first)."""
    parts = [c.get("value", "") for c in entry.get("content") or []]
    full = "\n".join(p for p in parts if p)
    summary = entry.get("summary") or ""
    return full if len(full) >= len(summary) else summary


def _plain(value: str | None) -> str | None:
    if not value:
        return None
    return fragment_text(value).strip() if looks_like_html(value) else value.strip()
