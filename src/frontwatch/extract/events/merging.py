"""Step 6 of the events stage: one event per occurrence.

Mentions of one occurrence are folded together: the same type at the same place in one article
is one event unless the mentions state different days; air strike, shelling and explosion at one
place in one sentence are one occurrence; "the attack" after an attack was told is that attack.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ...records import Event, PlaceRef
from .placing import place_key
from .triggers import WORD, lexicon, words

REMOTE = ("airstrike", "shelling", "explosion")  # one occurrence is often named all three ways


BACK_REFERABLE = {"remote", "clash", "attack_on_civilians"}


@dataclass(slots=True)
class Candidate:
    """An event before merging, with the explicit day (if any) its own sentence gives it."""

    event: Event
    day: str | None = None
    definite: bool = False
    fresh: int = 0           # told as new: 2 "another strike", 1 "an air raid" (triggers.is_fresh)
    zone: str = "body"       # the zone of its sentence (headline, dateline, body)
    cls: str = ""            # the trigger's lexicon class ("" for control rows)
    victims: frozenset = frozenset()  # the counts of people its sentence reports (killed, wounded)
    elsewhere: bool = False  # its sentence says "elsewhere", "in other parts": not the place told before
    sentence: str = ""       # its sentence's text, lower-cased
    listed: int | None = None  # the list its place was named in ("struck A, B and C"; placing.list_groups)
    again: bool = False      # told as a repeat: "shelled the town again", "once more"
    moved: bool = False      # dated by a relative day other than the one before ("two days later")


def drop_back_references(candidates: list[Candidate]) -> list[Candidate]:
    """Leave out "the attack" / "the blast" when an occurrence of that kind was told earlier:
    it names that occurrence again, often with a place that is not where it happened."""
    seen: set[str] = set()
    dropped: set[tuple[int, int]] = set()
    out = []
    for c in sorted(candidates, key=lambda c: c.event.span.start):
        family, trigger = _family(c.event.type), (c.event.span.start, c.event.span.end)
        generic = c.event.trigger is not None and lexicon().triggers.get(c.event.trigger.lower(), ("",))[0] == "attack"
        # the places of one trigger stand or fall together: "the shelling of A, B and C" is
        # no back-reference to A's shelling when it reaches B and C
        if trigger in dropped or (c.definite and family in BACK_REFERABLE and not _told_by(out, trigger)
                                  and (family in seen or (generic and seen & BACK_REFERABLE))):
            dropped.add(trigger)
            continue
        seen.add(family)
        out.append(c)
    return out


def _told_by(kept: list[Candidate], trigger: tuple[int, int]) -> bool:
    """Whether a kept candidate already comes from this trigger (another place of its list)."""
    return any((k.event.span.start, k.event.span.end) == trigger for k in kept[-8:])


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


FIXED_REMOTE = {"airstrike", "shelling"}  # classes that name their weapon themselves


def same_sentence_key(c: Candidate, both: set[tuple]) -> tuple:
    """Air strike, shelling and explosion at one place in one sentence are one occurrence,
    except where the sentence names both weapons itself ("targeted by artillery and aerial
    bombing"): air strike and shelling are then two occurrences."""
    key = (c.event.span.sentence, _family(c.event.type), place_key(c.event.place))
    if key in both and c.event.type in FIXED_REMOTE:
        return key + (c.event.type,)
    return key


def _two_weapons(candidates: list[Candidate]) -> set[tuple]:
    """(sentence, family, place) keys where both an air and a ground weapon are named, one of
    them by a word that names its weapon itself ("artillery shelling", not "strikes")."""
    named: dict[tuple, set[str]] = {}
    fixed: set[tuple] = set()
    for c in candidates:
        key = (c.event.span.sentence, "remote", place_key(c.event.place))
        if c.event.type in FIXED_REMOTE:
            named.setdefault(key, set()).add(c.event.type)
            if c.cls in FIXED_REMOTE:
                fixed.add(key)
    return {k for k, v in named.items() if len(v) > 1 and k in fixed}


REMOTE_RANK = {"airstrike": 0, "shelling": 1, "explosion": 2}


def merge_in_sentence(candidates: list[Candidate]) -> list[Candidate]:
    """One remote-violence event per place and sentence, named by its most specific trigger."""
    firsts: dict[tuple, Candidate] = {}
    both = _two_weapons(candidates)
    for c in sorted(candidates, key=lambda c: c.event.span.start):
        first = firsts.setdefault(same_sentence_key(c, both), c)
        if first is c:
            continue
        _absorb(first.event, c.event)
        if REMOTE_RANK.get(c.event.type, 9) < REMOTE_RANK.get(first.event.type, 9):
            first.event.type, first.event.subtype = c.event.type, c.event.subtype
            first.event.trigger = c.event.trigger
    return list(firsts.values())


NAME_NOISE = words("name_noise")


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


def _distinct(c: Candidate, g: Candidate) -> bool:
    """Whether a later mention is a second occurrence rather than the first told again: another
    day, another warring side striking, or told as new ("another strike", "an air raid") in a later sentence."""
    if c.day and g.day and not compatible_days(c.day, g.day):
        return True
    if c.day and g.day and {_grain(c.day), _grain(g.day)} == {"year", "day"}:
        return True  # "the 2019 battle of X" sums up a year: the fight told on 17 October is one of its own
    if ((c.day or "").startswith("next:") or c.moved) and c.day != g.day:
        return True  # "The following morning, ..." moves the story on a day
    if c.event.span.sentence == g.event.span.sentence or c.definite:
        return False
    if c.fresh == 2 and g.zone == "body":
        return True
    if c.again and not g.again and g.zone == "body":
        return True  # "On 3 May the army shelled X. ... The army shelled X again": a repeat
    if c.fresh == 1 and c.victims and not c.victims & g.victims:
        return True  # "an air strike wounded five": victims of its own
    if c.event.type in MUTUAL or not (c.cls and g.cls):
        return False  # every party of a fight acts, and a control row names only one of them
    mine, theirs = _armed_sides(c.event), _armed_sides(g.event)
    return bool(mine and theirs and not mine & theirs)


def _grain(key: str) -> str:
    """How fine a day key is: "year", "month", "day" (an ISO date) or "other" (relative, written)."""
    if key.startswith(("year:", "month:")):
        return key.split(":", 1)[0]
    return "day" if len(key) == 10 and key[4] == "-" else "other"


def compatible_days(a: str, b: str) -> bool:
    """Whether two day keys can name one occurrence: the same key, or a month or year
    ("month:2016-08", "year:2016") and a day or month inside it."""
    if a == b:
        return True
    if a.startswith(("next:", "text:")) or b.startswith(("next:", "text:")):
        return False
    (coarse, key), (fine, _) = sorted(((k.split(":", 1)[-1], k) for k in (a, b)), key=lambda v: len(v[0]))
    return coarse != fine and COARSE.match(key) is not None and fine.startswith(coarse)


COARSE = re.compile(r"^(?:month|year):")


def finer_day(kept: str | None, new: str | None) -> str | None:
    """The day a merged occurrence is known by: a day found later refines a month or year."""
    if kept is None or (new is not None and kept.startswith(("month:", "year:")) and not new.startswith(("month:", "year:"))):
        return new
    return kept


def _armed_sides(event: Event) -> set[str]:
    """The warring sides among an event's actors (a monitor or rescue service is none)."""
    return {s for s in event.sides if s and s not in ("other", "unknown")}


MUTUAL = {"clash", "capture", "displacement", "protest"}


EARTH_KM = 6371.0
INSIDE_KM = {"city": 25.0, "admin2": 60.0, "admin1": 100.0}  # how far a place may lie inside a coarser one


def _km(a: PlaceRef, b: PlaceRef) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    dlat, dlon = math.radians(b.lat - a.lat), math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(a.lat)) * math.cos(math.radians(b.lat)) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _inside(fine: PlaceRef, coarse: PlaceRef, widen: float = 1.0) -> bool:
    """Whether `fine` is a finer place lying within the coarser place `coarse` (its reach
    multiplied by `widen`: a headline's city stands for its countryside too)."""
    reach = INSIDE_KM.get(coarse.level or "")
    reach = reach * widen if reach is not None else None
    if reach is None or INSIDE_KM.get(fine.level or "", 0.0) >= reach:
        return False
    return place_key(fine) != place_key(coarse) and _km(fine, coarse) <= reach


