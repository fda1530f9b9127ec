"""The `frontwatch` command: a thin click group over the library.

Commands live one per module in this package, in files named `*_cmd.py` that define `command`
(a click.Command); they are discovered here, so adding a command touches no shared file.
Commands parse arguments and call library functions; they hold no extraction logic.
"""
from __future__ import annotations

import importlib
import logging
import pkgutil
import sys

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


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.endswith("_cmd"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            main.add_command(module.command)


_register_commands()
