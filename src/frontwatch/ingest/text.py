"""Plain text and Markdown files: one article each; Markdown loses its markup and front matter."""
from __future__ import annotations

import os
import re

from .base import Article
from .reference import RETRIEVAL_KEYS

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
SCALAR = re.compile(r"^([\w-]+):[ \t]*(\S.*?)[ \t]*$", re.M)
# Front-matter keys for each metadata field, most specific first.
FRONT_KEYS = {
    "title": ("title", "subject", "headline"),
    "published": ("pubdate", "published", "date", "datepublished", "publishdate"),
    "url": ("url", "link", "canonical", "source_url"),
    "author": ("author", "byline"),
    "outlet": ("outlet", "publisher", "source", "site"),
    "retrieved": RETRIEVAL_KEYS,
}
# Markdown markup that is not part of the text: images, heading marks, emphasis, bullets, links.
MARKUP = (
    (re.compile(r"^[ \t]*!\[[^\]\n]*\]\([^)\n]*\)[ \t]*$\n?", re.M), ""),
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), ""),
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M), r"\n\1\n"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"^[ \t]*[*+-][ \t]+", re.M), ""),
    (re.compile(r"<!--.*?-->", re.S), ""),
)


def read_text(text: str, path: str) -> Article:
    """A plain text file as one article."""
    return Article(text=text, file=os.path.basename(path), path=path, source_format="text")


def read_markdown(text: str, path: str) -> Article:
    """A Markdown file as one article: front matter becomes metadata, markup is removed."""
    meta, body = split_front_matter(text)
    for pattern, repl in MARKUP:
        body = pattern.sub(repl, body)
    return Article(text=body, file=os.path.basename(path), path=path, source_format="markdown",
                   raw=text, **{field: _first(meta, keys) for field, keys in FRONT_KEYS.items()})


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """({key: one-line value}, body) for a text with a YAML header; nested values are skipped."""
    match = FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        return {}, text
    meta = {m[1].lower(): m[2].strip("'\"") for m in SCALAR.finditer(match[1])
            if not m[2].startswith(("|", ">", "[", "{"))}
    return meta, text.replace("\r\n", "\n")[match.end():]


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)
