"""The store on PostgreSQL: every command that takes --db gives what it gives on SQLite.

The server is $FRONTWATCH_TEST_PG (a URL; CI starts one with .ci/pg_start.sh), or else the one
.ci/pg_start.sh starts by default on 127.0.0.1. Where no server can be had the tests skip and
say why; where $FRONTWATCH_TEST_PG is set but unusable they fail, so that CI cannot pass
without having run them. Each test works in a schema of its own, dropped afterwards.
"""
from __future__ import annotations

import json
import os
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from click.testing import CliRunner

from frontwatch.cli import main
from frontwatch.export.evaluation import evaluation_export
from frontwatch.pipeline import Analysis
from frontwatch.records import Document, Figure, Span
from frontwatch.store import StoreError, open_store
from frontwatch.store.migrations import MIGRATIONS

import test_store as sqlite_suite

pytestmark = pytest.mark.postgres

ENV = "FRONTWATCH_TEST_PG"
LOCAL = "postgresql://frontwatch:frontwatch@127.0.0.1:54329/frontwatch"   # .ci/pg_start.sh's default


def libpq_url(url: str) -> str:
    """The URL as libpq reads it: `postgresql+psycopg://` loses its SQLAlchemy driver name."""
    scheme, rest = url.split("://", 1)
    return scheme.split("+")[0] + "://" + rest


def with_schema(url: str, schema: str) -> str:
    """The URL with `schema` first on the search path, so the store's tables go there."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"] + [("options", f"-csearch_path={schema}")]
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture(scope="session")
def pg_server() -> str:
    """A reachable server's URL; skip (nothing configured) or fail (configured but unusable)."""
    url = os.environ.get(ENV)
    missing = pytest.fail if url else pytest.skip
    try:
        import psycopg
    except ImportError:
        missing(f"the PostgreSQL driver is not installed: pip install -e '.[postgres]' ({ENV}={url!r})")
    try:
        psycopg.connect(libpq_url(url or LOCAL), connect_timeout=5).close()
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if url:
            pytest.fail(f"{ENV}={url} is set but the server cannot be used: {reason}")
        pytest.skip(f"no PostgreSQL server: {ENV} is not set and none answers at {LOCAL} ({reason}); "
                    "start one with `bash .ci/pg_start.sh`")
    return url or LOCAL


def _schema_url(server: str):
    """A fresh schema on the server (its URL) and the function that drops it."""
    import psycopg

    schema = "fw_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(libpq_url(server), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")

    def drop():
        with psycopg.connect(libpq_url(server), autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")

    return with_schema(server, schema), drop


@pytest.fixture
def pg_url(pg_server):
    url, drop = _schema_url(pg_server)
    yield url
    drop()


@pytest.fixture
def pg_store(pg_url):
    with open_store(pg_url) as store:
        yield store


def cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, (args, result.output, result.exception)
    return result.stdout


@pytest.fixture(scope="module")
def both(pg_server, shared, tmp_path_factory):
    """The seeds run into a SQLite file and into PostgreSQL: {"sqlite": url, "postgres": url}."""
    url, drop = _schema_url(pg_server)
    stores = {"sqlite": str(tmp_path_factory.mktemp("pg-compare") / "seeds.db"), "postgres": url}
    runs = {name: cli("run", str(shared / "seeds"), "--db", db, "--report", "-") for name, db in stores.items()}
    yield {**stores, "runs": runs}
    drop()


def same_output(text: str, stores: dict) -> str:
    """Command output with the store's own name (as typed, or as shown with its password hidden)
    taken out."""
    from frontwatch.store.db import shown_name

    for name in ("sqlite", "postgres"):
        text = text.replace(stores[name], "STORE").replace(shown_name(stores[name]), "STORE")
    return text


def test_run_never_prints_the_store_password(both):
    password = both["postgres"].split("://", 1)[1].split("@", 1)[0].split(":", 1)[-1]
    assert password and f":{password}@" not in both["runs"]["postgres"]


# -- opening and migrating -------------------------------------------------------------------------


def test_postgres_store_migrates_once(pg_url):
    open_store(pg_url).close()
    with open_store(pg_url) as store:
        assert store.stats().schema_version == max(m.number for m in MIGRATIONS)
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT count(*) FROM schema_version").scalar()
    assert rows == len(MIGRATIONS)


def test_postgres_concurrent_opens_migrate_once(pg_url):
    """Several processes may open a new store on one server at once; each migration runs once."""
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: open_store(pg_url).close(), range(4)))
    with open_store(pg_url) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM schema_version").scalar() == len(MIGRATIONS)


