"""Every record type frontwatch produces, in one place.

Records are plain dataclasses. Each extracted record carries a `Span` into the normalised text
of its `Document` (offsets never change after normalisation) and the index of the sentence it
came from, so every item can be traced back to its evidence.
"""
from __future__ import annotations

import dataclasses
import operator
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """Where a record's evidence lies: character offsets into `Document.text` and its sentence."""

    doc_id: str
    start: int
    end: int
    sentence: int = -1


@dataclass(slots=True)
class Document:
    """One article after ingest and normalisation. `text` is the normalised text all offsets index."""

    id: str
    text: str
    file: str | None = None          # input file's base name (how the eval export is matched)
    path: str | None = None          # where it was read from (file, or file#record)
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None     # YYYY-MM-DD (or YYYY-MM / YYYY when that is all we know)
    published_basis: str | None = None  # metadata | text | inferred | None
    source_format: str | None = None  # text | html | json | jsonl | feed | markdown | csv
    language: str | None = None
    duplicate_of: str | None = None  # id of the first copy when this is a (near-)duplicate
    raw: str | None = None           # the raw input (HTML page, JSON record) for tracing back
    retrieved: str | None = None     # when a reference page was retrieved: not its publication date


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document, with its offsets; `paragraph` counts blank-line blocks.

    `zone` says what part of the page it is: body, headline, dateline (a dateline with the
    headline run into it, as scraped pages give them), boilerplate (bylines, link lists,
    credits) or caption. Extractors skip boilerplate and captions.
    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    zone: str = "body"


@dataclass(slots=True)
class TimeExpr:
    """A time expression resolved against the publication date, with its precision kept."""

    span: Span
    text: str
    value: str | None            # ISO: YYYY-MM-DD, YYYY-MM, YYYY; range start for ranges
    end_value: str | None = None  # range end ("since 2016" -> None end = open)
    precision: str = "day"       # day | week | month | year | range | unknown
    relative: bool = False       # resolved against the anchor date
    anchor: str | None = None    # the date it was resolved against


@dataclass(slots=True)
class PlaceMention:
    """A place named in the text, resolved to a gazetteer entry (or estimated when unknown)."""

    span: Span
    text: str                    # surface form in the article
    name: str                    # canonical name of the resolved place
    lat: float | None
    lon: float | None
    level: str                   # country | admin1 | admin2 | city | town | village | district | poi
    country: str | None = None   # ISO-3166 alpha-2
    place_id: str | None = None  # gazetteer id (geonames:123, sy:aleppo-airport, ...)
    population: int | None = None
    precision_km: float | None = None  # honest radius of uncertainty of the coordinates
    known: bool = True           # False: not in the gazetteer, placed from context


@dataclass(slots=True)
class ActorMention:
    """A mention of an armed actor or state normalised to a canonical actor and side."""

    span: Span
    text: str
    actor: str                   # canonical name from the actors registry
    side: str                    # government | opposition | sdf | isis | turkey | russia | israel | other
    parent: str | None = None


@dataclass(slots=True)
class Claim:
    """An attributed statement: a quotation, reported speech or an 'according to' attribution."""

    span: Span                   # the whole attribution (usually the sentence or quote+frame)
    speaker: str
    quote: str                   # the content attributed (quote text or reported clause)
    direct: bool = False
    verb: str | None = None
    affiliation: str | None = None
    speaker_kind: str = "other"  # government | military | armed_group | monitor | media | analyst |
                                 # foreign_official | civilian | anonymous | other
    alignment: str | None = None  # syrian_government | opposition | kurdish | turkish | russian |
                                  # iranian | western | independent | None
    speaker_span: Span | None = None
    quote_spans: list[Span] = field(default_factory=list)
    negated: bool = False        # a denial ("X denied that ...")


@dataclass(slots=True)
class Figure:
    """A number of people in the reported world, with its bounds, kind and source."""

    span: Span
    text: str                    # the figure phrase as written ("at least 311 people")
    kind: str                    # killed | wounded | killed_or_wounded | displaced | refugees |
                                 # detained | missing | combatants | population | other
    low: int | None
    high: int | None
    who: str | None = None       # civilians, militants, children, ...
    qualifier: str | None = None  # at least | more than | nearly | about | between | ...
    vague: str | None = None     # "dozens", "hundreds" ... kept as the word
    source: str | None = None    # who asserts it; None when the outlet states it itself
    source_kind: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: str | None = None
    group: str | None = None     # cross-document group id (set by resolve.crosscheck)


