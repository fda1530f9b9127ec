"""The local engine's worker processes: forked or spawned, they give what one process gives.

By default (`jobs=None`) a large input is shared out over one forked worker per usable core
and a small one stays in this process; `jobs=1` never starts a worker.
"""
from __future__ import annotations

import dataclasses
import gc

import pytest

from frontwatch.engines import local as local_engine
from frontwatch.corpus import CorpusResult, analyse_documents, read_documents
from frontwatch.engines import MIN_PARALLEL, TRANSIENT_LAYERS, LocalEngine, make_engine
from frontwatch.export.evaluation import evaluation_export
from frontwatch.engines.batch import RELAXED_COLLECTOR
from frontwatch.pipeline import Pipeline, Stage, default_pipeline

fork_only = pytest.mark.skipif(not local_engine._can_fork(), reason="workers are forked on Linux only")


@pytest.fixture(scope="module")
def fakes_docs(shared):
    """Enough real articles (FA-KES) for the default engine to share them out."""
    files = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))[: MIN_PARALLEL + 12]
    return [str(f) for f in files]


def _comparable(analysis) -> tuple:
    layers = {k: v for k, v in analysis.layers.items() if k not in TRANSIENT_LAYERS}
    return dataclasses.asdict(analysis.doc), layers, analysis.failures


def _export(paths: list[str], engine: LocalEngine) -> dict:
    result = CorpusResult()
    docs = read_documents(paths, result)
    analyse_documents(docs, result=result, engine=engine)
    return evaluation_export(result)


@pytest.fixture(scope="module")
def reference(fakes_docs):
    return _export(fakes_docs, LocalEngine(jobs=1))


@fork_only
def test_default_engine_forks_workers_for_a_large_input_and_exports_the_same(fakes_docs, reference, monkeypatch):
    started = []
    real = local_engine._process_pool
    monkeypatch.setattr(local_engine, "_process_pool", lambda jobs, method="spawn": started.append((jobs, method))
                        or real(jobs, method))
    monkeypatch.setattr(local_engine, "usable_cores", lambda: 2)
    assert _export(fakes_docs, LocalEngine()) == reference
    assert started == [(2, "fork")]
    assert gc.get_freeze_count() == 0 and local_engine._FORKED_PIPELINE == []   # nothing left frozen or held


@pytest.mark.parametrize("method", [pytest.param("fork", marks=fork_only), "spawn"])
def test_asked_for_workers_give_the_same_analyses_in_order(fakes_docs, method):
    docs = read_documents(fakes_docs[:20], CorpusResult())
    here = LocalEngine(jobs=1).analyse(docs, default_pipeline)
    again, seen = read_documents(fakes_docs[:20], CorpusResult()), []
    pooled = LocalEngine(jobs=2, batch_size=3, start_method=method).analyse(again, default_pipeline,
                                                                           progress=seen.append)
    assert all(a.doc is d for a, d in zip(pooled, again)) and len(pooled) == len(again)
    assert [_comparable(a) for a in pooled] == [_comparable(a) for a in here]
    assert [d.id for d in seen] == [d.id for d in again]


def test_small_inputs_and_one_job_never_start_a_worker(fakes_docs, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(local_engine, "_process_pool", refuse)
    monkeypatch.setattr(local_engine, "usable_cores", lambda: 4)
    small = read_documents(fakes_docs[: MIN_PARALLEL - 1], CorpusResult())
    assert len(LocalEngine().analyse(small, default_pipeline)) == len(small)
    assert len(LocalEngine(jobs=1).analyse(read_documents(fakes_docs, CorpusResult()), default_pipeline)) \
        == len(fakes_docs)


def test_one_core_runs_here(monkeypatch):
    monkeypatch.setattr(local_engine, "usable_cores", lambda: 1)
    assert not LocalEngine().parallel and LocalEngine(jobs=2).parallel
    assert make_engine("local").jobs is None and make_engine("local", jobs=3).jobs == 3


@pytest.mark.parametrize("jobs, cores, articles, expected", [
    (None, 2, MIN_PARALLEL, 2), (None, 2, MIN_PARALLEL - 1, 1), (None, 1, 500, 1),
    (1, 4, 500, 1), (3, 1, 5, 3),
])
def test_workers_for_an_input(monkeypatch, jobs, cores, articles, expected):
    monkeypatch.setattr(local_engine, "usable_cores", lambda: cores)
    assert LocalEngine(jobs=jobs, start_method="fork").workers_for(articles) == expected


def test_collections_are_relaxed_only_while_stages_run(fakes_docs):
    seen = []
    probe = Stage("probe", lambda _analysis: seen.append(gc.get_threshold()), "probe")
    pipeline = Pipeline([*default_pipeline().stages, probe])
    before = gc.get_threshold()
    LocalEngine(jobs=1).analyse(read_documents(fakes_docs[:2], CorpusResult()), lambda: pipeline)
    assert seen == [RELAXED_COLLECTOR] * 2 and gc.get_threshold() == before


@fork_only
def test_a_forked_worker_reads_the_gazetteer_through_its_own_connection():
    import multiprocessing

    from frontwatch.geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    if not hasattr(gaz, "reconnect"):
        pytest.skip("the gazetteer is not an on-disk index here")
    parent = id(gaz.db)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        child, rows = pool.apply(_connection_and_lookup)
    assert child != parent and rows > 0


def _connection_and_lookup():
    from frontwatch.geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    return id(gaz.db), len(gaz.lookup("Aleppo"))
