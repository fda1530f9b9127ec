"""Everything in the store that depends on the database: connection set-up and full-text search.

The rest of the store speaks SQLAlchemy Core and runs unchanged on any database; what cannot
be said portably (SQLite pragmas and transactional DDL, the FTS5 index; later PostgreSQL's
tsvector) lives here, behind one small class per database.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

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

    def configure(self, engine: Engine) -> None:
        """Pragmas on every connection, and real BEGINs so that migrations' DDL is atomic."""

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            # pysqlite's own transaction handling skips DDL; we emit BEGIN ourselves (below)
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", "busy_timeout=10000"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN")

    def create_fulltext(self, conn: Connection) -> None:
        """An external-content FTS5 index: the text lives once, in `documents`."""
        conn.execute(text(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, text, content='documents', content_rowid='seq', "
            "tokenize='unicode61 remove_diacritics 2')"))

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


DIALECTS = {"sqlite": SqliteDialect}


def dialect_for(engine: Engine):
    """The dialect helper for an engine; PostgreSQL (tsvector) comes with its own issue."""
    try:
        return DIALECTS[engine.dialect.name]()
    except KeyError:
        raise StoreError(f"the {engine.dialect.name} store is not supported yet; use a SQLite file") from None
