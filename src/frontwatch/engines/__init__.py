"""Where the per-document stages run: here, on worker processes of this machine, or on Dask.

The document stages are independent per article, so they are what workers can share out; the
cross-document stages (dedup, dates, cross-check, timelines) need every document at once and stay
in the calling process (`corpus.resolve_corpus`). An engine's one job is
`engine.stream(docs, pipeline_factory) -> Iterator[Analysis]`, in the order of `docs` (any
iterable, read as the work goes), with each analysis holding the caller's own `Document` objects
so that corpus stages can mark them; `engine.analyse` is the same as a list.

Memory stays bounded by what the corpus stages need: every engine hands back analyses without
their transient layers (`lighten`); kept for 79,200 articles the spaCy Docs would be tens of GB.

- `local.py`: this process, or a local pool (forked on Linux; by default for large inputs).
- `dask.py`: batches on a Dask cluster.
- `batch.py`: the batch task and the caller-side rebuilding both use.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Protocol, Sequence

from ..pipeline import Analysis
from ..records import Document
from .batch import (TRANSIENT_LAYERS, BatchItem, PipelineFactory, Progress, analyse_batch, batches, lighten,
                    rebuild)
from .dask import DEFAULT_WORKERS, DaskEngine, EngineError, _import_distributed
from .local import MIN_PARALLEL, LocalEngine, usable_cores

ENGINES = ("local", "dask")

__all__ = ["ENGINES", "MIN_PARALLEL", "TRANSIENT_LAYERS", "BatchItem", "DaskEngine", "Engine", "EngineError",
           "LocalEngine", "analyse_batch", "batches", "lighten", "make_engine", "rebuild", "usable_cores"]


class Engine(Protocol):
    """Runs the document stages over many documents."""

    def stream(self, docs: Iterable[Document], pipeline_factory: PipelineFactory,
               progress: Progress | None = None) -> Iterator[Analysis]:
        """One light analysis per document, in the order of `docs`, as they are done."""

    def analyse(self, docs: Sequence[Document], pipeline_factory: PipelineFactory,
                progress: Progress | None = None) -> list[Analysis]:
        """The same as a list."""


def make_engine(name: str = "local", scheduler: str | None = None, jobs: int | None = None,
                **options) -> Engine:
    """The engine a command asked for by name.

    `jobs` is the number of worker processes started on this machine: the local engine's pool,
    or the local Dask cluster's workers. A scheduler address only makes sense with dask, and
    then the cluster behind it decides how many workers there are.
    """
    if jobs is not None and jobs < 1:
        raise EngineError(f"--jobs must be at least 1, not {jobs}")
    if name == "local":
        if scheduler:
            raise EngineError("--scheduler needs --engine dask")
        return LocalEngine(jobs=jobs, **options)
    if name == "dask":
        _import_distributed()
        if scheduler and jobs:
            raise EngineError("--jobs starts a local cluster; with --scheduler the cluster has its own workers")
        return DaskEngine(scheduler=scheduler, workers=jobs or DEFAULT_WORKERS, **options)
    raise EngineError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
