"""Bring a store up to date with some inputs: the library behind `frontwatch ingest` and `run`.

`ingest_paths` reads inputs into the store. `update_store` then analyses every stored document
the current pipeline has not analysed yet, runs the cross-document stages over the whole store
and saves what they changed. Both are idempotent: running them again on the same inputs adds
no document and leaves the same records.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterable

from ..corpus import CorpusResult, read_documents, resolve_corpus
from ..engines import LocalEngine, batches, lighten
from ..ingest import InputError
from ..pipeline import Pipeline, default_pipeline
from ..records import Document
from .db import AddReport, Store

log = logging.getLogger(__name__)

SAVE_EVERY = 100   # analyses saved per transaction while a run goes, so an interrupted run resumes


@dataclass
class IngestReport:
    """What reading some inputs into the store did."""

    read: int = 0
    added: AddReport = field(default_factory=AddReport)
    errors: list[InputError] = field(default_factory=list)   # unreadable inputs and rejected documents


@dataclass
class RunReport:
    """What a run did, and the whole store afterwards."""

    ingest: IngestReport
    analysed: int
    corpus: CorpusResult
    errors: list[InputError] = field(default_factory=list)   # inputs and documents that failed


def pipeline_signature(pipeline: Pipeline) -> str:
    """The stages and their versions: a document analysed by another signature is analysed again."""
    return ",".join(st.produced_by for st in pipeline.stages)


def ingest_paths(store: Store, paths: Iterable[str]) -> IngestReport:
    """Read every input into the store; bad inputs are recorded, never fatal."""
    result = CorpusResult()
    docs = read_documents(paths, result)
    added = store.add_documents(docs)
    errors = result.errors + added.failed
    store.record_errors(errors)
    return IngestReport(read=len(docs), added=added, errors=errors)


def update_store(store: Store, paths: Iterable[str], pipeline: Pipeline | None = None,
                 progress: Callable[[int], Callable[[], None]] | None = None,
                 reanalyse: bool = False, engine=None) -> RunReport:
    """Ingest `paths`, analyse what needs it, resolve across the whole store and save.

    Args:
        progress: given the number of documents to analyse, returns a callable to call after each.
        reanalyse: analyse every document again, even those the current pipeline has done.
        engine: where the document stages run (frontwatch.engines); None runs them here.
    """
    factory = partial(_given, pipeline) if pipeline else default_pipeline
    pipeline = pipeline or default_pipeline()
    signature = pipeline_signature(pipeline)
    ingest = ingest_paths(store, paths)
    corpus = store.load_corpus()
    done = store.analysed_by()
    todo = [d for d in corpus.documents if reanalyse or done.get(d.id) != signature]
    advance = progress(len(todo)) if progress else None
    if engine is None or (isinstance(engine, LocalEngine) and engine.workers_for(len(todo)) == 1):
        failed = _analyse(store, corpus, todo, pipeline, signature, advance)
    else:
        failed = _analyse_on(engine, store, corpus, todo, factory, signature, advance)
    resolve_corpus(corpus)
    for analysis in corpus.analyses.values():   # a corpus stage may have rebuilt a transient layer
        lighten(analysis)
    # corpus stages may change any document's records (a figure's group, an inferred date)
    current = {d.id for d in todo} | {i for i, s in done.items() if s == signature}
    store.save_analyses([corpus.analyses[d.id] for d in corpus.documents if d.id in current - failed.keys()],
                        signature)
    store.save_corpus_extras(corpus.extras)
    return RunReport(ingest, len(todo) - len(failed), corpus, ingest.errors + list(failed.values()))


def _given(pipeline: Pipeline) -> Pipeline:
    """A pipeline factory that returns the pipeline the caller gave (picklable with partial)."""
    return pipeline


def _analyse_on(engine, store: Store, corpus: CorpusResult, docs: list[Document], factory, signature: str,
                advance: Callable[[], None] | None) -> dict[str, InputError]:
    """Analyse on an engine (Dask, a process pool) in chunks, saving each chunk as it returns; failures by id."""
    failed: dict[str, InputError] = {}
    progress = (lambda _doc: advance()) if advance else None
    with engine:
        for chunk in batches(docs, SAVE_EVERY * 10):
            try:
                analyses = engine.analyse(chunk, factory, progress=progress)
            except Exception as exc:  # a lost worker or batch: report its documents, keep the rest
                log.exception("a batch of %d documents failed on the engine", len(chunk))
                failed.update({d.id: InputError(d.path or d.id, f"analysis failed: {type(exc).__name__}: {exc}")
                               for d in chunk})
                continue
            corpus.analyses.update((a.doc.id, a) for a in analyses)
            store.save_analyses(analyses, signature)
    return failed


def _analyse(store: Store, corpus: CorpusResult, docs: list[Document], pipeline: Pipeline, signature: str,
             advance: Callable[[], None] | None) -> dict[str, InputError]:
    """Analyse documents into `corpus`, saving as it goes; returns the documents that failed, by id."""
    pending, failed = [], {}
    for doc in docs:
        try:
            corpus.analyses[doc.id] = analysis = lighten(pipeline.run(doc))
            pending.append(analysis)
        except Exception as exc:  # one article that breaks a stage must not stop a run of thousands
            log.exception("analysis of %s failed", doc.path or doc.id)
            failed[doc.id] = InputError(doc.path or doc.id, f"analysis failed: {type(exc).__name__}: {exc}")
        if len(pending) >= SAVE_EVERY:
            store.save_analyses(pending, signature)
            pending = []
        if advance:
            advance()
    store.save_analyses(pending, signature)
    return failed
