"""JSON, JSON Lines and CSV dumps: one article per record, fields found by configurable names.

A record read from `dump.jsonl` gets `path` = `dump.jsonl#N` (N counts records from 1: the line
number in JSON Lines, the position in a JSON array, the data row in CSV), which locates it even when a dump repeats
ids, and `file` = the record's own id when it has one (its name in the user's collection), else
`dump.jsonl#N`.
"""
from __future__ import annotations

import csv
import json
import os
from typing import Any, Iterable, Iterator, Mapping

from .base import Article, InputError, record_where
from .html import fragment_text, looks_like_html
from .options import IngestOptions

# Paragraph lists nest a level or two at most; deeper structures are not article text.
MAX_TEXT_DEPTH = 3
# Keys under which a JSON object wraps its list of records.
WRAPPERS = ("articles", "items", "records", "data", "results", "docs", "documents", "entries",
            "posts", "news", "hits")


class OversizedLine(str):
    """Stands for a line too long to read (see `reader.bounded_lines`): only its length is kept."""

    def __new__(cls, size: int) -> "OversizedLine":
        line = super().__new__(cls, "")
        line.size = size
        return line

    def __bool__(self) -> bool:   # not a blank line, though it holds no text
        return True


def oversized_reason(size: int, options: IngestOptions) -> str:
    """Why a line or record is skipped for its size (the same words for every format)."""
    return (f"record larger than {options.max_record_bytes / 2**20:.0f} MB "
            f"({size / 2**20:.1f} MB) skipped; the rest of the file is read")


def read_json(text: str, path: str, options: IngestOptions) -> Iterator[Article | InputError]:
    """A JSON file: one record, an array of records, or an object wrapping an array."""
    try:
        data = json.loads(text)
    except RecursionError:
        yield InputError(path, "JSON nested too deeply to parse")
        return
    except json.JSONDecodeError as exc:
        yield InputError(path, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    records = _records_of(data, options)
    if records is None:
        yield InputError(path, f"JSON holds no article records (looked in fields {_tried(options)})")
        return
    for number, record in enumerate(records, 1):
        yield record_article(record, path, number, options, "json")


def _records_of(data: Any, options: IngestOptions) -> list | None:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    if _field(data, options.fields["text"]) is not None:
        return [data]
    for key in WRAPPERS:
        inner = data.get(key)
        if isinstance(inner, dict):      # Elasticsearch: {"hits": {"hits": [...]}}
            inner = inner.get(key)
        if isinstance(inner, list):
            return inner
    return None


def read_jsonl(lines: Iterable[str], path: str, options: IngestOptions) -> Iterator[Article | InputError]:
    """JSON Lines, record by record (memory stays bounded by the longest line)."""
    for number, line in enumerate(lines, 1):
        where = record_where(path, number)
        if isinstance(line, OversizedLine) or len(line) > options.max_record_bytes:
            yield InputError(where, oversized_reason(getattr(line, "size", len(line)), options))
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except RecursionError:
            yield InputError(where, "JSON record nested too deeply to parse")
            continue
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON line: {exc.msg} at column {exc.colno}")
            continue
        yield record_article(record, path, number, options, "jsonl", raw=line.rstrip("\r\n"))


def read_csv(lines: Iterable[str], path: str, options: IngestOptions) -> Iterator[Article | InputError]:
    """CSV or TSV with a header row, row by row (quoted fields may span lines)."""
    lines = iter(lines)
    header = next(lines, "")
    delimiter = "\t" if "\t" in header else ","
    columns = next(csv.reader([header], delimiter=delimiter))
    _allow_long_fields(options)
    rows = csv.reader(_RefuseOversized(lines, options), delimiter=delimiter)
    for number in range(1, 2**62):
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(record_where(path, number), f"malformed CSV row: {exc}")
            continue
        if any(cell.strip() for cell in row):
            yield record_article(dict(zip(columns, row)), path, number, options, "csv")


class _RefuseOversized:
    """Lines for csv.reader; an `OversizedLine` raises csv.Error, so read_csv reports that row
    and goes on (csv.reader starts afresh after an error of its input)."""

    def __init__(self, lines: Iterable[str], options: IngestOptions):
        self.lines, self.options, self.number = iter(lines), options, 1   # the header was line 1

    def __iter__(self) -> "_RefuseOversized":
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.number += 1
        if isinstance(line, OversizedLine):
            raise csv.Error(f"line {self.number}: {oversized_reason(line.size, self.options)}")
        return line


def _allow_long_fields(options: IngestOptions) -> None:
    """csv refuses fields over 128 KB by default; an article's text may be longer."""
    if csv.field_size_limit() < options.max_record_bytes:
        csv.field_size_limit(options.max_record_bytes)


def record_article(record: Any, path: str, number: int, options: IngestOptions, fmt: str,
                   raw: str | None = None) -> Article | InputError:
    """One JSON record as an article, or why it is not one."""
    where = record_where(path, number)
    if not isinstance(record, dict):
        return InputError(where, f"record is a JSON {type(record).__name__}, not an object")
    if isinstance(record.get("_source"), dict):     # Elasticsearch hit
        record = {**record, **record["_source"]}
    text = _text(_field(record, options.fields["text"]))
    if not text.strip():
        return InputError(where, f"record has no article text (looked in fields {_tried(options)})")
    if len(text) > options.max_record_bytes:
        return InputError(where, oversized_reason(len(text), options))
    ident = _scalar(_field(record, options.fields["id"]))
    return Article(
        text=text, file=ident or f"{os.path.basename(path)}#{number}", path=where,
        source_format=fmt, title=_scalar(_field(record, options.fields["title"])),
        outlet=_name(_field(record, options.fields["outlet"])),
        author=_name(_field(record, options.fields["author"])),
        url=_scalar(_field(record, options.fields["url"])),
        published=_date_value(_field(record, options.fields["published"])),
        retrieved=_date_value(_field(record, options.fields.get("retrieved", ()))),
        raw=raw if raw is not None else json.dumps(record, ensure_ascii=False, default=str))


def _field(record: Mapping, names: Iterable[str]) -> Any:
    """The first non-empty value among `names` (case-insensitive; dotted names look inside)."""
    lower = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = _lookup(record, lower, name)
        if value not in (None, "", [], {}):
            return value
    return None


def _lookup(record: Mapping, lower: Mapping, name: str) -> Any:
    if name in record:
        return record[name]
    if name.lower() in lower:
        return lower[name.lower()]
    head, dot, rest = name.partition(".")
    if dot and isinstance(record.get(head), dict):
        return _field(record[head], (rest,))
    return None


def _text(value: Any, depth: int = 0) -> str:
    """A record's text: paragraphs of a list joined, HTML markup turned into text."""
    if depth > MAX_TEXT_DEPTH:
        return ""
    if isinstance(value, list):
        value = "\n\n".join(_text(v, depth + 1) for v in value)
    if isinstance(value, dict):
        value = value.get("text") or value.get("value") or value.get("content") or ""
    if not isinstance(value, str):
        return ""
    return fragment_text(value) if looks_like_html(value) else value


def _scalar(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _name(value: Any) -> str | None:
    """An outlet or author given as a string, an object with a name, or a list of those."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("id")
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    return _scalar(value)


def _date_value(value: Any) -> Any:
    if isinstance(value, dict):   # {"$date": ...} (MongoDB export) and similar wrappers
        value = next(iter(value.values()), None)
    return value if isinstance(value, str | int | float) and not isinstance(value, bool) else None


def _tried(options: IngestOptions) -> str:
    return "/".join(options.fields["text"][:4]) + "/…"
