"""Read every cue match of a document into control statements (steps 1-3 of the stage).

For each cue: settle what it states (modality.py), drop readings that are adjectives, headlines,
strikes or imagined fights, find its places (places.py) and actor (agents.py), and build one
row per actor and place.
"""
from __future__ import annotations

from spacy.util import filter_spans

from ...pipeline import Analysis
from ...records import ControlStatement
from .agents import find_actor, partners_after, partners_before
from .clauses import is_heading
from .context import Context, preceding_words
from .mentions import adjacent_actor
from .modality import not_a_fact, stated_change
from .places import find_places
from .rules import FAMILY, Cue, cues, words
from .statements import make_statement, statement_meta


def _read_cue(analysis: Analysis, ctx: Context, cue: Cue, span) -> list[ControlStatement]:
    """The statements one cue match makes: one per actor (with partners) and place.

    1. settle the change the cue states here; drop it when it is no statement (`_no_statement`);
    2. a holding put in the past by "former"/"once" is a loss;
    3. find the places, then the actor; a capture, fight or siege makes its actor the
       sentence's attacker, for a later passive that names none;
    4. add the partners of a coordinated actor list and build the rows.
    """
    sent = ctx.sentence_of_token[span.start]
    change = stated_change(ctx, span, cue)
    if change is None or _no_statement(ctx, sent, span, cue, change):
        return []
    if change == "holds" and any(x in words()["former"] for x in preceding_words(ctx, span.start, 3)):
        change = "lost"  # "the group's former stronghold of X", "once a rebel bastion": held no more
    places = find_places(ctx, sent, span, cue)
    if not places or not_a_fact(ctx, sent, span, change):
        return []
    actor = find_actor(ctx, sent, span, cue)
    if actor is None:
        return []
    if change in {"captured", "contested", "besieged"}:
        ctx.attackers[sent] = actor
    partners = partners_before(ctx, sent, actor, span.start) if cue.actor == "before" else partners_after(ctx, sent, actor)
    actors = [actor] + (partners if change != "contested" else [])
    meta = statement_meta(analysis, ctx, sent, span)
    return [make_statement(ctx, p, a, change, sent, span, meta) for a in actors for p in places]


def _no_statement(ctx: Context, sent: int, span, cue: Cue, change: str) -> bool:
    """Is the cue, read as `change`, no control statement at all: a headline's fight, an
    adjective, an imagined fight, someone else's siege broken, a strike or a modifier?"""
    if FAMILY[change] == "fight" and is_heading(ctx, sent):
        return True  # a headline's "offensive in X" restates the story; its body says what happened
    if ctx.tokens[span.start].lower_ in {"surrounding", "encircling"} and \
            preceding_words(ctx, span.start, 1) in (["the"], ["its"], ["their"]):
        return True  # "the surrounding countryside": an adjective
    if cue.change == "captured" and cue.actor == "before" and ctx.tokens[span.start].lower_.endswith("ed") and \
            preceding_words(ctx, span.start, 1) in (["the"], ["a"], ["an"], ["newly"], ["recently"]):
        return True  # "the occupied part of X", "the newly liberated town": an adjective, no captor
    if FAMILY[change] == "fight" and any(x in words()["condition"] for x in preceding_words(ctx, span.start, 6)):
        return True  # "if the group attempts to retake X": a fight imagined
    if change == "besieged" and any(x in words()["relief"] for x in preceding_words(ctx, span.start, 3)) \
            and adjacent_actor(ctx, sent, span.start) is None:
        return True  # "rebels broke the siege on X": not their siege (but "break a government siege of X" is the government's)
    if change == "contested" and any(x in words()["weapon"] for x in preceding_words(ctx, span.start, 2)):
        return True  # "a rocket attack on X" is a strike on X, not a fight for it
    # "fighting positions near X", "fighting age": a modifier, not a fight
    return span.start + 1 < len(ctx.tokens) and ctx.tokens[span.start + 1].lower_ in words()["modified"]


def cue_statements(analysis: Analysis, ctx: Context) -> list[ControlStatement]:
    """The statements of every cue match of the document, in text order; of overlapping matches
    only the longest is read, with the earlier table row where two rows match the same words."""
    matchers = cues()
    table = matchers.table
    found = [(row, ctx.tokens[s:e]) for row, s, e in matchers(ctx.tokens)]
    row_of: dict[tuple[int, int], int] = {}
    for row, sp in found:  # the same words matched by two rows: the earlier row is the more specific
        row_of[(sp.start, sp.end)] = min(row, row_of.get((sp.start, sp.end), row))
    out = []
    for span in filter_spans([sp for _, sp in found]):
        if span.start > 0 and ctx.tokens[span.start - 1].text == "-" and \
                not (span.start > 1 and ctx.tokens[span.start - 2].lower_ == "re"):
            continue  # "rebel-held": a compound, read by compound_statements ("re-took" is a verb)
        out += _read_cue(analysis, ctx, table[row_of[(span.start, span.end)]], span)
    return out
