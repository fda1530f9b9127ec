"""Numbered schema migrations, applied in order, each in its own transaction.

The migrations are the only definition of the schema: the store reflects the tables after
migrating, so a column is declared once. A store records the migrations it has had in
`schema_version`; opening it applies the missing ones. Never edit a released migration: add
the next number.

Record tables share one shape: the document, the record's position in its layer, its span,
the fields worth querying in SQL as columns, and `data`, the whole record as JSON (what the
store reads back, so an optional field added to a record needs no migration).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import (BigInteger, Boolean, Column, Float, ForeignKey, Integer, MetaData, String, Table, Text,
                        insert, inspect, select, text)
from sqlalchemy.engine import Connection, Engine

from .dialect import StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    """One numbered schema change."""

    number: int
    name: str
    apply: Callable[[Connection, object], None]


MIGRATIONS: list[Migration] = []


def migration(number: int, name: str):
    """Register a migration function `f(conn, dialect)` under its number."""

    def wrap(func):
        MIGRATIONS.append(Migration(number, name, func))
        return func

    return wrap


def _version_table(metadata: MetaData) -> Table:
    return Table("schema_version", metadata,
                 Column("version", Integer, primary_key=True),
                 Column("name", String, nullable=False),
                 Column("applied_at", String, nullable=False))


def current_version(conn: Connection) -> int:
    """The highest migration applied to a store (0 for an empty one)."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    table = _version_table(MetaData())
    versions = conn.execute(select(table.c.version)).scalars().all()
    return max(versions, default=0)


def migrate(engine: Engine, dialect) -> list[int]:
    """Apply every migration the store lacks; returns the numbers applied.

    Each migration checks the version again under the dialect's lock, so two processes opening
    a new store at once (possible on a database server) apply each migration once.
    """
    latest = max(m.number for m in MIGRATIONS)
    with engine.begin() as conn:
        have = current_version(conn)
        if have < latest:
            dialect.lock_schema(conn)
            _version_table(MetaData()).create(conn, checkfirst=True)
    if have > latest:
        raise StoreError(f"the store is at schema version {have}, newer than this frontwatch ({latest})")
    applied = []
    for m in sorted(MIGRATIONS, key=lambda m: m.number):
        if m.number > have:
            with engine.begin() as conn:
                dialect.lock_schema(conn)
                if current_version(conn) >= m.number:   # another process applied it meanwhile
                    continue
                m.apply(conn, dialect)
                table = _version_table(MetaData())
                conn.execute(insert(table).values(version=m.number, name=m.name,
                                                  applied_at=datetime.now(timezone.utc).isoformat()))
            log.info("store migrated to version %d (%s)", m.number, m.name)
            applied.append(m.number)
    return applied


def _record_table(metadata: MetaData, name: str, *columns: Column) -> Table:
    """A record table: document, position, span, query columns, and the record as JSON."""
    return Table(name, metadata,
                 Column("id", Integer, primary_key=True, autoincrement=True),
                 Column("doc_id", String, ForeignKey("documents.id"), nullable=False, index=True),
                 Column("ord", Integer, nullable=False),
                 Column("span_start", Integer),
                 Column("span_end", Integer),
                 Column("span_sentence", Integer),
                 *columns,
                 Column("data", Text, nullable=False))


# SQLite's INTEGER is 64-bit; PostgreSQL's is 32, too small for a population in a figure
Count = Integer().with_variant(BigInteger(), "postgresql")


def _place_columns() -> list[Column]:
    return [Column("place_name", String), Column("place_lat", Float), Column("place_lon", Float)]


@migration(1, "documents, sentences, record tables, full-text index")
def initial_schema(conn: Connection, dialect) -> None:
    md = MetaData()
    Table("documents", md,
          Column("id", String, primary_key=True),
          Column("seq", Integer, nullable=False, unique=True),   # ingest order: the first copy is lowest
          Column("text", Text, nullable=False),
          *[Column(name, String) for name in ("file", "path", "title", "outlet", "author", "url", "published",
                                              "published_basis", "source_format", "language", "duplicate_of")],
          Column("raw", Text),
          Column("signature", Text),       # the near-duplicate signature, so the index survives restarts
          Column("analysed_by", String),   # the pipeline's stage versions; NULL until analysed
          Column("ingested_at", String, nullable=False))
    Table("sentences", md,
          Column("doc_id", String, ForeignKey("documents.id"), primary_key=True),
          Column("index", Integer, primary_key=True),
          Column("start", Integer, nullable=False),
          Column("end", Integer, nullable=False),
          Column("text", Text, nullable=False),
          Column("paragraph", Integer, nullable=False))
    _record_table(md, "times", Column("text", String), Column("value", String), Column("end_value", String),
                  Column("precision", String))
    _record_table(md, "places", Column("text", String), Column("name", String), Column("lat", Float),
                  Column("lon", Float), Column("level", String), Column("country", String),
                  Column("place_id", String), Column("known", Boolean))
    _record_table(md, "actors", Column("text", String), Column("actor", String), Column("side", String))
    _record_table(md, "claims", Column("speaker", String), Column("affiliation", String),
                  Column("speaker_kind", String), Column("alignment", String), Column("direct", Boolean),
                  Column("negated", Boolean))
    _record_table(md, "figures", Column("kind", String), Column("low", Count), Column("high", Count),
                  Column("who", String), Column("vague", String), Column("source", String),
                  Column("source_kind", String), Column("place", String), Column("date", String),
                  Column("group", String))
    _record_table(md, "control", *_place_columns(), Column("actor", String), Column("side", String),
                  Column("change", String), Column("date", String), Column("source", String))
    _record_table(md, "events", Column("type", String), *_place_columns(), Column("date", String),
                  Column("fatalities", Count), Column("source", String))
    Table("other_layers", md,
          Column("doc_id", String, ForeignKey("documents.id"), primary_key=True),
          Column("layer", String, primary_key=True),
          Column("data", Text, nullable=False))
    Table("corpus_extras", md,
          Column("name", String, primary_key=True),
          Column("data", Text, nullable=False))
    Table("input_errors", md,
          Column("where", String, primary_key=True),
          Column("reason", Text, nullable=False),
          Column("seen_at", String, nullable=False))
    md.create_all(conn)
    dialect.create_fulltext(conn)


@migration(2, "sentences keep the whole record as JSON")
def sentence_data(conn: Connection, dialect) -> None:
    # a field added to Sentence (its `zone`) then round-trips without another migration
    conn.execute(text("ALTER TABLE sentences ADD COLUMN data TEXT"))


@migration(3, "documents keep the day their page was retrieved")
def retrieval_date(conn: Connection, dialect) -> None:
    # Document.retrieved: a reference work's scrape date, kept apart from its publication date
    conn.execute(text("ALTER TABLE documents ADD COLUMN retrieved VARCHAR"))
