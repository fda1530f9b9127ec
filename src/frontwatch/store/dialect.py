"""Everything in the store that depends on the database: connection set-up and full-text search.

The rest of the store speaks SQLAlchemy Core and runs unchanged on any database; what cannot
be said portably (SQLite pragmas and transactional DDL, the FTS5 index, PostgreSQL's tsvector
and GIN index, inserts that skip rows already there, locking out a concurrent migration, the
store's size) lives here, behind one small class per database with the same methods.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass

from sqlalchemy import Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, OperationalError, ProgrammingError

log = logging.getLogger(__name__)


class StoreError(RuntimeError):
    """The store cannot be opened, upgraded or written."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A document matching a full-text query, with a snippet of the matching text."""

    doc_id: str
    title: str | None
    file: str | None
    snippet: str


class SqliteDialect:
    """SQLite: WAL journal for one writer and many readers, FTS5 over documents (title, text)."""

    name = "sqlite"

    PRAGMAS = ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL")
    BUSY_SECONDS = 10.0   # how long a write waits for another process's transaction to end

    def configure(self, engine: Engine) -> None:
        """Pragmas on every connection, and real BEGINs so that migrations' DDL is atomic.

        The wait for a locked database is BUSY_SECONDS, or the URL's own `?timeout=SECONDS`
        (`sqlite:///corpus.db?timeout=60`), so a user can wait longer, or fail fast.
        """
        pragmas = (*self.PRAGMAS, f"busy_timeout={int(busy_seconds(engine, self.BUSY_SECONDS) * 1000)}")

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            # pysqlite's own transaction handling skips DDL; we emit BEGIN ourselves (below)
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            for pragma in pragmas:
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN")

    def insert_new(self, table: Table):
        """An INSERT that skips rows whose key is already stored (ON CONFLICT DO NOTHING)."""
        return sqlite.insert(table).on_conflict_do_nothing()

    def lock_schema(self, conn: Connection) -> None:
        """Nothing to do: SQLite lets one writer at a time into a transaction already."""

    def size_bytes(self, conn: Connection) -> int | None:
        """The database file and its write-ahead log, in bytes (None for an in-memory store)."""
        path = conn.engine.url.database
        if not path or path.startswith("file:") or not os.path.exists(path):
            return None
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))

    def create_fulltext(self, conn: Connection) -> None:
        """An external-content FTS5 index: the text lives once, in `documents`."""
        conn.execute(text(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, text, content='documents', content_rowid='seq', "
            "tokenize='unicode61 remove_diacritics 2')"))

    def lock_documents(self, conn: Connection) -> None:
        """Take the write lock before numbering new documents (a write statement takes it, even
        one that changes nothing), so two writers never read the same highest number."""
        conn.exec_driver_sql("UPDATE documents SET seq = seq WHERE 0")

    def index_documents(self, conn: Connection, rows: list[dict]) -> None:
        """Add documents (dicts with seq, title, text) to the full-text index."""
        if rows:
            conn.execute(text("INSERT INTO documents_fts(rowid, title, text) VALUES (:seq, :title, :text)"),
                         [{"seq": r["seq"], "title": r["title"] or "", "text": r["text"]} for r in rows])

    def search(self, conn: Connection, query: str, limit: int) -> list[SearchHit]:
        """Documents matching `query`, best first; plain words are used when the query is not FTS5 syntax."""
        try:
            return self._match(conn, query, limit)
        except OperationalError as exc:
            log.info("query %r is not FTS5 syntax (%s); searching its words", query, exc.orig)
            words = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
            return self._match(conn, words, limit) if words else []

    def _match(self, conn: Connection, query: str, limit: int) -> list[SearchHit]:
        rows = conn.execute(text(
            "SELECT d.id, d.title, d.file, snippet(documents_fts, 1, '[', ']', '…', 16) "
            "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
            "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n"), {"q": query, "n": limit})
        return [SearchHit(*row) for row in rows]


