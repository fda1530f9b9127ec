"""Where the per-document stages run: in this process, or in batches on a Dask cluster.

The document stages are independent per article, so they are what a cluster can share out; the
cross-document stages (dedup, dates, cross-check, timelines) need every document at once and stay
in the calling process (`corpus.resolve_corpus`). An engine's one job is
`engine.analyse(docs, pipeline_factory) -> list[Analysis]`, in the order of `docs`, with each
analysis holding the caller's own `Document` objects so that corpus stages can mark them.

`DaskEngine` sends *batches* of documents (a partition per task, never a task per article): the
per-task overhead of a scheduler (~1 ms) would otherwise cost as much as analysing a short article.
Each worker builds the pipeline once per run and keeps it for every batch it gets; the data the
stages load (gazetteer, lexicons) is cached per worker process by the stages themselves. Results
come back without the `tokens` layer (a spaCy Doc, ten times the size of everything else and
rebuilt by the pipeline whenever it is needed; the store does not keep it either).
"""
from __future__ import annotations

import dataclasses
import logging
import uuid
from typing import Any, Callable, Iterator, Protocol, Sequence

from .pipeline import Analysis, Pipeline
from .records import Document

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
TRANSIENT_LAYERS = frozenset({"tokens"})   # not sent back from workers; see the module docstring
DEFAULT_BATCH_SIZE = 100                   # articles per task: ~1 s of work, ~0.5 MB of text
DEFAULT_WORKERS = 2

Progress = Callable[[Document], None]
PipelineFactory = Callable[[], Pipeline]


class EngineError(RuntimeError):
    """An engine that cannot be used here (its package is missing, its scheduler unreachable)."""


class Engine(Protocol):
    """Runs the document stages over many documents."""

    def analyse(self, docs: Sequence[Document], pipeline_factory: PipelineFactory,
                progress: Progress | None = None) -> list[Analysis]:
        """One analysis per document, in the order of `docs`."""


class LocalEngine:
    """In this process, one document after the other: the default, and the reference."""

    def analyse(self, docs: Sequence[Document], pipeline_factory: PipelineFactory,
                progress: Progress | None = None) -> list[Analysis]:
        pipeline = pipeline_factory()
        out = []
        for doc in docs:
            out.append(pipeline.run(doc))
            if progress:
                progress(doc)
        return out


@dataclasses.dataclass
class BatchItem:
    """What a worker sends back for one document: its layers and what the stages changed on it."""

    doc_id: str
    layers: dict[str, Any]
    failures: list[str]
    changed: dict[str, Any]   # Document fields a stage set (e.g. a publication date from the text)


