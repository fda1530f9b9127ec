"""Opening the store from a command: a store that cannot be opened ends the command cleanly."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

import click

from ..exitcodes import ExitStatus
from ..ingest import InputError
from ..store import Store, StoreError, open_store


@contextmanager
def opened_store(db: str) -> Iterator[Store]:
    """The store at `db`, closed afterwards.

    A `StoreError` exits with STORE_ERROR and one line; Ctrl-C exits with INTERRUPTED and says
    that what was committed is kept (every write is its own transaction, so it is).
    """
    try:
        store = open_store(db)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitStatus.STORE_ERROR)
    try:
        yield store
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitStatus.STORE_ERROR)
    except KeyboardInterrupt:
        click.echo("interrupted: what was already stored is kept; run the command again to finish", err=True)
        sys.exit(ExitStatus.INTERRUPTED)
    finally:
        store.close()


def input_status(read: int, errors: list[InputError]) -> ExitStatus:
    """OK, PARTIAL when some inputs were bad, NO_INPUT when nothing at all could be read."""
    if not read:
        return ExitStatus.NO_INPUT
    return ExitStatus.PARTIAL if errors else ExitStatus.OK
