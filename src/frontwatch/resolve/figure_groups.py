"""Group figures that measure the same quantity across articles, without comparing all pairs.

Two figures measure the same quantity when they have the same kind, count the same people (a
count of children is a subset, not an alternative to a count of all victims), have the same
scope (one incident, or the whole war) and, for incidents, fall within `window_days` of each
other and `radius_km` of each other's place, with no conflicting cause (an air strike is not a
car bomb). A figure dated only to another month or year, a part of a count ("14 of the dead"),
sizes of forces that differ, far-apart exact counts from one side (or next to a handful), and in
one article different handfuls or a vague word far above a number are different quantities. Candidates are found by blocking on (kind, victims, scope, grid cell) and sweeping a
date window, so the cost grows with the corpus, not with its square.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from statistics import median

from ..records import Figure, FigureGroup, GroupMember

CELL_DEGREES = 0.5  # ~55 km: with the 8 neighbouring cells it covers the comparison radius
VAGUE_REACH = 10  # "dozens" (24) may stand for up to ~240 in the same article, "hundreds" for ~2,000
WAR_TOTAL_DAYS = 180
PERIOD_RATIO = 1.5
UPDATE_RATIO = 2    # a toll that more than doubles in a few days is more likely another incident  # running totals from different articles are one quantity only when nearly equal
SMALL_PLACES = frozenset({"district", "poi", "village", "town", "neighbourhood", "neighborhood"})
HANDFUL = 10           # below this a count is one incident's exact toll, not a side's estimate
DISAGREE_RATIO = 3     # exact counts of one incident from one side rarely differ more (early and final tolls)
COUNTED_FORCES = frozenset({"combatants", "population", "other"})  # sizes of forces or towns, not tolls: near-equal or apart
MAX_CANDIDATES = 400  # figures of other articles one figure is compared with, nearest days first
MAX_PAIR_CHECKS = 40000  # a merge needing more pair checks than this is refused (bounded cost)  # whole-war tolls reported half a year apart are different (growing) quantities


@lru_cache(maxsize=1)
def cues() -> dict:
    """Scope and victim cues (data/crosscheck/cues.json)."""
    return json.loads(resources.files("frontwatch.data").joinpath("crosscheck/cues.json").read_text("utf-8"))


@dataclass
class FigureInfo:
    """A figure with what grouping needs to know about it."""

    doc_id: str
    index: int
    figure: Figure
    who_class: str
    scope: str
    day: date | None
    lat: float | None
    lon: float | None
    cause: str | None
    outlet: str | None
    origin: str
    alignment: str | None = None
    own_place: bool = False      # lat/lon come from the figure's own sentence, not the article
    sentence: int = -1
    own_day: date | None = None  # a day the text gives for this figure itself
    place_id: str | None = None  # the own place's gazetteer id or name
    victims: str | None = None   # civilian | combatant | None (people of any kind)
    sides: frozenset = frozenset()  # sides of the actors the figure's own words name
    place_level: str | None = None  # the own place's level (city, district, village...)
    targets: frozenset = frozenset()  # what the attack hit, as the figure's sentence names it (market, school)
    copy_of: str = ""  # the first copy of the figure's article (itself when it is the original)
    claim_alignment: str | None = None  # the alignment of the figure's source's claims in its article
    # derived once from the figure (grouping compares each figure with hundreds of others)
    values: tuple = field(default=(), init=False, repr=False, compare=False)
    top: int = field(default=0, init=False, repr=False, compare=False)    # the largest value, 0 if none
    weak: bool = field(default=False, init=False, repr=False, compare=False)
    period: str | None = field(default=None, init=False, repr=False, compare=False)  # `_period_text`

    def __post_init__(self):
        self.values = _figure_values(self.figure)
        self.top = max(self.values or [0])
        self.weak = _weak_figure(self.figure)
        self.set_day(self.day)

    def set_day(self, day: date | None) -> None:
        """Set the day the figure is read at (and the period text derived from it)."""
        self.day = day
        self.period = self.figure.date or (day.isoformat() if day else None)


@lru_cache(maxsize=1)
def cause_patterns() -> list[tuple[str, re.Pattern]]:
    """One word-bounded pattern per cause family."""
    return [(family, _words_pattern(words)) for family, words in cues()["causes"].items()]


def _words_pattern(words) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=1)
def any_cause() -> re.Pattern:
    """Every cause family's words in one pattern: where it first matches, the first family does."""
    return _words_pattern(sorted({w for words in cues()["causes"].values() for w in words}))


