"""The stateful commands: ingest, run, stats, search; exit codes; bad inputs; every command's help."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from frontwatch.cli import main
from frontwatch.exitcodes import ExitStatus
from frontwatch.store import open_store

# Articles written for these tests.
ARTICLES = {
    "a.txt": "Heavy shelling struck the eastern quarter of the town on Sunday, residents said, and the "
             "clinic there treated dozens of wounded before it ran out of supplies late in the evening.",
    "b.txt": "Government forces said on Tuesday they had retaken the hill overlooking the highway after "
             "two days of fighting, while opposition commanders said the battle was still going on.",
    "c.txt": "Aid workers reported that about 3,000 families had left the valley in the past week and "
             "were sheltering in schools and mosques in the provincial capital, the agency said.",
}
BAD = {"empty.txt": b"",
       "image.png": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4,
       "records.jsonl": (json.dumps({"title": "Fine", "text": ARTICLES["c.txt"].replace("week", "month")})
                         + '\n{"title": "Cut short", "text": \n').encode("utf-8"),
       "latin1.txt": ARTICLES["b.txt"].replace("Tuesday", "Tuesday in Sa\u00efda").encode("latin-1") + b"\xff\xfe",
       "broken.html": b"<html><head><title>Half a page</title><body><div><p>Unclosed <b>tags <table><tr><td>"}
ALWAYS_BAD = ("empty.txt", "image.png", "records.jsonl#2")


def write(folder: Path, files: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def invoke(*args: str) -> "click.testing.Result":
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def stats(db: Path) -> dict:
    result = invoke("stats", "--db", str(db), "--json")
    assert result.exit_code == ExitStatus.OK
    return json.loads(result.stdout)


@pytest.fixture
def good(tmp_path) -> Path:
    return write(tmp_path / "good", ARTICLES)


def skipped_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("skipped ")]


CONTEXT = click.Context(main)
COMMANDS = main.list_commands(CONTEXT)


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_every_command_has_help(name):
    result = invoke(name, "--help")
    summary = (main.get_command(CONTEXT, name).help or "").split("\n\n")[0]
    assert result.exit_code == 0 and summary
    assert " ".join(summary.split()) in " ".join(result.stdout.split())


@pytest.mark.parametrize("command", ["ingest", "run"])
def test_cli_ingest_and_run_are_idempotent(tmp_path, good, command):
    db = tmp_path / "t.db"
    extra = ["--report", str(tmp_path / "r.html")] if command == "run" else []
    first = invoke(command, str(good), "--db", str(db), *extra)
    after_first = stats(db)
    second = invoke(command, str(good), "--db", str(db), *extra)
    assert first.exit_code == second.exit_code == ExitStatus.OK
    assert f"{len(ARTICLES)} added" in first.stdout or f"{len(ARTICLES)} new" in first.stdout
    assert after_first["documents"] == len(ARTICLES)
    after_second = stats(db)
    assert after_second["documents"] == len(ARTICLES)
    assert after_second["records"] == after_first["records"] and after_second["sentences"] == after_first["sentences"]


def test_cli_run_analyses_what_ingest_stored(tmp_path, good):
    db = str(tmp_path / "t.db")
    invoke("ingest", str(good), "--db", db)
    assert stats(tmp_path / "t.db")["analysed"] == 0
    result = invoke("run", str(good), "--db", db, "--report", "-")
    assert result.exit_code == ExitStatus.OK and "0 new" in result.stdout
    assert stats(tmp_path / "t.db")["analysed"] == len(ARTICLES)


def test_cli_bad_inputs_are_named_and_the_rest_is_stored(tmp_path, good):
    db = tmp_path / "t.db"
    invoke("run", str(good), "--db", str(db), "--report", "-")
    mixed = write(tmp_path / "mixed", BAD)
    result = invoke("run", str(mixed), "--db", str(db), "--report", "-")
    assert result.exit_code == ExitStatus.PARTIAL
    lines = skipped_lines(result)
    for name in ALWAYS_BAD:
        assert sum(f"{name}:" in line for line in lines) == 1, lines
    with open_store(str(db)) as store:
        corpus = store.load_corpus()
    stored = {os.path.basename(d.path or "") for d in corpus.documents}
    for name in BAD:   # every input is either stored or named; nothing is lost silently
        assert any(s.startswith(name) for s in stored) or any(f"/{name}" in line for line in lines), name
    assert {"a.txt", "b.txt", "c.txt"} <= stored            # the first run's documents are all kept
    assert len(corpus.errors) == len(lines) and stats(db)["analysed"] == len(corpus.documents)


@pytest.mark.parametrize("files, status", [({"empty.txt": b""}, ExitStatus.NO_INPUT), (ARTICLES, ExitStatus.OK)])
def test_cli_ingest_exit_codes(tmp_path, files, status):
    folder = write(tmp_path / "in", files)
    assert invoke("ingest", str(folder), "--db", str(tmp_path / "t.db")).exit_code == status


@pytest.mark.parametrize("command", [["stats"], ["search", "shelling"], ["ingest", "."], ["run", ".", "--report", "-"]])
def test_cli_store_that_cannot_be_opened(tmp_path, command):
    result = CliRunner().invoke(main, [*command, "--db", str(tmp_path / "no" / "such" / "t.db")])
    assert result.exit_code == ExitStatus.STORE_ERROR
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_cli_db_from_environment(tmp_path, good, monkeypatch):
    monkeypatch.setenv("FRONTWATCH_DB", str(tmp_path / "env.db"))
    assert invoke("ingest", str(good)).exit_code == ExitStatus.OK
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize("query, found", [("clinic", {"a.txt"}), ("families OR hill", {"b.txt", "c.txt"}),
                                          ("zzzunknownword", set())])
def test_cli_search(tmp_path, good, query, found):
    db = str(tmp_path / "t.db")
    invoke("ingest", str(good), "--db", db)
    result = invoke("search", query, "--db", db, "--json")
    assert {json.loads(line)["file"] for line in result.stdout.splitlines()} == found


def test_cli_run_on_the_seeds_twice(shared, tmp_path):
    """The real command in a subprocess, as `make demo` runs it; a second run changes nothing."""
    seeds = sorted(p.name for p in (shared / "seeds").iterdir() if not p.name.startswith("."))
    db, report = tmp_path / "demo.db", tmp_path / "r.html"
    out = subprocess.run([sys.executable, "-m", "frontwatch", "run", str(shared / "seeds"), "--report", str(report)],
                         capture_output=True, text=True, env={**os.environ, "FRONTWATCH_DB": str(db)}, timeout=300)
    assert out.returncode == ExitStatus.OK, out.stderr
    assert "situation summary" in out.stdout and f"{len(seeds)} documents" in out.stdout
    first = stats(db)
    again = invoke("run", str(shared / "seeds"), "--db", str(db), "--report", str(report))
    assert again.exit_code == ExitStatus.OK and f"{len(seeds)} already stored" in again.stdout
    second = stats(db)
    assert first["documents"] == len(seeds)
    assert {k: v for k, v in first.items() if k != "size_bytes"} == {k: v for k, v in second.items() if k != "size_bytes"}
    assert "<script" not in report.read_text("utf-8").lower()


def test_cli_every_command_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    missing = [name for name in COMMANDS if f"`frontwatch {name}" not in readme]
    assert not missing, f"commands not documented in README.md: {missing}"
