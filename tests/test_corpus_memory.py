"""A run keeps light analyses: memory per article is bounded, and the results are unchanged.

A spaCy Doc (the `tokens` layer) costs several times all of an article's records; a run over
79,200 articles that kept them all would need tens of GB. These tests measure what a run over
real FA-KES articles retains, check that no spaCy object survives the document stages, and that
the streamed, light run (in this process or on a process pool) exports exactly what a run that
keeps every analysis whole exports.
"""
from __future__ import annotations

import dataclasses
import gc
import json
import tracemalloc

import pytest
import spacy.tokens
from click.testing import CliRunner

from frontwatch.cli import main
from frontwatch.corpus import CorpusResult, analyse_documents, iter_documents, read_documents, resolve_corpus
from frontwatch.engines import LocalEngine, TRANSIENT_LAYERS
from frontwatch.export.evaluation import evaluation_export
from frontwatch.pipeline import default_pipeline
from frontwatch.records import Document

# What a run may keep per article, beyond its text. The records of an average FA-KES article
# (2.2 KB of text, ~300 records with their spans, the sentences with their text, the corpus
# stages' groups and timelines) measure ~30 KB of Python objects; its spaCy Doc alone is ~70 KB.
# At this bound 100x FA-KES (79,200 articles) holds under 4 GB; a regression that keeps the Doc
# (or any per-token structure) crosses it.
MAX_RETAINED_PER_ARTICLE = 48 * 1024
SAMPLE = 200

SPACY_TYPES = (spacy.tokens.Doc, spacy.tokens.Span, spacy.tokens.Token)


@pytest.fixture(scope="module")
def fakes_docs(shared) -> list[Document]:
    files = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))[:SAMPLE]
    return read_documents([str(f) for f in files], CorpusResult(), keep_raw=False)


@pytest.fixture(scope="module")
def dev_paths(shared) -> list[str]:
    return [str(shared / "seeds"), str(shared / "eval" / "dev" / "articles")]


def _fresh(docs: list[Document]) -> list[Document]:
    return [dataclasses.replace(d) for d in docs]


def _spacy_objects(value, seen: set[int]) -> list[str]:
    """Names of spaCy objects reachable from `value` through containers and record fields."""
    if id(value) in seen or isinstance(value, (str, bytes, int, float, bool, type(None))):
        return []
    seen.add(id(value))
    if isinstance(value, SPACY_TYPES):
        return [type(value).__name__]
    if isinstance(value, dict):
        children = list(value.values())
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = list(value)
    else:
        children = [getattr(value, f, None) for f in getattr(value, "__slots__", ())]
        children += list(getattr(value, "__dict__", {}).values())
    return [name for child in children for name in _spacy_objects(child, seen)]


def test_a_run_retains_no_spacy_object_and_little_memory_per_article(fakes_docs):
    analyse_documents(_fresh(fakes_docs))   # fill the stages' caches (gazetteer lookups...) first
    docs = _fresh(fakes_docs)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = analyse_documents(docs)
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(result.analyses) == len(fakes_docs) >= 100
    assert not TRANSIENT_LAYERS & {name for a in result.analyses.values() for name in a.layers}
    assert _spacy_objects([a.layers for a in result.analyses.values()] + [result.extras], set()) == []
    assert sum(len(result.records(layer)) for layer in ("places", "figures", "claims")) > len(docs)
    assert retained / len(docs) < MAX_RETAINED_PER_ARTICLE, f"{retained / len(docs) / 1024:.1f} KB per article"


def _reference_export(paths: list[str]) -> str:
    """The run as it was before streaming: every analysis kept whole (tokens too) until the end."""
    result = CorpusResult()
    pipeline = default_pipeline()
    for doc in read_documents(paths, result):
        result.documents.append(doc)
        result.analyses[doc.id] = pipeline.run(doc)
    assert all("tokens" in a.layers for a in result.analyses.values())
    resolve_corpus(result)
    return json.dumps(evaluation_export(result), ensure_ascii=False, indent=1)


def _counted(items, pulled: list[int]):
    for item in items:
        pulled[0] += 1
        yield item


@pytest.mark.parametrize("jobs", [1, 2])
def test_streamed_light_run_exports_what_the_whole_run_exports(dev_paths, jobs):
    expected = _reference_export(dev_paths)
    result, pulled, first_seen = CorpusResult(), [0], []
    docs = _counted(iter_documents(dev_paths, result, keep_raw=False), pulled)
    analyse_documents(docs, result=result, engine=LocalEngine(jobs=jobs, batch_size=2),
                      progress=lambda _doc: first_seen.append(pulled[0]))
    assert json.dumps(evaluation_export(result), ensure_ascii=False, indent=1) == expected
    assert len(result.documents) == pulled[0] >= 10
    # documents are read as the engine takes them: one at a time here, a window of batches on a pool
    # (the pool keeps its window of 2*jobs+1 batches busy and may read one batch ahead of it)
    assert first_seen[0] <= (1 if jobs == 1 else (2 * jobs + 2) * 2) < pulled[0]


def test_iter_documents_drops_raw_inputs_only_when_asked(tmp_path):
    """Readers that keep a raw input (a JSON record, an HTML page) lose it only without keep_raw."""
    lines = [{"id": f"r{i}", "text": f"Shelling hit the village of Kafr Nabl on Monday, killing {i + 2} people."}
             for i in range(3)]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    (tmp_path / "page.html").write_text("<html><body><article><p>Fighters took the town of Saraqib after "
                                        "two days of clashes, a monitor said.</p></article></body></html>",
                                        encoding="utf-8")
    kept = read_documents([str(tmp_path)], CorpusResult())
    dropped = list(iter_documents([str(tmp_path)], CorpusResult(), keep_raw=False))
    assert [d.id for d in kept] == [d.id for d in dropped] and len(kept) == 4
    assert all(d.raw for d in kept) and not any(d.raw for d in dropped)
    assert [d.text for d in kept] == [d.text for d in dropped]


def test_iter_documents_reports_bad_inputs_and_repeats_once(tmp_path):
    (tmp_path / "a.txt").write_text("Shelling hit the old market in Idlib on Monday, residents said.\n")
    (tmp_path / "empty.txt").write_text("")
    result = CorpusResult()
    docs = list(iter_documents([str(tmp_path), str(tmp_path / "a.txt")], result))
    assert len(docs) == 1 and "Idlib" in docs[0].text
    assert any("empty.txt" in e.where for e in result.errors)


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "at least 1"),
    (["--engine", "dask", "--jobs", "2", "--scheduler", "tcp://127.0.0.1:1"], "own workers"),
])
def test_extract_refuses_jobs_it_cannot_use(dev_paths, tmp_path, args, message):
    pytest.importorskip("distributed") if "dask" in args else None
    result = CliRunner().invoke(main, ["extract", dev_paths[0], "-o", str(tmp_path / "x.json"), *args])
    assert result.exit_code == 2 and message in result.output
