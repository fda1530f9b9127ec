"""Where a read-only command gets its corpus: a stateless run over PATHS, or the store."""
from __future__ import annotations

import sys

import click

from ..corpus import CorpusResult, analyse_paths
from ..exitcodes import ExitStatus
from .common import report_input_errors


def load_corpus(paths: tuple[str, ...], db: str) -> CorpusResult:
    """Analyse PATHS when given; otherwise load what `frontwatch run` stored in DB."""
    if paths:
        result = analyse_paths(paths)
        report_input_errors(result.errors)
        return result
    from ..store import open_store

    try:
        store = open_store(db)
    except Exception as exc:  # the store layer reports its own error classes; show them plainly
        click.echo(f"cannot open the store {db}: {exc}", err=True)
        sys.exit(ExitStatus.STORE_ERROR)
    return store.load_corpus()
