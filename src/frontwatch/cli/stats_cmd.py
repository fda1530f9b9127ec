"""`frontwatch stats`: what the store holds."""
from __future__ import annotations

import json
from dataclasses import asdict

import click

from .common import db_option
from .store_access import opened_store


@click.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
def command(db: str, as_json: bool) -> None:
    """Count the store's documents, duplicates, sentences and records of each kind."""
    with opened_store(db) as store:
        stats = store.stats()
    if as_json:
        click.echo(json.dumps(asdict(stats), indent=1))
        return
    dates = f"{stats.first_published} to {stats.last_published}" if stats.first_published else "none"
    size = f"{stats.size_bytes / 1e6:.1f} MB" if stats.size_bytes is not None else "unknown"
    lines = [("store", f"{stats.location} (schema version {stats.schema_version}, {size})"),
             ("documents", f"{stats.documents} ({stats.duplicates} duplicates, {stats.analysed} analysed)"),
             ("outlets", str(stats.outlets)), ("published", dates), ("sentences", str(stats.sentences)),
             *((layer, str(n)) for layer, n in stats.records.items()),
             ("input errors", str(stats.input_errors))]
    for label, value in lines:
        click.echo(f"{label:>13}  {value}")
