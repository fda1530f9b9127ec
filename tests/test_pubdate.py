"""Dates inferred from the rest of the corpus for articles that carry none."""
from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta

import pytest

from frontwatch.corpus import CorpusResult
from frontwatch.dates import publication_date
from frontwatch.extract.sentences import sentences_stage
from frontwatch.extract.timex import timex_stage
from frontwatch.pipeline import Analysis
from frontwatch.records import Document
from frontwatch.resolve.pubdate import pubdate_stage

# An invented incident told by three dated reports and one undated one (all written for this test).
DATED = [
    "Tue 14 Mar 2023 Floodwater cut the Qarmeen causeway near Tell Hazrun on Monday, "
    "stranding lorries of the Zawiyat relief convoy. Engineer Salim Ouderi said pumps were sent.",
    "Wed 15 Mar 2023 Pumps reached the Qarmeen causeway at Tell Hazrun, where the Zawiyat relief "
    "convoy waited since Monday. Salim Ouderi said repairs would take days.",
    "Wed 15 Mar 2023 The Zawiyat convoy remained stuck at Tell Hazrun after the Qarmeen causeway "
    "collapsed, engineer Salim Ouderi told reporters.",
]
UNDATED = ("Lorries of the Zawiyat relief convoy crossed the repaired Qarmeen causeway near Tell "
           "Hazrun on Thursday, engineer Salim Ouderi said, after pumps worked since Tuesday.")
UNRELATED = "Beekeepers in the hills reported a poor honey season, blaming a cold spring."
FILLER = ("harvest orchard ferry museum library stadium concert bakery vineyard harbour tram "
          "bridge theatre tunnel glacier canal bazaar lighthouse quarry windmill").split()


def _doc(i: int, text: str) -> Document:
    doc = Document(id=f"d{i}", text=text)
    doc.published, doc.published_basis = publication_date(doc)
    return doc


def _corpus(fillers: int = 30) -> CorpusResult:
    rng = random.Random(42)
    texts = DATED + [UNDATED, UNRELATED]
    for day in range(1, fillers + 1):  # unrelated dated articles, so the corpus has ordinary words
        words = " ".join(rng.sample(FILLER, 8))
        texts.append(f"{date(2018, 1, 1).replace(day=1 + day % 28):%a %d %b} 2018 Council notes: {words}.")
    result = CorpusResult()
    _add_texts(result, enumerate(texts))
    return result


def _add_texts(result: CorpusResult, numbered) -> None:
    """Documents with their sentences and times (what pubdate reads), added to `result`."""
    for i, text in numbered:
        doc = _doc(i, text)
        analysis = Analysis(doc, {"sentences": None, "tokens": None})
        analysis.layers["sentences"] = sentences_stage(analysis)
        analysis.layers["times"] = timex_stage(analysis)
        result.documents.append(doc)
        result.analyses[doc.id] = analysis


def test_pubdate_infers_from_reports_of_the_same_events():
    result = _corpus()
    undated, unrelated = result.documents[3], result.documents[4]
    assert undated.published is None and unrelated.published is None
    pubdate_stage(result)
    # neighbours: 14-15 March 2023; Thursday nearest is 16 March, published the day after
    assert (undated.published, undated.published_basis) == ("2023-03-17", "inferred")
    assert (unrelated.published, unrelated.published_basis) == (None, None)
    assert result.extras["pubdate"]["inferred"] == {undated.id: "2023-03-17"}
    times = result.analyses[undated.id]["times"]
    assert [(t.text, t.value) for t in times] == [("Thursday", "2023-03-16"), ("Tuesday", "2023-03-14")]


def test_pubdate_copy_takes_its_originals_date():
    result = _corpus()
    copy = _doc(99, "Beekeepers said the season was poor.")
    copy.duplicate_of = result.documents[0].id
    result.documents.append(copy)
    pubdate_stage(result)
    assert (copy.published, copy.published_basis) == ("2023-03-14", "inferred")


def test_pubdate_leaves_dated_documents_alone():
    result = _corpus()
    before = [(d.published, d.published_basis) for d in result.documents[:3]]
    pubdate_stage(result)
    assert [(d.published, d.published_basis) for d in result.documents[:3]] == before


