"""Duplicates: exact and near copies link to the first copy; different articles never do."""
from __future__ import annotations

import re

import numpy as np

import pytest

from frontwatch.corpus import CorpusResult
from frontwatch.ingest import InputError, content_id, read_paths, unique_documents
from frontwatch.normalise import normalise_text
from frontwatch.records import Document
from frontwatch.resolve.dedup import (THRESHOLD, DuplicateIndex, dedup_stage, shingle_hashes, signature,
                                      signature_from_bytes, signature_to_bytes)

STORY = ("Government forces and their allies advanced into the eastern districts of the city on "
         "Saturday after weeks of heavy bombardment, according to a monitoring group. The group "
         "said at least 40 fighters from both sides were killed in the clashes, which continued "
         "overnight near the old market and the main hospital. Residents reported that thousands "
         "of civilians had fled towards the western neighbourhoods, carrying what they could. "
         "Rebel commanders denied that their lines had collapsed and said a counterattack was "
         "under way along the southern ring road, where the fighting was fiercest.")
OTHER = ("Aid agencies warned on Monday that food stocks in the besieged northern town would run out "
         "within two weeks unless a convoy was allowed through the checkpoints. The town has been "
         "cut off since the spring, and its only bakery closed last month for lack of flour. "
         "Officials from both sides blamed each other for the delays at the crossing.")


def doc(text: str) -> Document:
    text = normalise_text(text)
    return Document(id=content_id(text), text=text)


def syndicated(text: str) -> str:
    """A wire copy: a dateline added, commas dropped, a credit line appended."""
    return "BEIRUT (Wire) - " + text.replace(",", "") + "\n\n(Reporting by the desk)"


