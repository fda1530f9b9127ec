"""The situation summary `run` prints and writes: complete while extractors are empty, and safe HTML."""
from __future__ import annotations

import io

import pytest
from rich.console import Console

from frontwatch.corpus import CorpusResult
from frontwatch.ingest import InputError
from frontwatch.pipeline import Analysis
from frontwatch.records import ControlStatement, Document, Figure, PlaceMention, PlaceRef, Span
from frontwatch.report.summary import build_summary, render_summary
from frontwatch.report.summary_html import summary_html

HOSTILE = "<script>alert(1)</script> [bold]x[/bold]"


def corpus(figures=(), control=(), duplicate=False) -> CorpusResult:
    docs = [Document(id="d1", text="Text one.", file="one.txt", outlet="Outlet A", published="2024-01-02"),
            Document(id="d2", text="Text two.", file="two.txt", published="2024-01-05",
                     duplicate_of="d1" if duplicate else None)]
    result = CorpusResult(documents=docs, errors=[InputError("bad.bin", "binary file")])
    result.analyses = {"d1": Analysis(docs[0], {"figures": list(figures), "control": list(control)}),
                       "d2": Analysis(docs[1], {"figures": list(figures)})}
    return result


def rendered(summary, **kwargs) -> str:
    out = io.StringIO()
    render_summary(summary, Console(file=out, width=100, color_system=None), **kwargs)
    return out.getvalue()


def test_summary_reads_well_with_nothing_extracted():
    text = rendered(build_summary(corpus()))
    assert "2 documents" in text and "2024-01-02 to 2024-01-05" in text and "Outlet A (1)" in text
    assert text.count("none found yet") == 5
    assert "bad.bin: binary file" in text


@pytest.mark.parametrize("duplicate, expected", [(False, 2), (True, 1)])
def test_summary_counts_a_copy_once(duplicate, expected):
    fig = Figure(Span("d1", 0, 4, 0), "12 people", "killed", 12, 12, source="a monitor")
    summary = build_summary(corpus(figures=[fig], duplicate=duplicate))
    assert summary.figure_counts == {"killed": expected} and summary.duplicates == int(duplicate)


def test_summary_shows_input_text_literally():
    fig = Figure(Span("d1", 0, 4, 0), HOSTILE, "killed", 3, 3, source=HOSTILE)
    ctl = ControlStatement(Span("d1", 0, 4, 0), PlaceRef(HOSTILE, 1.0, 2.0), "Some army", "government", "captured")
    summary = build_summary(corpus(figures=[fig], control=[ctl]))
    assert "[bold]x[/bold]" in rendered(summary)          # rich markup in article text is not applied
    page = summary_html(summary)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<table>") == 3                        # figures, control, skipped inputs
    assert page.count("None found yet") == 4                 # places, claims, speakers, events


def test_summary_errors_only_counted_when_named_elsewhere():
    text = rendered(build_summary(corpus()), show_errors=False)
    assert "Inputs skipped: 1" in text and "bad.bin" not in text


def test_summary_breaks_place_ties_by_name():
    """Places named by as many documents come in name order, whatever the set order of a run."""
    names = ["Zabadani", "Azaz", "Maarat al-Numan", "Douma", "Kobani"]
    places = [PlaceMention(Span("d1", 0, 4, 0), n, n, 35.0, 37.0, "town") for n in names]
    result = corpus()
    result.analyses["d1"].layers["places"] = places
    assert [name for name, _ in build_summary(result).places] == sorted(names)
