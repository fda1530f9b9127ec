"""Step 6 of the events stage: one event per occurrence.

Mentions of one occurrence are folded together: the same type at the same place in one article
is one event unless the mentions state different days; air strike, shelling and explosion at one
place in one sentence are one occurrence; "the attack" after an attack was told is that attack.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...records import Event, PlaceRef
from .placing import place_key
from .triggers import WORD, lexicon

REMOTE = ("airstrike", "shelling", "explosion")  # one occurrence is often named all three ways


BACK_REFERABLE = {"remote", "clash", "attack_on_civilians"}


@dataclass(slots=True)
class Candidate:
    """An event before merging, with the explicit day (if any) its own sentence gives it."""

    event: Event
    day: str | None = None
    definite: bool = False


def drop_back_references(candidates: list[Candidate]) -> list[Candidate]:
    """Leave out "the attack" / "the blast" when an occurrence of that kind was told earlier:
    it names that occurrence again, often with a place that is not where it happened."""
    seen: set[str] = set()
    out = []
    for c in sorted(candidates, key=lambda c: c.event.span.start):
        family = _family(c.event.type)
        generic = c.event.trigger is not None and lexicon().triggers.get(c.event.trigger.lower(), ("",))[0] == "attack"
        if c.definite and family in BACK_REFERABLE and (family in seen or (generic and seen & BACK_REFERABLE)):
            continue
        seen.add(family)
        out.append(c)
    return out


def _family(kind: str) -> str:
    return "remote" if kind in REMOTE else kind


def _absorb(into: Event, other: Event) -> None:
    """Fold a second mention into the first: union of parties, the largest toll, first date."""
    for name, side in zip(other.actors, other.sides or [None] * len(other.actors)):
        if name not in into.actors:
            into.actors.append(name)
            into.sides.append(side)
    into.targets += [t for t in other.targets if t not in into.targets and t not in into.actors]
    if other.fatalities is not None and (into.fatalities is None or other.fatalities > into.fatalities):
        into.fatalities = other.fatalities
    into.date = into.date or other.date
    into.date_precision = into.date_precision or other.date_precision
    into.source = into.source or other.source


def same_sentence_key(c: Candidate) -> tuple:
    """Air strike, shelling and explosion at one place in one sentence are one occurrence."""
    return (c.event.span.sentence, _family(c.event.type), place_key(c.event.place))


REMOTE_RANK = {"airstrike": 0, "shelling": 1, "explosion": 2}


def merge_in_sentence(candidates: list[Candidate]) -> list[Candidate]:
    """One remote-violence event per place and sentence, named by its most specific trigger."""
    firsts: dict[tuple, Candidate] = {}
    for c in sorted(candidates, key=lambda c: c.event.span.start):
        first = firsts.setdefault(same_sentence_key(c), c)
        if first is c:
            continue
        _absorb(first.event, c.event)
        if REMOTE_RANK.get(c.event.type, 9) < REMOTE_RANK.get(first.event.type, 9):
            first.event.type, first.event.subtype = c.event.type, c.event.subtype
            first.event.trigger = c.event.trigger
    return list(firsts.values())


NAME_NOISE = {"province", "governorate", "city", "countryside", "rural", "of", "the", "al", "el"}


def name_stem(ref: PlaceRef) -> str:
    """"Idlib province", "Idlib city" and "Idlib" share the stem "idlib"."""
    words = WORD.findall((ref.text or ref.name or "").lower())
    return " ".join(w for w in words if w not in NAME_NOISE)


def merge_key(c: Candidate) -> tuple:
    """Mentions with one key are one occurrence. A city and its province of the same name count
    as one place, except for captures: taking a city and taking its province are two facts."""
    ref = c.event.place
    if c.event.type != "capture" and ref.level in ("city", "admin1", "admin2") and name_stem(ref):
        return (c.event.type, "stem:" + name_stem(ref))
    return (c.event.type, place_key(ref))


def merge(candidates: list[Candidate]) -> list[Event]:
    """Step 6: same type and place is one event, unless the mentions state different days."""
    kept: dict[tuple, list[Candidate]] = {}
    for c in merge_in_sentence(candidates):
        group = kept.setdefault(merge_key(c), [])
        target = next((g for g in group if not (c.day and g.day and c.day != g.day)), None)
        if target is None:
            group.append(c)
        else:
            _absorb(target.event, c.event)
            target.day = target.day or c.day
    return sorted((c.event for g in kept.values() for c in g), key=lambda e: e.span.start)
