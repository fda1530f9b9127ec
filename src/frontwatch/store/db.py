"""The store: documents, their analyses and the corpus products, in one database.

`open_store(url_or_path)` opens (creating and migrating as needed) a SQLite file by default; any
SQLAlchemy URL names another database. Everything here is SQLAlchemy Core; what differs between
databases lives in `dialect.py`. Writes go in batches (executemany), each batch in its own
transaction, so a failure never rolls back documents stored before it.
"""
from __future__ import annotations

import json
import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator

from sqlalchemy import MetaData, bindparam, create_engine, delete, func, insert, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DataError, IntegrityError, ProgrammingError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..corpus import CorpusResult
from ..ingest import InputError
from ..pipeline import Analysis
from ..records import Document, Sentence
from ..serialise import LAYER_TYPES, dump_value, from_dict, load_value, to_dict
from .dialect import SearchHit, StoreError, dialect_for, failure_message
from .duplicates import StoredDuplicates
from .migrations import current_version, migrate

log = logging.getLogger(__name__)

RECORD_LAYERS = tuple(layer for layer in LAYER_TYPES if layer != "sentences")
TRANSIENT_LAYERS = frozenset({"tokens"})   # a spaCy Doc: rebuilt by the pipeline, never stored
DOC_FIELDS = tuple(f.name for f in fields(Document))
# what analysis may change on a stored document; text and title stay as indexed for search
UPDATABLE_DOC_FIELDS = tuple(f for f in DOC_FIELDS if f not in ("id", "text", "title", "raw"))
DATA_ERRORS = (IntegrityError, DataError, ProgrammingError)   # the database refuses this data, not any write
CHUNK = 500   # ids per IN (...) list, under SQLite's variable limit


@dataclass
class AddReport:
    """What `add_documents` did with each document it was given."""

    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)   # new doc id -> first copy's id
    failed: list[InputError] = field(default_factory=list)


@dataclass
class StoreStats:
    """Counts that describe a store."""

    location: str
    schema_version: int
    documents: int
    duplicates: int
    analysed: int
    outlets: int
    first_published: str | None
    last_published: str | None
    sentences: int
    records: dict[str, int]
    input_errors: int
    size_bytes: int | None


def open_store(url_or_path: str) -> "Store":
    """Open (creating and upgrading as needed) the store at a SQLite path or a database URL."""
    url = _url(url_or_path)
    shown = shown_name(url_or_path)
    try:
        engine = _engine(url)
        dialect = dialect_for(engine)
        dialect.configure(engine)
        migrate(engine, dialect)
    except ImportError as exc:   # the URL's database driver is missing
        hint = " (pip install 'frontwatch[postgres]')" if url.startswith("postgresql") else ""
        raise StoreError(f"cannot open the store {shown}: {exc}{hint}") from exc
    except SQLAlchemyError as exc:
        raise StoreError(failure_message("open", shown, exc)) from exc
    except (TypeError, ValueError) as exc:   # a URL parameter of the wrong kind (?timeout=soon)
        raise StoreError(f"cannot open the store {shown}: a parameter of its URL is wrong ({exc})") from exc
    return Store(engine, dialect, shown)


def _url(url_or_path: str) -> str:
    if "://" in url_or_path:
        return _with_driver(url_or_path)
    if url_or_path == ":memory:":
        return "sqlite://"
    folder = os.path.dirname(os.path.abspath(url_or_path))
    if not os.path.isdir(folder):
        raise StoreError(f"cannot create the store {url_or_path}: no folder {folder}")
    return "sqlite:///" + os.path.abspath(url_or_path)


def _with_driver(url: str) -> str:
    """`postgres://` and `postgresql://` name the driver the `postgres` extra installs (psycopg 3)."""
    scheme, rest = url.split("://", 1)
    return ("postgresql+psycopg://" + rest) if scheme in ("postgres", "postgresql") else url


def shown_name(url_or_path: str) -> str:
    """The store's name for messages: a URL without its password."""
    if "://" not in url_or_path:
        return url_or_path
    try:
        url = make_url(_with_driver(url_or_path))
        return url.render_as_string(hide_password=True) if url.password else url_or_path
    except ArgumentError:
        return url_or_path.split("://", 1)[0] + "://…"