def test_postgres_store_refuses_a_newer_schema(pg_url):
    open_store(pg_url).close()
    with open_store(pg_url) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO schema_version VALUES (999, 'future', 'later')")
    with pytest.raises(StoreError, match="newer"):
        open_store(pg_url)


@pytest.mark.parametrize("url", ["postgresql://nobody:wrong@127.0.0.1:1/none",
                                 "postgres://nobody:wrong@127.0.0.1:1/none"])
def test_postgres_unreachable_server_is_a_store_error(pg_server, url):
    with pytest.raises(StoreError, match="cannot open"):
        open_store(url)
    result = CliRunner().invoke(main, ["stats", "--db", url])
    assert result.exit_code == 5 and "error:" in result.stderr


# -- the SQLite store's own tests, on PostgreSQL ---------------------------------------------------

# (PostgreSQL casts the list that SQLite refuses in the "rejected document" test to text; the
# NUL test below rejects a document on PostgreSQL instead.)
STORE_CASES = [
    (sqlite_suite.test_store_add_documents_is_idempotent, {}),
    (sqlite_suite.test_store_save_analysis_replaces_a_documents_records, {}),
    (sqlite_suite.test_store_unanalysed_documents_load_with_no_layers, {}),
    (sqlite_suite.test_store_remembers_input_errors_until_the_input_reads, {}),
    *[(sqlite_suite.test_store_links_copies_to_the_first, {"copy": copy})
      for copy in (lambda t: t.upper(), lambda t: t.replace(",", "").replace(" ", "\n "))],
    *[(sqlite_suite.test_store_search_finds_articles, {"query": q, "expected": n})
      for q, n in [("convoys", 1), ("valley OR council", 2), ('"water supply', 1), ("nothing-here-zzz", 0)]],
]


@pytest.mark.parametrize("case, kwargs", STORE_CASES,
                         ids=[f"{f.__name__.removeprefix('test_store_')}-{i}" for i, (f, _) in enumerate(STORE_CASES)])
def test_postgres_passes_the_sqlite_store_tests(pg_store, case, kwargs):
    case(store=pg_store, **kwargs)


def test_postgres_round_trips_the_seeds_export(pg_url, both):
    """The seeds' analyses copied from the SQLite store through the library API come back whole."""
    with open_store(both["sqlite"]) as lite:
        seeds = lite.load_corpus()
    with open_store(pg_url) as store:
        store.add_documents(seeds.documents)
        store.save_analyses(seeds.analyses.values(), "test")
        store.save_corpus_extras(seeds.extras)
        loaded = store.load_corpus()
    assert [d.id for d in loaded.documents] == [d.id for d in seeds.documents]
    assert evaluation_export(loaded) == evaluation_export(seeds)
    assert loaded.extras == seeds.extras
    for doc in seeds.documents:
        assert loaded.analyses[doc.id].layers == seeds.analyses[doc.id].layers


@pytest.mark.parametrize("low", [0, 2_147_483_647, 5_000_000_000, 8_000_000_000_000])
def test_postgres_keeps_numbers_beyond_32_bits(pg_store, low):
    """SQLite's integers are 64-bit; a PostgreSQL INTEGER column would refuse a world population."""
    doc = sqlite_suite.make_doc(sqlite_suite.TEXTS[0])
    pg_store.add_documents([doc])
    pg_store.save_analysis(Analysis(doc, {"figures": [Figure(Span(doc.id, 0, 5, 0), "many", "population",
                                                              low, low, source="a census")]}), "v")
    (loaded,) = pg_store.load_corpus().analyses[doc.id]["figures"]
    assert loaded.low == loaded.high == low


