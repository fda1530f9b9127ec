"""Tell what a file holds: by its content first, by its extension only when content is unclear."""
from __future__ import annotations

import json
import os
import re
from typing import Iterable

JSON_EXTENSIONS = {".json"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson", ".jsonlines", ".jl"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
FEED_EXTENSIONS = {".rss", ".atom", ".xml"}
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mdown"}
CSV_EXTENSIONS = {".csv", ".tsv", ".tab"}

# The first element of a markup file, after any XML declaration, doctype or comments.
PROLOGUE = re.compile(r"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!doctype[^>]*>\s*)*", re.I | re.S)
FIRST_TAG = re.compile(r"<([a-zA-Z][\w:.-]*)")
FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf"}
FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?:[\w-]+:.*\r?\n)")


def detect_format(head: str, path: str, text_fields: Iterable[str] = ()) -> str:
    """text | markdown | html | json | jsonl | feed | csv for a file starting with `head`.

    `text_fields` are the column names that mark a CSV header (IngestOptions.fields["text"]).
    """
    start = head.lstrip("\ufeff \t\r\n")
    ext = os.path.splitext(path)[1].lower()
    if start.startswith("<"):
        return _markup_format(start)
    if start[:1] in "{[" and start:
        return _json_format(start, ext)
    if is_csv_header(start.split("\n", 1)[0], text_fields):
        return "csv"
    if ext in MARKDOWN_EXTENSIONS or FRONT_MATTER.match(start):
        return "markdown"
    if ext in JSONL_EXTENSIONS:
        return "jsonl"   # not JSON at all: the reader will report each bad line
    return "text"


def _markup_format(start: str) -> str:
    body = start[PROLOGUE.match(start).end():]
    tag = FIRST_TAG.match(body)
    if tag is None:
        return "text"        # "<<Breaking>>" or "<- see below": angle brackets, not markup
    return "feed" if tag.group(1).lower() in FEED_ROOTS else "html"


def csv_delimiter(line: str) -> str:
    """Tab for a line with tabs, else comma."""
    return "\t" if "\t" in line else ","


def is_csv_header(line: str, text_fields: Iterable[str]) -> bool:
    """True for a line of short column names, one of which names the article text."""
    names = [n.strip().strip('"').strip().lower() for n in line.split(csv_delimiter(line))]
    wanted = {f.lower() for f in text_fields}
    return len(names) >= 2 and bool(wanted & set(names)) and all(0 < len(n) <= 40 for n in names)


def _json_format(start: str, ext: str) -> str:
    """A file opening like JSON: Lines when its first line is a whole object, else one document."""
    if ext in JSONL_EXTENSIONS:
        return "jsonl"
    first_line, _, rest = start.partition("\n")
    if rest.strip() and first_line.strip().startswith("{"):   # one line alone is plain JSON
        try:
            if isinstance(json.loads(first_line.strip()), dict):
                return "jsonl"
        except ValueError:
            pass
    return "json"