def words3(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def jaccard(a: str, b: str) -> float:
    x, y = words3(a), words3(b)
    return len(x & y) / len(x | y)


def test_index_links_copies_to_the_first_and_keeps_others_apart():
    index = DuplicateIndex()
    first, copy, other = doc(STORY), doc(syndicated(STORY)), doc(OTHER)
    assert index.add(first) is None
    assert index.add(other) is None
    assert index.add(copy) == first.id
    assert index.add(doc(syndicated(STORY) + " More later.")) == first.id   # a copy of a copy
    assert index.add(first) == first.id                                   # the same text again
    assert len(index) == 2


def test_same_event_told_differently_is_not_a_duplicate():
    rewritten = ("A monitoring group said on Saturday that government troops had pushed into the city's "
                 "eastern districts, with at least 40 combatants killed near the old market and the "
                 "hospital. Thousands of residents fled west, while rebel leaders insisted their "
                 "defences held and announced a counteroffensive on the southern ring road.")
    index = DuplicateIndex()
    index.add(doc(STORY))
    assert index.add(doc(rewritten)) is None


@pytest.mark.parametrize("short", ["Clashes near the airport.", "Shelling resumed in the south on Monday."])
def test_short_texts_link_only_when_identical(short):
    index = DuplicateIndex()
    assert index.add(doc(short)) is None
    assert index.add(doc(short + " Two dead.")) is None
    assert index.add(doc(short)) == doc(short).id


def test_signature_is_deterministic_and_survives_storage():
    sig = signature(shingle_hashes(STORY))
    data = signature_to_bytes(sig)
    assert data == signature_to_bytes(signature(shingle_hashes(STORY)))
    assert signature_from_bytes(data).jaccard(sig) == 1.0
    # a store rebuilds its index from saved signatures and checks a new article against it
    index = DuplicateIndex()
    index.add_signature("stored-1", signature_from_bytes(data))
    link = index.link(doc(syndicated(STORY)))
    assert link is not None and link.first_id == "stored-1" and link.similarity >= THRESHOLD


def test_corpus_stage_sets_duplicate_of_in_document_order():
    docs = [doc(OTHER), doc(STORY), doc(syndicated(STORY)), doc(syndicated(OTHER))]
    result = CorpusResult(documents=docs)
    dedup_stage(result)
    assert [d.duplicate_of for d in docs] == [None, None, docs[1].id, docs[0].id]
    pairs = [(docs[2].id, docs[1].id), (docs[3].id, docs[0].id)]
    assert [(link.doc_id, link.first_id) for link in result.extras["dedup"]] == pairs
    dedup_stage(result)                                   # again, as on a stored corpus
    assert [(link.doc_id, link.first_id) for link in result.extras["dedup"]] == pairs
    assert [d.duplicate_of for d in docs] == [None, None, docs[1].id, docs[0].id]


@pytest.fixture(scope="module")
def fakes_docs(shared) -> list[Document]:
    errors: list[InputError] = []
    docs = unique_documents(read_paths([str(shared / "corpora/fa-kes/articles.jsonl")]), errors)
    assert errors == []
    return docs


def test_fakes_dump_repeats_collapse_and_reposts_are_linked(shared, fakes_docs):
    """804 records: a repeated record is one document; a text re-posted under another id is a
    document of its own, linked to its first copy by the dedup stage."""
    import json

    lines = (shared / "corpora/fa-kes/articles.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    texts = {normalise_text(r["text"]) for r in records}
    assert len(fakes_docs) == len({r["id"] for r in records}) < len(lines)
    docs = [Document(id=d.id, text=d.text, file=d.file) for d in fakes_docs]
    result = CorpusResult(documents=docs)
    dedup_stage(result)
    originals = [d for d in docs if d.duplicate_of is None]
    assert len(originals) <= len(texts) < len(docs)


def test_fakes_near_duplicates_are_real_copies(fakes_docs):
    result = CorpusResult(documents=fakes_docs)
    dedup_stage(result)
    links = result.extras["dedup"]
    order = {d.id: n for n, d in enumerate(fakes_docs)}
    text = {d.id: d.text for d in fakes_docs}
    assert len(links) < 0.05 * len(fakes_docs)
    for link in links:
        assert order[link.first_id] < order[link.doc_id]
        assert jaccard(text[link.doc_id], text[link.first_id]) >= THRESHOLD - 0.1


def test_fakes_syndicated_copy_of_a_real_article_is_found(fakes_docs):
    index = DuplicateIndex()
    for d in fakes_docs[:150]:
        index.add(d)
    original = max(fakes_docs[:50], key=lambda d: len(d.text))
    copy = doc(syndicated(original.text))
    assert copy.id != original.id
    assert index.add(copy) in {original.id, original.duplicate_of}


# -- the numpy signature and the band index are datasketch's, value for value ------------------

def _datasketch_signature(hashes) -> np.ndarray:
    """What datasketch computes for the same shingle hashes (its own, slower, update_batch)."""
    from datasketch import MinHash

    from frontwatch.resolve import dedup

    minhash = MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED, hashfunc=int, scheme=dedup.SCHEME)
    minhash.update_batch([int(h) for h in hashes])
    return minhash.hashvalues


def _reference_word_hashes(text: str) -> list[int]:
    """crc32 of each lower-cased \\w+ word, word by word."""
    import zlib

    return [zlib.crc32(w.encode("utf-8")) for w in re.findall(r"\w+", text.lower())]


WORDY = [STORY, OTHER, "Ünïcödé wörds, İstanbul and the K (Kelvin) sign", "Ad-Dana’s café: 3 killed",
         "Ø 日本語 テキスト, x_y z", "Aleppo\ud800 stray surrogate between words", "", "...", "one"]


@pytest.mark.parametrize("text", WORDY)
def test_word_hashes_are_each_words_crc32(text):
    from frontwatch.resolve.dedup import word_hashes

    assert word_hashes(text).tolist() == _reference_word_hashes(text)


@pytest.mark.parametrize("size", [1, 9, 300, 4095, 4096, 4097, 9000])
def test_signature_has_datasketch_values(size):
    hashes = np.random.default_rng(size).integers(0, 2**32, size, dtype=np.uint64)
    assert signature(hashes).hashvalues.tolist() == _datasketch_signature(hashes).tolist()


def test_real_signatures_and_candidates_are_datasketch_ones(fakes_docs):
    """On real articles: the same signature values, and the bands find the candidates
    datasketch's MinHashLSH finds."""
    from datasketch import LeanMinHash, MinHashLSH

    from frontwatch.resolve import dedup

    ours, theirs = dedup._Bands(THRESHOLD), MinHashLSH(threshold=THRESHOLD, num_perm=dedup.NUM_PERM)
    for d in fakes_docs[:300]:
        hashes = shingle_hashes(d.text)
        sig = signature(hashes)
        assert sig.hashvalues.tolist() == _datasketch_signature(hashes).tolist()
        lean = LeanMinHash(seed=dedup.SEED, hashvalues=sig.hashvalues, scheme=dedup.SCHEME)
        assert ours.query(sig) == set(theirs.query(lean))
        if d.id not in theirs.keys:
            ours.insert(d.id, sig)
            theirs.insert(d.id, lean)


def test_permutations_and_estimates_are_datasketch_ones(fakes_docs):
    """The permutations datasketch draws for the seed, and its Jaccard estimate to the last bit."""
    from datasketch import LeanMinHash, MinHash

    from frontwatch.resolve import dedup

    theirs = MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED, scheme=dedup.SCHEME).permutations
    assert [p.tolist() for p in dedup._permutations()] == [p.tolist() for p in theirs]
    sigs = [signature(shingle_hashes(d.text)) for d in fakes_docs[:40]]
    sigs += [signature(shingle_hashes(" ".join(d.text.split()[5:]))) for d in fakes_docs[:40]]  # near copies
    lean = [LeanMinHash(seed=dedup.SEED, hashvalues=s.hashvalues, scheme=dedup.SCHEME) for s in sigs]
    for i in range(len(sigs)):
        for j in (i, (i + 1) % len(sigs), (i + 40) % len(sigs)):
            assert sigs[i].jaccard(sigs[j]) == lean[i].jaccard(lean[j])