@pytest.mark.parametrize("text", ["Residents said the bridge was closed.\x00 Then it reopened on Friday.",
                                  "\x00A report that starts with a NUL character and goes on for a while."])
def test_postgres_a_text_the_server_refuses_is_reported_not_fatal(pg_store, text):
    """PostgreSQL refuses the NUL characters SQLite takes: that document fails, its batch is stored."""
    good = [sqlite_suite.make_doc(t, path=f"in/{i}.txt") for i, t in enumerate(sqlite_suite.TEXTS)]
    odd = sqlite_suite.make_doc(text, path="in/odd.txt")
    report = pg_store.add_documents([good[0], odd, *good[1:]], batch_size=10)
    assert [e.where for e in report.failed] == ["in/odd.txt"]
    assert sorted(report.added) == sorted(d.id for d in good)
    assert pg_store.stats().documents == len(good)


# -- every command with --db, PostgreSQL against SQLite --------------------------------------------


def test_postgres_run_says_what_sqlite_says(both):
    sqlite, postgres = (same_output(both["runs"][n], both) for n in ("sqlite", "postgres"))
    assert postgres == sqlite
    assert re.search(r"\b(\d+) documents read: \1 new, 0 already stored", postgres)


def stats(db: str) -> dict:
    data = json.loads(cli("stats", "--json", "--db", db))
    return {k: v for k, v in data.items() if k not in ("location", "size_bytes")}


def test_postgres_stats_equal_sqlite_stats(both):
    shown = json.loads(cli("stats", "--json", "--db", both["postgres"]))
    assert "***@" in shown["location"] and shown["size_bytes"] > 0   # the password is not printed
    pg = stats(both["postgres"])
    assert pg == stats(both["sqlite"])
    assert pg["documents"] > 0 and pg["analysed"] == pg["documents"] and pg["sentences"] > 0
    assert sum(pg["records"].values()) > 0


@pytest.mark.parametrize("name", ["postgres", "sqlite"])   # both, so that they stay comparable
def test_postgres_rerun_adds_nothing_and_keeps_the_records(both, shared, name):
    before = stats(both[name])
    again = cli("run", str(shared / "seeds"), "--db", both[name], "--report", "-")
    n = before["documents"]
    assert f"{n} documents read: 0 new, {n} already stored" in again
    assert stats(both[name]) == before
    ingest = cli("ingest", str(shared / "seeds"), "--db", both[name])
    assert f"0 added, {n} already stored" in ingest
    assert stats(both[name]) == before


def test_postgres_loads_the_same_corpus_as_sqlite(both):
    with open_store(both["sqlite"]) as s, open_store(both["postgres"]) as p:
        lite, pg = s.load_corpus(), p.load_corpus()
    assert [d.id for d in pg.documents] == [d.id for d in lite.documents]
    assert pg.documents == lite.documents
    assert evaluation_export(pg) == evaluation_export(lite)
    assert pg.extras == lite.extras


def latest_day(db: str) -> str:
    last = json.loads(cli("stats", "--json", "--db", db))["last_published"]
    return (last or "2030-01-01")[:10]


@pytest.mark.parametrize("args", [("map", "--at", "LATEST", "-o", "-"), ("crosscheck",), ("sources",),
                                  ("export", "events"), ("export", "events", "--format", "json")],
                         ids=lambda a: "-".join(a[:2] if a[0] == "export" else a[:1]))
def test_postgres_read_commands_print_what_sqlite_prints(both, args):
    day = latest_day(both["sqlite"])
    outputs = [cli(*[day if a == "LATEST" else a for a in args], "--db", both[name]) for name in ("sqlite", "postgres")]
    assert outputs[0].strip(), f"{args} printed nothing"
    assert same_output(outputs[1], both) == same_output(outputs[0], both)


