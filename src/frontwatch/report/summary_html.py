"""The situation summary as one self-contained HTML page, the report file `frontwatch run` writes.

A plain page with the same sections as the terminal summary; every piece of article text is
HTML-escaped. The full dashboard report is a later issue's; this one only has to read well.
"""
from __future__ import annotations

from html import escape
from typing import Iterable, Sequence

from .summary import Summary

STYLE = """body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:.2rem .7rem;text-align:left;
border-bottom:1px solid #ddd;vertical-align:top}th{color:#666;font-weight:600}.none{color:#888}"""


def summary_html(summary: Summary, title: str = "frontwatch situation summary") -> str:
    """The whole page as a string."""
    body = [f"<h1>{escape(title)}</h1>", _overview(summary),
            _section("Top places (documents naming them)", ("place", "documents"), summary.places),
            _section("Figures by kind, with their sources", ("kind", "figure", "source", "article"),
                     [(kind, line.text, line.source, line.where)
                      for kind, lines in summary.figures.items() for line in lines]),
            _section("Claims by kind of source", ("source kind", "claims"), summary.claims_by_kind),
            _section("Most quoted sources", ("speaker", "kind", "claims"), summary.speakers),
            _section("Territorial control by place", ("place", "actor", "side", "change", "date"),
                     [(place, c.actor, c.side, c.change, c.date or "")
                      for place, lines in summary.control.items() for c in lines]),
            _section("Events by type", ("type", "events"), summary.events),
            _section("Inputs skipped", ("input", "reason"), [(e.where, e.reason) for e in summary.errors])]
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def write_summary_html(summary: Summary, path: str) -> None:
    """Write the page to `path`."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(summary_html(summary))


def _overview(summary: Summary) -> str:
    dates = (f"{summary.first_date} to {summary.last_date}" if summary.first_date else "no publication dates yet")
    outlets = ", ".join(f"{name} ({n})" for name, n in summary.outlets) or "none known"
    return (f"<p><strong>{summary.documents} documents</strong> ({summary.duplicates} duplicates, "
            f"{summary.analysed} analysed), published {escape(dates)}.<br>Outlets: {escape(outlets)}</p>")


def _section(title: str, columns: Sequence[str], rows: Iterable[Sequence]) -> str:
    rows = list(rows)
    if not rows:
        return f"<h2>{escape(title)}</h2>\n<p class=\"none\">None found yet.</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "\n".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return f"<h2>{escape(title)}</h2>\n<table><tr>{head}</tr>\n{body}</table>"
