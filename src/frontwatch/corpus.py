"""Run the pipeline over many documents, then the cross-document stages.

This is the library entry point behind `frontwatch extract` and `frontwatch run`: it reads
inputs, analyses each document, and resolves across documents (duplicates, inferred dates,
figure groups, control timelines). It knows nothing of the store or of output formats.

A run streams: documents are read as the engine asks for them, and each analysis is kept without
the layers only the document stages need (`engines.lighten`). What stays for the corpus stages
is, per document, its text (dedup and pubdate read it), the raw input only when the caller asks
for it, and the records; tens of KB per news article, not the hundreds a spaCy Doc costs.
"""
from __future__ import annotations

import contextlib
import functools
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from .engines import Engine, LocalEngine, lighten
from .engines.batch import collector_relaxed
from .ingest import IngestOptions, InputError, iter_unique_documents, read_paths
from .pipeline import Analysis, Pipeline, default_pipeline
from .records import Document
from .resolve import collect_corpus_stages, corpus_digesters

log = logging.getLogger(__name__)


@dataclass
class CorpusResult:
    """Documents, their analyses, the inputs that failed and the corpus-level products."""

    documents: list[Document] = field(default_factory=list)
    analyses: dict[str, Analysis] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    def records(self, layer: str) -> list:
        """Every record of one layer across documents, in document order."""
        out = []
        for doc in self.documents:
            analysis = self.analyses.get(doc.id)
            if analysis is not None:
                out.extend(analysis.get(layer) or [])
        return out


def read_documents(paths: Iterable[str], result: CorpusResult,
                   options: IngestOptions | None = None, keep_raw: bool = True) -> list[Document]:
    """Read inputs into documents, recording bad inputs; the same input is kept once."""
    return list(iter_documents(paths, result, options, keep_raw))


def iter_documents(paths: Iterable[str], result: CorpusResult, options: IngestOptions | None = None,
                   keep_raw: bool = True) -> Iterator[Document]:
    """`read_documents` one at a time, as the caller asks for them (bad inputs into `result.errors`).

    Without `keep_raw` each document's raw input (an HTML page, a JSON record) is dropped once
    read: only a store keeps it, and a run over thousands of pages would hold every one.
    """
    for doc in iter_unique_documents(read_paths(paths, options), result.errors):
        if not keep_raw:
            doc.raw = None
        yield doc


def analyse_documents(docs: Iterable[Document], pipeline: Pipeline | None = None,
                      progress: Callable[[Document], None] | None = None,
                      result: CorpusResult | None = None, engine: Engine | None = None) -> CorpusResult:
    """Run the pipeline on each document (where `engine` says: here by default), then every corpus stage.

    `docs` may be a lazy iterable (`iter_documents`): it is read as the engine takes documents,
    and only light analyses are kept (see the module docstring).
    """
    result = result or CorpusResult()
    engine = engine or LocalEngine()
    factory = _given(pipeline) if pipeline is not None else default_pipeline
    with _session(engine), collector_relaxed():   # see `resolve_corpus`
        for analysis in engine.stream(docs, factory, progress):
            doc = analysis.doc
            result.documents.append(doc)
            result.analyses[doc.id] = analysis
            result.errors += [InputError(doc.path or doc.file or doc.id, f"stage {failure}")
                              for failure in analysis.failures]
            digest(analysis)
    resolve_corpus(result, strict=pipeline.strict if pipeline is not None else False)
    for analysis in result.analyses.values():   # a corpus stage may have rebuilt a transient layer
        lighten(analysis)
    return result


def digest(analysis: Analysis) -> None:
    """The corpus stages' per-document parts that read the analysis (`corpus_stage(digest=...)`),
    done as it arrives: workers analyse later documents meanwhile, whereas the corpus stages run
    alone after the last one. One that fails is left to its stage, which redoes it and reports."""
    for st in corpus_digesters():
        if st.name not in analysis.prepared:
            try:
                analysis.prepared[st.name] = st.digest(analysis)
            except Exception as exc:  # the corpus stage meets the same input and reports it
                log.debug("digesting %s for document %s failed: %r", st.name, analysis.doc.id, exc)


def _session(engine):
    """The engine's own context (a cluster or a process pool kept for the run), if it has one."""
    return engine if hasattr(engine, "__enter__") else contextlib.nullcontext()


def _given(pipeline: Pipeline) -> Callable[[], Pipeline]:
    """A factory returning the caller's pipeline (shipped to workers by value for the dask engine)."""
    return functools.partial(_identity, pipeline)


def _identity(value):
    return value


def resolve_corpus(result: CorpusResult, strict: bool = False) -> None:
    """Apply the cross-document stages in order; one that fails is reported, the rest still run.

    They run with the garbage collector relaxed, as the document stages do (and as this process
    runs while the engine analyses: building the pipeline, rebuilding analyses): by now it holds
    every analysis and the pipeline's data, and one full collection over them (set off by the
    stages' many small, acyclic objects) cost a quarter of the stages' time on FA-KES.
    """
    with collector_relaxed():
        _resolve(result, strict)


def _resolve(result: CorpusResult, strict: bool) -> None:
    for st in collect_corpus_stages():
        try:
            st.func(result)
        except Exception as exc:  # same isolation as Pipeline.run, for corpus stages
            if strict:
                raise
            log.error("corpus stage %s failed: %r", st.name, exc)
            result.errors.append(InputError("(corpus)", f"stage {st.name}: {type(exc).__name__}: {exc}"))


def analyse_paths(paths: Iterable[str], pipeline: Pipeline | None = None,
                  progress: Callable[[Document], None] | None = None,
                  options: IngestOptions | None = None) -> CorpusResult:
    """Read every input and analyse it: the stateless run behind `frontwatch extract`."""
    result = CorpusResult()
    return analyse_documents(iter_documents(paths, result, options, keep_raw=False), pipeline, progress, result)