def _engine(url: str) -> Engine:
    if url == "sqlite://":   # one shared connection, or every connection sees a new empty database
        return create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    if url.startswith("postgresql") and "connect_timeout=" not in url:   # an unreachable server fails soon
        return create_engine(url, connect_args={"connect_timeout": 10})
    return create_engine(url)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class Store:
    """Documents, analyses and corpus products in one database; see the module docstring."""

    def __init__(self, engine: Engine, dialect, location: str):
        self.engine = engine
        self.dialect = dialect
        self.location = location
        metadata = MetaData()
        names = ("documents", "sentences", "other_layers", "corpus_extras", "input_errors", *RECORD_LAYERS)
        with self._guarded("read"):
            metadata.reflect(engine, only=names)
        self.tables = metadata.tables
        self._record_columns = {layer: [_column_path(LAYER_TYPES[layer], c.name) for c in self.tables[layer].columns
                                        if c.name not in ("id", "doc_id", "ord", "data")]
                                for layer in RECORD_LAYERS}

    @contextmanager
    def _guarded(self, action: str, passing: tuple[type[Exception], ...] = ()) -> Iterator[None]:
        """Turn a database failure (locked, read-only, disk full, server gone) into a StoreError.

        Every write is its own transaction, so a failure rolls back only the write that failed:
        what was stored before stays. The `passing` errors are let through: for documents, the
        rejection of one document's data, which `_insert_documents` handles document by document.
        """
        try:
            yield
        except passing:
            raise
        except SQLAlchemyError as exc:
            log.debug("store failure", exc_info=True)
            raise StoreError(failure_message(action, self.location, exc) +
                             ("; what was stored before is kept" if action == "write to" else "")) from exc

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- documents -------------------------------------------------------------------------------

    def add_documents(self, docs: Iterable[Document], batch_size: int = 200) -> AddReport:
        """Store new documents, linking copies to their first copy; stored ones are left alone.

        Returns what happened to each document. Each batch is its own transaction; a document
        the database rejects is reported in `failed` without losing the rest of its batch.
        """
        report = AddReport()
        docs = list(docs)
        with self._guarded("read"):
            fresh = self._new_documents(docs, report)
            index = StoredDuplicates(self._signatures())
        rows = [self._document_row(doc, index, report) for doc in fresh]
        for batch in _chunks(rows, batch_size):
            report.failed += self._insert_documents(batch)
        failed = {e.where for e in report.failed}
        report.added = [r["id"] for r in rows if (r["path"] or r["id"]) not in failed]
        self._forget_errors([r["path"] for r in rows if r["path"]])
        return report

    def _new_documents(self, docs: list[Document], report: AddReport) -> list[Document]:
        stored = self._existing_ids([d.id for d in docs])
        fresh, seen = [], set()
        for doc in docs:
            if doc.id in stored or doc.id in seen:
                report.existing.append(doc.id)
            else:
                seen.add(doc.id)
                fresh.append(doc)
        return fresh

    def _existing_ids(self, ids: list[str]) -> set[str]:
        table, found = self.tables["documents"], set()
        with self.engine.connect() as conn:
            for chunk in _chunks(ids, CHUNK):
                found.update(conn.execute(select(table.c.id).where(table.c.id.in_(chunk))).scalars())
        return found

    def _signatures(self) -> list[tuple[str, str | None]]:
        table = self.tables["documents"]
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(table.c.id, table.c.signature).order_by(table.c.seq))]

    def _document_row(self, doc: Document, index: StoredDuplicates, report: AddReport) -> dict:
        first, signature = index.check(doc)
        if first:
            doc.duplicate_of = doc.duplicate_of or first
            report.duplicates[doc.id] = first
        return {**{name: getattr(doc, name) for name in DOC_FIELDS}, "signature": signature,
                "analysed_by": None, "ingested_at": _now()}

    def _insert_documents(self, rows: list[dict]) -> list[InputError]:
        """Insert a batch in one transaction; if the database rejects it, one document at a time."""
        try:
            self._write_documents(rows)
            return []
        except DATA_ERRORS as exc:   # this data, not the database
            if len(rows) == 1:
                where = rows[0]["path"] or rows[0]["id"]
                return [InputError(where, f"not stored: {exc.orig or exc}")]
        return [err for row in rows for err in self._insert_documents([row])]

    def _write_documents(self, rows: list[dict]) -> None:
        """Insert rows numbered after the highest stored number, read under the write lock."""
        table = self.tables["documents"]
        with self._guarded("write to", passing=DATA_ERRORS), self.engine.begin() as conn:
            self.dialect.lock_documents(conn)
            seq = conn.execute(select(func.max(table.c.seq))).scalar() or 0
            for i, row in enumerate(rows, 1):
                row["seq"] = seq + i
            conn.execute(insert(table), rows)
            self.dialect.index_documents(conn, rows)

    # -- input errors ----------------------------------------------------------------------------

    def record_errors(self, errors: Iterable[InputError]) -> None:
        """Remember inputs that could not be read (the latest reason per input)."""
        latest = {e.where: {"where": e.where, "reason": e.reason, "seen_at": _now()} for e in errors}
        rows = list(latest.values())
        if not rows:
            return
        table = self.tables["input_errors"]
        with self._guarded("write to"), self.engine.begin() as conn:   # replaced in one transaction
            self._delete_errors(conn, list(latest))
            # another process may have recorded the same input since
            conn.execute(self.dialect.insert_new(table), rows)

    def _forget_errors(self, wheres: list[str]) -> None:
        if not wheres:
            return
        with self._guarded("write to"), self.engine.begin() as conn:
            self._delete_errors(conn, wheres)

    def _delete_errors(self, conn, wheres: list[str]) -> None:
        table = self.tables["input_errors"]
        for chunk in _chunks(wheres, CHUNK):
            conn.execute(delete(table).where(table.c["where"].in_(chunk)))

    # -- analyses --------------------------------------------------------------------------------

    def save_analysis(self, analysis: Analysis, analysed_by: str | None = None) -> None:
        """Replace one document's records (and its updatable fields) atomically."""
        self.save_analyses([analysis], analysed_by)

    def save_analyses(self, analyses: Iterable[Analysis], analysed_by: str | None = None,
                      batch_size: int = 100) -> int:
        """Replace the records of many documents, a batch per transaction; returns how many."""
        count = 0
        for batch in _chunks(list(analyses), batch_size):
            with self._guarded("write to"), self.engine.begin() as conn:
                self._replace_records(conn, batch, analysed_by)
            count += len(batch)
        return count

    def _replace_records(self, conn, batch: list[Analysis], analysed_by: str | None) -> None:
        ids = [a.doc.id for a in batch]
        for name in ("sentences", "other_layers", *RECORD_LAYERS):
            table = self.tables[name]
            conn.execute(delete(table).where(table.c.doc_id.in_(ids)))
        for name, rows in self._analysis_rows(batch).items():
            if rows:
                conn.execute(insert(self.tables[name]), rows)
        docs = self.tables["documents"]
        # bind names must differ from column names in an executemany UPDATE
        stmt = update(docs).where(docs.c.id == bindparam("b_id")).values(
            {f: bindparam("b_" + f) for f in (*UPDATABLE_DOC_FIELDS, "analysed_by")})
        conn.execute(stmt, [{**{"b_" + f: getattr(a.doc, f) for f in UPDATABLE_DOC_FIELDS}, "b_id": a.doc.id,
                             "b_analysed_by": analysed_by or "unknown"} for a in batch])

    def _analysis_rows(self, batch: list[Analysis]) -> dict[str, list[dict]]:
        rows: dict[str, list[dict]] = {name: [] for name in ("sentences", "other_layers", *RECORD_LAYERS)}
        for analysis in batch:
            doc_id = analysis.doc.id
            for layer, value in analysis.layers.items():
                if layer == "sentences":
                    rows["sentences"] += [self._sentence_row(doc_id, s) for s in value or []]
                elif layer in self._record_columns:
                    rows[layer] += [self._record_row(layer, doc_id, i, r) for i, r in enumerate(value or [])]
                elif layer not in TRANSIENT_LAYERS:
                    rows["other_layers"].append({"doc_id": doc_id, "layer": layer,
                                                 "data": json.dumps(dump_value(value), ensure_ascii=False)})
        return rows

    def _sentence_row(self, doc_id: str, sentence: Sentence) -> dict:
        data = to_dict(sentence)
        columns = {k: data.get(k) for k in ("index", "start", "end", "text", "paragraph")}
        return {**columns, "doc_id": doc_id, "data": json.dumps(data, ensure_ascii=False)}

    def _record_row(self, layer: str, doc_id: str, ord_: int, record: Any) -> dict:
        data = to_dict(record)
        row = {column: _column_value(data, key, sub) for column, key, sub in self._record_columns[layer]}
        return {**row, "doc_id": doc_id, "ord": ord_, "data": json.dumps(data, ensure_ascii=False)}

    def analysed_by(self) -> dict[str, str | None]:
        """Each stored document's id and the pipeline that analysed it (None: not yet)."""
        table = self.tables["documents"]
        with self._guarded("read"), self.engine.connect() as conn:
            return dict(conn.execute(select(table.c.id, table.c.analysed_by).order_by(table.c.seq)).all())

    # -- corpus products -------------------------------------------------------------------------

    def save_corpus_extras(self, extras: dict[str, Any]) -> None:
        """Replace the stored products of the corpus stages (`CorpusResult.extras`)."""
        table = self.tables["corpus_extras"]
        rows = [{"name": k, "data": json.dumps(dump_value(v), ensure_ascii=False)} for k, v in extras.items()]
        with self._guarded("write to"), self.engine.begin() as conn:   # old products kept if it fails
            conn.execute(delete(table))
            if rows:
                conn.execute(insert(table), rows)

    def load_corpus(self) -> CorpusResult:
        """The whole store as a `CorpusResult`: documents in ingest order, analyses, errors, extras.

        The `tokens` layer is not stored; everything else an analysis held comes back as it was.
        Every document has an analysis; one not analysed yet (`analysed_by()`) has no layers.
        """
        with self._guarded("read"), self.engine.connect() as conn:
            docs, analysed = self._load_documents(conn)
            layers = self._load_layers(conn)
            result = CorpusResult(documents=docs)
            for doc in docs:   # a document not analysed yet has an analysis with no layers
                stored = layers.get(doc.id, _empty_layers()) if doc.id in analysed else {}
                result.analyses[doc.id] = Analysis(doc, stored)
            result.errors = self._load_errors(conn)
            result.extras = {name: load_value(json.loads(data)) for name, data in
                             conn.execute(select(*self.tables["corpus_extras"].c["name", "data"]))}
        return result

    def _load_documents(self, conn) -> tuple[list[Document], set[str]]:
        table = self.tables["documents"]
        rows = conn.execute(select(table).order_by(table.c.seq)).mappings()
        docs, analysed = [], set()
        for row in rows:
            docs.append(Document(**{name: row[name] for name in DOC_FIELDS}))
            if row["analysed_by"] is not None:
                analysed.add(row["id"])
        return docs, analysed

    def _load_layers(self, conn) -> dict[str, dict[str, Any]]:
        layers: dict[str, dict[str, Any]] = {}
        sentences = self.tables["sentences"]
        for row in conn.execute(select(sentences).order_by(sentences.c.doc_id, sentences.c["index"])).mappings():
            doc_layers = layers.setdefault(row["doc_id"], _empty_layers())
            doc_layers["sentences"].append(from_dict(Sentence, json.loads(row["data"])) if row["data"] else
                                           Sentence(row["index"], row["start"], row["end"], row["text"],
                                                    row["paragraph"]))
        for layer in RECORD_LAYERS:
            table, cls = self.tables[layer], LAYER_TYPES[layer]
            for doc_id, data in conn.execute(select(table.c.doc_id, table.c.data)
                                             .order_by(table.c.doc_id, table.c.ord)):
                layers.setdefault(doc_id, _empty_layers())[layer].append(from_dict(cls, json.loads(data)))
        other = self.tables["other_layers"]
        for doc_id, layer, data in conn.execute(select(*other.c["doc_id", "layer", "data"])):
            layers.setdefault(doc_id, _empty_layers())[layer] = load_value(json.loads(data))
        return layers

    def _load_errors(self, conn) -> list[InputError]:
        table = self.tables["input_errors"]
        return [InputError(w, r) for w, r in conn.execute(
            select(*table.c["where", "reason"]).order_by(table.c["where"]))]

    # -- reading ---------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Documents whose title or text match a full-text query, best first."""
        with self._guarded("search"), self.engine.connect() as conn:
            return self.dialect.search(conn, query, limit)

    def stats(self) -> StoreStats:
        """Counts of documents, sentences and records, the date range and the schema version."""
        docs = self.tables["documents"]
        with self._guarded("read"), self.engine.connect() as conn:
            def count(table=None, where=None) -> int:
                stmt = select(func.count()).select_from(table if table is not None else docs)
                return conn.execute(stmt if where is None else stmt.where(where)).scalar() or 0

            first, last = conn.execute(select(func.min(docs.c.published), func.max(docs.c.published))).one()
            return StoreStats(
                location=self.location, schema_version=current_version(conn), documents=count(),
                duplicates=count(where=docs.c.duplicate_of.is_not(None)),
                analysed=count(where=docs.c.analysed_by.is_not(None)),
                outlets=conn.execute(select(func.count(func.distinct(docs.c.outlet)))).scalar() or 0,
                first_published=first, last_published=last, sentences=count(self.tables["sentences"]),
                records={layer: count(self.tables[layer]) for layer in RECORD_LAYERS},
                input_errors=count(self.tables["input_errors"]), size_bytes=self.dialect.size_bytes(conn))


def _empty_layers() -> dict[str, list]:
    return {layer: [] for layer in LAYER_TYPES}


def _column_path(cls: type, column: str) -> tuple[str, str, str | None]:
    """Where a query column's value sits in a record dict: `place_name` is data["place"]["name"]."""
    if column in {f.name for f in fields(cls)}:
        return column, column, None
    head, _, rest = column.partition("_")
    return column, head, rest


def _column_value(data: dict, key: str, sub: str | None) -> Any:
    value = data.get(key)
    if sub is not None:
        value = value.get(sub) if isinstance(value, dict) else None
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value