def drop_enclosing(candidates: list[Candidate]) -> list[Candidate]:
    """One occurrence told at two levels in one sentence ("a mortar attack on a district of
    Deir ez-Zor city") keeps the most specific place. Captures are left alone: taking a village
    and taking the province are two facts; so are places listed side by side ("jets struck Douma
    and Harasta"), each a target of its own."""
    by_key: dict[tuple, list[Candidate]] = {}
    for c in candidates:
        by_key.setdefault((c.event.span.sentence, _family(c.event.type)), []).append(c)
    out = []
    for c in candidates:
        peers = by_key[(c.event.span.sentence, _family(c.event.type))]
        if c.event.type != "capture" and any(_inside(p.event.place, c.event.place) for p in peers
                                             if p is not c and not (c.listed is not None and c.listed == p.listed)
                                             and not (c.listed is not None and p.event.place.level in OWN_PLACES)):
            continue
        out.append(c)
    return out


# a town or village near a city named in a list of targets is a target of its own, not a part
# of that city ("killed 20 in Douma and Harasta, and five in Arbin")
OWN_PLACES = {"town", "village"}


PROVINCES = {"admin1", "admin2"}


def fold_provinces(candidates: list[Candidate]) -> list[Candidate]:
    """"A gas attack on Idlib province" told after "the gas attack on Khan Shaykun" in the same
    article is that attack: a province-level mention folds into a mention of the same type at a
    place inside it whose sentence names the province ("Khan Shaykun in Idlib"), unless the two
    are told as distinct (`_distinct`), as elsewhere, or are dated differently."""
    out = []
    for c in candidates:
        if c.event.place.level in PROVINCES and c.event.type != "capture" and not c.elsewhere:
            fine = [f for f in candidates if f is not c and f.event.type == c.event.type
                    and not (c.listed is not None and c.listed == f.listed)  # "in Aleppo, Rif Dimashq and Quneitra"
                    and _same_when(f.event, c.event) and _inside(f.event.place, c.event.place)
                    and name_stem(c.event.place) in f.sentence]
            host = next((f for f in fine if not _distinct(*sorted((c, f), key=_start))), None)
            if host is not None:
                _absorb(host.event, c.event)
                continue
        out.append(c)
    return out


