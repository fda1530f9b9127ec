"""The per-record size limit: an oversized line is refused without being held whole in memory."""
from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

import pytest

from frontwatch.ingest import IngestOptions, InputError, read_paths
from frontwatch.ingest.dump import OversizedLine
from frontwatch.ingest.reader import bounded_lines

MB = 2**20


def _record(ident: str, text: str) -> str:
    return json.dumps({"id": ident, "text": text}) + "\n"


def _split(items):
    docs = [i for i in items if not isinstance(i, InputError)]
    errors = [i for i in items if isinstance(i, InputError)]
    return docs, errors


def test_60mb_json_line_is_refused_without_reading_it_whole(tmp_path: Path):
    path = tmp_path / "dump.jsonl"
    with path.open("w") as f:
        f.write(_record("first", "Shelling hit the town on Monday, officials said."))
        f.write('{"id": "huge", "text": "' + "word " * (12 * MB) + '"}\n')   # 60 MB on one line
        f.write(_record("last", "Fighting went on near the river crossing."))
    tracemalloc.start()
    try:
        docs, errors = _split(list(read_paths([str(path)])))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.file for d in docs] == ["first", "last"]          # the rest of the file is ingested
    assert len(errors) == 1 and errors[0].where == f"{path}#2"  # file and line number
    assert "larger than 10 MB" in errors[0].reason and "60.0 MB" in errors[0].reason
    assert peak < 40 * MB   # the 60 MB line was never held whole (nor its 10 MB prefix twice over)


def test_oversized_csv_row_is_reported_and_the_rest_read(tmp_path: Path):
    path = tmp_path / "dump.csv"
    path.write_text("id,text\n1,Troops entered the village at dawn.\n"
                    f"2,{'y' * 3000}\n3,Aid convoys reached the camp on Tuesday.\n")
    docs, errors = _split(list(read_paths([str(path)], IngestOptions(max_record_bytes=1000))))
    assert [d.file for d in docs] == ["1", "3"]
    assert len(errors) == 1 and errors[0].where.startswith(str(path) + "#")
    assert "line 3" in errors[0].reason and "larger than" in errors[0].reason


def test_oversized_record_of_a_json_document_is_refused(tmp_path: Path):
    path = tmp_path / "dump.json"
    path.write_text(json.dumps([{"id": "a", "text": "A short report of an airstrike."},
                                {"id": "b", "text": "z" * 5000}]))
    docs, errors = _split(list(read_paths([str(path)], IngestOptions(max_record_bytes=1000))))
    assert [d.file for d in docs] == ["a"]
    assert [e.where for e in errors] == [f"{path}#2"] and "larger than" in errors[0].reason


@pytest.mark.parametrize("text, limit, expected", [
    ("ab\ncd\n", 10, ["ab\n", "cd\n"]),
    ("ab\n" + "x" * 50 + "\ncd", 10, ["ab\n", 51, "cd"]),       # an oversized middle line: its size
    ("x" * 50, 10, [50]),                                       # ... and one without a newline
    ("ab\r\n" + "y" * 30 + "\r\ncd\r\n", 8, ["ab\r\n", 32, "cd\r\n"]),
])
def test_bounded_lines_keep_line_numbers(text, limit, expected):
    stream = io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8", newline="")
    got = [line.size if isinstance(line, OversizedLine) else line for line in bounded_lines(stream, limit)]
    assert got == expected


# -- a file is read whole from its head when the head holds all of it ----------------------------

@pytest.mark.parametrize("extra", [-1, 0, 1, 5000])
@pytest.mark.parametrize("compressed", [False, True])
def test_files_around_the_head_size_are_read_whole(tmp_path: Path, extra, compressed):
    import gzip

    from frontwatch.ingest.reader import HEAD_BYTES

    line = "Shelling resumed near the dam on Monday, residents said.\n"
    text = (line * (HEAD_BYTES // len(line) + 2))[:HEAD_BYTES + extra - 1].rstrip() + "."
    data = text.encode("utf-8")
    path = tmp_path / ("article.txt.gz" if compressed else "article.txt")
    path.write_bytes(gzip.compress(data) if compressed else data)
    docs, errors = _split(list(read_paths([str(path)])))
    assert errors == [] and len(docs) == 1
    assert docs[0].text.replace("\n", " ") == " ".join(text.split("\n"))


@pytest.mark.parametrize("size", [100, 60_000, 70_000])
def test_size_limit_holds_for_files_read_in_one_go(tmp_path: Path, size):
    path = tmp_path / "long.txt"
    path.write_text(("Fighting continued in the north. " * (size // 33 + 1))[:size], "utf-8")
    docs, errors = _split(list(read_paths([str(path)], IngestOptions(max_bytes=size - 1))))
    assert docs == [] and len(errors) == 1 and "file too large" in errors[0].reason
    docs, errors = _split(list(read_paths([str(path)], IngestOptions(max_bytes=size))))
    assert len(docs) == 1 and errors == []


@pytest.mark.parametrize("data", [
    "Plain ASCII report.".encode(), "Caf\u00e9 \u201cquoted\u201d \u2014 done".encode("utf-8"),
    "Caf\u00e9 \u201cquoted\u201d".encode("cp1252"), b"Mostly UTF-8 \xe2\x80\x99 with a stray \xff byte",
    "\ufeffWith a BOM".encode("utf-8"), "UTF-16 text".encode("utf-16"),
])
def test_decode_is_the_detected_codec_with_replacement(data):
    from frontwatch.ingest.decode import decode, detect_encoding

    codec = detect_encoding(data)
    assert decode(data) == (data.decode(codec, errors="replace"), codec)
