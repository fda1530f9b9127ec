"""`frontwatch crosscheck`: the disputed questions, most disputed first."""
from __future__ import annotations

import json
from dataclasses import asdict

import click

from ..report.crosscheck_view import print_disputes
from .common import db_option
from .corpus_source import load_corpus


@click.command("crosscheck")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@db_option
@click.option("-o", "--output", default="crosscheck.json", show_default=True,
              help="Write every figure group and dispute as JSON here ('-' for none).")
@click.option("--limit", default=20, show_default=True, help="How many disputes to print.")
def command(paths: tuple[str, ...], db: str, output: str, limit: int) -> None:
    """Print what sources disagree about (figures, who holds a place, denials), with sources.

    With PATHS, analyses those files; without, reads the store that `frontwatch run` filled.
    """
    result = load_corpus(paths, db)
    check = result.extras.get("crosscheck")
    if check is None:
        click.echo("no cross-check in this corpus yet: run `frontwatch run PATHS` first", err=True)
        return
    print_disputes(check, result, limit)
    if output != "-":
        with open(output, "w", encoding="utf-8") as f:
            json.dump(asdict(check), f, ensure_ascii=False, indent=1, default=str)
        click.echo(f"wrote {len(check.groups)} figure groups and {len(check.disputes)} disputes to {output}")
