"""Find the questions sources answer differently: figures, who holds a place, and denials.

Three kinds of dispute:
1. figure: a figure group whose members disagree and come from two or more independent origins;
2. control: statements within `window_days` that give one place to different sides;
3. denial: a denied control claim, or a source denying what another states about a place.
Disputes are ranked by how many independent origins take part and how far apart they are.
"""
from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ..records import ControlStatement, Dispute, FigureGroup, Position
from .figure_groups import parse_day

GAIN = {"captured", "holds"}
WINDOW_DAYS = 7


@dataclass
class ControlInfo:
    """A control statement with the document facts a dispute needs."""

    doc_id: str
    statement: ControlStatement
    day: date | None
    outlet: str | None
    origin: str
    sentence: str


def _id(kind: str, key: str) -> str:
    return f"{kind[0]}" + hashlib.sha1(f"{kind}|{key}".encode()).hexdigest()[:10]


def figure_disputes(groups: list[FigureGroup]) -> list[Dispute]:
    """A dispute for every group whose independent origins give different numbers."""
    out = []
    for g in groups:
        if g.status != "differ" or len(g.origins) < 2:
            continue
        who = g.who or "people"
        where = f" in {g.place}" if g.place else ""
        question = f"How many {who} {g.kind.replace('_', ' ')}{where}" + (f" ({g.period})?" if g.period else "?")
        positions = [Position(m.text, m.source, m.outlet, m.doc_id, m.span, None, _value(m))
                     for m in g.members]
        spread = math.log10(max(g.high or 1, 1) / max(g.low or 1, 1)) if g.low else 0.0
        out.append(Dispute(_id("figure", g.id), "figure", question, positions,
                           score=len(g.origins) + spread, group_id=g.id))
    return out


def _value(member) -> str:
    if member.vague:
        return member.vague
    if member.low is not None and member.high is not None and member.low != member.high:
        return f"{member.low}-{member.high}"
    if member.low is not None:
        return f"{member.low}" + ("" if member.high is not None else "+")
    return f"<={member.high}" if member.high is not None else "?"


def place_key(statement: ControlStatement) -> str:
    """One key per place: its gazetteer id, else its folded name."""
    return statement.place.place_id or statement.place.name.casefold()


def _windows(infos: list[ControlInfo]) -> list[list[ControlInfo]]:
    """Split one place's statements into runs whose dates lie within WINDOW_DAYS of the run start."""
    dated = sorted(infos, key=lambda i: i.day or date.min)
    runs: list[list[ControlInfo]] = []
    for info in dated:
        if runs and (info.day is None or runs[-1][0].day is None
                     or (info.day - runs[-1][0].day).days <= WINDOW_DAYS):
            runs[-1].append(info)
        else:
            runs.append([info])
    return runs


def _position(info: ControlInfo, value: str) -> Position:
    st = info.statement
    return Position(info.sentence, st.source, info.outlet, info.doc_id, st.span, None, value)


def control_disputes(infos: list[ControlInfo]) -> list[Dispute]:
    """Places that different statements give to different sides at about the same time."""
    by_place: dict[str, list[ControlInfo]] = defaultdict(list)
    for info in infos:
        by_place[place_key(info.statement)].append(info)
    out = []
    for key, place_infos in by_place.items():
        for run in _windows(place_infos):
            gains = [i for i in run if i.statement.change in GAIN and not i.statement.denied_by]
            sides = {i.statement.side for i in gains}
            if len(sides) < 2:
                continue
            name = run[0].statement.place.name
            positions = [_position(i, i.statement.side) for i in gains]
            origins = {i.origin for i in gains}
            question = f"Who holds {name}?" + (f" ({run[0].day.isoformat()})" if run[0].day else "")
            out.append(Dispute(_id("control", f"{key}|{run[0].day}"), "control", question, positions,
                               score=len(origins) + len(sides)))
    return out


@dataclass
class Denial:
    """A source denying a control fact about a place, on a day."""

    position: Position
    place_key: str
    day: date | None
    denied: ControlInfo | None = None  # the denied statement, when the text reports one


def _near(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= WINDOW_DAYS


def denial_disputes(infos: list[ControlInfo], denials: list[Denial]) -> list[Dispute]:
    """Each denial set against the statements, from any article, that assert what it denies."""
    by_place: dict[str, list[ControlInfo]] = defaultdict(list)
    for info in infos:
        if info.statement.change in GAIN | {"lost", "withdrew"} and not info.statement.denied_by:
            by_place[place_key(info.statement)].append(info)
    out = []
    for d in denials:
        asserting = [i for i in by_place.get(d.place_key, []) if _near(i.day, d.day)]
        if d.denied is not None:
            asserting = [d.denied] + asserting
        if not asserting:
            continue
        name = asserting[0].statement.place.name
        positions = [d.position] + [_position(i, f"{i.statement.side} {i.statement.change}") for i in asserting]
        origins = {p.source or p.outlet for p in positions}
        key = f"{d.place_key}|{d.position.doc_id}|{d.position.statement[:40]}"
        out.append(Dispute(_id("denial", key), "denial",
                           f"{name}: {d.position.source or 'a source'} denies what others report", positions,
                           score=len(origins) + 1))
    return out


def rank(disputes: list[Dispute]) -> list[Dispute]:
    """Most disputed first."""
    return sorted(disputes, key=lambda d: (-d.score, d.question))
