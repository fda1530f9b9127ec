"""Cross-check the corpus: figure groups, independent origins and disputed questions.

Runs after every document has been analysed. It reads the `figures`, `claims`, `places`,
`events` and `control` layers, sets each figure's `group`, and puts a `CrossCheck` in
`result.extras["crosscheck"]`. Syndicated copies (documents with `duplicate_of`) and figures
resting on the same original source count as one origin, so ten sites running one AFP story
are one confirmation, not ten.
"""
from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from ..records import Dispute, FigureGroup, Position
from ..sources import alignment_of
from ..sources import canonical_source as registry_name
from . import corpus_stage
from .disputes import (ControlInfo, Denial, control_disputes, denial_disputes, figure_disputes,
                       place_key, rank)
from .figure_groups import (FigureInfo, build_group, cause_of, cluster, parse_day, scope_of, targets_of,
                            victims_of, who_class)

log = logging.getLogger(__name__)


@dataclass
class CrossCheck:
    """What the corpus says about the same things, grouped, and where it disagrees."""

    groups: list[FigureGroup] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)


def canonical_source(name: str | None) -> str | None:
    """The sources registry's canonical name for a source, else the name as written."""
    if not name:
        return None
    return registry_name(name) or name.strip()


def originals(result) -> dict:
    """Each document id mapped to its first copy (itself when it is the original)."""
    by_id = {d.id: d for d in result.documents}
    out = {}
    for doc in result.documents:
        first, seen = doc, {doc.id}
        while first.duplicate_of in by_id and first.duplicate_of not in seen:
            seen.add(first.duplicate_of)
            first = by_id[first.duplicate_of]
        out[doc.id] = first
    return out


def _main_place(analysis):
    """The document's most-mentioned place below country level (where its story happens)."""
    places = [p for p in analysis.get("places") or [] if p.level != "country" and p.lat is not None]
    if not places:
        return None
    counts = Counter(p.place_id or p.name for p in places)
    top = counts.most_common(1)[0][0]
    return next(p for p in places if (p.place_id or p.name) == top)


DATELINE = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s")
CLAUSE_BEFORE, CLAUSE_AFTER = 80, 120     # characters around a figure read for its scope and target


class _Memo(dict):
    """A pure function's results for one run (sources repeat across thousands of figures)."""

    def __init__(self, func):
        super().__init__()
        self.func = func

    def __missing__(self, key):
        value = self[key] = self.func(key)
        return value


class _DocFacts:
    """What every figure of one document reads, gathered once per document (not once per figure:
    a long page has hundreds of figures and thousands of place and actor mentions)."""

    def __init__(self, doc, analysis):
        # no publication day here: pubdate may date the document after this reading (`_in_corpus`)
        self.doc = doc
        self.text = analysis.doc.text
        self.causes = _Memo(cause_of)     # sentence -> the cause it names (figures share sentences)
        self.sentences = analysis.get("sentences") or []
        self.main = _main_place(analysis)
        self.places: dict[int, list] = {}      # sentence -> its candidate places, in mention order
        for p in analysis.get("places") or []:
            if p.level != "country" and p.lat is not None and not DATELINE.match(self.text, p.span.end):
                self.places.setdefault(p.span.sentence, []).append(p)
        sided = sorted((a.span.start, a.side) for a in analysis.get("actors") or [] if a.side)
        self.actor_starts, self.actor_sides = [s for s, _ in sided], [side for _, side in sided]
        self.alignments: dict[str, str | None] = {}   # speaker -> the alignment of its first claim
        for claim in analysis.get("claims") or []:
            self.alignments.setdefault(claim.speaker, claim.alignment)

    def sentence_place(self, figure):
        """The place below country level nearest to the figure in its own sentence, if any; a
        dateline ("MOSCOW (Sputnik) —") says where the story was filed, not where people died."""
        places = self.places.get(figure.span.sentence, ())
        return min(places, key=lambda p: abs(p.span.start - figure.span.start), default=None)

    def named_sides(self, figure) -> frozenset:
        """Sides of the actors named inside the figure's own words ("500 SDF fighters")."""
        lo = bisect.bisect_left(self.actor_starts, figure.span.start)
        hi = bisect.bisect_left(self.actor_starts, figure.span.end, lo)
        return frozenset(self.actor_sides[lo:hi])

    def claim_alignment(self, source: str | None) -> str | None:
        return self.alignments.get(source) if source else None


def _clause(text: str, figure) -> str:
    """The figure's own clause: a little before it, more after, cut at the sentence's full stops."""
    before = text[max(0, figure.span.start - CLAUSE_BEFORE):figure.span.start].rsplit(". ", 1)[-1]
    after = text[figure.span.start:figure.span.end + CLAUSE_AFTER].split(". ", 1)[0]
    return before + after


# the layers a document's figures are read from (`read_figures`)
READ_LAYERS = ("figures", "sentences", "places", "actors", "claims")


@dataclass
class DocumentFigures:
    """One document's figures as grouping reads them, before the rest of the corpus is known.

    This is the stage's per-document part (`corpus_stage(digest=...)`): the calling process
    reads each document as the engine hands it back, while the workers analyse later ones, so
    that only what needs the whole corpus (dates, copies, origins) is left for after them.
    `read_from` holds the layers it was read from: a corpus stage that re-runs a document's
    stages (pubdate, once it has dated it) makes new layers, and the reading is redone.
    """

    read_from: tuple
    infos: list[FigureInfo]

    def fresh(self, analysis) -> bool:
        return all(a is b for a, b in zip(self.read_from, _layers(analysis)))


def _layers(analysis) -> tuple:
    return tuple(analysis.get(name) for name in READ_LAYERS)


