"""Find statements that an actor took, holds, lost, withdrew from, fights for or besieges a place.

The rules are data: data/control/cues.tsv lists the cue phrases ("seized", "fell to",
"under the control of", "battling for", "besieged by") with the change each states and where
its actor and place stand; data/control/words.tsv holds the word classes used to read the
words around a cue. For every cue the stage, in order:

1. finds the place(s): the object list after the cue, or the place before a passive cue, in
   the same clause and within the cue's gap (a place after "near"/"south of" is a landmark,
   not the object, unless an unnamed area precedes it: "sites in the east of Aleppo");
2. finds the actor: the subject before the cue (pronouns resolved to the actor in focus) or the
   agent after it ("fell to rebels"), normalised through the actors layer;
3. reads the modality: a base form after "to"/"trying" is a fight, not a capture; a negated
   cue is dropped; a cue under "denied" keeps the claim with its denier; a cue inside an
   attributed claim takes the claim's speaker as its source;
4. adds compounds that state holding or a siege ("rebel-held Idlib", "in rebel hands",
   "under SDF control"), then merges rows that state one fact per place per article
   (rebels captured X = the government lost X; one row per side, change family and era).

Actors named by a noun: "the group"/"the militants" are the armed group the document names
most among those acting in the last sentences; "the operation"/"the offensive" are whoever
launched one earlier ("Turkey launched Operation X"); a bare "the capture/fall of X" takes the
agent after it ("to Z", "by Z"), else the one warring side its sentence names as a doer. A seat
noun in apposition ("Yabrud, a key rebel bastion in Qalamoun") describes the place before it.

Across clauses: a passive takes its agent after a time adjunct ("was captured on 5 May by
X"), else, in a narrative paragraph, the captor or attacker of the sentences just before; a
relative pronoun stands for its antecedent ("X, which Y captured"; "Y, which seized X"); every
side of a coordinated actor list did the deed ("Turkish troops and rebels seized X"); a place
inside an unknown armed group's name ("Jabhat Thuwar X") is no place.

What keeps it general: "the city"/"the town" resolve to the last named place of that kind; a
holding put in the past by "former"/"once"/"formerly" is a loss ("the group's former stronghold
of X"), one bounded by "until" states nothing, and so does a fight that is only a possibility
("to block any advance on X", "prepared for an attack", "if the group attempts to retake X");
a share of a place is that place ("around 55% of X"), and so is an unnamed held area in it or
at its fringe ("a rebel-held zone in X", "a government-held area on X's outskirts"); a plan
("an offensive to capture X") is a fight, never a capture; the actor is whoever does the verb,
never a backer ("US-backed"), a target ("anti-ISIL", "an offensive against ISIS") or an
abbreviation in brackets; and rows one sentence implies in passing ("seized rebel-held X": the
rebels' holding is the state before) are dropped before merging.

The package, in the order its modules import one another (each only imports those above it):
rules.py (word classes, cue table and matcher), context.py (the document by sentence),
clauses.py (voice, participles, speech verbs), mentions.py (actor mentions near a token),
objects.py and places.py (step 1), subjects.py, nouns.py and agents.py (step 2), modality.py
and dating.py (step 3), statements.py (one row), compounds.py (step 4, one-word and "in X
hands" holdings), reading.py (steps 1-3 per cue), merging.py (step 4's merge) and this module,
which runs them as the `control` stage.
"""
from __future__ import annotations

from ...pipeline import Analysis, stage
from ...records import ControlStatement
from .compounds import compound_statements, hands_statements
from .context import build_context
from .merging import merge_statements, place_key
from .reading import cue_statements
from .rules import FAMILY, cues, words
from .statements import place_ref

__all__ = ["FAMILY", "control_stage", "cues", "find_control", "merge_statements", "place_key", "place_ref", "words"]


def find_control(analysis: Analysis) -> list[ControlStatement]:
    """Every control statement of an analysed document, merged to one row per fact."""
    ctx = build_context(analysis)
    if not ctx.places:
        return []
    hands = hands_statements(analysis, ctx)
    attributes = compound_statements(analysis, ctx) + hands
    return merge_statements(cue_statements(analysis, ctx) + attributes, frozenset(map(id, attributes)),
                            frozenset(map(id, hands)))


@stage("control", produces="control", requires=("sentences", "tokens", "places", "actors", "claims", "times"))
def control_stage(analysis: Analysis) -> list[ControlStatement]:
    """Find who took, holds, lost, left, fights for or besieges each place the article names."""
    return find_control(analysis)
