"""What every engine shares: batches of documents, the worker's task, and the caller's rebuilding.

A worker runs the document stages on a batch and sends back each article's layers without the
transient ones (`TRANSIENT_LAYERS`: the spaCy Doc, ~70 KB of Python objects per short article,
about three times all the records the corpus stages, exports and store read). The caller
rebuilds an `Analysis` around its own `Document` (so corpus stages mark the caller's objects) and
rebuilds a transient layer only if a corpus stage reads it again (pubdate re-runs stages on the
few articles it dates).
"""
from __future__ import annotations

import collections
import dataclasses
import gc
import itertools
import logging
import pickle
from typing import Any, Callable, Iterable, Iterator

from ..pipeline import Analysis, Pipeline
from ..records import Document
from ..resolve import corpus_preparers

log = logging.getLogger(__name__)

TRANSIENT_LAYERS = frozenset({"tokens"})   # not sent back from workers; see the module docstring
DEFAULT_BATCH_SIZE = 100                   # articles per task: ~1 s of work, ~0.5 MB of text

Progress = Callable[[Document], None]
PipelineFactory = Callable[[], Pipeline]


def lighten(analysis: Analysis) -> Analysis:
    """Drop the layers only the document stages read, so that a retained analysis stays small."""
    for name in TRANSIENT_LAYERS:
        analysis.layers.pop(name, None)
    return analysis


RELAXED_COLLECTOR = (20_000, 50, 50)   # gc thresholds while stages run (Python's default: 700, 10, 10)


class collector_relaxed:
    """Garbage collection less often while the document stages run.

    The stages allocate many short-lived objects and make almost no reference cycles, but every
    700 allocations set off a collection and every 70,000 a scan of the whole process (the loaded
    lexicons and matchers included): about a sixth of the stages' time. Collections still happen,
    just rarely, so memory held by cycles is still freed.
    """

    def __enter__(self):
        self.was = gc.get_threshold()
        gc.set_threshold(*RELAXED_COLLECTOR)

    def __exit__(self, *exc) -> None:
        gc.set_threshold(*self.was)


class collector_paused:
    """Garbage collection off for a block that makes tens of thousands of small objects at once.

    Each collection scans every tracked object of the process (the pipeline's data included);
    set off again and again while a batch's records are pickled or unpickled, they cost more than
    the (un)pickling itself.
    """

    def __enter__(self):
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc) -> None:
        if self.was:
            gc.enable()


def loads_results(blob: bytes) -> list:
    """A batch's results that a worker pickled itself (see `local._analyse_forked_batch`)."""
    with collector_paused():
        return pickle.loads(blob)


def in_order(submit: Callable, parts: Iterable[list[Document]], window: int, factory: PipelineFactory,
              progress: Progress | None) -> Iterator[Analysis]:
    """Submit batches with at most `window` outstanding; yield their analyses in input order.

    Only the outstanding batches' documents are in flight, so the caller may generate documents
    lazily; a slow head batch holds back the yield, not the workers (the window keeps them busy).
    """
    parts = enumerate(parts)
    pending: collections.deque = collections.deque()
    for index, part in itertools.islice(parts, window):
        pending.append((part, submit(index, part)))
    while pending:
        part, future = pending.popleft()
        items = future.result()
        if isinstance(items, bytes):
            items = loads_results(items)
        if hasattr(future, "release"):   # a Dask future: let the cluster forget the result now
            future.release()
        for index, nxt in itertools.islice(parts, 1):
            pending.append((nxt, submit(index, nxt)))
        for doc, item in zip(part, items):
            if progress:
                progress(doc)
            yield rebuild(doc, item, factory)


@dataclasses.dataclass
class BatchItem:
    """What a worker sends back for one document: its layers and what the stages changed on it."""

    doc_id: str
    layers: dict[str, Any]
    failures: list[str]
    changed: dict[str, Any]   # Document fields a stage set (e.g. a publication date from the text)
    prepared: dict[str, Any] = dataclasses.field(default_factory=dict)   # see `Analysis.prepared`


def batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive runs of at most `size` documents, read from `docs` only as they are needed."""
    docs = iter(docs)
    while part := list(itertools.islice(docs, max(size, 1))):
        yield part


_WORKER_PIPELINES: dict[str, Pipeline] = {}   # run token -> pipeline, in each worker process


def _worker_pipeline(token: str, factory: PipelineFactory) -> Pipeline:
    """The pipeline of run `token` in this worker, built on its first batch only."""
    pipeline = _WORKER_PIPELINES.get(token)
    if pipeline is None:
        _WORKER_PIPELINES.clear()          # one run at a time per worker: don't keep old ones
        pipeline = _WORKER_PIPELINES[token] = factory()
    return pipeline


def analyse_batch(docs: list[Document], factory: PipelineFactory, token: str) -> list[BatchItem]:
    """The task a worker runs: every document stage on one batch."""
    pipeline = _worker_pipeline(token, factory)
    return [batch_item(pipeline, doc) for doc in docs]


def batch_item(pipeline: Pipeline, doc: Document) -> BatchItem:
    before = _fields(doc)
    with collector_relaxed():
        analysis = pipeline.run(doc)
    changed = {name: value for name, value in _fields(doc).items() if before[name] != value}
    layers = {name: value for name, value in analysis.layers.items() if name not in TRANSIENT_LAYERS}
    return BatchItem(doc.id, layers, analysis.failures, changed, prepare_for_corpus(doc))


def prepare_for_corpus(doc: Document) -> dict[str, Any]:
    """The corpus stages' per-document parts (`resolve.corpus_stage(prepare=...)`), done here on
    the worker: one that fails is left to its stage, which computes it again and reports."""
    prepared = {}
    for st in corpus_preparers():
        try:
            prepared[st.name] = st.prepare(doc)
        except Exception as exc:  # the corpus stage meets the same input and reports it
            log.debug("preparing %s for document %s failed: %r", st.name, doc.id, exc)
    return prepared


def _fields(doc: Document) -> dict[str, Any]:
    return {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc) if f.name not in ("text", "raw")}


def rebuild(doc: Document, item: BatchItem, factory: PipelineFactory) -> Analysis:
    """The caller-side analysis of `doc` from a worker's result; the stages' changes applied to `doc`."""
    for name, value in item.changed.items():
        setattr(doc, name, value)
    analysis = Analysis(doc, failures=item.failures, prepared=item.prepared)
    analysis.layers = RebuildingLayers(item.layers, analysis, factory)
    return analysis


class RebuildingLayers(dict):
    """An analysis's layers where a transient layer left on the worker is rebuilt when read.

    A corpus stage may re-run document stages on a few documents (pubdate, once it has inferred
    a date): those read `tokens`, which is cheaper to tokenise again here than to ship for all.
    """

    def __init__(self, layers: dict[str, Any], analysis: Analysis, factory: PipelineFactory):
        super().__init__(layers)
        self.analysis, self.factory = analysis, factory

    def __missing__(self, name: str) -> Any:
        if name not in TRANSIENT_LAYERS:
            raise KeyError(name)
        producer = next((st for st in self.factory().stages if st.produces == name), None)
        if producer is None:
            raise KeyError(name)
        value = self[name] = producer.func(self.analysis)
        return value