def test_a_run_does_not_import_datasketch():
    """datasketch loads scipy (most of a second): dedup redoes what it needs instead."""
    import subprocess
    import sys

    code = ("import sys; from frontwatch.resolve import dedup; "
            "i = dedup.DuplicateIndex(); from frontwatch.records import Document; "
            "i.add(Document(id='a', text=' '.join(str(n) for n in range(50)))); "
            "print('datasketch' in sys.modules, 'scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("short, same", [
    ("Clashes near the airport.", "clashes near the airport"),
    ("Shelling resumed in the south on Monday.", "SHELLING resumed -- in the south, on Monday!"),
])
def test_short_texts_in_two_files_link_when_their_words_are_the_same(short, same):
    index = DuplicateIndex()
    first = Document(id="a", text=short, file="a.txt")
    assert index.add(first) is None
    assert index.add(Document(id="b", text=short + " Two dead.", file="b.txt")) is None
    link = index.link(Document(id="c", text=same, file="c.txt"))
    assert link is not None and (link.first_id, link.similarity) == ("a", 1.0)


def test_texts_without_words_are_never_copies():
    index = DuplicateIndex()
    assert index.add(Document(id="a", text="— …", file="a.txt")) is None
    assert index.add(Document(id="b", text="— …", file="b.txt")) is None


@pytest.mark.parametrize("threshold", [THRESHOLD, 0.5])
def test_bands_are_the_ones_datasketch_picks(threshold):
    from datasketch import MinHashLSH

    from frontwatch.resolve.dedup import NUM_PERM, _lsh_params

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    assert _lsh_params(threshold) == (lsh.b, lsh.r)


# -- the signatures workers compute beside the document stages ---------------------------------

def test_signatures_from_workers_link_what_the_stage_links_alone(fakes_docs):
    """Given each document's `text_key` (as a worker ships it back, pickled), the stage makes the
    same links as computing every signature itself; the shipped keys are then let go."""
    import copy
    import pickle

    from frontwatch.corpus import CorpusResult
    from frontwatch.pipeline import Analysis
    from frontwatch.resolve import corpus_preparers
    from frontwatch.resolve.dedup import dedup_stage, text_key

    assert [st.name for st in corpus_preparers()] == ["dedup"]
    docs = fakes_docs[:300] + [doc("Two dead near the airport."), doc("two dead near the airport")]
    alone = CorpusResult(documents=copy.deepcopy(docs))
    alone.analyses = {d.id: Analysis(d) for d in alone.documents}
    shipped = CorpusResult(documents=copy.deepcopy(docs))
    shipped.analyses = {d.id: Analysis(d, prepared={"dedup": pickle.loads(pickle.dumps(text_key(d)))})
                        for d in shipped.documents}
    dedup_stage(alone)
    dedup_stage(shipped)
    assert shipped.extras["dedup"] == alone.extras["dedup"] and alone.extras["dedup"]
    assert [d.duplicate_of for d in shipped.documents] == [d.duplicate_of for d in alone.documents]
    assert not any(a.prepared for a in shipped.analyses.values())
