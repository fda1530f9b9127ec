"""Options and helpers shared by several commands."""
from __future__ import annotations

import os

import click

DEFAULT_DB = "frontwatch.db"


def db_option(func):
    """`--db URL_OR_PATH`: the store (default ./frontwatch.db, or $FRONTWATCH_DB)."""
    return click.option(
        "--db", "db", default=lambda: os.environ.get("FRONTWATCH_DB", DEFAULT_DB), show_default=DEFAULT_DB,
        help="Store: a SQLite file path or a database URL (also $FRONTWATCH_DB).")(func)


def report_input_errors(errors) -> None:
    """One line per bad input on stderr: the file (and record) and the reason."""
    for err in errors:
        click.echo(f"{'problem in' if getattr(err, 'kept', False) else 'skipped'} {err.where}: {err.reason}", err=True)
