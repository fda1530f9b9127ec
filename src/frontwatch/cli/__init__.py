"""The `frontwatch` command: a thin click group over the library.

Commands live one per module in this package, in files named `<name>_cmd.py` that define
`command` (a click.Command named `<name>`); they are discovered here, so adding a command touches
no shared file. Commands parse arguments and call library functions; they hold no extraction logic.

A command's module is imported only when the command is asked for (or listed in the help): the
store's, the server's and the reports' imports (SQLAlchemy, Jinja, ...) cost `extract` a second
of start-up it never uses.
"""
from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from collections.abc import MutableMapping

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="frontwatch")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
def main(verbose: int) -> None:
    """Turn conflict news into a structured, cross-checked picture of a war."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # trafilatura warns "discarding data" for every page it rejects; frontwatch reports those itself
    logging.getLogger("trafilatura").setLevel(max(level, logging.ERROR))


class LazyCommands(MutableMapping):
    """The group's commands by name, each module imported on first use (click's lazy subcommands).

    Names come from the module files; a command added with `add_command` is kept as given.
    """

    def __init__(self, package: str, names):
        self.package, self.names = package, tuple(names)
        self.loaded: dict = {}

    def __getitem__(self, name: str):
        if name not in self.loaded:
            if name not in self.names:
                raise KeyError(name)
            self.loaded[name] = importlib.import_module(f"{self.package}.{name}_cmd").command
        return self.loaded[name]

    def __setitem__(self, name: str, command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.loaded.pop(name, None)
        self.names = tuple(n for n in self.names if n != name)

    def __iter__(self):
        return iter(dict.fromkeys(self.names + tuple(self.loaded)))

    def __len__(self) -> int:
        return len(set(self.names).union(self.loaded))


def _command_names() -> list[str]:
    return sorted(info.name[:-len("_cmd")] for info in pkgutil.iter_modules(__path__) if info.name.endswith("_cmd"))


main.commands = LazyCommands(__name__, _command_names())