def cause_of(sentence: str) -> str | None:
    """The cause family a sentence names first (air strikes, shelling, bombing...), if any."""
    lowered = sentence.lower()
    first = any_cause().search(lowered)
    if first is None:
        return None
    # the families whose words start where the first cause word does; ties go to the first name
    return min(family for family, pattern in cause_patterns() if pattern.match(lowered, first.start()))


def who_class(who: str | None, text: str = "") -> str:
    """'all' for every victim, or the sub-group a figure counts (children, women...).

    The figure's own words count too ("seven of them children"), up to "including"/"among",
    after which they name a part of the figure, not what it counts.
    """
    words, bigrams = _who_words(who, text)
    subsets = cues()["subset_who"]
    for subset in subsets:
        if subset in words or subset in bigrams:
            return subset[:-1] if subset.endswith("s") and subset[:-1] in subsets else subset
    return "part" if PART_OF_NAMED.match(text.lower()) else "all"


# "at least 14 of the dead", "two of the bombers", "three of its fighters": a part of a count named
# elsewhere, not an alternative to it
PART_OF_NAMED = re.compile(r"(?:(?:at least|more than|some|about|nearly|over|around|up to|almost) )?"
                           r"[\w,.]+ (?:of|from) (?:the|them|those|whom|its|their)\b")


def victims_of(who: str | None, text: str = "") -> str | None:
    """'civilian' or 'combatant' when the figure's own words say which; None for 'people'."""
    words, _ = _who_words(who, text)
    combatant, civilian = _victim_words()
    if not words.isdisjoint(combatant):
        return "combatant"
    if not words.isdisjoint(civilian):
        return "civilian"
    return None


PART_OF = re.compile(r"\b(?:including|among|of whom|mostly|mainly)\b")
LETTERS = re.compile(r"[a-z]+")
LETTER_PAIRS = re.compile(r"[a-z]+ [a-z]+")


@lru_cache(maxsize=4096)
def _who_words(who: str | None, text: str) -> tuple[frozenset, frozenset]:
    """The words (and word pairs) of a figure's `who` and its own words before "including"...;
    who_class and victims_of both read them, for thousands of figures that repeat a few phrases."""
    own_words = PART_OF.split(text.lower())[0]
    words = frozenset(LETTERS.findall(f"{who or ''} {own_words}".lower()))
    return words, frozenset(LETTER_PAIRS.findall(own_words))


@lru_cache(maxsize=1)
def _victim_words() -> tuple[frozenset, frozenset]:
    return frozenset(cues()["combatant_who"]), frozenset(cues()["civilian_who"])


def scope_of(figure: Figure, sentence: str, clause: str = "") -> str:
    """'war' for a cumulative total of the whole conflict, 'period' for a running total over days or
    weeks ("since Wednesday", "over the past week", read in the figure's own clause), else 'incident'."""
    value = max(v for v in (figure.low, figure.high, 0) if v is not None)
    threshold = cues()["war_scope_min"].get(figure.kind)
    if threshold and value >= threshold:
        return "war"
    if value >= 1000:
        lowered = sentence.lower()
        if any(cue in lowered for cue in cues()["war_scope_cues"]):
            return "war"
    if clause and (period_pattern().search(clause.lower()) or MONTH_PERIOD.search(clause)):
        return "period"
    return "incident"


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "killed in August shelling", "during March": a whole month, not a day ("on August 10" is a day)
MONTH_PERIOD = re.compile(rf"\b(?:in|during|throughout|since|through|for) (?:{MONTHS})\b(?! \d)")


