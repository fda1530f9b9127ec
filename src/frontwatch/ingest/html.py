"""HTML pages (main text and metadata with trafilatura) and HTML fragments (plain text)."""
from __future__ import annotations

import logging
import os
import re

import lxml.html
from lxml import etree

from .base import Article, InputError

log = logging.getLogger(__name__)

# Only dates the page states about itself (meta tags, JSON-LD, URL), not dates in its text:
# finding dates in the text is frontwatch.dates' job, with its own basis.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
          "section", "article", "header", "footer", "pre", "dd", "dt", "figcaption", "table"}
TAG_LIKE = re.compile(r"<(?:p|div|br|span|a|li|ul|h[1-6]|img|em|strong|b|i|blockquote|figure)\b[^>]*>",
                      re.I)


def read_html(page: str, path: str) -> Article | InputError:
    """An HTML page as one article: trafilatura's main text and the page's own metadata."""
    try:
        text, meta = _extract(page)
    except RecursionError:
        return InputError(path, "HTML nested too deeply to parse")
    if not text.strip():
        return InputError(path, "HTML page with no article text found (empty, or too malformed "
                                "or deeply nested to parse)")
    return Article(text=text, file=os.path.basename(path), path=path, source_format="html",
                   title=_meta(meta, "title"), outlet=_meta(meta, "sitename") or _meta(meta, "hostname"),
                   author=_meta(meta, "author"), url=_meta(meta, "url"), published=_meta(meta, "date"),
                   raw=page)


def _extract(page: str) -> tuple[str, object | None]:
    """(main text, metadata) by trafilatura; its baseline text when the page is too short for it."""
    import trafilatura

    found = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                        date_extraction_params=DATE_PARAMS)
    if found is not None and (found.text or "").strip():
        return found.text, found
    _tree, text, _length = trafilatura.baseline(page)
    return text or "", trafilatura.extract_metadata(page, extensive=False)


def _meta(meta: object | None, name: str) -> str | None:
    value = getattr(meta, name, None)
    return value if isinstance(value, str) and value.strip() else None


def looks_like_html(text: str) -> bool:
    """True when a field's value carries HTML markup (feed content, scraped bodies)."""
    return bool(TAG_LIKE.search(text[:5000]))


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment, with a paragraph break after every block element."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError, RecursionError):
        return re.sub(r"<[^>]+>", " ", fragment)
    for tag in ("script", "style", "noscript"):
        for node in root.iter(tag):
            node.drop_tree()
    for node in root.iter(*BLOCKS):
        node.tail = "\n\n" + (node.tail or "")
    return root.text_content()