def test_pubdate_fakes_inferred_dates_near_the_crowd(shared):
    """FA-KES articles without a dateline get dates near the crowd's day (often the incident's)."""
    folder = shared / "corpora" / "fa-kes"
    crowd = {}
    for line in (folder / "meta.jsonl").read_text("utf-8").splitlines():
        m = json.loads(line)
        crowd[m["id"]] = datetime.strptime(m["crowd"]["date"], "%m/%d/%y").date()
    result = CorpusResult()
    for f in sorted((folder / "articles").glob("*.txt")):
        doc = Document(id=f.stem, text=f.read_text("utf-8").strip())
        doc.published, doc.published_basis = publication_date(doc)
        result.documents.append(doc)
    undated = [d for d in result.documents if d.published is None]
    pubdate_stage(result)
    inferred = [d for d in undated if d.published]
    assert len(inferred) >= len(undated) // 2
    near = [d for d in inferred if abs((date.fromisoformat(d.published) - crowd[d.id]).days) <= 7]
    assert len(near) >= 0.8 * len(inferred)
    assert all(d.published_basis == "inferred" for d in inferred)


# A second invented incident, told only by undated articles: the first shares words with the
# dated reports above, the second only with the first, so it can be dated only in a later pass.
BRIDGE = ("Lorries of the Zawiyat relief convoy left the Qarmeen causeway near Tell Hazrun on Thursday "
          "for the Birket Nahra ferry, where doctor Nadia Vrelli said the Harjat clinic ran short of "
          "insulin since Wednesday, engineer Salim Ouderi said.")
CHAINED = ("At the Birket Nahra ferry doctor Nadia Vrelli said on Friday that the Harjat clinic "
           "received insulin, ending a shortage that began on Wednesday.")


def _chained_corpus() -> CorpusResult:
    result = _corpus()
    _add_texts(result, enumerate((BRIDGE, CHAINED), start=100))
    return result


def test_pubdate_an_article_dated_in_one_pass_dates_another_in_the_next(monkeypatch):
    import frontwatch.resolve.pubdate as pubdate

    result = _chained_corpus()
    bridge, chained = result.documents[-2:]
    assert bridge.published is None and chained.published is None
    pubdate_stage(result)
    assert bridge.published_basis == chained.published_basis == "inferred"
    assert date.fromisoformat(chained.published) >= date.fromisoformat(bridge.published)
    # later passes re-read only the articles the newly dated ones can affect: the same dates
    # as re-reading every undated article
    again = _chained_corpus()
    monkeypatch.setattr(pubdate, "_affected", lambda left, found, vecs, queries: left)
    pubdate_stage(again)
    assert again.extras["pubdate"] == result.extras["pubdate"]


def _naive_similar_days(doc, vecs, index):
    """similar_days as the plain dot product over all of the article's words."""
    from frontwatch.resolve.pubdate import MAX_CANDIDATES, MIN_SIMILARITY, query_terms

    vec, candidates = vecs[doc.id], {}
    for w in query_terms(vec):
        candidates.update((o.id, o) for o in index.get(w, ()) if o.id != doc.id)
        if len(candidates) >= MAX_CANDIDATES:
            break
    days = {}
    for other in candidates.values():
        sim = sum(x * vecs[other.id].get(w, 0.0) for w, x in vec.items())
        day = date.fromisoformat(other.published[:10])
        if sim >= MIN_SIMILARITY and sim > days.get(day, 0.0):
            days[day] = sim
    return days


def test_similar_days_is_the_full_dot_product_to_the_last_bit():
    from frontwatch.resolve.pubdate import dated_index, similar_days

    rng = random.Random(7)
    words = [f"w{i}" for i in range(60)]
    docs, vecs = [], {}
    for i in range(80):
        doc = Document(id=f"d{i}", text="", published=None if i % 5 == 0 else f"2020-01-{1 + i % 28:02d}")
        chosen = rng.sample(words, rng.randint(3, 25))
        raw = {w: rng.random() for w in chosen}
        norm = sum(x * x for x in raw.values()) ** 0.5
        vecs[doc.id] = {w: x / norm for w, x in raw.items()}
        docs.append(doc)
    index = dated_index(docs, vecs)
    for doc in docs:
        if doc.published is None:
            assert similar_days(doc, vecs, index) == _naive_similar_days(doc, vecs, index)


