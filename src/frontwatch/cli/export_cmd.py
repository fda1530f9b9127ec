"""`frontwatch export`: write one layer in an analyst's format (events as ACLED-style CSV, ...)."""
from __future__ import annotations

import sys

import click

from ..exitcodes import ExitStatus
from ..export.acled import WRITERS
from .common import db_option
from .corpus_source import load_corpus


@click.group("export")
def command() -> None:
    """Export extracted records in formats other tools read."""


@command.command("events")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(sorted(WRITERS)), default="acled-csv", show_default=True,
              help="acled-csv: ACLED's columns and categories; csv: frontwatch's flat rows; json: full records.")
@click.option("-o", "--output", default="-", help="Output file; '-' is stdout.")
@db_option
def events(paths: tuple[str, ...], fmt: str, output: str, db: str) -> None:
    """Export every placed event of PATHS (a stateless run), or of the store when no PATHS are given."""
    result = load_corpus(paths, db)
    if not result.documents:
        click.echo("no documents to export", err=True)
        sys.exit(ExitStatus.NO_INPUT)
    writer = WRITERS[fmt]
    if output == "-":
        n = writer(result, sys.stdout)
    else:
        with open(output, "w", encoding="utf-8", newline="") as f:
            n = writer(result, f)
        click.echo(f"wrote {n} events to {output}", err=True)
    sys.exit(ExitStatus.PARTIAL if paths and result.errors else ExitStatus.OK)