class PostgresDialect:
    """PostgreSQL: a GIN index over the documents' tsvector, queried with websearch_to_tsquery.

    The `simple` text-search configuration (no stemming, no stop words) finds what SQLite's
    unicode61 tokenizer finds, so a query gives the same documents on either database. The
    vector is an expression index, not a column: `documents` keeps one shape everywhere.
    """

    name = "postgresql"
    CONFIG = "simple"
    # a tsvector holds at most 1 MB: index the title and the start of a (rare) book-length text
    VECTOR = ("(setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
              "setweight(to_tsvector('simple', left(text, 250000)), 'B'))")
    HEADLINE = 'StartSel=[, StopSel=], MaxFragments=1, MaxWords=24, MinWords=8, FragmentDelimiter=" … "'
    LOCK = 0x66727764   # any constant: the advisory lock that serialises frontwatch's migrations

    def configure(self, engine: Engine) -> None:
        """Nothing to set: PostgreSQL's DDL is transactional and its defaults suit the store."""

    def insert_new(self, table: Table):
        """An INSERT that skips rows whose key is already stored (ON CONFLICT DO NOTHING)."""
        return postgresql.insert(table).on_conflict_do_nothing()

    def lock_schema(self, conn: Connection) -> None:
        """Make a second process opening a fresh store wait for the first one's migration."""
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": self.LOCK})

    def size_bytes(self, conn: Connection) -> int | None:
        """The tables of the store's schema with their indexes and TOAST data, in bytes."""
        return conn.execute(text(
            "SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'")).scalar()

    def create_fulltext(self, conn: Connection) -> None:
        """A GIN index over title (weighted first) and text; it follows `documents` by itself."""
        conn.execute(text(f"CREATE INDEX documents_fts ON documents USING GIN ({self.VECTOR})"))

    def lock_documents(self, conn: Connection) -> None:
        """Serialise writers that number new documents (readers are not blocked)."""
        conn.exec_driver_sql("LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE")

    def index_documents(self, conn: Connection, rows: list[dict]) -> None:
        """Nothing to do: the expression index is updated with the table."""

    def search(self, conn: Connection, query: str, limit: int) -> list[SearchHit]:
        """Documents matching `query` in FTS5 syntax, best first; plain words when it is not valid."""
        try:
            with conn.begin_nested():   # a refused query must not abort the search that follows
                return self._match(conn, "to_tsquery('simple', :q)", tsquery_text(query), limit)
        except (ProgrammingError, DataError) as exc:
            log.info("query %r is not FTS5 syntax (%s); searching its words", query, exc.orig)
        return self._match(conn, "websearch_to_tsquery('simple', :q)", query, limit)

    def _match(self, conn: Connection, tsquery: str, query: str, limit: int) -> list[SearchHit]:
        rows = conn.execute(text(
            f"SELECT id, title, file, ts_headline('simple', text, q, :headline) "
            f"FROM documents CROSS JOIN (SELECT {tsquery} AS q) AS query "
            f"WHERE {self.VECTOR} @@ q ORDER BY ts_rank({self.VECTOR}, q) DESC, seq LIMIT :n"),
            {"q": query, "headline": self.HEADLINE, "n": limit})
        return [SearchHit(*row) for row in rows]


FTS5_TOKEN = re.compile(r'"([^"]*)"?|([()])|([^\s()"]+)')
FTS5_OPERATORS = {"OR": "|", "AND": "&", "NOT": "& !"}


def tsquery_text(query: str) -> str:
    """An FTS5 query in to_tsquery syntax, so that a query means the same on both databases.

    "a phrase" -> a <-> phrase, OR -> |, NOT -> & !, AND or nothing -> &, word* -> word:*,
    parentheses kept. Only letters and digits of a word reach the query (`al-Assad` is
    al & assad), so a word never injects tsquery syntax; a misplaced operator is an error
    the caller answers by searching the plain words.
    """
    out: list[str] = []
    for phrase, paren, word in FTS5_TOKEN.findall(query):
        if paren or word in FTS5_OPERATORS:
            item = paren or FTS5_OPERATORS[word]
        else:
            parts = re.findall(r"[^\W_]+", phrase or word)
            if not parts:
                continue
            if word.endswith("*"):
                parts[-1] += ":*"
            item = "(" + (" <-> " if phrase else " & ").join(parts) + ")"
        operand = item not in ("|", "&", "& !", ")")
        if out and operand and out[-1] not in ("|", "&", "& !", "(") and item != ")":
            out.append("&")   # FTS5's implicit AND
        out.append(item)
    return " ".join(out)


def busy_seconds(engine: Engine, default: float) -> float:
    """The `timeout` query parameter of a SQLite URL, in seconds, else `default`."""
    try:
        return max(0.0, float(engine.url.query.get("timeout", default)))
    except (TypeError, ValueError):
        raise StoreError(f"the store URL's timeout {engine.url.query.get('timeout')!r} "
                         "is not a number of seconds") from None


# What a database failure means for the user, by words of the driver's message.
FAILURE_HINTS = (
    (("locked", "busy"), "another process is writing to it; run again when it has finished, or wait "
                         "longer with --db 'sqlite:///PATH?timeout=SECONDS'"),
    (("readonly", "read-only", "read only"), "the store (or its folder) is read-only"),
    (("full", "no space"), "the disk, or the store's size limit, is full; free some space and run again"),
    (("disk i/o",), "the disk reported an error"),
    (("not a database", "malformed", "corrupt"), "the file is damaged or is not a frontwatch store"),
    (("could not connect", "connection", "server closed"), "the database server cannot be reached"),
)


def failure_message(action: str, location: str, exc: Exception) -> str:
    """One line for a failed database operation: what failed, the driver's reason, and what to do."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    hint = next((h for cues, h in FAILURE_HINTS if any(c in reason.lower() for c in cues)), None)
    line = f"cannot {action} the store {location}: {reason}"
    return f"{line} ({hint})" if hint else line


DIALECTS = {"sqlite": SqliteDialect, "postgresql": PostgresDialect}


def dialect_for(engine: Engine):
    """The dialect helper for an engine: SQLite or PostgreSQL."""
    try:
        return DIALECTS[engine.dialect.name]()
    except KeyError:
        raise StoreError(f"a {engine.dialect.name} store is not supported: use a SQLite file "
                         "or a postgresql:// URL") from None
