"""Read one input file: refuse what is not text, pick the reader, and stream JSON Lines and CSV.

Gzip-compressed files (`dump.jsonl.gz`, `page.html.gz`) are read through decompression, so
their content, not the archive, is sniffed, and the size limit applies to what they hold.
"""
from __future__ import annotations

import gzip
import io
import os
import zlib
from typing import BinaryIO, Callable, Iterator

from .base import Article, InputError
from .decode import binary_kind, decode, detect_encoding
from .dump import OversizedLine, read_csv, read_json, read_jsonl
from .feed import read_feed
from .html import read_html
from .options import IngestOptions
from .sniff import JSON_EXTENSIONS, JSONL_EXTENSIONS, detect_format
from .text import read_markdown, read_text

HEAD_BYTES = 64 * 1024
SKIP_CHARS = 1024 * 1024   # how much of an oversized line is read (and dropped) at a time
STREAMED = {"jsonl": read_jsonl, "csv": read_csv}


def read_file(path: str, options: IngestOptions) -> Iterator[Article | InputError]:
    """Every article in one file, or the reason it (or one of its records) cannot be read.

    1 refuse empty and binary files; 2 tell the format from the content (the extension only
    breaks ties); 3 stream JSON Lines and CSV of any size, refuse other files over the size limit;
    4 decode and hand the text to the format's reader. A file shorter than HEAD_BYTES (most
    articles) is opened, read and decoded once: its head is all of it.
    """
    try:
        opener, name, head = _open(path)
    except (OSError, EOFError, zlib.error) as exc:   # zlib/EOF: a corrupt or cut-off .gz
        yield InputError(path, f"cannot open: {getattr(exc, 'strerror', None) or exc}")
        return
    if problem := _not_text(head):                                              # 1
        yield InputError(path, problem)
        return
    head_text, codec = decode(head)
    fmt = options.format if options.format != "auto" else detect_format(        # 2
        head_text, name, options.fields["text"])
    if fmt in STREAMED:                                                         # 3
        yield from _stream(STREAMED[fmt], opener, path, head, options)
        return
    whole = len(head) < HEAD_BYTES
    if whole:
        data = head if len(head) <= options.max_bytes else None
    else:
        data = _read_limited(opener, path, name, options)
    if data is None:
        yield InputError(path, f"file too large (more than {options.max_bytes / 2**20:.0f} MB); split it, "
                               "or give it as JSON Lines, which are read record by record")
        return
    yield from _read_whole(data, name, path, fmt, options, (head_text, codec) if whole else None)   # 4


def _read_limited(opener: Callable[[], BinaryIO], path: str, name: str, options: IngestOptions) -> bytes | None:
    """The file's content, or None when it is over the size limit (checked before reading)."""
    if name == path and os.path.getsize(path) > options.max_bytes:
        return None
    with opener() as f:
        data = f.read(options.max_bytes + 1)
    return data if len(data) <= options.max_bytes else None


def _open(path: str) -> tuple[Callable[[], BinaryIO], str, bytes]:
    """How to open the file's content, the name whose extension describes that content, and
    the content's first HEAD_BYTES (read through decompression for a gzip file)."""
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    if head[:2] == b"\x1f\x8b":
        opener = lambda: gzip.open(path, "rb")  # noqa: E731
        with opener() as f:
            return opener, path.removesuffix(".gz"), f.read(HEAD_BYTES)
    return (lambda: open(path, "rb")), path, head


def _not_text(head: bytes) -> str | None:
    if not head.strip():
        return "empty file" if not head else "empty file (only whitespace)"
    kind = binary_kind(head)
    return f"not a text file: {kind}" if kind else None


def _stream(reader, opener: Callable[[], BinaryIO], path: str, head: bytes,
            options: IngestOptions) -> Iterator[Article | InputError]:
    """Records of a dump read line by line: memory stays bounded whatever the file's size."""
    codec = detect_encoding(head)
    if codec == "utf-8" and head.startswith(b"\xef\xbb\xbf"):
        codec = "utf-8-sig"
    with opener() as raw, io.TextIOWrapper(raw, encoding=codec, errors="replace", newline="") as lines:
        yield from reader(bounded_lines(lines, options.max_record_bytes), path, options)


def bounded_lines(stream: io.TextIOBase, limit: int) -> Iterator[str]:
    """The stream's lines, none read whole when longer than `limit` characters.

    Iterating a file holds each line whole, so one 60 MB line would sit in memory before any
    size check. Each line is read with a bounded `readline`; a longer one is read on in
    chunks and dropped, and an `OversizedLine` stands in its place, so line numbers still count.
    """
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(("\n", "\r")):
            yield line
            continue
        size = len(line)
        while (chunk := stream.readline(SKIP_CHARS)) and not chunk.endswith(("\n", "\r")):
            size += len(chunk)
        yield OversizedLine(size + len(chunk))


def _read_whole(data: bytes, name: str, path: str, fmt: str, options: IngestOptions,
                decoded: tuple[str, str] | None = None) -> Iterator[Article | InputError]:
    """The articles of a file read whole; `decoded` is its text and codec when already decoded."""
    if fmt == "feed":
        yield from read_feed(data, path)
        return
    text, _codec = decoded or decode(data)
    if not text.strip():
        yield InputError(path, "empty file (only whitespace)")
    elif fmt == "json":
        yield from _read_json_or_text(text, name, path, options)
    elif fmt == "html":
        yield read_html(text, path)
    elif fmt == "markdown":
        yield read_markdown(text, path)
    else:
        yield read_text(text, path)


def _read_json_or_text(text: str, name: str, path: str,
                       options: IngestOptions) -> Iterator[Article | InputError]:
    """JSON, unless a text file merely opens with a bracket ("[Reuters] ...") and is not JSON."""
    items = list(read_json(text, path, options))
    ext = os.path.splitext(name)[1].lower()
    whole_file_failed = len(items) == 1 and isinstance(items[0], InputError) and items[0].where == path
    if whole_file_failed and options.format == "auto" and ext not in JSON_EXTENSIONS | JSONL_EXTENSIONS:
        yield read_text(text, path)
    else:
        yield from items
