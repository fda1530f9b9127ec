"""Where the per-document stages run: in this process, or in batches on a Dask cluster.

The document stages are independent per article, so they are what a cluster can share out; the
cross-document stages (dedup, dates, cross-check, timelines) need every document at once and stay
in the calling process (`corpus.resolve_corpus`). An engine's one job is
`engine.stream(docs, pipeline_factory) -> Iterator[Analysis]`, in the order of `docs` (any
iterable, read as the work goes), with each analysis holding the caller's own `Document` objects
so that corpus stages can mark them; `engine.analyse` is the same as a list.

Memory stays bounded by what the corpus stages need: every engine hands back analyses without
their transient layers (`lighten`). The `tokens` layer, a spaCy Doc, costs ~70 KB of Python
objects per short article, about three times all the records the corpus stages, exports and
store read; kept for 79,200 articles it would be tens of GB. A corpus stage that re-runs document
stages (pubdate, on the few articles it dates) gets it rebuilt from the text.

`LocalEngine` runs the same batches on worker processes of this machine, for users without a
cluster: by default one per usable core once the input is large enough to pay for them. On Linux
the workers are forked from this process after it has built the pipeline and analysed the first
article (which loads the data the stages read lazily), so they start at once and share that data
copy-on-write; elsewhere they are spawned and build their own.

`DaskEngine` sends *batches* of documents (a partition per task, never a task per article): the
per-task overhead of a scheduler (~1 ms) would otherwise cost as much as analysing a short article.
Each worker builds the pipeline once per run and keeps it for every batch it gets; the data the
stages load (gazetteer, lexicons) is cached per worker process by the stages themselves. Results
come back without the transient layers (the store does not keep them either).
"""
from __future__ import annotations

import collections
import dataclasses
import functools
import gc
import itertools
import logging
import os
import pickle
import sys
import uuid
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence

from .pipeline import Analysis, Pipeline
from .records import Document

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
TRANSIENT_LAYERS = frozenset({"tokens"})   # not sent back from workers; see the module docstring
DEFAULT_BATCH_SIZE = 100                   # articles per task: ~1 s of work, ~0.5 MB of text
DEFAULT_WORKERS = 2
FORKED_BATCH_SIZE = 16                     # articles per task on forked workers: no pipeline to ship
MIN_PARALLEL = 48                          # fewer articles than this run here unless jobs are asked for

Progress = Callable[[Document], None]
PipelineFactory = Callable[[], Pipeline]


class EngineError(RuntimeError):
    """An engine that cannot be used here (its package is missing, its scheduler unreachable)."""


class Engine(Protocol):
    """Runs the document stages over many documents."""

    def stream(self, docs: Iterable[Document], pipeline_factory: PipelineFactory,
               progress: Progress | None = None) -> Iterator[Analysis]:
        """One light analysis per document, in the order of `docs`, as they are done."""

    def analyse(self, docs: Sequence[Document], pipeline_factory: PipelineFactory,
                progress: Progress | None = None) -> list[Analysis]:
        """The same as a list."""


def lighten(analysis: Analysis) -> Analysis:
    """Drop the layers only the document stages read, so that a retained analysis stays small."""
    for name in TRANSIENT_LAYERS:
        analysis.layers.pop(name, None)
    return analysis


class LocalEngine:
    """On this machine: in this process, or on a pool of worker processes.

    Args:
        jobs: worker processes; 1 runs everything here (the reference), None (the default) uses
            one per usable core when the input has at least `MIN_PARALLEL` articles and workers
            can be forked, and runs here otherwise.
        batch_size: articles per task for spawned workers (forked ones take `FORKED_BATCH_SIZE`).
        start_method: "fork" or "spawn"; None forks where the platform can.

    The documents go in batches to the workers and come back as Dask workers' do (same batch
    task, same rebuilding here), so the results are the same as in one process.
    """

    def __init__(self, jobs: int | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 start_method: str | None = None):
        self.jobs = None if jobs is None else max(int(jobs), 1)
        self.batch_size = batch_size
        self.start_method = start_method or ("fork" if _can_fork() else "spawn")
        self._pool = None

    @property
    def parallel(self) -> bool:
        """Whether this engine may use worker processes at all."""
        return self.jobs is None and self.start_method == "fork" and usable_cores() > 1 or (self.jobs or 1) > 1

    def __enter__(self) -> "LocalEngine":
        """Keep one spawned pool for several `analyse` calls (forked pools live for one call)."""
        if self.start_method == "spawn" and (self.jobs or 1) > 1 and self._pool is None:
            self._pool = _process_pool(self.jobs, "spawn")
        return self

    def __exit__(self, *exc) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(cancel_futures=True)

    def stream(self, docs: Iterable[Document], pipeline_factory: PipelineFactory,
               progress: Progress | None = None) -> Iterator[Analysis]:
        if not self.parallel:
            yield from _here(pipeline_factory(), docs, progress)
        elif self.start_method == "fork":
            yield from self._stream_forked(iter(docs), pipeline_factory, progress)
        else:
            yield from self._stream_spawned(docs, pipeline_factory, progress)

    def analyse(self, docs: Sequence[Document], pipeline_factory: PipelineFactory,
                progress: Progress | None = None) -> list[Analysis]:
        return list(self.stream(docs, pipeline_factory, progress))

    def _stream_forked(self, docs: Iterator[Document], factory, progress) -> Iterator[Analysis]:
        """The first article here (it loads the stages' lazy data), the rest on forked workers."""
        pipeline = factory()
        head = list(itertools.islice(docs, 1 if self.jobs else MIN_PARALLEL))
        if not head:
            return
        if self.jobs is None and len(head) < MIN_PARALLEL:
            yield from _here(pipeline, head, progress)
            return
        yield from _here(pipeline, head[:1], progress)
        jobs = self.jobs or usable_cores()
        with _forked_pool(pipeline, jobs) as pool:
            submit = lambda index, part: pool.submit(_analyse_forked_batch, part)  # noqa: E731
            parts = batches(itertools.chain(head[1:], docs), FORKED_BATCH_SIZE)
            yield from _in_order(submit, parts, 2 * jobs + 1, functools.partial(_identity, pipeline), progress)

    def _stream_spawned(self, docs, factory, progress) -> Iterator[Analysis]:
        owned = self._pool is None
        pool = _process_pool(self.jobs or usable_cores(), "spawn") if owned else self._pool
        token = uuid.uuid4().hex
        try:
            submit = lambda index, part: pool.submit(analyse_batch, part, factory, token)  # noqa: E731
            yield from _in_order(submit, batches(docs, self.batch_size), 2 * (self.jobs or 1) + 1, factory,
                                 progress)
        finally:
            if owned:
                pool.shutdown(cancel_futures=True)


