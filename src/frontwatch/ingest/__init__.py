"""Read articles from files, folders, JSON / JSON Lines / CSV dumps, HTML pages, Markdown and feeds.

`read_paths` yields a `Document` for every article it can read and an `InputError` for every
input (or record) it cannot, so one bad file never stops a run. Each file's format is told by
its content first and its extension second (`sniff.py`); text is decoded whatever its encoding
(`decode.py`), normalised (`frontwatch.normalise`) and identified by a hash of the normalised
text, so the same article read twice, or from two files, is one document id.

Naming: a plain file's `Document.file` is its base name (how the evaluation export matches
results). A record of a dump or feed has `path` = `file#N` (N counts records from 1), and `file` =
the record's own id when it has one, else `<base name>#N` (feeds: always `<base name>#N`).

Size: files over `IngestOptions.max_bytes` (50 MB) are refused with a reason, except JSON
Lines and CSV, which are streamed record by record with bounded memory. `.gz` files are read
through decompression.
"""
from __future__ import annotations

import logging
import os
from typing import Iterable, Iterator

from ..records import Document
from .base import Article, InputError, content_id
from .document import to_document
from .metadate import metadata_date
from .options import DEFAULT_FIELDS, FORMATS, IngestOptions, parse_field_overrides
from .reader import read_file

__all__ = ["Article", "DEFAULT_FIELDS", "FORMATS", "IngestOptions", "InputError", "content_id",
           "iter_files", "parse_field_overrides", "read_paths", "unique_documents", "iter_unique_documents"]

log = logging.getLogger(__name__)


def iter_files(paths: Iterable[str]) -> Iterator[str]:
    """Files named directly, and every file below each folder (sorted, hidden ones skipped)."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        else:
            yield path


def read_paths(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[Document | InputError]:
    """Every article in the inputs, or an error naming the input and the reason.

    Args:
        paths: files and folders (read recursively).
        options: format and JSON field names; the defaults sniff every file.
    Returns:
        an iterator of Document and InputError, in input order.
    """
    options = options or IngestOptions()
    for path in iter_files(paths):
        yield from _read_one(path, options)


def _read_one(path: str, options: IngestOptions) -> Iterator[Document | InputError]:
    """One file's documents; an unexpected failure becomes an InputError, never a traceback."""
    try:
        for item in read_file(path, options):
            if isinstance(item, InputError):
                yield item
                continue
            yield to_document(item)
            if item.published not in (None, "") and metadata_date(item.published) is None:
                yield InputError(item.path, f"unreadable publication date {str(item.published)[:60]!r} "
                                            "in its metadata; the article is kept without it", kept=True)
    except (RecursionError, MemoryError) as exc:
        yield InputError(path, f"input too deeply nested or too big to process ({type(exc).__name__})")
    except Exception as exc:  # a reader bug or a library failure on a hostile file
        log.debug("failed to read %s", path, exc_info=True)
        yield InputError(path, f"could not be read ({type(exc).__name__}: {exc})")


def unique_documents(items: Iterable[Document | InputError], errors: list[InputError]) -> list[Document]:
    """Documents once each (the same input is one id), with the errors appended to `errors`."""
    return list(iter_unique_documents(items, errors))


def iter_unique_documents(items: Iterable[Document | InputError],
                          errors: list[InputError]) -> Iterator[Document]:
    """`unique_documents` one at a time, as the caller asks for them."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
        elif item.id not in seen:
            seen.add(item.id)
            yield item
