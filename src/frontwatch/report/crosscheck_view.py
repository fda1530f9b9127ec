"""The cross-check in the terminal: each disputed question with its positions and sources."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text


def _doc_label(result, doc_id: str) -> str:
    doc = next((d for d in result.documents if d.id == doc_id), None)
    if doc is None:
        return doc_id
    return " ".join(x for x in (doc.outlet or doc.file or doc.id, doc.published or "") if x)


def print_disputes(check, result, limit: int = 20, console: Console | None = None) -> None:
    """A table per dispute kind: question, then one line per position (answer, source, article)."""
    console = console or Console()
    if not check.disputes:
        console.print("No disputed question found: the sources agree, or say different things.")
        return
    table = Table(title=f"Disputed questions ({len(check.disputes)}), most disputed first", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("question")
    table.add_column("positions (answer - source - article)")
    for n, dispute in enumerate(check.disputes[:limit], 1):
        lines = Text()
        for p in dispute.positions:
            lines.append(f"{p.value or '?'}", style="bold")
            lines.append(f" - {p.source or 'the outlet itself'} - {_doc_label(result, p.doc_id)}\n")
        table.add_row(str(n), Text(dispute.question), lines)
    console.print(table)
