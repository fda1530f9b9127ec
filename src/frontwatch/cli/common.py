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


def engine_from_options(name: str, scheduler: str | None):
    """The engine `--engine/--scheduler` ask for; a combination it cannot run is a usage error."""
    from ..engines import EngineError, make_engine

    try:
        return make_engine(name, scheduler)
    except EngineError as exc:
        raise click.UsageError(str(exc)) from exc


def report_input_errors(errors) -> None:
    """One line per bad input on stderr: the file (and record) and the reason."""
    for err in errors:
        click.echo(f"{'problem in' if err.kept else 'skipped'} {err.where}: {err.reason}", err=True)
