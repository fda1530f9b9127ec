"""Bad inputs: every bad file or record gives one clear InputError and the rest is still read."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontwatch.cli import main
from frontwatch.exitcodes import ExitStatus
from frontwatch.ingest import IngestOptions, InputError, read_paths
from frontwatch.records import Document

GOOD = "Rebel fighters captured two villages north of the city on Sunday, a monitoring group said."


def split(items) -> tuple[list[Document], dict[str, str]]:
    items = list(items)
    assert all(isinstance(i, Document | InputError) for i in items)
    return ([i for i in items if isinstance(i, Document)],
            {Path(i.where).name: i.reason for i in items if isinstance(i, InputError)})


def bad_folder(root: Path) -> Path:
    """A folder with one good file and one of each kind of bad input."""
    folder = root / "inbox"
    (folder / "nested").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b" \n\t\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)))
    (folder / "nul.dat").write_bytes(b"abc\x00\x01\x02\x03def" * 10)
    (folder / "nested" / "invalid.txt").write_bytes(
        b"Shelling resumed \xff\xfe on Monday, \xe2\x80\x9cofficials\xe2\x80\x9d said, and the army advanced.")
    (folder / "broken.html").write_text(
        "<html><body><div><p>Airstrikes hit a <b>hospital <p>in the east on Friday, medics said", "utf-8")
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 10_000 + "<p>Text</p>" + "</div>" * 10_000 + "</body></html>", "utf-8")
    (folder / "dump.jsonl").write_text("\n".join([
        json.dumps({"id": "r1", "text": GOOD}),
        '{"id": "r2", "text": "unterminated',
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "r5", "title": "no text"}),
        json.dumps({"id": "r6", "body": "Aid trucks entered the besieged town on Tuesday."}),
    ]) + "\n", "utf-8")
    (folder / "broken.json").write_text('[{"text": "cut off', "utf-8")
    return folder


def test_bad_folder_reads_the_rest_and_names_each_problem(tmp_path: Path):
    docs, errors = split(read_paths([str(bad_folder(tmp_path))]))
    assert sorted(d.file for d in docs) == ["broken.html", "good.txt", "invalid.txt", "r1", "r6"]
    assert set(errors) == {"empty.txt", "blank.txt", "photo.jpg", "nul.dat", "deep.html",
                           "dump.jsonl#2", "dump.jsonl#4", "dump.jsonl#5", "broken.json"}
    assert errors["empty.txt"] == "empty file"
    assert "JPEG image" in errors["photo.jpg"] and "binary" in errors["nul.dat"]
    assert "malformed JSON line" in errors["dump.jsonl#2"]
    assert "not an object" in errors["dump.jsonl#4"] and "no article text" in errors["dump.jsonl#5"]
    assert "malformed JSON" in errors["broken.json"]
    for reason in errors.values():
        assert "Traceback" not in reason and "\n" not in reason


def test_invalid_utf8_keeps_the_rest_of_the_text(tmp_path: Path):
    docs, _ = split(read_paths([str(bad_folder(tmp_path) / "nested")]))
    [doc] = docs
    assert doc.text.startswith("Shelling resumed") and "\u201cofficials\u201d said" in doc.text


def test_broken_html_still_gives_its_text(tmp_path: Path):
    docs, _ = split(read_paths([str(bad_folder(tmp_path) / "broken.html")]))
    assert "hospital" in docs[0].text and "medics said" in docs[0].text


@pytest.mark.parametrize("depth", [1_000, 10_000])
def test_deeply_nested_html_and_json_do_not_crash(tmp_path: Path, depth):
    html = tmp_path / "deep.html"
    html.write_text("<div>" * depth + "<p>x</p>" + "</div>" * depth, "utf-8")
    nested = tmp_path / "deep.json"
    nested.write_text('{"text": ' + "[" * depth + '"x"' + "]" * depth + "}", "utf-8")
    items = list(read_paths([str(html), str(nested)]))
    assert len(items) == 2 and all(isinstance(i, Document | InputError) for i in items)


def test_huge_file_refused_with_reason(tmp_path: Path):
    path = tmp_path / "huge.txt"
    line = "Heavy fighting was reported in the east of the country on Monday.\n".encode()
    with open(path, "wb") as f:
        f.write(line * (51 * 2**20 // len(line) + 1))
    [error] = read_paths([str(path)])
    assert isinstance(error, InputError) and "too large" in error.reason and "50 MB" in error.reason


def test_gzip_dump_is_read_through_decompression(tmp_path: Path):
    import gzip

    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "z1", "text": GOOD}) + "\n" + "{broken\n")
    (tmp_path / "corrupt.txt.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 20)
    docs, errors = split(read_paths([str(tmp_path)]))
    assert [d.file for d in docs] == ["z1"] and docs[0].text == GOOD
    assert set(errors) == {"dump.jsonl.gz#2", "corrupt.txt.gz"}


def test_large_jsonl_is_streamed_record_by_record(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for n in range(300):
            f.write(json.dumps({"id": n, "text": f"Report {n}: {GOOD}"}) + "\n")
        f.write(json.dumps({"id": "huge", "text": "x" * 5000}) + "\n")
    options = IngestOptions(max_bytes=10_000, max_record_bytes=4_000)   # file far above the limit
    docs, errors = split(read_paths([str(path)], options))
    assert len(docs) == 300 and docs[-1].file == "299"
    assert list(errors) == ["big.jsonl#301"] and "larger than" in errors["big.jsonl#301"]


def test_missing_path_is_an_error_not_a_crash(tmp_path: Path):
    [error] = read_paths([str(tmp_path / "nowhere.txt")])
    assert isinstance(error, InputError) and "cannot open" in error.reason


@pytest.fixture
def no_stages(monkeypatch):
    """Run `frontwatch extract` with an empty pipeline: these tests are about reading inputs,
    and building the full pipeline would cost more than all the reading."""
    import frontwatch.cli.extract_cmd as extract_cmd
    from frontwatch.pipeline import Pipeline

    real = extract_cmd.analyse_documents
    monkeypatch.setattr(extract_cmd, "analyse_documents",
                        lambda docs, **kw: real(docs, pipeline=Pipeline([]), **kw))


def test_extract_cli_reports_each_bad_input_and_exits_partial(tmp_path: Path, no_stages):
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["extract", str(bad_folder(tmp_path)), "-o", str(out)])
    assert result.exit_code == ExitStatus.PARTIAL, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 9
    documents = json.loads(out.read_text("utf-8"))["documents"]
    assert len(documents) == 5  # good.txt and record r1 carry one text: two documents, one linked
    assert sum(1 for d in documents if d["duplicate_of"]) == 1


def test_extract_cli_field_option(tmp_path: Path, no_stages):
    path = tmp_path / "scrape.jsonl"
    path.write_text(json.dumps({"story": GOOD, "when": "05-04-2017"}) + "\n", "utf-8")
    out = tmp_path / "out.json"
    args = ["extract", str(path), "-o", str(out), "--field", "text=story", "--field", "date=when"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitStatus.OK, result.output
    [doc] = json.loads(out.read_text("utf-8"))["documents"]
    assert doc["published"] == "2017-04-05" and doc["published_basis"] == "metadata"
    bad = CliRunner().invoke(main, ["extract", str(path), "--field", "nonsense"])
    assert bad.exit_code == ExitStatus.USAGE
