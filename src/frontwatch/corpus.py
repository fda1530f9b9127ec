"""Run the pipeline over many documents, then the cross-document stages.

This is the library entry point behind `frontwatch extract` and `frontwatch run`: it reads
inputs, analyses each document, and resolves across documents (duplicates, inferred dates,
figure groups, control timelines). It knows nothing of the store or of output formats.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .engines import Engine, LocalEngine
from .ingest import IngestOptions, InputError, read_paths, unique_documents
from .pipeline import Analysis, Pipeline, default_pipeline
from .records import Document
from .resolve import collect_corpus_stages

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
                   options: IngestOptions | None = None) -> list[Document]:
    """Read inputs into documents, recording bad inputs; the same input is kept once."""
    return unique_documents(read_paths(paths, options), result.errors)


def analyse_documents(docs: Iterable[Document], pipeline: Pipeline | None = None,
                      progress: Callable[[Document], None] | None = None,
                      result: CorpusResult | None = None, engine: Engine | None = None) -> CorpusResult:
    """Run the pipeline on each document (where `engine` says: here by default), then every corpus stage."""
    result = result or CorpusResult()
    engine = engine or LocalEngine()
    docs = list(docs)
    factory = _given(pipeline) if pipeline is not None else default_pipeline
    for analysis in engine.analyse(docs, factory, progress):
        doc = analysis.doc
        result.documents.append(doc)
        result.analyses[doc.id] = analysis
        result.errors += [InputError(doc.path or doc.file or doc.id, f"stage {failure}")
                          for failure in analysis.failures]
    resolve_corpus(result, strict=pipeline.strict if pipeline is not None else False)
    return result


def _given(pipeline: Pipeline) -> Callable[[], Pipeline]:
    """A factory returning the caller's pipeline (shipped to workers by value for the dask engine)."""
    return functools.partial(_identity, pipeline)


def _identity(value):
    return value


def resolve_corpus(result: CorpusResult, strict: bool = False) -> None:
    """Apply the cross-document stages in order; one that fails is reported, the rest still run."""
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
    docs = read_documents(paths, result, options)
    return analyse_documents(docs, pipeline, progress, result)