def _here(pipeline: Pipeline, docs: Iterable[Document], progress: Progress | None) -> Iterator[Analysis]:
    for doc in docs:
        analysis = lighten(pipeline.run(doc))
        if progress:
            progress(doc)
        yield analysis


def _identity(value):
    return value


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the platform tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _can_fork() -> bool:
    """Fork is safe for these workers on Linux (macOS frameworks and Windows need spawn)."""
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _process_pool(jobs: int, method: str = "spawn"):
    """Worker processes: spawned afresh, or forked from this process (sharing its loaded state)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))


_FORKED_PIPELINE: list[Pipeline] = []   # the pipeline forked workers inherit from their parent


class _forked_pool:
    """A pool forked while `pipeline` is this process's: its workers run that very pipeline.

    The parent's objects are frozen out of the garbage collector first: a collection in a
    worker would otherwise write to every inherited object and copy the pages they share.
    """

    def __init__(self, pipeline: Pipeline, jobs: int):
        self.pipeline, self.jobs, self.pool = pipeline, jobs, None

    def __enter__(self):
        _FORKED_PIPELINE[:] = [self.pipeline]
        gc.collect()
        gc.freeze()
        self.pool = _process_pool(self.jobs, "fork")
        return self.pool

    def __exit__(self, *exc) -> None:
        try:
            self.pool.shutdown(cancel_futures=True)
        finally:
            _FORKED_PIPELINE.clear()
            gc.unfreeze()


def _analyse_forked_batch(docs: list[Document]) -> bytes:
    """The task a forked worker runs: its inherited pipeline on a batch, pickled here.

    The results travel as bytes so that the parent unpickles them itself, with the collector
    paused (`_loads`): tens of thousands of small records otherwise set off collections that
    cost more than the unpickling.
    """
    pipeline = _FORKED_PIPELINE[0]
    items = [_batch_item(pipeline, doc) for doc in docs]
    with _collector_paused():
        return pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)


class _collector_paused:
    def __enter__(self):
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc) -> None:
        if self.was:
            gc.enable()


def _loads(blob: bytes) -> list:
    with _collector_paused():
        return pickle.loads(blob)


def _in_order(submit: Callable, parts: Iterable[list[Document]], window: int, factory: PipelineFactory,
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
            items = _loads(items)
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

    def stream(self, docs: Iterable[Document], pipeline_factory: PipelineFactory,
               progress: Progress | None = None) -> Iterator[Analysis]:
        docs = iter(docs)
        first = next(docs, None)
        if first is None:
            return
        with self._client() as client:
            token = uuid.uuid4().hex
            window = 2 * max(_thread_count(client), 1) + 1
            submit = functools.partial(self._submit, client, factory=pipeline_factory, token=token)
            parts = batches(itertools.chain([first], docs), self.batch_size)
            yield from _in_order(submit, parts, window, pipeline_factory, progress)

    def analyse(self, docs: Sequence[Document], pipeline_factory: PipelineFactory,
                progress: Progress | None = None) -> list[Analysis]:
        return list(self.stream(docs, pipeline_factory, progress))

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

    @staticmethod
    def _submit(client, index: int, part: list[Document], factory: PipelineFactory, token: str):
        return client.submit(analyse_batch, part, factory, token, key=(f"frontwatch-batch-{token}", index),
                             pure=False)


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
