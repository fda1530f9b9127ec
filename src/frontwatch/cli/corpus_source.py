"""Where a read-only command gets its corpus: a stateless run over PATHS, or the store."""
from __future__ import annotations

from ..corpus import CorpusResult, analyse_paths
from .common import report_input_errors
from .store_access import opened_store


def load_corpus(paths: tuple[str, ...], db: str) -> CorpusResult:
    """Analyse PATHS when given; otherwise load what `frontwatch run` stored in DB."""
    if paths:
        result = analyse_paths(paths)
        report_input_errors(result.errors)
        return result
    with opened_store(db) as store:
        return store.load_corpus()
