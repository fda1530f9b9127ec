"""Where stages come from: the built-in ones and those third parties register.

Built-in stages are listed in `DEFAULT_STAGE_MODULES` and loaded exactly as a plugin's would be
(datasette's DEFAULT_PLUGINS): each module exposes its stage functions, decorated with
`pipeline.stage`. Third-party packages add modules through the `frontwatch.stages` entry-point
group; see docs/plugins.md.
"""
from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from importlib.metadata import entry_points

from .pipeline import Stage

log = logging.getLogger(__name__)

DEFAULT_STAGE_MODULES = (
    "frontwatch.extract.sentences",
    "frontwatch.extract.tokens",
    "frontwatch.extract.timex",
    "frontwatch.extract.places",
    "frontwatch.extract.actors",
    "frontwatch.extract.claims",
    "frontwatch.extract.figures",
    "frontwatch.extract.control",
    "frontwatch.extract.events",
)


def stages_of(module) -> list[Stage]:
    """The stages a module declares, in the order it defines them."""
    found = [obj.stage for obj in vars(module).values() if callable(obj) and hasattr(obj, "stage")]
    return [st for st in found if st.func.__module__ == module.__name__]


def plugin_modules() -> list:
    """Modules registered by installed packages under the `frontwatch.stages` group."""
    modules = []
    for ep in entry_points(group="frontwatch.stages"):
        try:
            modules.append(ep.load())
        except Exception as exc:  # a broken plugin must not stop the built-in pipeline
            log.warning("plugin %s could not be loaded: %s", ep.name, exc)
    return modules


def collect_stages() -> list[Stage]:
    """Built-in stages followed by plugin stages (a new list; the caller may extend it)."""
    return list(_stages())


@lru_cache(maxsize=1)
def _stages() -> tuple[Stage, ...]:
    """The stages, collected once per process: scanning the installed packages' entry points
    costs tens of milliseconds, and pipelines are built per run, per worker and per re-dated
    document. `refresh_stages()` forgets them (after installing a plugin in a running process)."""
    stages: list[Stage] = []
    for name in DEFAULT_STAGE_MODULES:
        stages.extend(stages_of(importlib.import_module(name)))
    for module in plugin_modules():
        stages.extend(stages_of(module))
    return tuple(stages)


def refresh_stages() -> None:
    """Collect the stages again on the next call (the cache of `collect_stages`)."""
    _stages.cache_clear()
