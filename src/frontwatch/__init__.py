"""frontwatch: turn conflict news into a structured, cross-checked picture of a war."""
from .records import (ActorMention, Claim, ControlStatement, Document, Event, Figure,
                      PlaceMention, PlaceRef, Sentence, Span, TimeExpr)

__version__ = "0.1.0"

__all__ = ["ActorMention", "Claim", "ControlStatement", "Document", "Event", "Figure",
           "PlaceMention", "PlaceRef", "Sentence", "Span", "TimeExpr", "__version__"]