@pytest.mark.parametrize("seed", range(6))
def test_anchor_from_pools_each_candidate_day(seed):
    from frontwatch.resolve.pubdate import AGREE_DAYS, MIN_LEAD, MIN_POOL, anchor_from

    rng = random.Random(seed)
    days = {date(2016, 3, 1) + timedelta(days=rng.randint(0, 40)): rng.uniform(0.2, 0.9) for _ in range(12)}

    def pool(centre):
        return sum(s for d, s in days.items() if abs((d - centre).days) <= AGREE_DAYS)

    centre = max(days, key=lambda d: (pool(d), days[d], d))
    others = [pool(d) for d in days if abs((d - centre).days) > 2 * AGREE_DAYS]
    if pool(centre) < MIN_POOL or (others and pool(centre) < MIN_LEAD * max(others)):
        assert anchor_from(days) is None
    else:
        near = {d: s for d, s in days.items() if abs((d - centre).days) <= AGREE_DAYS}
        middle = round(sum(d.toordinal() * s for d, s in near.items()) / sum(near.values()))
        assert anchor_from(days) == date.fromordinal(middle)


# -- re-running what a new date changes ---------------------------------------------------------

def _stub(name: str, produces: str, requires: tuple = ()):
    from frontwatch.pipeline import Stage

    return Stage(name, lambda analysis: [], produces, requires)


def test_dependent_stages_follow_the_requirements_transitively():
    from frontwatch.resolve.pubdate import dependent_stages

    stages = [_stub("split", "sentences", ("document",)), _stub("dates", "times", ("sentences",)),
              _stub("where", "places", ("sentences",)), _stub("counts", "figures", ("places", "times")),
              _stub("who", "actors", ("sentences",)), _stub("said", "claims", ("actors", "places")),
              _stub("what", "events", ("claims", "figures"))]
    assert [st.name for st in dependent_stages(stages)] == ["dates", "counts", "what"]
    assert [st.name for st in dependent_stages(stages, "actors")] == ["who", "said", "what"]


def test_stages_a_new_date_leaves_alone_read_nothing_it_changes():
    from frontwatch.plugins import collect_stages
    from frontwatch.resolve.pubdate import stages_from_times

    dependent = stages_from_times()
    changed = {st.produces for st in dependent}
    assert dependent[0].produces == "times" and "events" in changed and "places" not in changed
    for st in collect_stages():
        if st not in dependent:
            assert not changed.intersection(st.requires), st.name


# Hand-written: weekdays and relative dates that move with the publication date.
OWN_TEXTS = [
    "Government forces took the village of Kafr Nabl on Tuesday, a monitor said. Two days later "
    "rebels shelled Idlib, killing 12 civilians, the Syrian Observatory for Human Rights said.",
    "Last week air strikes hit a hospital in Aleppo. On Sunday the rebels said they retook the town.",
]


def _rerun_cases(shared, count: int = 12):
    files = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))
    picked = random.Random(11).sample(files, count)
    return [(f.stem, f.read_text("utf-8")) for f in picked] + [(f"own{i}", t) for i, t in enumerate(OWN_TEXTS)]


def test_refresh_after_a_new_date_equals_a_whole_run_with_that_date(shared, pipeline):
    """Re-running only the dependent stages gives every layer a whole run with the date gives."""
    import frontwatch.resolve.pubdate as pubdate
    from frontwatch.engines import lighten

    for doc_id, text in _rerun_cases(shared):
        doc = Document(id=doc_id, text=text)
        analysis = lighten(pipeline.run(doc))
        new_day = (pubdate.anchor_date(doc.published) or date(2016, 5, 3)) + timedelta(days=37)
        doc.published = new_day.isoformat()
        pubdate.refresh(CorpusResult(documents=[doc], analyses={doc.id: analysis}), doc)
        whole = pipeline.run(Document(id=doc_id, text=text, published=doc.published,
                                      published_basis=doc.published_basis))
        assert lighten(analysis).layers == lighten(whole).layers, doc_id
