"""`frontwatch ingest`: read articles into the store without analysing them."""
from __future__ import annotations

import sys

import click

from ..store.update import ingest_paths
from .common import db_option, report_input_errors
from .store_access import input_status, opened_store


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
def command(paths: tuple[str, ...], db: str) -> None:
    """Read articles from PATHS (files or folders) into the store.

    Each document is stored once, under a hash of its text: ingesting the same input again adds
    nothing, and copies of an earlier article are linked to it. Bad inputs are named on stderr,
    one line each, and the rest is stored (exit code 3).
    """
    with opened_store(db) as store:
        report = ingest_paths(store, paths)
    added = report.added
    click.echo(f"{report.read} documents read: {len(added.added)} added, {len(added.existing)} already stored, "
               f"{len(added.duplicates)} copies of earlier articles")
    report_input_errors(report.errors)
    sys.exit(input_status(report.read, report.errors))
