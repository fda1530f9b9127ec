"""`frontwatch search`: full-text search over the stored articles."""
from __future__ import annotations

import json
from dataclasses import asdict

import click

from .common import db_option
from .store_access import opened_store


@click.command("search")
@click.argument("query")
@db_option
@click.option("-n", "--limit", default=20, show_default=True, help="Most documents to list.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document.")
def command(query: str, db: str, limit: int, as_json: bool) -> None:
    """List the stored articles matching QUERY, best first.

    QUERY uses SQLite FTS5 syntax ("exact phrase", OR, NOT, prefix*); anything else is searched
    as plain words. Matches in the snippet are shown in [brackets].
    """
    with opened_store(db) as store:
        hits = store.search(query, limit)
    for hit in hits:
        if as_json:
            click.echo(json.dumps(asdict(hit), ensure_ascii=False))
        else:
            click.echo(f"{hit.doc_id}  {hit.file or ''}  {hit.title or ''}\n    {' '.join(hit.snippet.split())}")
    if not hits and not as_json:
        click.echo("no matching document", err=True)
