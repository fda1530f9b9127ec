"""frontwatch: turn conflict news into a structured, cross-checked picture of a war.

The record types are imported on first use (PEP 562), so that `import frontwatch` costs nothing:
the console script's Ctrl-C handler must be in place before any heavy import runs. spaCy, when
something imports it, comes without its command-line package (`spacy_import`).
"""
from .spacy_import import defer_spacy_cli

__version__ = "0.1.0"

__all__ = ["ActorMention", "Claim", "ControlStatement", "Document", "Event", "Figure",
           "PlaceMention", "PlaceRef", "Sentence", "Span", "TimeExpr", "__version__"]


def __getattr__(name: str):
    if name in __all__:
        from . import records

        return getattr(records, name)
    raise AttributeError(f"module 'frontwatch' has no attribute {name!r}")


defer_spacy_cli()
