"""Dates inferred from the rest of the corpus for articles that carry none."""
from __future__ import annotations

import json
import random
from datetime import date, datetime

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
    for i, text in enumerate(texts):
        doc = _doc(i, text)
        analysis = Analysis(doc, {"sentences": None, "tokens": None})
        analysis.layers["sentences"] = sentences_stage(analysis)
        analysis.layers["times"] = timex_stage(analysis)
        result.documents.append(doc)
        result.analyses[doc.id] = analysis
    return result


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
