"""`frontwatch run`: ingest, extract and resolve into the store, then summarise the situation."""
from __future__ import annotations

import sys
from contextlib import ExitStack

import click

from ..report.summary import build_summary, render_summary
from ..report.summary_html import write_summary_html
from ..store.db import shown_name
from ..store.update import update_store
from .common import db_option, engine_from_options, engine_options, report_input_errors
from .progress import progress_bar
from .store_access import input_status, opened_store

DEFAULT_REPORT = "frontwatch-report.html"


@click.command("run")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@click.option("--report", "report_path", default=DEFAULT_REPORT, show_default=True,
              help="Write the summary as an HTML page here ('-' for none).")
@click.option("--reanalyse", is_flag=True, help="Analyse every stored document again, not only new ones.")
@engine_options
def command(paths: tuple[str, ...], db: str, report_path: str, reanalyse: bool, engine_name: str,
            scheduler: str | None, jobs: int | None) -> None:
    """Ingest PATHS into the store, analyse what is new, resolve across all documents, summarise.

    Re-running is safe: documents already stored are not added again and the same records
    result. Bad inputs are named on stderr, one line each; the rest is stored (exit code 3).
    """
    with opened_store(db) as store, ExitStack() as bars:
        run = update_store(store, paths, reanalyse=reanalyse, engine=engine_from_options(engine_name, scheduler, jobs),
                           progress=lambda total: bars.enter_context(progress_bar(total, "analysing")))
    added = run.ingest.added
    click.echo(f"{run.ingest.read} documents read: {len(added.added)} new, {len(added.existing)} already stored, "
               f"{len(added.duplicates)} copies; {run.analysed} analysed; store {shown_name(db)}")
    summary = build_summary(run.corpus)
    render_summary(summary, show_errors=False)
    if report_path != "-":
        write_summary_html(summary, report_path)
        click.echo(f"report written to {report_path}")
    report_input_errors(run.errors)
    sys.exit(input_status(run.ingest.read, run.errors))
