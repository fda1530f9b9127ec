"""Find the places an article names and resolve them against the gazetteer.

The work is done by `frontwatch.geo` (candidate generation, ranking, unknown places); this
module wires it into the pipeline. The gazetteer index is loaded once per process.
"""
from __future__ import annotations

from ..geo.gazetteer import default_gazetteer
from ..geo.geoparse import geoparse
from ..pipeline import Analysis, stage
from ..records import PlaceMention


@stage("places", produces="places", requires=("sentences", "tokens"))
def places_stage(analysis: Analysis) -> list[PlaceMention]:
    """Every place mention of the document (PlaceMention per mention, known or estimated)."""
    return geoparse(default_gazetteer(), analysis["tokens"], analysis.doc.id, analysis["sentences"],
                    analysis.doc.text)