def _same_when(a: Event, b: Event) -> bool:
    """Dated alike: the same date, or one undated and the other a single day (a month or a year
    names a campaign, not the occurrence told beside it)."""
    if a.date == b.date:
        return True
    known = a.date or b.date
    return (a.date is None or b.date is None) and len(known) == 10


def _start(c: Candidate) -> int:
    return c.event.span.start


HEADLINE_ZONES = {"headline", "dateline"}


def drop_headline_repeats(candidates: list[Candidate]) -> list[Candidate]:
    """A headline tells the body's occurrence again: its event goes where the body has one of
    the same family at its place or inside it ("Strikes kill 61 in Aleppo" over a body about a
    town of Aleppo's countryside)."""
    body = [c for c in candidates if c.zone not in HEADLINE_ZONES]
    out = []
    for c in candidates:
        if c.zone in HEADLINE_ZONES and any(
                _family(b.event.type) == _family(c.event.type)
                and (place_key(b.event.place) == place_key(c.event.place) or _inside(b.event.place, c.event.place, 2.0))
                for b in body):
            continue
        out.append(c)
    return out


def merge(candidates: list[Candidate]) -> list[Event]:
    """Step 6: same type and place is one event, unless the mentions are told as distinct."""
    kept: dict[tuple, list[Candidate]] = {}
    candidates = fold_provinces(drop_headline_repeats(drop_enclosing(merge_in_sentence(candidates))))
    for c in sorted(candidates, key=lambda c: c.event.span.start):
        group = kept.setdefault(merge_key(c), [])
        target = next((g for g in group if not _distinct(c, g)), None)
        if target is None:
            group.append(c)
        else:
            _absorb(target.event, c.event)
            target.day = finer_day(target.day, c.day)
    return sorted((c.event for g in kept.values() for c in g), key=lambda e: e.span.start)
