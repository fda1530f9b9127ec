"""Find attributed statements: quotations, reported speech, according-to attributions.

The rules live in the `attribution` package beside this module; this module only declares the
`claims` stage. Each claim's `span` covers the frame and the content, `quote_spans` the content
(the quotation or the reported clause), so later stages (figures) can tell whose word a number is.
Place mentions are read so that a place is never taken for a speaker ("Homs said"), actor
mentions to give a side to speakers the sources registry does not know.
"""
from __future__ import annotations

from ..pipeline import Analysis, stage
from ..records import Claim
from .attribution import find_claims


@stage("claims", produces="claims", requires=("sentences", "tokens", "places", "actors"))
def claims_stage(analysis: Analysis) -> list[Claim]:
    """Extract the document's claims."""
    return find_claims(analysis.doc.id, analysis.doc.text, analysis["tokens"], analysis["sentences"],
                       analysis.get("places") or (), analysis.get("actors") or (),
                       outlet=analysis.doc.outlet)
