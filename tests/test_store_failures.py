"""Every write path of the store, failing for real, through the CLI: one clear line, exit code
STORE_ERROR, and what was stored before kept intact.

Failures are real SQLite conditions: a store opened read-only (`?mode=ro&uri=true`, which holds
even for root, unlike file permissions), a lock held by another connection with the store's
own short wait (`?timeout=0.2`), and a store full at SQLite's max_page_count. Each test aims
at one write: documents (`add_documents`), input errors (`record_errors`, reached alone when
every document is already stored), analyses (`save_analyses`) and corpus products
(`save_corpus_extras`, reached alone by a run with no documents).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontwatch.cli import main
from frontwatch.exitcodes import ExitStatus
from frontwatch.ingest import InputError
from frontwatch.records import Document
from frontwatch.store import StoreError, open_store
from frontwatch.store.dialect import SqliteDialect, failure_message

REPORT = "Government forces shelled two villages north of the city on {day}, a monitoring group said."
DAYS = ("Monday", "Tuesday", "Wednesday")


def cli(*args: str, cwd: Path):
    """The `frontwatch` command, run in this process by click's runner (paths are absolute)."""
    return CliRunner().invoke(main, list(args))


def read_only(db: Path) -> str:
    return f"sqlite:///file:{db}?mode=ro&uri=true"


def rows(db: Path, table: str) -> list:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(f"SELECT * FROM {table}").fetchall())


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def assert_clear(result, *words: str) -> None:
    """Exit STORE_ERROR, one `error:` line with the words, no traceback."""
    assert result.exit_code == ExitStatus.STORE_ERROR, (result.exit_code, result.stderr[-2000:], result.exception)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture(autouse=True)
def light_pipeline(monkeypatch):
    """`frontwatch run` with the sentences stage only: these tests are about the store's writes,
    and building the full pipeline would cost more than all of them."""
    import frontwatch.store.update as update
    from frontwatch.extract.sentences import sentences_stage
    from frontwatch.pipeline import Pipeline

    monkeypatch.setattr(update, "default_pipeline", lambda: Pipeline([sentences_stage.stage]))


@pytest.fixture
def stored(tmp_path) -> tuple[Path, Path]:
    """A store holding one ingested article, and the folder it came from."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(REPORT.format(day=DAYS[0]), "utf-8")
    db = tmp_path / "store.db"
    assert cli("ingest", str(inbox), "--db", str(db), cwd=tmp_path).exit_code == ExitStatus.OK
    return db, inbox


def test_record_errors_on_a_read_only_store(stored, tmp_path):
    db, inbox = stored
    (inbox / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))   # an input error to record
    before = rows(db, "documents")
    result = cli("ingest", str(inbox), "--db", read_only(db), cwd=tmp_path)
    assert_clear(result, "cannot write", "read-only", "kept")
    assert rows(db, "documents") == before and rows(db, "input_errors") == []
    assert integrity(db) == "ok"


def test_documents_of_a_locked_store(stored, tmp_path):
    db, inbox = stored
    (inbox / "b.txt").write_text(REPORT.format(day=DAYS[1]), "utf-8")
    before = rows(db, "documents")
    with sqlite3.connect(db, isolation_level=None) as holder:   # another writer's open transaction
        holder.execute("BEGIN IMMEDIATE")
        result = cli("ingest", str(inbox), "--db", f"sqlite:///{db}?timeout=0.2", cwd=tmp_path)
        holder.execute("ROLLBACK")
    assert_clear(result, "locked", str(db), "timeout=SECONDS")
    assert rows(db, "documents") == before and integrity(db) == "ok"


def test_analyses_of_a_read_only_store(stored, tmp_path):
    db, inbox = stored
    before = rows(db, "documents")
    result = cli("run", str(inbox), "--report", "-", "--db", read_only(db), cwd=tmp_path)
    assert_clear(result, "read-only")
    assert rows(db, "documents") == before and rows(db, "sentences") == []   # nothing half-saved
    assert integrity(db) == "ok"


def test_corpus_extras_of_a_read_only_store(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    db = tmp_path / "store.db"
    assert cli("run", str(empty), "--report", "-", "--db", str(db), cwd=tmp_path).exit_code == ExitStatus.NO_INPUT
    before = rows(db, "corpus_extras")
    assert before   # the corpus stages' products of the first run
    result = cli("run", str(empty), "--report", "-", "--db", read_only(db), cwd=tmp_path)
    assert_clear(result, "read-only")
    assert rows(db, "corpus_extras") == before and integrity(db) == "ok"


@pytest.mark.parametrize("command", ["ingest", "run"])
def test_a_full_store(stored, tmp_path, monkeypatch, command):
    db, inbox = stored
    before = rows(db, "documents")
    with sqlite3.connect(db) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    for i in range(30):   # about 600 KB of new articles: far over 20 more pages
        (inbox / f"long{i}.txt").write_text(" ".join(f"Troops took village {i}-{j}." for j in range(800)))
    monkeypatch.setattr(SqliteDialect, "PRAGMAS", (*SqliteDialect.PRAGMAS, f"max_page_count={pages + 20}"))
    args = [command, str(inbox), "--db", str(db)] + (["--report", "-"] if command == "run" else [])
    assert_clear(cli(*args, cwd=tmp_path), "full")
    assert rows(db, "documents") == before and integrity(db) == "ok"


@pytest.mark.parametrize("write", [
    lambda store: store.save_corpus_extras({"new": 1}),
    lambda store: store.record_errors([InputError("x.txt", "unreadable")]),
    lambda store: store.add_documents([Document(id="d1", text=REPORT.format(day=DAYS[2]), path="d1.txt")]),
])
def test_the_library_raises_store_errors_for_each_write(tmp_path, write):
    """The same failures straight from the library: StoreError, never a raw database error."""
    db = tmp_path / "store.db"
    with open_store(str(db)) as store:
        store.save_corpus_extras({"kept": [1, 2]})
    with open_store(read_only(db)) as store:
        with pytest.raises(StoreError, match="read-only"):
            write(store)
        assert store.load_corpus().extras == {"kept": [1, 2]}


@pytest.mark.parametrize("reason, hint", [
    ("database is locked", "another process"),
    ("attempt to write a readonly database", "read-only"),
    ("database or disk is full", "full"),
    ("file is not a database", "damaged"),
    ("something new", None),
])
def test_failure_message_names_the_store_and_what_to_do(reason, hint):
    message = failure_message("write to", "corpus.db", RuntimeError(reason))
    assert message.startswith("cannot write to the store corpus.db: " + reason)
    assert (hint in message) if hint else message.endswith(reason)


def test_a_bad_timeout_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="soon"):
        open_store(f"sqlite:///{tmp_path / 'x.db'}?timeout=soon")