@dataclass(slots=True)
class PlaceRef:
    """A place as referenced by a control statement or event."""

    name: str
    lat: float | None
    lon: float | None
    text: str | None = None
    level: str | None = None
    place_id: str | None = None


@dataclass(slots=True)
class ControlStatement:
    """An actor took, holds, lost, withdrew from, fights for or besieges a place."""

    span: Span
    place: PlaceRef
    actor: str
    side: str
    change: str                  # captured | holds | lost | withdrew | contested | besieged
    date: str | None = None
    date_precision: str | None = None
    source: str | None = None
    denied_by: str | None = None  # a denial of this claim, when the text reports one


@dataclass(slots=True)
class Event:
    """A distinct reported occurrence: who did what to whom, where and when."""

    span: Span
    type: str                    # clash | airstrike | shelling | explosion | capture |
                                 # attack_on_civilians | arrest | displacement | protest | other
    place: PlaceRef | None
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    fatalities: int | None = None
    source: str | None = None
    trigger: str | None = None   # the word that signalled it ("air strikes", "captured")
    subtype: str | None = None   # trigger refinement for ACLED (suicide, chemical, drone, ...)
    sides: list[str] = field(default_factory=list)  # side of each actor, parallel to `actors`
    country: str | None = None   # ISO-3166 alpha-2 of the place, when known


def to_dict(record: Any) -> dict:
    """Turn a record (nested dataclasses included) into plain JSON-ready data."""
    return asdict(record)


@dataclass(slots=True)
class GroupMember:
    """One figure inside a cross-document group, with where it came from."""

    doc_id: str
    figure_index: int            # position in that document's `figures` layer
    low: int | None
    high: int | None
    vague: str | None
    text: str
    source: str | None
    outlet: str | None
    date: str | None
    origin: str                  # the independent origin it counts as (source, else outlet)
    span: Span | None = None


@dataclass(slots=True)
class FigureGroup:
    """Figures from one or many articles that measure the same quantity, agreeing or not."""

    id: str
    kind: str
    who: str | None
    place: str | None
    period: str | None           # first..last date of the members
    members: list[GroupMember] = field(default_factory=list)
    low: int | None = None       # UCDP-style low / best / high
    best: int | None = None
    high: int | None = None
    conservative: int | None = None  # ACLED's rule: the most conservative credible figure
    status: str = "single"       # single | agree | differ | updated
    origins: list[str] = field(default_factory=list)   # independent origins
    sides: list[str] = field(default_factory=list)     # alignments those origins come from


@dataclass(slots=True)
class Position:
    """One side of a disputed question: what a source says, and where."""

    statement: str
    source: str | None
    outlet: str | None
    doc_id: str
    span: Span | None = None
    alignment: str | None = None
    value: str | None = None     # the answer this position gives (a side, a number, "denied")


@dataclass(slots=True)
class Dispute:
    """A question different articles or sources answer differently."""

    id: str
    kind: str                    # figure | control | denial
    question: str
    positions: list[Position] = field(default_factory=list)
    score: float = 0.0           # how disputed: more independent origins and wider gaps rank first
    group_id: str | None = None


def _pickled_by_constructor(cls: type) -> None:
    """Pickle a record as its class and field values, rebuilt by calling the class.

    Worker processes send every record back pickled. The default for slotted dataclasses goes
    through a state dict per object (and, when frozen, a `fields()` call per object), which cost
    a third of a millisecond per article more than this, on both sides.
    """
    values = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))
    if len(dataclasses.fields(cls)) == 1:
        cls.__reduce__ = lambda self: (cls, (values(self),))
    else:
        cls.__reduce__ = lambda self: (cls, values(self))


for _record in [v for v in list(globals().values()) if isinstance(v, type) and dataclasses.is_dataclass(v)]:
    _pickled_by_constructor(_record)
del _record
