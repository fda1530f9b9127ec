"""Faults: an interrupted or killed command, two writers at once, a read-only store, a full disk.

Each test drives the real `frontwatch` command (a subprocess, or click's runner where a test
needs to reach inside the store) on a copy of some FA-KES articles read from ../shared at run
time. What must hold (issue 9): a kill at any point leaves a store SQLite finds intact, running
the command again finishes the job with no document twice and the same records as a run
nobody interrupted; a second writer waits for the first or fails with one clear line; a store
that cannot be written gives exit code STORE_ERROR and one clear line, never a traceback.

A full disk is real where a tmpfs can be mounted (root); elsewhere SQLite's max_page_count is
set on the store's connections from the test, since the store has no hook (an environment
variable, say) through which a subprocess could be given a pragma or a shorter busy timeout.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import event

from frontwatch.cli import main
from frontwatch.exitcodes import ExitStatus
from frontwatch.records import Document
from frontwatch.store import StoreError, open_store

FRONTWATCH = [sys.executable, "-m", "frontwatch"]
N_ARTICLES = 16
RECORD_TABLES = ("sentences", "times", "places", "actors", "claims", "figures", "control", "events")
GOOD = "Government forces shelled two villages north of the city on Monday, a monitoring group said."


# -- helpers ----------------------------------------------------------------------------------


def frontwatch(*args: str, db: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([*FRONTWATCH, *args, "--db", str(db)], capture_output=True, text=True,
                          timeout=timeout, cwd=db.parent)


def command_args(command: str, inbox: Path) -> list[str]:
    return [command, str(inbox)] + (["--report", "-"] if command == "run" else [])


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def snapshot(db: Path) -> dict:
    """What a finished store holds: documents by path, their links, and every record's data."""
    with sqlite3.connect(db) as conn:
        docs = conn.execute("SELECT path, id, duplicate_of, analysed_by IS NOT NULL FROM documents").fetchall()
        tables = {t: sorted(conn.execute(f'SELECT doc_id, {"data" if t != "sentences" else "text"} FROM {t}'))
                  for t in RECORD_TABLES}
        extras = dict(conn.execute("SELECT name, data FROM corpus_extras"))
    return {"documents": sorted(docs), "records": tables, "extras": sorted(extras)}


def duplicate_paths(db: Path) -> list:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT path, COUNT(*) FROM documents GROUP BY path HAVING COUNT(*) > 1").fetchall()


def assert_clear_failure(stderr: str) -> None:
    """A command that failed said why in one line, with no Python traceback."""
    assert "Traceback" not in stderr, stderr
    assert any(line.startswith("error: ") for line in stderr.splitlines()), stderr


