"""Merge the control statements of one document into one row per fact (the stage's last step).

"Rebels captured X" and "the army lost X" are one fact, and so are repeats of one side's change
to one place in one era; rows a sentence only implies in passing ("seized rebel-held X") go.
"""
from __future__ import annotations

from ...records import ControlStatement, PlaceRef
from .rules import FAMILY


MAIN_DYAD = frozenset({"government", "opposition"})


def place_key(ref: PlaceRef) -> str:
    """The identity of a place across statements: its gazetteer id, else its name."""
    return ref.place_id or (ref.name or ref.text or "").lower()


def _era(s: ControlStatement) -> str | None:
    """Past changes stated with a year ("fell ... in 2016") are facts of their own, and so are
    changes dated to a month ("took Manbij in August"): not the holding the article describes."""
    if s.date and s.date_precision == "year":
        return s.date[:4]
    if s.date and s.date_precision == "month" and s.change in {"captured", "lost", "withdrew"}:
        return s.date[:7]
    return None


def _implied(statements: list[ControlStatement], attributive: frozenset[int],
             predicative: frozenset[int] = frozenset()) -> set[int]:
    """Rows one sentence states only in passing: "seized rebel-held X" (the rebels' holding is
    the state before the capture), "rebels headed for rebel-held X" (no fight for their own
    ground), and the second side of one fight ("the SDF's assault against ISIS in X"). A
    holding stated as such ("X was in rebel hands until the army retook it", `predicative`)
    is a fact of its own."""
    drop = _doubled(statements)
    by_place: dict[tuple, list[ControlStatement]] = {}
    for s in statements:
        by_place.setdefault((s.span.sentence, place_key(s.place)), []).append(s)
    for rows in by_place.values():
        for s in rows:
            if _in_passing(s, [o for o in rows if o is not s], attributive, predicative, drop):
                drop.add(id(s))
    return drop


def _doubled(statements: list[ControlStatement]) -> set[int]:
    """Second rows of one mention the places layer resolved to two gazetteer entries."""
    drop, seen = set(), set()
    for s in statements:
        key = (s.span.sentence, s.side, s.change, (s.place.text or "").lower())
        if key in seen:
            drop.add(id(s))
        seen.add(key)
    return drop


def _in_passing(s: ControlStatement, others: list[ControlStatement], attributive: frozenset[int],
                predicative: frozenset[int], drop: set[int]) -> bool:
    """Does another row of the sentence, on the same place, say what `s` only implies?"""
    if s.change == "holds" and id(s) not in predicative and \
            any(o.change == "captured" and o.side != s.side for o in others):
        return True   # "seized rebel-held X": the holding is the state before the capture
    if FAMILY[s.change] == "fight" and any(id(o) in attributive and o.side == s.side for o in others):
        return True   # "rebels headed for rebel-held X": no fight for their own ground
    return s.change == "contested" and any(o.change == "contested" and o.side != s.side
                                           and o.span.start < s.span.start and id(o) not in drop for o in others)


def _absorb(keep: ControlStatement, drop: ControlStatement) -> None:
    """Keep the source and denial a folded row carried, where the kept row has none."""
    keep.source = keep.source or drop.source
    keep.denied_by = keep.denied_by or drop.denied_by


def merge_statements(statements: list[ControlStatement], attributive: frozenset[int] = frozenset(),
                     predicative: frozenset[int] = frozenset()) -> list[ControlStatement]:
    """One row per fact per place: mirrors and repeats folded into the first statement.

    "Rebels captured X" and "the army lost X" are one fact (the loss row is dropped, its denial
    kept); so are "government troops battle rebels in X" and "rebels fight for X"; and two rows
    of one side, change family, place and era.
    """
    implied = _implied(statements, attributive, predicative)
    ordered = sorted((s for s in statements if id(s) not in implied), key=lambda s: s.span.start)
    captors = {}
    for s in ordered:
        if s.change == "captured":
            captors.setdefault((place_key(s.place), _era(s)), {}).setdefault(s.side, s)
    out, seen = [], {}
    for s in ordered:
        where = (place_key(s.place), _era(s))
        winners = [w for side, w in captors.get(where, {}).items() if side != s.side]
        if FAMILY[s.change] == "loss" and winners:
            _absorb(winners[0], s)
            continue
        key = (where, s.side, FAMILY[s.change])
        rival = (where, ({"government", "opposition"} - {s.side}).pop(), "fight") if s.side in MAIN_DYAD else None
        first = seen.get(key) or (seen.get(rival) if FAMILY[s.change] == "fight" and rival else None)
        if first is not None:
            _absorb(first, s)
            continue
        seen[key] = s
        out.append(s)
    return out
