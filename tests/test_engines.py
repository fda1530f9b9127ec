"""Engines: the dask engine must give exactly what the local run gives.

The equivalence tests run a real LocalCluster of two worker processes (what `--engine dask`
starts by itself); they skip only where dask.distributed is not installed (extra `scale`).
The rest checks, without a cluster, what a worker does with a batch.
"""
from __future__ import annotations

import dataclasses
import pickle

import pytest
from click.testing import CliRunner

from frontwatch.cli import main
from frontwatch.corpus import CorpusResult, read_documents
from frontwatch.engines import (DaskEngine, EngineError, LocalEngine, TRANSIENT_LAYERS, analyse_batch, batches,
                                make_engine, rebuild)
from frontwatch.pipeline import default_pipeline
from frontwatch.records import Document
from frontwatch.resolve.pubdate import refresh


@pytest.fixture(scope="module")
def dask_client():
    """Two worker processes, one thread each: the shape `--engine dask` starts on a 2-core machine."""
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (extra `scale`)")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def dev_paths(shared):
    return [str(shared / "seeds"), str(shared / "eval" / "dev" / "articles")]


def _extract(paths: list[str], out, *engine_args: str) -> str:
    result = CliRunner().invoke(main, ["extract", *paths, "--format", "eval", "-o", str(out), *engine_args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_extract_eval_identical_with_dask(dask_client, dev_paths, tmp_path):
    local = _extract(dev_paths, tmp_path / "local.json")
    distributed = _extract(dev_paths, tmp_path / "dask.json", "--engine", "dask",
                           "--scheduler", dask_client.scheduler.address)
    assert '"places"' in local and len(local) > 10_000
    assert distributed == local


def _documents(paths: list[str]) -> list[Document]:
    return read_documents(paths, CorpusResult())


def _comparable(analysis) -> tuple:
    layers = {k: v for k, v in analysis.layers.items() if k not in TRANSIENT_LAYERS}
    return dataclasses.asdict(analysis.doc), layers, analysis.failures


def test_dask_engine_same_analyses_in_order_over_many_batches(dask_client, dev_paths):
    local = LocalEngine().analyse(_documents(dev_paths), default_pipeline)
    docs, seen = _documents(dev_paths), []
    remote = DaskEngine(client=dask_client, batch_size=4).analyse(docs, default_pipeline, progress=seen.append)
    assert all(a.doc is d for a, d in zip(remote, docs)) and len(remote) == len(docs)
    assert [_comparable(a) for a in remote] == [_comparable(a) for a in local]
    assert sorted(d.id for d in seen) == sorted(d.id for d in docs)


def test_dask_engine_keeps_its_client_across_calls_and_leaves_a_given_one_open(dask_client):
    docs = [Document(id=f"k{i}", text=f"Clashes erupted near Homs on day {i}.") for i in range(3)]
    with DaskEngine(client=dask_client, batch_size=2) as engine:
        first = engine.analyse(docs[:2], default_pipeline)
        second = engine.analyse(docs[2:], default_pipeline)
    assert [a.doc.id for a in first + second] == ["k0", "k1", "k2"]
    assert engine.client is dask_client and dask_client.status == "running"


@pytest.mark.parametrize("n, size, expected", [(0, 5, []), (5, 5, [5]), (11, 5, [5, 5, 1]), (3, 100, [3])])
def test_batches_are_consecutive_slices(n, size, expected):
    docs = [Document(id=str(i), text="x") for i in range(n)]
    parts = list(batches(docs, size))
    assert [len(p) for p in parts] == expected
    assert [d for p in parts for d in p] == docs


def test_worker_builds_the_pipeline_once_per_run():
    built = []

    def factory():
        built.append(1)
        return default_pipeline()

    docs = [Document(id=f"d{i}", text=f"Clashes erupted near Aleppo on day {i}.") for i in range(4)]
    for part in batches(docs, 2):
        analyse_batch(part, factory, "run-1")
    assert len(built) == 1
    analyse_batch(docs[:1], factory, "run-2")
    assert len(built) == 2


@pytest.mark.parametrize("text", [
    "DAMASCUS, March 3, 2019 - Government forces shelled the town, a monitor said.",
    "Rebels said on Tuesday 12 May 2015 that they had taken the crossing.",
])
def test_document_changes_made_on_a_worker_reach_the_callers_document(text):
    local_doc, sent, caller_doc = (Document(id="w", text=text) for _ in range(3))
    expected = default_pipeline().run(local_doc)
    # what a worker receives and returns is a pickled copy, never the caller's object
    items = pickle.loads(pickle.dumps(analyse_batch(pickle.loads(pickle.dumps([sent])), default_pipeline, "t")))
    analysis = rebuild(caller_doc, items[0], default_pipeline)
    assert analysis.doc is caller_doc
    assert caller_doc.published == local_doc.published and caller_doc.published_basis == local_doc.published_basis
    assert _comparable(analysis) == _comparable(expected)
    assert not TRANSIENT_LAYERS & items[0].layers.keys()


def test_corpus_stage_rerunning_document_stages_works_on_a_worker_result():
    """pubdate re-runs the stages after `times` once it infers a date: they read `tokens` again."""
    text = "Government forces shelled the town on Tuesday, killing 12 civilians, a monitor said."
    local_doc, caller_doc = Document(id="p", text=text), Document(id="p", text=text)
    local = CorpusResult([local_doc], {"p": default_pipeline().run(local_doc)})
    item = analyse_batch([Document(id="p", text=text)], default_pipeline, "t2")[0]
    remote = CorpusResult([caller_doc], {"p": rebuild(caller_doc, item, default_pipeline)})
    for result in (local, remote):
        result.documents[0].published, result.documents[0].published_basis = "2016-05-03", "inferred"
        refresh(result, result.documents[0])
    assert _comparable(remote.analyses["p"]) == _comparable(local.analyses["p"])
    assert remote.analyses["p"]["tokens"].text == text


@pytest.mark.parametrize("name, scheduler", [("local", "tcp://127.0.0.1:8786"), ("spark", None)])
def test_make_engine_refuses_what_it_cannot_do(name, scheduler):
    with pytest.raises(EngineError):
        make_engine(name, scheduler)


def test_make_engine_local_by_default():
    assert isinstance(make_engine(), LocalEngine)


def test_extract_rejects_scheduler_without_dask(dev_paths, tmp_path):
    result = CliRunner().invoke(main, ["extract", dev_paths[0], "-o", str(tmp_path / "x.json"),
                                       "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "--engine dask" in result.output


def test_run_into_the_store_is_identical_with_dask(dask_client, dev_paths, tmp_path):
    """`frontwatch run --engine dask` stores what a local run stores."""
    from frontwatch.export.evaluation import evaluation_export
    from frontwatch.store import open_store

    exports = []
    for name, args in (("local", []), ("dask", ["--engine", "dask", "--scheduler", dask_client.scheduler.address])):
        db = tmp_path / f"{name}.db"
        result = CliRunner().invoke(main, ["run", *dev_paths, "--db", str(db), "--report", "-", *args],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        store = open_store(str(db))
        exports.append(evaluation_export(store.load_corpus()))
        store.close()
    assert exports[0]["figures"] and exports[1] == exports[0]


def test_worker_ships_the_corpus_stages_per_document_parts():
    """A worker computes dedup's signature beside the document stages; the caller's analysis
    carries it (pickled across) for the corpus stage, equal to what the stage would compute."""
    from frontwatch.resolve.dedup import text_key

    text = "Government forces shelled the town on Tuesday, killing 12 civilians, a monitor said. " * 3
    item = pickle.loads(pickle.dumps(analyse_batch([Document(id="q", text=text)], default_pipeline, "t3")[0]))
    caller_doc = Document(id="q", text=text)
    shipped = rebuild(caller_doc, item, default_pipeline).prepared["dedup"]
    expected = text_key(caller_doc)
    assert shipped.words == expected.words is None
    assert shipped.signature.hashvalues.tolist() == expected.signature.hashvalues.tolist()
