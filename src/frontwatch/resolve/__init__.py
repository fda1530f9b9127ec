"""Cross-document stages: they run after every document has gone through the pipeline.

A corpus stage is a function `f(result: CorpusResult) -> None` decorated with `corpus_stage`;
it may set fields on records (a figure's `group`, a document's inferred date) and put its own
products in `result.extras[produces]`.

Its per-document part, when it has one that reads the document alone (dedup's MinHash signature
of the text), may be declared as `prepare(doc) -> value`: worker processes compute it beside the
document stages and ship it back in `Analysis.prepared[name]`, so that it does not run serially
in the calling process after them. The stage must compute the value itself where it is missing
(a run in one process, analyses loaded from a store).

A per-document part that reads the document's layers may be declared as
`digest(analysis) -> value`: the calling process computes it as each analysis comes back from
the engine (`corpus.analyse_documents`), while the workers analyse later documents, and keeps it
in `Analysis.prepared[name]` as well; again the stage computes what is missing or stale itself.
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
    prepare: Callable | None = None   # doc -> this stage's per-document input (module docstring)
    digest: Callable | None = None    # analysis -> the same, computed as analyses arrive (module docstring)


def corpus_stage(name: str, produces: str, prepare: Callable | None = None, digest: Callable | None = None):
    """Declare a corpus stage (and the per-document part workers, or the caller as analyses
    arrive, may compute for it)."""

    def wrap(func):
        func.corpus_stage = CorpusStage(name, func, produces, prepare, digest)
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


def corpus_preparers() -> tuple[CorpusStage, ...]:
    """The corpus stages with a per-document part, in order."""
    return tuple(st for st in _corpus_stages() if st.prepare is not None)


def corpus_digesters() -> tuple[CorpusStage, ...]:
    """The corpus stages with a per-document part read from the analysis, in order."""
    return tuple(st for st in _corpus_stages() if st.digest is not None)
