"""Import spaCy without importing its command-line package along with it.

`import spacy` runs `from .cli.info import info` for one helper, and `spacy.cli` brings in
requests, typer, weasel, httpx and rich: about a third of spaCy's import time (0.27 of 0.75 s
here), paid before the first article by every run, although frontwatch never uses spaCy's
command line. `defer_spacy_cli()` puts a finder first on `sys.meta_path` that, when spaCy is
imported, runs spaCy's own `__init__` with a stand-in `spacy.cli.info` whose `info` imports the
real one when called. The stand-ins leave `sys.modules` as soon as spaCy's `__init__` returns,
so a later `import spacy.cli` loads the real package. If spaCy is already imported, or its
`__init__` ever wants more of `spacy.cli` than `info`, spaCy is imported the ordinary way.
"""
from __future__ import annotations

import importlib
import sys
import types

_STAND_INS = ("spacy.cli", "spacy.cli.info")


def defer_spacy_cli() -> None:
    """Make the next `import spacy` leave `spacy.cli` unimported (no-op once spaCy is loaded)."""
    if "spacy" in sys.modules or any(isinstance(f, _SpacyFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _SpacyFinder())


class _SpacyFinder:
    """Finds spaCy as the other finders do, and wraps its loader (once, then steps aside).

    A meta path finder and a loader by their methods: `importlib.abc` would add 20 ms to
    `import frontwatch`."""

    def find_spec(self, name, path=None, target=None):
        if name != "spacy":
            return None
        import importlib.util   # here: 5 ms that `import frontwatch` need not pay

        _remove_finder(self)
        spec = importlib.util.find_spec("spacy")
        if spec is not None and spec.loader is not None:
            spec.loader = _WithoutCli(spec.loader)
        return spec


def _remove_finder(finder) -> None:
    try:
        sys.meta_path.remove(finder)
    except ValueError:
        pass


class _WithoutCli:
    """spaCy's own loader, run with the stand-ins in `sys.modules`."""

    def __init__(self, loader):
        self.loader = loader

    def __getattr__(self, name):   # resource readers and the like: the real loader's
        return getattr(self.loader, name)

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        stand_ins = _stand_ins()
        if any(name in sys.modules for name in _STAND_INS):
            self.loader.exec_module(module)
            return
        sys.modules.update(zip(_STAND_INS, stand_ins))
        try:
            self.loader.exec_module(module)
        except ImportError:
            # this spaCy wants more of its CLI than `info`: forget what ran, import it plainly
            _forget(stand_ins)
            self.loader.exec_module(module)
        finally:
            _forget(stand_ins)
            if getattr(module, "cli", None) is stand_ins[0]:
                del module.cli


def _stand_ins() -> tuple[types.ModuleType, types.ModuleType]:
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []   # a package, so that `spacy.cli.info` may be imported from it
    cli.info = info
    info.info = _real_info
    return cli, info


def _forget(stand_ins) -> None:
    for name, module in zip(_STAND_INS, stand_ins):
        if sys.modules.get(name) is module:
            del sys.modules[name]


def _real_info(*args, **kwargs):
    """`spacy.info`: spaCy's own, imported on first call."""
    return importlib.import_module("spacy.cli.info").info(*args, **kwargs)
