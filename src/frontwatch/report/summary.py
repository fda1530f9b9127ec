"""The situation summary: what a corpus says, in a few tables, for the terminal and a report file.

`build_summary` condenses a `CorpusResult` into a `Summary` (plain data, no formatting);
`render_summary` prints it with rich. Copies of an article (`duplicate_of`) are counted once.
Every section says so when it has nothing yet, so the summary reads well while extractors are
still being written.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..corpus import CorpusResult
from ..ingest import InputError

TOP = 10          # rows per ranked table
PER_GROUP = 4     # examples under one kind or place


@dataclass(frozen=True, slots=True)
class FigureLine:
    """One figure as the summary shows it."""

    text: str
    source: str       # who asserts it, or "the outlet"
    where: str        # the document's file (or id)


@dataclass(frozen=True, slots=True)
class ControlLine:
    """One control statement about a place."""

    actor: str
    side: str
    change: str
    date: str | None


@dataclass
class Summary:
    """Counts and top items of a corpus, ready to print."""

    documents: int = 0
    duplicates: int = 0
    analysed: int = 0
    outlets: list[tuple[str, int]] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    places: list[tuple[str, int]] = field(default_factory=list)          # place, documents naming it
    figures: dict[str, list[FigureLine]] = field(default_factory=dict)   # kind -> examples
    figure_counts: dict[str, int] = field(default_factory=dict)
    claims_by_kind: list[tuple[str, int]] = field(default_factory=list)
    speakers: list[tuple[str, str, int]] = field(default_factory=list)  # speaker, kind, claims
    speakers_by_kind: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    control: dict[str, list[ControlLine]] = field(default_factory=dict)  # place -> statements
    events: list[tuple[str, int]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def build_summary(corpus: CorpusResult) -> Summary:
    """Condense a corpus into a `Summary`; duplicates count as documents but add no records."""
    originals = [d for d in corpus.documents if not d.duplicate_of]
    analyses = [corpus.analyses[d.id] for d in originals if d.id in corpus.analyses]
    dates = sorted(d.published for d in corpus.documents if d.published)
    summary = Summary(documents=len(corpus.documents), duplicates=len(corpus.documents) - len(originals),
                      analysed=sum(1 for a in corpus.analyses.values() if a.layers),
                      outlets=Counter(d.outlet or "unknown outlet" for d in originals).most_common(TOP),
                      first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
                      errors=list(corpus.errors))
    _add_places(summary, analyses)
    _add_figures(summary, analyses)
    _add_claims(summary, analyses)
    _add_control(summary, analyses)
    summary.events = Counter(e.type for a in analyses for e in a.get("events") or []).most_common()
    return summary


def _add_places(summary: Summary, analyses) -> None:
    per_doc = Counter(name for a in analyses for name in {p.name for p in a.get("places") or []
                                                          if p.level != "country"})
    # Ties by name: the set above iterates in hash order, which changes from run to run.
    summary.places = sorted(per_doc.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]


def _add_figures(summary: Summary, analyses) -> None:
    by_kind: dict[str, list[FigureLine]] = defaultdict(list)
    for a in analyses:
        for f in a.get("figures") or []:
            by_kind[f.kind].append(FigureLine(f.text, f.source or "the outlet", a.doc.file or a.doc.id))
    ranked = sorted(by_kind.items(), key=lambda kv: -len(kv[1]))
    summary.figure_counts = {kind: len(lines) for kind, lines in ranked}
    summary.figures = {kind: lines[:PER_GROUP] for kind, lines in ranked}


def _add_claims(summary: Summary, analyses) -> None:
    claims = [c for a in analyses for c in a.get("claims") or []]
    summary.claims_by_kind = Counter(c.speaker_kind for c in claims).most_common()
    speakers = Counter((c.speaker, c.speaker_kind) for c in claims).most_common()
    summary.speakers = [(speaker, kind, n) for (speaker, kind), n in speakers[:TOP]]
    for (speaker, kind), n in speakers:
        summary.speakers_by_kind.setdefault(kind, []).append((speaker, n))


def _add_control(summary: Summary, analyses) -> None:
    by_place: dict[str, list[ControlLine]] = defaultdict(list)
    for a in analyses:
        for c in a.get("control") or []:
            by_place[c.place.name].append(ControlLine(c.actor, c.side, c.change, c.date))
    ranked = sorted(by_place.items(), key=lambda kv: -len(kv[1]))[:TOP]
    # the same statement from several articles is shown once, in date order
    summary.control = {place: sorted(set(lines), key=lambda l: (l.date or "", l.actor, l.change))[:PER_GROUP]
                       for place, lines in ranked}


# -- rendering -------------------------------------------------------------------------------------

def render_summary(summary: Summary, console: Console | None = None, show_errors: bool = True) -> None:
    """Print the summary as rich tables, one section per kind of record.

    `show_errors=False` prints only how many inputs were skipped, for callers that name them.
    """
    console = console or Console()
    console.rule("[bold]frontwatch situation summary")
    console.print(_overview(summary))
    for title, renderable in _sections(summary):
        console.print(Text(title, style="bold underline"))
        console.print(renderable if renderable is not None else Text("  none found yet", style="dim"))
    if summary.errors:
        console.print(Text(f"Inputs skipped: {len(summary.errors)}", style="bold red"))
        for err in summary.errors[:TOP if show_errors else 0]:
            console.print(f"  {err.where}: {err.reason}", markup=False, highlight=False)
        if show_errors and len(summary.errors) > TOP:
            console.print(f"  … and {len(summary.errors) - TOP} more (frontwatch stats)")


def _overview(summary: Summary) -> Text:
    dates = (f"{summary.first_date} to {summary.last_date}" if summary.first_date else "no publication dates yet")
    outlets = ", ".join(f"{name} ({n})" for name, n in summary.outlets[:5]) or "none known"
    return Text.assemble(  # Text, not markup: outlet names are input
        (f"{summary.documents} documents", "bold"), f" ({summary.duplicates} duplicates, "
        f"{summary.analysed} analysed), published {dates}\n", ("Outlets: ", "bold"), outlets)


def _sections(summary: Summary):
    yield "Top places (documents naming them)", _pairs_table(("place", "documents"), summary.places)
    yield "Figures by kind, with their sources", _figures_table(summary)
    yield "Claims by kind of source", _claims_table(summary)
    yield "Territorial control by place", _control_table(summary)
    yield "Events by type", _pairs_table(("type", "events"), summary.events)


def _row(table: Table, *cells: str) -> None:
    """Add a row of plain text: article text may hold brackets rich would read as markup."""
    table.add_row(*(Text(cell) for cell in cells))


def _table(*columns: str) -> Table:
    table = Table(show_edge=False, box=None, pad_edge=False, header_style="bold dim")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _pairs_table(columns: tuple[str, str], rows: list[tuple[str, int]]) -> Table | None:
    if not rows:
        return None
    table = _table(*columns)
    for name, n in rows:
        _row(table, name, str(n))
    return table


def _figures_table(summary: Summary) -> Table | None:
    if not summary.figures:
        return None
    table = _table("kind", "figure", "source")   # the report file also names each figure's article
    for kind, lines in summary.figures.items():
        for i, line in enumerate(lines):
            label = f"{kind} ({summary.figure_counts[kind]})" if i == 0 else ""
            _row(table, label, line.text, line.source)
    return table


def _claims_table(summary: Summary) -> Table | None:
    if not summary.claims_by_kind:
        return None
    table = _table("source kind", "claims", "most quoted")
    for kind, n in summary.claims_by_kind:
        top = summary.speakers_by_kind.get(kind, [])[:3]
        _row(table, kind, str(n), ", ".join(f"{speaker} ({count})" for speaker, count in top))
    return table


def _control_table(summary: Summary) -> Table | None:
    if not summary.control:
        return None
    table = _table("place", "actor", "side", "change", "date")
    for place, lines in summary.control.items():
        for i, line in enumerate(lines):
            _row(table, place if i == 0 else "", line.actor, line.side, line.change, line.date or "")
    return table