def read_figures(analysis) -> DocumentFigures:
    """Every figure of one document with what its own text says of it: scope, victims, place,
    cause, targets, own day (the fields that need the corpus are set by `figure_infos`)."""
    figures = analysis.get("figures") or []
    infos = []
    if figures:
        facts = _DocFacts(analysis.doc, analysis)
        infos = [_figure_info(facts, index, fig) for index, fig in enumerate(figures)]
    return DocumentFigures(_layers(analysis), infos)


def figure_infos(result) -> list[FigureInfo]:
    """Every figure of the corpus with its scope, victims, place, date, cause and origin."""
    infos = []
    firsts = originals(result)
    names, alignments = _Memo(canonical_source), _Memo(alignment_of)
    for doc in result.documents:
        analysis = result.analyses[doc.id]
        read = analysis.prepared.pop("crosscheck", None)
        if not (analysis.get("figures") or []):
            continue
        if not isinstance(read, DocumentFigures) or not read.fresh(analysis):
            read = read_figures(analysis)
        published_day, first = parse_day(doc.published), firsts[doc.id]
        for info in read.infos:
            _in_corpus(info, doc, first, published_day, names, alignments)
        infos += read.infos
    return infos


def _figure_info(facts: _DocFacts, index, fig) -> FigureInfo:
    """A figure's info from its own document; `_in_corpus` completes it."""
    sentences = facts.sentences
    sentence = sentences[fig.span.sentence].text if 0 <= fig.span.sentence < len(sentences) else fig.text
    own = facts.sentence_place(fig)
    place = own or facts.main
    clause = _clause(facts.text, fig)
    own_day = parse_day(fig.date) if fig.date and len(fig.date) >= 10 else None
    return FigureInfo(facts.doc.id, index, fig, who_class(fig.who, fig.text), scope_of(fig, sentence, clause),
                      None, place.lat if place else None, place.lon if place else None,
                      facts.causes[sentence], None, "", None,
                      own_place=own is not None, sentence=fig.span.sentence, own_day=own_day,
                      place_id=(own.place_id or own.name) if own else None,
                      victims=victims_of(fig.who, fig.text), sides=facts.named_sides(fig),
                      place_level=own.level if own else None, targets=targets_of(clause),
                      claim_alignment=facts.claim_alignment(fig.source))


def _in_corpus(info: FigureInfo, doc, first, published_day, names: _Memo, alignments: _Memo) -> None:
    """The fields of a figure's info that depend on the rest of the corpus: its day (the
    document's date may be inferred from other articles), outlet, independent origin (the first
    copy of a syndicated story) and alignment."""
    source = names[info.figure.source]
    info.origin = f"source:{source.casefold()}" if source else f"outlet:{first.id}"
    info.outlet, info.copy_of = doc.outlet, first.id
    info.alignment = info.claim_alignment or alignments[doc.outlet]
    info.set_day(published_day if info.scope == "war" else info.own_day or published_day)


def control_infos(result) -> list[ControlInfo]:
    """Every control statement with its document's date, outlet and independent origin."""
    infos = []
    firsts = originals(result)
    for doc in result.documents:
        analysis = result.analyses[doc.id]
        sentences = analysis.get("sentences") or []
        original = firsts[doc.id]
        for st in analysis.get("control") or []:
            sentence = sentences[st.span.sentence].text if 0 <= st.span.sentence < len(sentences) else ""
            origin = canonical_source(st.source) or f"outlet:{original.id}"
            infos.append(ControlInfo(doc.id, st, parse_day(st.date) or parse_day(doc.published),
                                     doc.outlet, origin, sentence))
    return infos


def denials(result, infos: list[ControlInfo]) -> list[Denial]:
    """Denied control statements, and negated claims that name a place."""
    out, copies = [], {doc.id for doc in result.documents if doc.duplicate_of}
    for info in infos:
        st = info.statement
        if st.denied_by and info.doc_id not in copies:  # a syndicated copy repeats, it adds none
            pos = Position(info.sentence, st.denied_by, info.outlet, info.doc_id, st.span, None, "denied")
            out.append(Denial(pos, place_key(st), info.day, denied=info))
    for doc in result.documents:
        if doc.id in copies:
            continue
        analysis = result.analyses[doc.id]
        for claim in analysis.get("claims") or []:
            if claim.negated:
                out += _claim_denials(doc, analysis, claim)
    return out


def _claim_denials(doc, analysis, claim) -> list[Denial]:
    """One Denial per place (below country level) that a negated claim's span names."""
    out, seen = [], set()
    for place in analysis.get("places") or []:
        key = place.place_id or place.name.casefold()
        if place.level != "country" and claim.span.start <= place.span.start < claim.span.end and key not in seen:
            seen.add(key)
            pos = Position(claim.quote, claim.speaker, doc.outlet, doc.id, claim.span, claim.alignment, "denied")
            out.append(Denial(pos, key, parse_day(doc.published)))
    return out


@corpus_stage("crosscheck", produces="crosscheck", digest=read_figures)
def crosscheck_stage(result) -> None:
    """Group figures across articles, mark each figure's group, and list the disputes."""
    infos = figure_infos(result)
    groups = [build_group(members) for members in cluster(infos)]
    by_key = {(m.doc_id, m.figure_index): g.id for g in groups for m in g.members}
    for info in infos:
        info.figure.group = by_key[(info.doc_id, info.index)]
    controls = control_infos(result)
    disputes = figure_disputes(groups) + control_disputes(controls) + denial_disputes(controls, denials(result, controls))
    result.extras["crosscheck"] = CrossCheck(groups=sorted(groups, key=lambda g: -len(g.members)),
                                             disputes=rank(disputes))
