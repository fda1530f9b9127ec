import pytest

from frontwatch.corpus import CorpusResult
from frontwatch.pipeline import Analysis
from frontwatch.records import ControlStatement, Document, PlaceRef, Sentence, Span
from frontwatch.resolve.timeline import build_timelines, timeline_stage

AIRPORT = PlaceRef("Aleppo International Airport", 36.18, 37.22, "the airport", "poi", "test:airport")
TOWN = PlaceRef("Saraqib", 35.86, 36.80, "Saraqib", "town", "test:saraqib")


def statement(place, side, change, date=None, doc="d1", denied_by=None, source=None):
    return ControlStatement(Span(doc, 0, 10, 0), place, f"{side} actor", side, change, date,
                            "day" if date else None, source, denied_by)


def corpus(*docs) -> CorpusResult:
    """A corpus result from (doc id, published, outlet, statements, duplicate_of) tuples."""
    result = CorpusResult()
    for doc_id, published, outlet, statements, duplicate_of in docs:
        doc = Document(id=doc_id, text="x" * 20, published=published, outlet=outlet, duplicate_of=duplicate_of)
        analysis = Analysis(doc, {"sentences": [Sentence(0, 0, 20, "x" * 20)], "control": statements})
        result.documents.append(doc)
        result.analyses[doc_id] = analysis
    return result


def test_timeline_orders_statements_and_dates_them_by_article():
    result = corpus(
        ("d1", "2024-12-02", "CNN", [statement(AIRPORT, "opposition", "captured", doc="d1")], None),
        ("d2", "2024-12-01", "Sun", [statement(AIRPORT, "sdf", "captured", "2024-11-30", doc="d2")], None),
        ("d3", None, None, [statement(AIRPORT, "government", "holds", doc="d3")], None),
    )
    line = build_timelines(result)["test:airport"]
    assert [(e.side, e.date, e.dated_by) for e in line.entries] == [
        ("sdf", "2024-11-30", "statement"), ("opposition", "2024-12-02", "publication"),
        ("government", None, "none")]
    assert line.entries[1].outlet == "CNN" and line.entries[1].sentence == "x" * 20
    assert [e.side for e in line.until("2024-12-01")] == ["sdf"]


def test_timeline_ignores_copies_of_an_article():
    result = corpus(
        ("d1", "2024-12-02", "AFP", [statement(TOWN, "opposition", "captured", doc="d1")], None),
        ("d2", "2024-12-02", "AFP", [statement(TOWN, "opposition", "captured", doc="d2")], "d1"),
    )
    assert len(build_timelines(result)["test:saraqib"].entries) == 1


@pytest.mark.parametrize("at,expected", [("2016", ["2016"]), ("2016-12-31", ["2016"]), ("2024-12-01", ["2016", "2024-12-01"])])
def test_timeline_until_accepts_partial_dates(at, expected):
    result = corpus(("d1", "2024-12-01", None, [statement(TOWN, "government", "captured", "2016"),
                                               statement(TOWN, "opposition", "captured")], None))
    line = build_timelines(result)["test:saraqib"]
    assert [e.date for e in line.until(at if len(at) == 10 else at + "-12-31")] == expected


def test_timeline_stage_puts_timelines_in_extras(shared, analyse):
    text = (shared / "seeds" / "002_65346490fb370843.txt").read_text("utf-8")
    analysis = analyse(text, published="2024-12-02", doc_id="cnn")
    result = CorpusResult([analysis.doc], {"cnn": analysis})
    timeline_stage(result)
    lines = result.extras["timeline"]
    assert lines, "the CNN article states who took several places"
    for line in lines.values():
        assert all(e.doc_id == "cnn" and e.date and e.date[:7] in {"2024-11", "2024-12"} for e in line.entries)
