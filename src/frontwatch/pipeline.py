"""Stages with declared inputs and outputs, checked when a pipeline is built.

A document stage is a function `f(analysis) -> value` that reads the layers it `requires` from
the `Analysis` and whose result is stored as the layer it `produces`. `Pipeline` orders nothing
by itself: it checks, at construction, that every stage's requirements are produced by an
earlier stage (spaCy's `requires`/`assigns` check), so a misconfigured pipeline fails before it
reads a single article rather than halfway through a run.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .records import Document

log = logging.getLogger(__name__)

BASE_LAYERS = ("document",)


@dataclass
class Analysis:
    """A document and the layers the stages have produced for it so far."""

    doc: Document
    layers: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)  # "stage: error" for stages that failed
    # corpus stage name -> its per-document input, computed where the document stages ran
    # (`resolve.corpus_stage(prepare=...)`); a corpus stage computes what is missing itself
    prepared: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        if name == "document":
            return self.doc
        return self.layers[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.layers.get(name, default)


@dataclass(frozen=True)
class Stage:
    """A named, versioned step: what it needs, what it makes, and the function that does it."""

    name: str
    func: Callable[[Analysis], Any]
    produces: str
    requires: tuple[str, ...] = ()
    version: int = 1

    @property
    def produced_by(self) -> str:
        return f"frontwatch.{self.name}.v{self.version}"


class PipelineError(ValueError):
    """A pipeline whose stages do not fit together."""


def stage(name: str, produces: str, requires: Iterable[str] = (), version: int = 1):
    """Declare a document stage; the decorated function gains a `.stage` attribute."""

    def wrap(func: Callable[[Analysis], Any]) -> Callable[[Analysis], Any]:
        func.stage = Stage(name, func, produces, tuple(requires), version)  # type: ignore[attr-defined]
        return func

    return wrap


class Pipeline:
    """An ordered list of stages, validated once; `run` applies them to one document.

    A stage that raises on one document must not cost the user the rest of the corpus: unless
    `strict`, its layer is left empty for that document and the failure is recorded in
    `Analysis.failures` (the CLI reports it and exits with a partial-failure code). Tests
    build strict pipelines so that a bug fails loudly.
    """

    def __init__(self, stages: Iterable[Stage], strict: bool = False):
        self.stages = list(stages)
        self.strict = strict
        self._check()

    def _check(self) -> None:
        available = set(BASE_LAYERS)
        for st in self.stages:
            missing = [r for r in st.requires if r not in available]
            if missing:
                raise PipelineError(f"stage {st.name!r} requires {missing} which no earlier stage produces")
            if st.produces in available:
                raise PipelineError(f"layer {st.produces!r} is produced twice (again by {st.name!r})")
            available.add(st.produces)

    @property
    def produces(self) -> list[str]:
        return [st.produces for st in self.stages]

    def run(self, doc: Document) -> Analysis:
        analysis = Analysis(doc)
        for st in self.stages:
            try:
                analysis.layers[st.produces] = st.func(analysis)
            except Exception as exc:  # isolate one document's failure; see the class docstring
                if self.strict:
                    raise
                log.error("stage %s failed on document %s (%s): %r", st.name, doc.id, doc.path or doc.file, exc)
                analysis.failures.append(f"{st.name}: {type(exc).__name__}: {exc}")
                analysis.layers[st.produces] = []
        return analysis


def default_pipeline(strict: bool = False) -> Pipeline:
    """The built-in stages plus any registered by plugins, in dependency order."""
    from .plugins import collect_stages

    return Pipeline(collect_stages(), strict=strict)
