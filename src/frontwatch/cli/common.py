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


def engine_options(func):
    """`--engine`, `--scheduler` and `--jobs`: where and on how many processes the article stages run."""
    from ..engines import ENGINES

    func = click.option("--jobs", type=int, default=None, metavar="N",
                        help="Worker processes on this machine: a pool for --engine local (default: one per "
                             "core once there are 48 articles or more, forked on Linux; 1 keeps every article "
                             "in this process), the local cluster's workers for --engine dask (default 2).")(func)
    func = click.option("--scheduler", metavar="ADDRESS", default=None,
                        help="Dask scheduler to use (tcp://host:8786) with --engine dask; without it a local "
                             "cluster of worker processes is started for the run.")(func)
    return click.option("--engine", "engine_name", type=click.Choice(ENGINES), default="local", show_default=True,
                        help="Where the per-article stages run: this machine, or batches on a Dask cluster "
                             "(extra `scale`); the cross-article stages always run here.")(func)


def engine_from_options(name: str, scheduler: str | None, jobs: int | None = None):
    """The engine `--engine/--scheduler/--jobs` ask for; a combination it cannot run is a usage error."""
    from ..engines import EngineError, make_engine

    try:
        return make_engine(name, scheduler, jobs)
    except EngineError as exc:
        raise click.UsageError(str(exc)) from exc


def report_input_errors(errors) -> None:
    """One line per bad input on stderr: the file (and record) and the reason."""
    for err in errors:
        click.echo(f"{'problem in' if err.kept else 'skipped'} {err.where}: {err.reason}", err=True)
