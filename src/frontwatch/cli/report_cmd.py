"""`frontwatch report`: the dashboard's map, timeline and cross-check in one self-contained HTML file."""
from __future__ import annotations

import sys

import click

from ..exitcodes import ExitStatus
from .common import db_option


@click.command("report")
@click.option("-o", "--output", default="report.html", show_default=True, help="The HTML file to write.")
@click.option("--title", default="frontwatch report", show_default=True, help="The page's title.")
@db_option
def command(output: str, title: str, db: str) -> None:
    """Write the store's map, timeline and cross-check as one HTML file (inline JS, CSS, data) to share."""
    from ..report.dashboard_report import ReportAssetsMissing, write_dashboard_report
    from ..serve.readonly import open_readonly
    from ..store import StoreError

    try:
        with open_readonly(db) as store:
            result = store.load_corpus()
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitStatus.STORE_ERROR)
    if not result.documents:
        click.echo("the store holds no article: run `frontwatch run PATH...` first", err=True)
        sys.exit(ExitStatus.NO_INPUT)
    try:
        size = write_dashboard_report(result, output, title)
    except ReportAssetsMissing as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitStatus.ERROR)
    click.echo(f"report written to {output} ({size / 1e6:.1f} MB, {len(result.documents)} articles)")