def batches(docs: Sequence[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive slices of at most `size` documents."""
    for start in range(0, len(docs), max(size, 1)):
        yield list(docs[start:start + size])


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
    return [_batch_item(pipeline, doc) for doc in docs]


def _batch_item(pipeline: Pipeline, doc: Document) -> BatchItem:
    before = _fields(doc)
    analysis = pipeline.run(doc)
    changed = {name: value for name, value in _fields(doc).items() if before[name] != value}
    layers = {name: value for name, value in analysis.layers.items() if name not in TRANSIENT_LAYERS}
    return BatchItem(doc.id, layers, analysis.failures, changed)


def _fields(doc: Document) -> dict[str, Any]:
    return {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc) if f.name not in ("text", "raw")}


def rebuild(doc: Document, item: BatchItem, factory: PipelineFactory) -> Analysis:
    """The caller-side analysis of `doc` from a worker's result; the stages' changes applied to `doc`."""
    for name, value in item.changed.items():
        setattr(doc, name, value)
    analysis = Analysis(doc, failures=item.failures)
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


class DaskEngine:
    """Batches of documents analysed on a Dask cluster.

    Args:
        scheduler: address of a running scheduler (`tcp://host:8786`); None starts a LocalCluster
            of `workers` processes for the run and stops it afterwards.
        workers: processes of that LocalCluster (one thread each: the stages hold the GIL).
        batch_size: documents per task.
        client: an existing `distributed.Client` to use instead (tests, notebooks).
    """

    def __init__(self, scheduler: str | None = None, workers: int = DEFAULT_WORKERS,
                 batch_size: int = DEFAULT_BATCH_SIZE, client: Any = None):
        self.scheduler, self.workers, self.batch_size, self.client = scheduler, workers, batch_size, client
        self._given_client, self._session = client, None

    def __enter__(self) -> "DaskEngine":
        """Keep one client (and cluster) for several `analyse` calls, e.g. a store saving as it goes."""
        self._session = self._client()
        self.client = self._session.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        session, self._session, self.client = self._session, None, self._given_client
        session.__exit__(*exc)

    def analyse(self, docs: Sequence[Document], pipeline_factory: PipelineFactory,
                progress: Progress | None = None) -> list[Analysis]:
        docs = list(docs)
        if not docs:
            return []
        with self._client() as client:
            results = self._run(client, docs, pipeline_factory, progress)
        return [rebuild(doc, item, pipeline_factory) for doc, item in zip(docs, results)]

    def _client(self):
        """A context manager giving a client: the one given, or one for the scheduler / a new cluster."""
        distributed = _import_distributed()
        if self.client is not None:
            return _Borrowed(self.client)
        if self.scheduler:
            try:
                return distributed.Client(self.scheduler, timeout="10s")
            except OSError as exc:
                raise EngineError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc
        _quiet_dask()
        cluster = distributed.LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
        return _OwnedCluster(cluster, distributed.Client(cluster))

    def _run(self, client, docs: list[Document], factory: PipelineFactory,
             progress: Progress | None) -> list[BatchItem]:
        """Submit the batches a few at a time (bounded memory on the cluster); gather in order."""
        distributed = _import_distributed()
        token = uuid.uuid4().hex
        parts = list(batches(docs, self.batch_size))
        window = 2 * max(_thread_count(client), 1) + 1
        todo = iter(enumerate(parts))
        done: dict[int, list[BatchItem]] = {}
        running = distributed.as_completed()
        for index, part in _take(todo, window):
            running.add(self._submit(client, index, part, factory, token))
        for future in running:
            index = future.key[1]
            done[index] = future.result()
            future.release()
            for doc in parts[index] if progress else ():
                progress(doc)
            for nxt, part in _take(todo, 1):
                running.add(self._submit(client, nxt, part, factory, token))
        return [item for index in range(len(parts)) for item in done[index]]

    @staticmethod
    def _submit(client, index: int, part: list[Document], factory: PipelineFactory, token: str):
        return client.submit(analyse_batch, part, factory, token, key=(f"frontwatch-batch-{token}", index),
                             pure=False)


def _take(items: Iterator, n: int) -> list:
    out = []
    for item in items:
        out.append(item)
        if len(out) >= n:
            break
    return out


def _thread_count(client) -> int:
    workers = client.scheduler_info().get("workers", {})
    return sum(w.get("nthreads", 1) for w in workers.values())


class _Borrowed:
    """A client the caller owns: used, not closed."""

    def __init__(self, client):
        self.client = client

    def __enter__(self):
        return self.client

    def __exit__(self, *exc) -> None:
        return None


class _OwnedCluster:
    """A LocalCluster started for one run, closed with its client afterwards."""

    def __init__(self, cluster, client):
        self.cluster, self.client = cluster, client

    def __enter__(self):
        return self.client

    def __exit__(self, *exc) -> None:
        self.client.close()
        self.cluster.close()


def _quiet_dask() -> None:
    """Dask logs its cluster's start and stop at INFO; a run's user sees them with -v only."""
    root = logging.getLogger().getEffectiveLevel()
    logging.getLogger("distributed").setLevel(logging.ERROR if root >= logging.WARNING else root)


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise EngineError("the dask engine needs dask.distributed: pip install 'frontwatch[scale]'") from exc
    return distributed


def make_engine(name: str = "local", scheduler: str | None = None, **options) -> Engine:
    """The engine a command asked for by name; a scheduler address only makes sense with dask."""
    if name == "local":
        if scheduler:
            raise EngineError("--scheduler needs --engine dask")
        return LocalEngine()
    if name == "dask":
        _import_distributed()
        return DaskEngine(scheduler=scheduler, **options)
    raise EngineError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
