"""The records ingest passes around: a bad input, and an article before normalisation."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read: where (file, or file#record) and why.

    `kept` marks a problem with part of an input whose article was still stored (an unreadable
    date in its metadata): reported like the others, but not "skipped".
    """

    where: str
    reason: str
    kept: bool = False


@dataclass(slots=True)
class Article:
    """One article as a reader found it: decoded but not yet normalised, metadata as written.

    `published` is the raw metadata value (a string, a number of seconds, or a time.struct_time);
    `frontwatch.ingest.document.to_document` normalises both text and date. `retrieved` is the
    raw value of the day the page was fetched (a scraper's access date), when the input says.
    """

    text: str
    file: str
    path: str
    source_format: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: Any = None
    raw: str | None = None
    retrieved: Any = None


def content_id(text: str, identity: str = "") -> str:
    """A stable id from the normalised text and the article's own name (URL, record id, file).

    The same input read twice gets the same id, so ingest adds nothing the second time. The
    same text published under another name (a syndicated wire copy, a re-post) is a document
    of its own, which deduplication links to the first copy: it is kept, never counted twice.
    """
    return hashlib.sha256(f"{identity}\n{text}".encode("utf-8")).hexdigest()[:16]


def identity_of(article: "Article") -> str:
    """What names an article independently of its text: its URL, else its file or record id."""
    return article.url or os.path.splitext(article.file)[0]


def record_where(path: str, number: int) -> str:
    """How a record of a dump or feed is named in errors and `Document.path`: file#N (1-based)."""
    return f"{path}#{number}"
