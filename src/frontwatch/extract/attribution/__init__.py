"""Attribution: who says what in an article, and what kind of source each speaker is.

`find_claims` is the entry point used by the `claims` stage (extract/claims.py). The modules,
in the order they work: lexicon and registry (data files), outlet (the publishing outlet, never a
speaker), quotes (quotation regions), cues
(reporting verbs), phrases (speaker phrases next to a verb), speakers (what a phrase names),
build (resolution and assembly into `Claim` records).
"""
from __future__ import annotations

from spacy.tokens import Doc

from typing import Iterable

from ...records import ActorMention, Claim, PlaceMention, Sentence
from .build import Attributor, to_claims


# The actors registry's sides, as source alignments (an ISIS or Israeli speaker has none of these).
SIDE_ALIGNMENT = {"government": "syrian_government", "opposition": "opposition", "sdf": "kurdish",
                  "turkey": "turkish", "russia": "russian", "iran": "iranian"}


def find_claims(doc_id: str, text: str, doc: Doc, sentences: list[Sentence],
                places: Iterable[PlaceMention] = (), actors: Iterable[ActorMention] = (),
                outlet: str | None = None) -> list[Claim]:
    """Every attributed statement of a document, in text order.

    Places are never taken for speakers; actor mentions give a side to speakers the sources
    registry does not know ("the Unity Brigade said"); the publishing outlet (`outlet`, else its
    dateline credit) is never the speaker of what it reports.
    """
    if not sentences or not len(doc):
        return []
    att = Attributor(doc_id, text, doc, sentences, places, outlet)
    att.run()
    return _align(to_claims(att), list(actors))


def _align(claims: list[Claim], actors: list[ActorMention]) -> list[Claim]:
    for c in claims:
        sp = c.speaker_span
        if c.alignment is not None or sp is None or c.speaker_kind == "anonymous":
            continue
        for m in actors:
            if m.span.start < sp.end and sp.start < m.span.end and m.side in SIDE_ALIGNMENT:
                c.alignment = SIDE_ALIGNMENT[m.side]
                break
    return claims
