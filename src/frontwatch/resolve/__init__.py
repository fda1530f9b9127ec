"""Cross-document stages: they run after every document has gone through the pipeline.

A corpus stage is a function `f(result: CorpusResult) -> None` decorated with `corpus_stage`;
it may set fields on records (a figure's `group`, a document's inferred date) and put its own
products in `result.extras[produces]`.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

DEFAULT_CORPUS_MODULES = (
    "frontwatch.resolve.dedup",
    "frontwatch.resolve.pubdate",
    "frontwatch.resolve.crosscheck",
    "frontwatch.resolve.timeline",
)


@dataclass(frozen=True)
class CorpusStage:
    """A named cross-document step and the extra it produces."""

    name: str
    func: Callable
    produces: str


def corpus_stage(name: str, produces: str):
    """Declare a corpus stage."""

    def wrap(func):
        func.corpus_stage = CorpusStage(name, func, produces)
        return func

    return wrap


def collect_corpus_stages() -> list[CorpusStage]:
    """The built-in corpus stages, in order."""
    return list(_corpus_stages())


@lru_cache(maxsize=1)
def _corpus_stages() -> tuple[CorpusStage, ...]:
    """Found once per process (importing the modules and scanning them each run is waste)."""
    out = []
    for name in DEFAULT_CORPUS_MODULES:
        module = importlib.import_module(name)
        out += [o.corpus_stage for o in vars(module).values()
                if hasattr(o, "corpus_stage") and o.__module__ == module.__name__]
    return tuple(out)
