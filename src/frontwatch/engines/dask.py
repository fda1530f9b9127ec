"""The Dask engine: batches of documents on a cluster's workers (extra `scale`).

It sends *batches* of documents (a partition per task, never a task per article): the per-task
overhead of a scheduler (~1 ms) would otherwise cost as much as analysing a short article. Each
worker builds the pipeline once per run and keeps it for every batch it gets; the data the stages
load (gazetteer, lexicons) is cached per worker process by the stages themselves.
"""
from __future__ import annotations

import functools
import itertools
import logging
import uuid
from typing import Any, Iterable, Iterator, Sequence

from ..pipeline import Analysis
from ..records import Document
from .batch import DEFAULT_BATCH_SIZE, PipelineFactory, Progress, in_order, analyse_batch, batches

DEFAULT_WORKERS = 2


class EngineError(RuntimeError):
    """An engine that cannot be used here (its package is missing, its scheduler unreachable)."""


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
            yield from in_order(submit, parts, window, pipeline_factory, progress)

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
