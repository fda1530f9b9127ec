"""The `frontwatch` command: a thin click group over the library.

Commands live one per module in this package, in files named `<name>_cmd.py` that define
`command` (a click.Command named `<name>`); they are discovered here, so adding a command touches
no shared file. Commands parse arguments and call library functions; they hold no extraction logic.

A command's module is imported only when the command is asked for (or listed in the help): the
store's, the server's and the reports' imports (SQLAlchemy, Jinja, ...) cost `extract` a second
of start-up it never uses.
"""
from __future__ import annotations

import functools
import importlib
import logging
import pkgutil
import sys

import click

from .. import __version__


class LazyGroup(click.Group):
    """A click group whose commands are the `<name>_cmd` modules of this package, each imported
    when it is asked for (click's documented way to load subcommands lazily)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)).union(_command_names()))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in _command_names():
            self.add_command(importlib.import_module(f"{__name__}.{name}_cmd").command, name)
        return super().get_command(ctx, name)


@functools.lru_cache(maxsize=1)
def _command_names() -> tuple[str, ...]:
    return tuple(sorted(info.name[:-len("_cmd")] for info in pkgutil.iter_modules(__path__)
                        if info.name.endswith("_cmd")))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="frontwatch")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
def main(verbose: int) -> None:
    """Turn conflict news into a structured, cross-checked picture of a war."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # trafilatura warns "discarding data" for every page it rejects; frontwatch reports those itself
    logging.getLogger("trafilatura").setLevel(max(level, logging.ERROR))
