"""`frontwatch map`: who holds each place at a date, as GeoJSON points with their sources."""
from __future__ import annotations

import json
import re
import sys

import click

from ..controlmap import WINDOW_DAYS, control_map
from ..exitcodes import ExitStatus
from .common import db_option

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_date(ctx, param, value: str) -> str:
    if not DATE.match(value):
        raise click.BadParameter("use YYYY-MM-DD (or YYYY-MM, YYYY)")
    return value


@click.command("map")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--at", "at", required=True, callback=_check_date, metavar="DATE",
              help="The day to map (YYYY-MM-DD); statements after it are ignored.")
@click.option("-o", "--output", default="-", help="GeoJSON file to write; '-' is stdout.")
@click.option("--window", default=WINDOW_DAYS, show_default=True, type=click.IntRange(0, 3650),
              help="Days before the latest report whose reports count as current.")
@db_option
def command(paths: tuple[str, ...], at: str, output: str, window: int, db: str) -> None:
    """Map who holds each place at DATE, from PATHS (a stateless run) or else the store."""
    from .corpus_source import load_corpus

    result = load_corpus(paths, db)
    if not result.documents:
        click.echo("no readable article in the inputs", err=True)
        sys.exit(ExitStatus.NO_INPUT)
    geojson = control_map(result, at, window)
    text = json.dumps(geojson, ensure_ascii=False, indent=1)
    if output == "-":
        click.echo(text)
    else:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    click.echo(f"{len(geojson['features'])} places mapped at {at}", err=True)
    sys.exit(ExitStatus.PARTIAL if result.errors else ExitStatus.OK)
