"""The store: migrations, idempotent ingest, atomic record replacement, round-trips, search."""
from __future__ import annotations

import dataclasses
import sqlite3
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch.corpus import analyse_paths
from frontwatch.export.evaluation import evaluation_export
from frontwatch.ingest import InputError, content_id
from frontwatch.pipeline import Analysis
from frontwatch.records import Document, Figure, Span
from frontwatch.serialise import LAYER_TYPES
from frontwatch.store import StoreError, open_store
from frontwatch.store.migrations import MIGRATIONS

from test_serialise import records_of

# Short texts written for these tests.
TEXTS = ["Shelling hit the northern district on Monday, residents said, and several families left "
         "their homes for the villages further south before the roads were closed at night.",
         "Two convoys reached the valley after the road reopened, carrying flour, medicine and fuel "
         "for the clinics that had run short during the three weeks of the closure.",
         "The council met on Tuesday to discuss the water supply, which has been cut twice this month "
         "after the pumping station on the river lost power during the storms."]


def make_doc(text: str, **fields) -> Document:
    return Document(id=content_id(text), text=text, file=fields.pop("file", "x.txt"), **fields)


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "t.db")) as s:
        yield s


@pytest.fixture(scope="module")
def seeds_result(shared, pipeline):
    return analyse_paths([str(shared / "seeds")], pipeline)


def test_store_open_migrates_once(tmp_path):
    path = str(tmp_path / "m.db")
    open_store(path).close()
    with open_store(path) as s:
        assert s.stats().schema_version == max(m.number for m in MIGRATIONS)
    rows = sqlite3.connect(path).execute("SELECT count(*) FROM schema_version").fetchone()
    assert rows == (len(MIGRATIONS),)


def test_store_refuses_a_newer_schema(tmp_path):
    path = str(tmp_path / "n.db")
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (999, 'future', 'later')")
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


@pytest.mark.parametrize("where", ["missing-folder/x.db", "nosuchdb://x", "mysql://u@localhost/x"])
def test_store_open_errors_are_store_errors(tmp_path, where):
    with pytest.raises(StoreError):
        open_store(where if "://" in where else str(tmp_path / where))


def test_store_add_documents_is_idempotent(store):
    docs = [make_doc(t, file=f"{i}.txt") for i, t in enumerate(TEXTS)]
    first = store.add_documents(docs)
    again = store.add_documents([make_doc(t) for t in TEXTS])
    assert sorted(first.added) == sorted(d.id for d in docs) and not first.existing
    assert not again.added and sorted(again.existing) == sorted(first.added)
    assert store.stats().documents == len(TEXTS)


@pytest.mark.parametrize("copy", [lambda t: t.upper(), lambda t: t.replace(",", "").replace(" ", "\n ")])
def test_store_links_copies_to_the_first(store, copy):
    original = make_doc(TEXTS[0], file="a.txt")
    store.add_documents([original])
    report = store.add_documents([make_doc(copy(TEXTS[0]), file="b.txt")])
    (copy_id,) = report.added
    assert report.duplicates == {copy_id: original.id}
    docs = {d.id: d for d in store.load_corpus().documents}
    assert docs[copy_id].duplicate_of == original.id and docs[original.id].duplicate_of is None


def test_store_a_rejected_document_keeps_the_rest_of_its_batch(store):
    good = [make_doc(t, path=f"in/{i}.txt") for i, t in enumerate(TEXTS)]
    bad = make_doc("A short text.", path="in/bad.txt", author=["a list"])   # the database refuses a list
    report = store.add_documents([good[0], bad, *good[1:]], batch_size=10)
    assert [e.where for e in report.failed] == ["in/bad.txt"]
    assert sorted(report.added) == sorted(d.id for d in good)
    assert store.stats().documents == len(good)


def figure(doc_id: str, n: int) -> Figure:
    return Figure(Span(doc_id, 0, 5, 0), f"{n} people", "killed", n, n, source="a monitor")


def test_store_save_analysis_replaces_a_documents_records(store):
    doc = make_doc(TEXTS[0])
    store.add_documents([doc])
    store.save_analysis(Analysis(doc, {"figures": [figure(doc.id, 1), figure(doc.id, 2)]}), "v1")
    store.save_analysis(Analysis(doc, {"figures": [figure(doc.id, 3)]}), "v2")
    loaded = store.load_corpus().analyses[doc.id]
    assert [f.low for f in loaded["figures"]] == [3]
    assert store.analysed_by() == {doc.id: "v2"} and store.stats().records["figures"] == 1


def test_store_unanalysed_documents_load_with_no_layers(store):
    store.add_documents([make_doc(TEXTS[1])])
    corpus = store.load_corpus()
    (analysis,) = corpus.analyses.values()
    assert analysis.layers == {} and evaluation_export(corpus)["figures"] == []


def test_store_round_trips_the_seeds_export(tmp_path, seeds_result):
    """What the export says about the seeds is the same before and after the store."""
    with open_store(str(tmp_path / "seeds.db")) as s:
        s.add_documents(seeds_result.documents)
        s.save_analyses(seeds_result.analyses.values(), "test")
        s.save_corpus_extras(seeds_result.extras)
        loaded = s.load_corpus()
    assert evaluation_export(loaded) == evaluation_export(seeds_result)
    assert loaded.extras == seeds_result.extras
    for doc in seeds_result.documents:
        for layer in LAYER_TYPES:
            assert loaded.analyses[doc.id].get(layer) == (seeds_result.analyses[doc.id].get(layer) or [])


@pytest.fixture(scope="module")
def memory_store():
    with open_store(":memory:") as s:
        yield s


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(layers=st.fixed_dictionaries({layer: st.lists(records_of(cls, small_ints=True), max_size=3)
                                     for layer, cls in LAYER_TYPES.items()}))
def test_store_round_trips_any_records(memory_store, layers):
    # a sentence's index is its position in the layer (the store orders sentences by it)
    layers["sentences"] = [dataclasses.replace(s, index=i) for i, s in enumerate(layers["sentences"])]
    doc = Document(id=uuid.uuid4().hex, text="Some text of an article.")
    memory_store.add_documents([doc])
    memory_store.save_analysis(Analysis(doc, layers), "prop")
    assert memory_store.load_corpus().analyses[doc.id].layers == layers


def test_store_remembers_input_errors_until_the_input_reads(store):
    store.record_errors([InputError("in/a.txt", "empty file"), InputError("in/b.bin", "binary")])
    store.record_errors([InputError("in/a.txt", "still empty")])
    store.add_documents([make_doc(TEXTS[2], path="in/b.bin")])
    assert store.load_corpus().errors == [InputError("in/a.txt", "still empty")]


@pytest.mark.parametrize("query, expected", [("convoys", 1), ("valley OR council", 2), ('"water supply', 1),
                                             ("nothing-here-zzz", 0)])
def test_store_search_finds_articles(store, query, expected):
    store.add_documents([make_doc(t) for t in TEXTS])
    hits = store.search(query)
    assert len(hits) == expected
    assert all("[" in h.snippet for h in hits)
