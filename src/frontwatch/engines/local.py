"""The local engine: this process, or a pool of worker processes on this machine.

By default a large input (`MIN_PARALLEL` articles or more) is shared out over one worker per
usable core, a small one stays here. On Linux the workers are forked from this process after it
has built the pipeline and analysed the first article (which loads the data the stages read
lazily), so they start at once and share that data copy-on-write; elsewhere they are spawned and
build their own. Either way the batches go and come back as they do on Dask workers
(`batch.py`), so the results are the same as in one process.
"""
from __future__ import annotations

import functools
import gc
import itertools
import os
import pickle
import signal
import sys
import uuid
from typing import Iterable, Iterator, Sequence

from ..pipeline import Analysis, Pipeline
from ..records import Document
from ..resolve import corpus_preparers
from .batch import (DEFAULT_BATCH_SIZE, PipelineFactory, Progress, analyse_batch, batch_item, batches,
                    collector_paused, collector_relaxed, in_order, lighten)

FORKED_BATCH_SIZE = 16                     # articles per task on forked workers: no pipeline to ship
MIN_PARALLEL = 48                          # fewer articles than this run here unless jobs are asked for


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

    def workers_for(self, articles: int) -> int:
        """How many worker processes `articles` articles go to (1: all in this process)."""
        if not self.parallel or (self.jobs is None and articles < MIN_PARALLEL):
            return 1
        return self.jobs or usable_cores()

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
        # asked-for workers start after one article; by default, once the input proves large enough
        head = list(itertools.islice(docs, 1 if self.jobs else MIN_PARALLEL))
        jobs = self.workers_for(len(head)) if head else 1
        if jobs == 1:
            yield from _here(pipeline, head, progress)
            return
        yield from _here(pipeline, head[:1], progress)
        corpus_preparers()   # the corpus stages' modules imported here once, not in every worker
        with _forked_pool(pipeline, jobs) as pool:
            submit = lambda index, part: pool.submit(_analyse_forked_batch, part)  # noqa: E731
            parts = batches(itertools.chain(head[1:], docs), FORKED_BATCH_SIZE)
            yield from in_order(submit, parts, _window(jobs), functools.partial(_identity, pipeline), progress)

    def _stream_spawned(self, docs, factory, progress) -> Iterator[Analysis]:
        owned = self._pool is None
        pool = _process_pool(self.jobs or usable_cores(), "spawn") if owned else self._pool
        token = uuid.uuid4().hex
        try:
            submit = lambda index, part: pool.submit(analyse_batch, part, factory, token)  # noqa: E731
            yield from in_order(submit, batches(docs, self.batch_size), _window(self.jobs or 1), factory, progress)
        finally:
            if owned:
                pool.shutdown(cancel_futures=True)


def _here(pipeline: Pipeline, docs: Iterable[Document], progress: Progress | None) -> Iterator[Analysis]:
    for doc in docs:
        with collector_relaxed():
            analysis = lighten(pipeline.run(doc))
        if progress:
            progress(doc)
        yield analysis


def _identity(value):
    return value


def _window(jobs: int) -> int:
    """Batches in flight: enough that no worker waits while the oldest batch holds back the rest."""
    return 4 * jobs + 4


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

    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_ignore_interrupts)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool and keeps what is stored.

    A worker interrupted mid-batch (Ctrl-C reaches the whole process group, and a SIGINT the
    parent receives while forking is inherited) would break the pool under the parent instead."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
    paused (`loads_results`): tens of thousands of small records otherwise set off collections that
    cost more than the unpickling.
    """
    pipeline = _FORKED_PIPELINE[0]
    items = [batch_item(pipeline, doc) for doc in docs]
    with collector_paused():
        return pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