def test_postgres_ingest_alone_stores_unanalysed_documents(pg_url, shared):
    out = cli("ingest", str(shared / "seeds"), "--db", pg_url)
    n = int(re.match(r"(\d+) documents read", out).group(1))
    assert f"{n} added, 0 already stored" in out
    data = stats(pg_url)
    assert data["documents"] == n and data["analysed"] == 0 and data["sentences"] == 0


# -- full-text search: PostgreSQL's tsvector and websearch_to_tsquery ------------------------------


def words_of(text: str) -> list[str]:
    return re.findall(r"\b[A-Za-z]{7,}\b", text)


def search_ids(db: str, query: str) -> set[str]:
    lines = cli("search", query, "--json", "--limit", "100", "--db", db).splitlines()
    return {json.loads(line)["doc_id"] for line in lines}


@pytest.fixture(scope="module")
def stored_docs(both):
    with open_store(both["sqlite"]) as s:
        return s.load_corpus().documents


def test_postgres_search_finds_each_article_by_its_own_words(both, stored_docs):
    for doc in stored_docs:
        word = max(words_of(doc.text), key=len)
        hits = search_ids(both["postgres"], word)
        assert doc.id in hits, word
        assert hits == search_ids(both["sqlite"], word), word


def test_postgres_search_phrases_or_and_exclusion(both, stored_docs):
    first, second = stored_docs[0], stored_docs[-1]
    pair = re.search(r"\b([A-Za-z]{5,}) ([A-Za-z]{5,})\b", first.text).group(0)
    assert first.id in search_ids(both["postgres"], f'"{pair}"')
    assert search_ids(both["postgres"], f'"{pair}"') == search_ids(both["sqlite"], f'"{pair}"')
    a, b = max(words_of(first.text), key=len), max(words_of(second.text), key=len)
    assert search_ids(both["postgres"], f"{a} OR {b}") == search_ids(both["sqlite"], f"{a} OR {b}") >= {first.id,
                                                                                                        second.id}
    excluded = search_ids(both["postgres"], f"{a} NOT {b}")
    assert excluded == search_ids(both["postgres"], a) - search_ids(both["postgres"], b)
    assert excluded == search_ids(both["sqlite"], f"{a} NOT {b}")
    grouped = f"({a} OR {b}) NOT nonexistentwordzz"
    assert search_ids(both["postgres"], grouped) == search_ids(both["sqlite"], grouped) >= {first.id, second.id}


@pytest.mark.parametrize("cut", [3, 5])
def test_postgres_search_prefixes_as_sqlite_does(both, stored_docs, cut):
    for doc in stored_docs[:2]:
        word = max(words_of(doc.text), key=len)
        for query in (f"{word[:cut]}*", f"{word[:cut]}* AND {word}", f'"{word}" OR {word[:cut]}*'):
            hits = search_ids(both["postgres"], query)
            assert doc.id in hits and hits == search_ids(both["sqlite"], query), query


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR NOT (", "*", "'", "zzzqqq-nothing"])
def test_postgres_search_never_fails_on_odd_queries(both, query):
    result = CliRunner().invoke(main, ["search", query, "--db", both["postgres"]])
    assert result.exit_code == 0, result.output


def test_postgres_search_snippets_mark_the_match(both, stored_docs):
    word = max(words_of(stored_docs[0].text), key=len)
    with open_store(both["postgres"]) as store:
        hits = store.search(word, limit=3)
    assert hits and all(f"[{word.lower()}]" in h.snippet.lower() for h in hits)
    assert all(h.title is None or isinstance(h.title, str) for h in hits)


# -- the dashboard loads a PostgreSQL store ------------------------------------------------------


def test_postgres_serve_loads_the_store(both, stored_docs):
    pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
    from fastapi.testclient import TestClient

    from frontwatch.serve.app import create_app

    word = max(words_of(stored_docs[0].text), key=len)
    with TestClient(create_app(both["postgres"])) as pg, TestClient(create_app(both["sqlite"])) as lite:
        assert pg.get("/api/summary").json() == lite.get("/api/summary").json()
        assert pg.get("/api/events").json() == lite.get("/api/events").json()
        found = pg.get("/api/search", params={"q": word}).json()
    assert stored_docs[0].id in {h["doc"] for h in found}