@pytest.fixture(scope="module")
def inbox(shared, tmp_path_factory) -> Path:
    """A copy of some FA-KES articles (a fixed, spread-out sample)."""
    folder = tmp_path_factory.mktemp("faults") / "inbox"
    folder.mkdir()
    articles = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))
    for path in articles[:: len(articles) // N_ARTICLES][:N_ARTICLES]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def reference(inbox, tmp_path_factory) -> dict:
    """Each command run once, uninterrupted, on its own store: what an interrupted one must reach."""
    out = {"made_at": time.time()}
    for command in ("ingest", "run"):
        db = tmp_path_factory.mktemp(f"reference-{command}") / "store.db"
        started = time.monotonic()
        done = frontwatch(*command_args(command, inbox), db=db)
        assert done.returncode == ExitStatus.OK, done.stderr
        out[command] = {"seconds": time.monotonic() - started, "snapshot": snapshot(db)}
    return out


def uninterrupted_snapshot(command: str, inbox: Path, reference: dict, tmp_path: Path) -> dict:
    """The reference store's snapshot, or a new one if the code changed since it was made."""
    return reference[command]["snapshot"] if not _code_changed(reference) else _fresh(command, inbox, tmp_path)


def _code_changed(reference: dict) -> bool:
    package = Path(__import__("frontwatch").__file__).parent
    newest = max(p.stat().st_mtime for p in package.rglob("*") if p.is_file())
    return newest > reference["made_at"]


def _fresh(command: str, inbox: Path, tmp_path: Path) -> dict:
    db = tmp_path / "fresh" / "store.db"
    db.parent.mkdir()
    assert frontwatch(*command_args(command, inbox), db=db).returncode == ExitStatus.OK
    return snapshot(db)


# -- interrupted and killed commands ----------------------------------------------------------


@pytest.mark.parametrize("command, sig, seed", [
    ("ingest", signal.SIGINT, 1), ("ingest", signal.SIGKILL, 2),
    ("run", signal.SIGINT, 3), ("run", signal.SIGKILL, 4),
])
def test_killed_command_resumes_to_the_same_store(inbox, reference, tmp_path, command, sig, seed):
    """Stop the command at a random point; the store stays intact, and running the command
    again finishes the job: same documents, no copy stored twice, the same records."""
    db = tmp_path / "store.db"
    delay = random.Random(seed).uniform(0.1, 0.9) * reference[command]["seconds"]
    proc = subprocess.Popen([*FRONTWATCH, *command_args(command, inbox), "--db", str(db)], cwd=tmp_path,
                            preexec_fn=interruptible,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=300)
    # finished first, stopped by the signal (-2 while Python still imports, before the command
    # can catch it: see test_interrupted_run_exit_code_and_message for the message), or killed
    assert proc.returncode in (ExitStatus.OK, ExitStatus.INTERRUPTED, -sig), (proc.returncode, stderr[-2000:])
    if db.exists():
        assert integrity(db) == "ok"
    again = frontwatch(*command_args(command, inbox), db=db)
    assert again.returncode == ExitStatus.OK, again.stderr[-2000:]
    assert integrity(db) == "ok"
    assert duplicate_paths(db) == []
    assert snapshot(db) == uninterrupted_snapshot(command, inbox, reference, tmp_path)


def interruptible() -> None:
    """Ctrl-C as a terminal gives it, even when the tests themselves run with SIGINT ignored (a CI
    job started in the background): Python only turns SIGINT into KeyboardInterrupt if it is not
    ignored when the interpreter starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stored_documents(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=0.1) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:   # not created yet, or being migrated
        return 0


@pytest.mark.parametrize("jobs", [["--jobs", "1"], []])
def test_interrupted_run_exit_code_and_message(shared, tmp_path, jobs):
    """SIGINT while a run analyses (its documents are stored, the analysis is under way): exit
    code 130 and a line saying that what is stored is kept. In this process (--jobs 1), or on
    the default pool of forked workers; all of FA-KES, so that the analysis lasts seconds."""
    db = tmp_path / "store.db"
    args = ["run", str(shared / "corpora" / "fa-kes" / "articles"), *jobs]
    proc = subprocess.Popen([*FRONTWATCH, *args, "--db", str(db)], cwd=tmp_path, preexec_fn=interruptible,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    while not (seen := stored_documents(db)) and proc.poll() is None and time.monotonic() < started + 300:
        time.sleep(0.02)
    waited = time.monotonic() - started
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=300)
    if proc.returncode in (ExitStatus.OK, ExitStatus.PARTIAL):   # the signal came too late to test anything
        pytest.skip(f"the run finished (exit {proc.returncode}) before the signal, sent after {waited:.1f} s "
                    f"with {seen} stored documents seen")
    assert proc.returncode == ExitStatus.INTERRUPTED, stderr[-2000:]
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert integrity(db) == "ok"


# -- two writers --------------------------------------------------------------------------------


def test_two_concurrent_writers(inbox, reference, tmp_path):
    """Two commands writing one store at once: each finishes (one waits for the other's
    transaction) or fails with a clear line; the store is intact and holds everything."""
    db = tmp_path / "store.db"
    halves = [tmp_path / "a", tmp_path / "b"]
    files = sorted(inbox.iterdir())
    for i, folder in enumerate(halves):
        folder.mkdir()
        for path in files[i::2]:
            shutil.copy(path, folder / path.name)
    procs = [subprocess.Popen([*FRONTWATCH, *command_args(cmd, folder), "--db", str(db)], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for cmd, folder in zip(("run", "ingest"), halves)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    for code, stderr in results:
        assert code in (ExitStatus.OK, ExitStatus.STORE_ERROR), (code, stderr[-2000:])
        if code == ExitStatus.STORE_ERROR:
            assert_clear_failure(stderr)
    assert integrity(db) == "ok" and duplicate_paths(db) == []
    finish = frontwatch(*command_args("run", inbox), db=db)
    assert finish.returncode == ExitStatus.OK, finish.stderr[-2000:]
    # the same documents (their paths name the two folders), all analysed, as many copies
    # (which of two copies is the first depends on which writer stored it first)
    docs, expected = snapshot(db)["documents"], reference["run"]["snapshot"]["documents"]
    assert sorted((d[1], d[3]) for d in docs) == sorted((d[1], d[3]) for d in expected)
    assert sum(d[2] is not None for d in docs) == sum(d[2] is not None for d in expected)


def _short_busy_timeout(monkeypatch, extra_pragma: str | None = None) -> None:
    """Make the CLI's store wait 200 ms (not 10 s) for a lock, and run `extra_pragma` on every
    connection: the hook the store lacks (see the module docstring)."""
    import frontwatch.cli.store_access as store_access

    def patched(db: str):
        store = open_store(db)
        store.engine.dispose()

        @event.listens_for(store.engine, "connect")
        def _pragmas(dbapi_conn, _record):
            dbapi_conn.execute("PRAGMA busy_timeout=200")
            if extra_pragma:
                dbapi_conn.execute(f"PRAGMA {extra_pragma}")

        return store

    monkeypatch.setattr(store_access, "open_store", patched)


def test_writer_waits_for_a_lock_then_writes(tmp_path):
    """A lock held for a moment (another writer's transaction) is waited for, not an error."""
    db, inbox = tmp_path / "store.db", tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(GOOD, "utf-8")
    open_store(str(db)).close()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(2); c.execute('COMMIT')"),
        str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    done = frontwatch("ingest", str(inbox), db=db)
    holder.wait(timeout=30)
    assert done.returncode == ExitStatus.OK, done.stderr
    assert integrity(db) == "ok"


def test_writer_locked_out_fails_clearly(tmp_path, monkeypatch):
    """A lock held longer than the store waits: exit STORE_ERROR, one line naming the store."""
    db, inbox = tmp_path / "store.db", tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(GOOD, "utf-8")
    open_store(str(db)).close()
    _short_busy_timeout(monkeypatch)
    with sqlite3.connect(db, isolation_level=None) as holder:
        holder.execute("BEGIN IMMEDIATE")
        result = CliRunner().invoke(main, ["ingest", str(inbox), "--db", str(db)])
        holder.execute("ROLLBACK")
    assert result.exit_code == ExitStatus.STORE_ERROR, (result.output, result.exception)
    assert "locked" in result.stderr and str(db) in result.stderr
    assert_clear_failure(result.stderr)


# -- a store that cannot be written ---------------------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path):
    """A small tmpfs mounted for the test (root only), unmounted afterwards."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    point = tmp_path / "mnt"
    point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _filled_inbox(folder: Path, n: int, size: int) -> Path:
    """n distinct articles of about `size` characters each."""
    folder.mkdir(exist_ok=True)
    rng = random.Random(n)
    for i in range(n):
        words = " ".join(f"{rng.choice(['Rebels', 'Troops', 'Militants'])} took village {i}-{j}."
                         for j in range(size // 30))
        (folder / f"a{i:04d}.txt").write_text(words, "utf-8")
    return folder


@pytest.mark.parametrize("command", ["ingest", "run"])
def test_full_disk_is_a_clear_store_error(tmp_path, tmpfs, command):
    """A real full disk (a 2 MB tmpfs): exit STORE_ERROR with one line, and the store intact."""
    db = tmpfs / "store.db"
    done = frontwatch(*command_args(command, _filled_inbox(tmp_path / "in", 60, 60_000)), db=db)
    assert done.returncode == ExitStatus.STORE_ERROR, (done.returncode, done.stderr[-2000:])
    assert_clear_failure(done.stderr)
    assert "full" in done.stderr
    assert integrity(db) == "ok"


def test_full_store_via_max_page_count(tmp_path, monkeypatch):
    """The same without root: SQLite's max_page_count makes the database "full"."""
    db = tmp_path / "store.db"
    open_store(str(db)).close()
    with sqlite3.connect(db) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    _short_busy_timeout(monkeypatch, f"max_page_count={pages + 20}")
    result = CliRunner().invoke(main, ["ingest", str(_filled_inbox(tmp_path / "in", 40, 20_000)), "--db", str(db)])
    assert result.exit_code == ExitStatus.STORE_ERROR, (result.output, result.exception)
    assert "full" in result.stderr
    assert_clear_failure(result.stderr)
    assert integrity(db) == "ok"


@pytest.mark.parametrize("command", ["ingest", "run"])
def test_read_only_filesystem(tmp_path, tmpfs, command):
    """A store on a file system mounted read-only: exit STORE_ERROR with one clear line."""
    db = tmpfs / "store.db"
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(GOOD, "utf-8")
    assert frontwatch("ingest", str(inbox), db=db).returncode == ExitStatus.OK
    (inbox / "b.txt").write_text(GOOD.replace("Monday", "Tuesday"), "utf-8")
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    done = frontwatch(*command_args(command, inbox), db=db)
    assert done.returncode == ExitStatus.STORE_ERROR, (done.returncode, done.stderr[-2000:])
    assert_clear_failure(done.stderr)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_store_file_or_folder(tmp_path, what):
    """A store file (or its folder) without write permission: exit STORE_ERROR, one line."""
    if os.geteuid() == 0:
        pytest.skip("root writes through file permissions; test_read_only_filesystem covers root")
    folder = tmp_path / "store"
    folder.mkdir()
    db, inbox = folder / "store.db", tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text(GOOD, "utf-8")
    assert frontwatch("ingest", str(inbox), db=db).returncode == ExitStatus.OK
    (inbox / "b.txt").write_text(GOOD.replace("Monday", "Tuesday"), "utf-8")
    target = db if what == "file" else folder
    target.chmod(0o444 if what == "file" else 0o555)
    try:
        done = frontwatch("ingest", str(inbox), db=db)
    finally:
        target.chmod(0o644 if what == "file" else 0o755)
    assert done.returncode == ExitStatus.STORE_ERROR, (done.returncode, done.stderr[-2000:])
    assert_clear_failure(done.stderr)


def test_store_error_from_the_library_is_a_store_error(tmp_path):
    """The library raises StoreError (never a raw database error) when the database is full."""
    db = tmp_path / "store.db"
    store = open_store(str(db))
    with sqlite3.connect(db) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    store.engine.dispose()
    event.listen(store.engine, "connect",
                 lambda c, _r: c.execute(f"PRAGMA max_page_count={pages + 5}"))
    docs = [Document(id=f"d{i}", text=f"{GOOD} Report {i}. " + "x" * 20_000, path=f"d{i}.txt") for i in range(30)]
    with pytest.raises(StoreError, match="full"):
        store.add_documents(docs)
    store.close()
    assert integrity(db) == "ok"