@lru_cache(maxsize=1)
def period_pattern() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in sorted(cues()["period_cues"], key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=1)
def target_patterns() -> list[tuple[str, re.Pattern]]:
    return [(name, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"))
            for name, words in cues()["incident_targets"].items()]


@lru_cache(maxsize=1)
def any_target() -> re.Pattern:
    """Every target's words in one pattern: most clauses name none, and one search tells."""
    return _words_pattern(sorted({w for words in cues()["incident_targets"].values() for w in words}))


def targets_of(clause: str) -> frozenset:
    """What an attack hit, as the figure's clause names it ("a market", "the hospital")."""
    lowered = clause.lower()
    if any_target().search(lowered) is None:
        return frozenset()
    return frozenset(name for name, pattern in target_patterns() if pattern.search(lowered))


def parse_day(value: str | None) -> date | None:
    """A date from 'YYYY-MM-DD' (or the first day of 'YYYY-MM'); None otherwise."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        y, m, d = (int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
        return date(y, m, d)
    except (ValueError, IndexError):
        return None


def km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _near(a: FigureInfo, b: FigureInfo) -> bool:
    """Both placed, and within the comparison radius of each other."""
    return (a.lat is not None and b.lat is not None
            and km(a.lat, a.lon, b.lat, b.lon) <= cues()["radius_km"])


def compatible(a: FigureInfo, b: FigureInfo) -> bool:
    """Nothing says the two figures count different things (the cannot-link test)."""
    c = cues()
    if a.scope == "war":
        if a.day is None or b.day is None:
            return a.doc_id == b.doc_id
        return abs((a.day - b.day).days) <= WAR_TOTAL_DAYS and _within_ratio(a, b, c["war_total_ratio"])
    if a.cause and b.cause and a.cause != b.cause:
        return False
    if not _same_people(a, b) or (a.targets and b.targets and not a.targets & b.targets):
        return False
    if a.own_day and b.own_day and abs((a.own_day - b.own_day).days) > c["window_days"]:
        return False
    if not _same_period(a, b) or a.figure.kind in COUNTED_FORCES and not _within_ratio(a, b, PERIOD_RATIO):
        return False
    if a.doc_id == b.doc_id:
        return _same_in_one_article(a, b)
    if a.weak or b.weak or not _within_ratio(a, b, c["cross_article_ratio"]) or not _same_days(a, b):
        return False
    if not _plausible_disagreement(a, b):
        return False
    if a.scope == "period" and not _within_ratio(a, b, PERIOD_RATIO):
        return False
    if _other_quarters(a, b):
        return False
    return not (a.lat is not None and b.lat is not None and not _near(a, b))


def _plausible_disagreement(a: FigureInfo, b: FigureInfo) -> bool:
    """Across articles, two exact counts more than DISAGREE_RATIO apart are one quantity only as
    a dispute (a monitor's 20 against a ministry's 300): not when both come from the same side,
    nor when the smaller is a handful (2 killed in a neighbourhood is not 31 across the city).
    Vague words keep the wide reach of their floor."""
    if a.figure.vague or b.figure.vague or _within_ratio(a, b, DISAGREE_RATIO):
        return True
    if min(a.top, b.top) < HANDFUL:
        return False
    side_a, side_b = _side(a), _side(b)
    return not (side_a and side_a == side_b)


def _side(m: FigureInfo) -> str | None:
    """The alignment of the figure's own source where the registry knows it, else the one given."""
    return (_source_alignment(m.figure.source) if m.figure.source else None) or m.alignment


@lru_cache(maxsize=4096)
def _source_alignment(source: str) -> str | None:
    from ..sources import alignment_of, canonical_source
    return alignment_of(canonical_source(source) or source)


def _same_period(a: FigureInfo, b: FigureInfo) -> bool:
    """A figure dated only to a month or year ("in May 2016", "last year") counts another stretch
    of time than one dated, or published, in a different month or year."""
    da, db = _period_text(a), _period_text(b)
    if not da or not db or (len(da) >= 10 and len(db) >= 10):
        return True          # days are compared by the day windows
    n = min(len(da), len(db))
    return da[:n] == db[:n]


def _period_text(m: FigureInfo) -> str | None:
    """The figure's own date as written ("2016-05", "2011"), else the day it is read at
    (`FigureInfo.set_day` keeps it: pairs of figures compare it tens of thousands of times)."""
    return m.period


def _weak(m: FigureInfo) -> bool:
    """ "Several", "a number of": no scale to compare across articles (data: weak_vague)."""
    return m.weak


def _weak_figure(f: Figure) -> bool:
    return bool(f.vague) and f.low is None or (f.vague or "").lower().strip() in cues()["weak_vague"]


def _same_days(a: FigureInfo, b: FigureInfo) -> bool:
    """Across articles: event days at most `day_window` apart when both texts give one; an event
    day against a publication day: the report up to a day before (a headline's date) or two after."""
    if a.own_day and b.own_day:       # a night's strikes, a statement dated the next day
        return abs((a.own_day - b.own_day).days) <= cues()["day_window"]
    if a.day is None or b.day is None:
        return True
    gap = abs((a.day - b.day).days)
    if _update(a, b) and gap <= cues()["window_days"]:
        return True
    if a.own_day or b.own_day:       # an event day against a publication day: reports come after
        event, report = (a.day, b.day) if a.own_day else (b.day, a.day)
        return -cues()["day_window"] <= (report - event).days <= cues()["day_window"] + 1
    return gap <= cues()["day_window"]


def _update(a: FigureInfo, b: FigureInfo) -> bool:
    """One source's toll growing over a few days ("at least 242 dead", then "at least 311"): the
    same origin, the later count no smaller and at most UPDATE_RATIO times the earlier."""
    if a.origin != b.origin or not a.origin.startswith("source:") or not _values(a) or not _values(b):
        return False
    first, last = sorted((a, b), key=lambda m: m.day)
    return first.top <= last.top <= UPDATE_RATIO * first.top


def _other_quarters(a: FigureInfo, b: FigureInfo) -> bool:
    """Two different named places below town level (neighbourhoods, villages, landmarks) are two
    incidents, even in one city; a neighbourhood and its city may be the same one."""
    if not (a.own_place and b.own_place and a.place_id and b.place_id) or a.place_id == b.place_id:
        return False
    return a.place_level in SMALL_PLACES and b.place_level in SMALL_PLACES


def same_quantity(a: FigureInfo, b: FigureInfo) -> bool:
    """Compatible, and with positive evidence of one incident (the must-link test)."""
    return compatible(a, b) and _one_incident(a, b)


def _one_incident(a: FigureInfo, b: FigureInfo) -> bool:
    """The positive evidence `same_quantity` asks of two compatible figures."""
    if a.scope == "war" or a.doc_id == b.doc_id:
        return True
    if a.day is None or b.day is None:
        return False
    if a.own_place and b.own_place:
        return _near(a, b)
    return bool(a.cause and a.cause == b.cause and _near(a, b))


def _same_people(a: FigureInfo, b: FigureInfo) -> bool:
    """Civilians are not fighters, and one side's fighters are not the other's."""
    if a.victims and b.victims and a.victims != b.victims:
        return False
    return not (a.sides and b.sides and not a.sides & b.sides)


def _same_in_one_article(a: FigureInfo, b: FigureInfo) -> bool:
    """In one article: no explicit other place, no breakdown, and plausible values.

    One source repeating itself (headline and body, "five civilians ... five people") gives
    agreeing numbers; an article listing tolls place by place gives different ones, which are
    different quantities. Different sources on one incident may disagree, but rarely beyond
    `cross_source_ratio`.
    """
    if a.own_place and b.own_place and (a.place_id != b.place_id or not _near(a, b)):
        return False  # in one article, two named places are two quantities (neighbourhood tolls)
    if a.origin == b.origin:  # one source giving two numbers in a sentence gives two quantities
        return a.sentence != b.sentence and _values_agree(a, b)
    return _within_ratio(a, b, cues()["cross_source_ratio"]) and not _listed_apart(a, b)


def _listed_apart(a: FigureInfo, b: FigureInfo) -> bool:
    """Two tolls of one article that cannot be one count told twice: different handfuls ("9
    injured" here, "4 others" there: a list of incidents), or a vague word whose floor is far
    above a number ("hundreds" beside 50 killed: last week's raids beside today's)."""
    if a.figure.vague and b.figure.vague or not a.values or not b.values:
        return False
    if not a.figure.vague and not b.figure.vague:
        return a.values != b.values and min(a.top, b.top) < HANDFUL and not _overlap([a, b])
    vague, exact = (a, b) if a.figure.vague else (b, a)
    return vague.top > 2 * exact.top


def _values_agree(a: FigureInfo, b: FigureInfo) -> bool:
    """The numbers could be the same count: overlapping ranges, or a vague word and a number
    within ten times its base ("dozens" and 30, "hundreds" and 1,300)."""
    if not _values(a) or not _values(b):
        return True
    if a.figure.vague or b.figure.vague:
        return _within_ratio(a, b, VAGUE_REACH)
    return _overlap([a, b])


def _within_ratio(a: FigureInfo, b: FigureInfo, limit: float) -> bool:
    """The two figures' largest values are at most `limit` times apart (unknown values pass)."""
    va, vb = a.top, b.top
    return not (va and vb and max(va, vb) > limit * min(va, vb))


def _cell(info: FigureInfo) -> tuple:
    if info.scope == "war" or info.lat is None:
        return ("*",)
    return (math.floor(info.lat / CELL_DEGREES), math.floor(info.lon / CELL_DEGREES))


def _neighbour_cells(cell: tuple) -> list[tuple]:
    if cell == ("*",):
        return [cell]
    return [(cell[0] + i, cell[1] + j) for i in (-1, 0, 1) for j in (-1, 0, 1)]


class _Clusters:
    """Union of clusters that refuses a merge joining two incompatible figures.

    Plain single linkage chains a whole article's tolls together through figures that carry no
    place of their own; checking every pair across the two clusters (cannot-link constraints)
    stops the chain where two members contradict each other.
    """

    def __init__(self, infos: list[FigureInfo], leaders: list[int] | None = None,
                 checks: "_PairChecks | None" = None):
        self.infos = infos
        self.owner = list(range(len(infos)))
        self.members = {i: [i] for i in (range(len(infos)) if leaders is None else leaders)}
        self.checks = checks if checks is not None else _PairChecks(infos)

    def merge(self, i: int, j: int) -> None:
        ci, cj = self.owner[i], self.owner[j]
        if ci == cj or len(self.members[ci]) * len(self.members[cj]) > MAX_PAIR_CHECKS:
            return
        checks = self.checks
        if all(checks[x, y] for x in self.members[ci] for y in self.members[cj]):
            for x in self.members[cj]:
                self.owner[x] = ci
            self.members[ci] += self.members.pop(cj)

    def groups(self, followers: dict[int, list[int]] | None = None) -> list[list[FigureInfo]]:
        """The clusters, each with the syndicated twins of its members."""
        followers = followers or {}
        out = []
        for members in self.members.values():
            every = [*members, *(t for i in members for t in followers.get(i, ()))]
            out.append([self.infos[i] for i in sorted(every)])
        return out


class _PairChecks(dict):
    """`compatible` of two figures (by index), each pair tested once: successive merges test
    many of the same pairs again (half of all tests on FA-KES)."""

    def __init__(self, infos: list[FigureInfo]):
        super().__init__()
        self.infos = infos

    def __missing__(self, pair: tuple[int, int]) -> bool:
        value = self[pair] = compatible(self.infos[pair[0]], self.infos[pair[1]])
        return value


def cluster(infos: list[FigureInfo]) -> list[list[FigureInfo]]:
    """Clusters of figures measuring the same quantity (blocked, windowed, constrained).

    A syndicated copy's figure joins the cluster of the same figure in its first copy without
    being compared again, so a story run by a hundred sites costs what one run costs.
    """
    leaders, followers = _collapse_copies(infos)
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i in leaders:
        info = infos[i]
        blocks[(info.figure.kind, info.who_class, info.scope, _cell(info))].append(i)
    windows = {key: _DayWindow(infos, members) for key, members in blocks.items()}
    window = cues()["window_days"]
    checks, pairs = _PairChecks(infos), []
    for (kind, who, scope, cell), members in blocks.items():
        for other_cell in _neighbour_cells(cell):
            others = windows.get((kind, who, scope, other_cell))
            if others is None:
                continue
            for i in members:
                for j in others.candidates(i, window):
                    # same_quantity, the cheap test first (the pair checks stay cached for the merges)
                    if j > i and _one_incident(infos[i], infos[j]) and checks[i, j]:
                        pairs.append((-_evidence(infos[i], infos[j]), i, j))
    clusters = _Clusters(infos, leaders, checks)
    for _, i, j in sorted(pairs):  # strongest evidence first: merge order decides what a refusal keeps out
        clusters.merge(i, j)
    return clusters.groups(followers)


def _collapse_copies(infos: list[FigureInfo]) -> tuple[list[int], dict[int, list[int]]]:
    """Figures to compare, and each one's identical twins in syndicated copies of its article.

    Twins share the first copy (`copy_of`), the figure's words and kind, and their rank among
    the figures with those words in their article.
    """
    leaders, followers, first_of = [], defaultdict(list), {}
    seen: dict[tuple, int] = defaultdict(int)
    for i, info in enumerate(infos):
        words = (info.doc_id, info.figure.kind, info.figure.text)
        rank = seen[words]
        seen[words] += 1
        key = (info.copy_of or info.doc_id, info.figure.kind, info.figure.text, rank)
        if key in first_of and infos[first_of[key]].doc_id != info.doc_id:
            followers[first_of[key]].append(i)
        else:
            first_of.setdefault(key, i)
            leaders.append(i)
    return leaders, followers


class _DayWindow:
    """A block's figures sorted by day, to find those within a window of a day by bisection.

    Figures of the same document are always candidates; undated figures meet only those. A
    whole-war figure meets every figure of its block, nearest days first, up to MAX_CANDIDATES,
    as does any figure in a window crowded past that bound (a cap keeps the cost linear).
    """

    def __init__(self, infos: list[FigureInfo], members: list[int]):
        self.infos = infos
        dated = sorted((infos[j].day.toordinal(), j) for j in members if infos[j].day)
        self.days = [d for d, _ in dated]
        self.members = [j for _, j in dated]
        self.by_doc: dict[str, list[int]] = defaultdict(list)
        for j in members:
            self.by_doc[infos[j].doc_id].append(j)

    def candidates(self, i: int, window: int) -> list[int]:
        me = self.infos[i]
        found = list(self.by_doc.get(me.doc_id, ()))
        if not me.day or not self.days:
            return found
        reach = None if me.scope == "war" else window
        found += self._nearest(me.day.toordinal(), reach, me.doc_id)
        return found

    def _nearest(self, day: int, reach: int | None, doc_id: str) -> list[int]:
        """Members of other documents within `reach` days (any distance when None), nearest first
        (in day order when they are fewer than MAX_CANDIDATES: then all of them are taken)."""
        lo, hi = (0, len(self.days)) if reach is None else (
            bisect.bisect_left(self.days, day - reach), bisect.bisect_right(self.days, day + reach))
        if hi - lo <= MAX_CANDIDATES:
            infos = self.infos
            return [j for j in self.members[lo:hi] if infos[j].doc_id != doc_id]
        return self._walk(day, reach, doc_id)

    def _walk(self, day: int, reach: int | None, doc_id: str) -> list[int]:
        """`_nearest` in a crowded window: outwards from `day`, up to MAX_CANDIDATES members."""
        out, lo = [], bisect.bisect_left(self.days, day)
        hi = lo
        while len(out) < MAX_CANDIDATES and (lo > 0 or hi < len(self.days)):
            before = day - self.days[lo - 1] if lo > 0 else None
            after = self.days[hi] - day if hi < len(self.days) else None
            if after is None or (before is not None and before <= after):
                gap, j, lo = before, self.members[lo - 1], lo - 1
            else:
                gap, j, hi = after, self.members[hi], hi + 1
            if reach is not None and gap > reach:
                break
            if self.infos[j].doc_id != doc_id:
                out.append(j)
        return out


def _evidence(a: FigureInfo, b: FigureInfo) -> float:
    """How strongly two linked figures look like one count: shared victims, cause, place, values."""
    score = float(bool(a.victims and a.victims == b.victims)) + float(bool(a.cause and a.cause == b.cause))
    score += float(bool(a.place_id and a.place_id == b.place_id)) + float(bool(a.sides & b.sides))
    va, vb = a.top, b.top
    if va and vb:
        score -= 0.5 * math.log10(max(va, vb) / min(va, vb))
    return score


def build_group(members: list[FigureInfo]) -> FigureGroup:
    """A FigureGroup with its range, estimates, status and independent origins."""
    members = sorted(members, key=lambda m: (m.day or date.max, m.doc_id, m.index))
    first = members[0].figure
    key = "|".join(f"{m.doc_id}:{m.index}" for m in members)
    group = FigureGroup(id="g" + hashlib.sha1(key.encode()).hexdigest()[:10], kind=first.kind,
                        who=first.who, place=next((m.figure.place for m in members if m.figure.place), None),
                        period=_period(members))
    group.members = [_member(m) for m in members]
    _estimate(group, members)
    group.origins = sorted({m.origin for m in members})
    group.sides = sorted({m.alignment for m in members if m.alignment})
    return group


def _member(m: FigureInfo) -> GroupMember:
    f = m.figure
    return GroupMember(m.doc_id, m.index, f.low, f.high, f.vague, f.text, f.source, m.outlet,
                       m.day.isoformat() if m.day else None, m.origin, f.span)


def _period(members: list[FigureInfo]) -> str | None:
    days = sorted(m.day for m in members if m.day)
    if not days:
        return None
    return days[0].isoformat() if days[0] == days[-1] else f"{days[0].isoformat()}..{days[-1].isoformat()}"


def _values(m: FigureInfo) -> tuple[int, ...]:
    """The figure's bounds, or the floor of its vague word ("several" -> 3) when it has none."""
    return m.values


def _figure_values(f: Figure) -> tuple[int, ...]:
    values = tuple(v for v in (f.low, f.high) if v is not None)
    if not values and f.vague:
        floor = cues()["vague_floor"].get(f.vague.lower().strip())
        values = (floor,) if floor else ()
    return values


def _estimate(group: FigureGroup, members: list[FigureInfo]) -> None:
    """Low/best/high (UCDP style), the conservative figure (ACLED) and agreement status."""
    precise = [m for m in members if _values(m) and not m.figure.vague]
    numeric = precise or [m for m in members if _values(m)]
    if not numeric:
        return
    points = [sum(_values(m)) / len(_values(m)) for m in numeric]
    group.low = min(min(_values(m)) for m in numeric)
    group.high = max(max(_values(m)) for m in numeric)
    group.best = int(median(points))
    group.conservative = int(min(points))
    group.status = _status(members, numeric)


def _status(members: list[FigureInfo], numeric: list[FigureInfo]) -> str:
    """single, agree, updated (one origin's growing toll) or differ."""
    if len(members) < 2:
        return "single"
    if len({tuple(_values(m)) for m in numeric}) == 1:
        return "agree"
    if len({m.origin for m in numeric}) == 1 and _grows_over_time(numeric):
        return "updated"
    return "agree" if _overlap(numeric) else "differ"


OPEN_BOUND_REACH = 1.25  # "more than 300,000" reads as up to ~375,000, not as any number above it
AGREE_TOLERANCE = 1.1   # within 10%: rounding, "about", "nearly"


def _effective_range(f: Figure) -> tuple[float, float]:
    """The range a figure asserts, an open bound reaching a quarter beyond the number given."""
    low = f.low if f.low is not None else (f.high or 0) / OPEN_BOUND_REACH
    high = f.high if f.high is not None else (f.low or 0) * OPEN_BOUND_REACH
    return low, high


def _overlap(numeric: list[FigureInfo]) -> bool:
    """True when every figure's range meets every other's, within the agreement tolerance."""
    ranges = [_effective_range(m.figure) for m in numeric]
    return max(lo for lo, _ in ranges) <= min(hi for _, hi in ranges) * AGREE_TOLERANCE


def _grows_over_time(numeric: list[FigureInfo]) -> bool:
    dated = sorted((m for m in numeric if m.day), key=lambda m: m.day)
    values = [max(_values(m)) for m in dated]
    return len(values) >= 2 and all(b >= a for a, b in zip(values, values[1:])) and dated[0].day < dated[-1].day
