"""Find numbers of people killed, wounded, displaced, fighting, with bounds and source.

For each sentence that holds a number:
1. find the quantities and their bounds (`numbers`: "at least 311", "nearly 6 million", "dozens");
2. keep those that count people and read who they are and what happened to them (`figure_kinds`);
3. give each the source the article attributes it to: the attribution its own sentence makes
   ("..., the monitor said", "according to X"), else the claim that holds it; a claim's speaker
   also wins when it is the fuller name of the same source ("the source" -> "medical source")
   (`figure_sources`);
4. place and date it from the `places` and `times` layers in the same sentence.
Finally a figure repeated in the same article (a headline or lead restating the body) is folded
into one row, the one with the most specific source (`figure_repeats`).
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from functools import lru_cache

from ..pipeline import Analysis, stage
from ..records import Figure, Sentence, Span
from .figure_antecedents import Named, antecedent, description
from .figure_kinds import Reading, read_quantity
from .figure_repeats import fold_repeats
from .figure_sources import (attributions, innermost_claim, named_source, reported_claims, right_source,
                             sentence_source, text_of)
from .figure_words import index_at, words_of
from .grouping import by_sentence
from .numbers import Quantity, find_quantities
from .sentences import sentence_at
from .zones import reports_nothing

WINDOW = 300            # characters of a sentence read either side of its quantities
INDEFINITE = re.compile(r"\b(?:a|an|A|An)\s+$")
LOOKBACK = 2            # sentences searched for the source of "it said"
WORDS = re.compile(r"\w+")
LOWER_WORD_NEXT = re.compile(r"\s+[a-z]")


class SentenceReader:
    """The figures of one sentence, with the document-level layers they are tied to."""

    def __init__(self, analysis: Analysis, sentence: Sentence, quantities: list[Quantity], names: "Names"):
        self.analysis, self.sentence, self.quantities, self.names = analysis, sentence, quantities, names
        self.text = analysis.doc.text
        start, end = _window(self.text, sentence, quantities)
        self.words = words_of(self.text[start:end], start)
        self._attributions = None

    @property
    def attributions(self):
        if self._attributions is None:
            self._attributions = attributions(self.words)
        return self._attributions

    def figures(self) -> list[Figure]:
        found, previous = [], None
        for q in self.quantities:
            qs, qe = index_at(self.words, q.start), index_at(self.words, q.end)
            reading = read_quantity(self.words, q, qs, qe, self.text[q.end:q.end + 40], previous)
            if reading is None:
                continue
            previous = reading
            found.append(self.figure(q, reading, qs, qe))
        return found

    def figure(self, q: Quantity, r: Reading, qs: int, qe: int) -> Figure:
        end = self.words[r.end - 1].end if r.end > qe and r.end <= len(self.words) else q.end
        end = max(end, q.end)
        span = Span(self.analysis.doc.id, q.start, end, self.sentence.index)
        source, source_kind = self.source(q.start, end, qs, max(qe, r.end))
        fig = Figure(span, self.text[q.start:end], r.kind, q.low, q.high, r.who, q.qualifier, q.vague,
                     source, source_kind)
        place_figure(fig, self.analysis, self.names.places.get(self.sentence.index, ()))
        date_figure(fig, self.names.times.get(self.sentence.index, ()))
        return fig

    def source(self, start: int, end: int, qs: int, qe: int) -> tuple[str | None, str | None]:
        """Step 3: the attribution in the figure's own sentence, else the claim holding it; a
        description ("the monitor") then gives way to the name it refers to."""
        claim = innermost_claim(self.names.reported, start, end)
        span = sentence_source(self.words, qs, qe, self.attributions)
        own = text_of(self.words, span, self.text) if span and span != "pronoun" else None
        if own and not (claim is not None and self._resolved_by(claim, own, span)):
            # the claim may know the kind of the same source
            same = claim is not None and _words(own) & _words(claim.speaker)
            name, kind, at = own, claim.speaker_kind if same else None, self.words[span[0]].start
        elif claim is not None:
            name, kind, at = claim.speaker, claim.speaker_kind, (claim.speaker_span or claim.span).start
        elif span == "pronoun":
            name, kind, at = self.earlier_source(), None, start
        else:
            return None, None
        indefinite = bool(INDEFINITE.search(self.text, max(0, at - 4), at))
        return self.names.resolve(name, kind, start, indefinite)

    def _resolved_by(self, claim, own: str, span: tuple[int, int]) -> bool:
        """The claim names the same source more fully: "the source" -> "medical source", or the
        claims layer resolved this very mention ("a monitoring group said" -> the Observatory)."""
        if _words(own) < _words(claim.speaker):
            return True
        s, e = self.words[span[0]].start, self.words[span[1] - 1].end
        same_mention = claim.speaker_span is not None and claim.speaker_span.start < e and s < claim.speaker_span.end
        if same_mention and _trimmed(own, claim.speaker):
            return True        # "... of Aleppo Syrian state television reported": the claim left the place out
        return same_mention and not _words(claim.speaker) <= _words(own)

    def earlier_source(self) -> str | None:
        """The source named by one of the sentences just before ("It says ...")."""
        sentences = self.analysis["sentences"]
        for k in range(self.sentence.index - 1, max(-1, self.sentence.index - 1 - LOOKBACK), -1):
            found = self.names.named_in(k, sentences[k], self.text)
            if found:
                return found
        return None


class Names:
    """The sources an article names (the claims layer's speakers and the figures' sources so far),
    read once per article to resolve descriptions ("the monitor", "the source") by antecedent."""

    def __init__(self, analysis: Analysis):
        text = analysis.doc.text
        self._named_in: dict[int, str | None] = {}
        self.reported = reported_claims(analysis.get("claims") or [])   # read by every figure
        self.names = [Named((c.speaker_span or c.span).start, _fuller(text, c), c.speaker_kind)
                      for c in analysis.get("claims") or [] if c.speaker]
        # step 4 reads the places and dates of a figure's sentence: grouped once, not per figure
        sentences = analysis["sentences"]
        self.places = _grouped(sentences, analysis.get("places") or [])
        self.times = _grouped(sentences, [t for t in analysis.get("times") or [] if t.value])

    def resolve(self, name: str | None, kind: str | None, at: int, indefinite: bool = False):
        """(name, kind) with a description replaced by its antecedent; "a source" introduces a
        new source, while "a monitoring group" still names the article's monitor."""
        if name and description(name) is not None:
            found = antecedent(("a " if indefinite else "") + name, at, self.names)
            if found is not None:
                return found.name, found.kind or kind
        return name, kind

    def named_in(self, index: int, sentence: Sentence, text: str) -> str | None:
        """The source sentence `index` names, read once per article (several figures may ask)."""
        if index not in self._named_in:
            words = words_of(sentence.text, sentence.start)
            span = named_source(words, attributions(words))
            self._named_in[index] = text_of(words, span, text) if span else None
        return self._named_in[index]

    def add(self, figures: list[Figure]) -> None:
        self.names += [Named(f.span.start, f.source, f.source_kind) for f in figures if f.source]


def _fuller(text: str, claim) -> str:
    """A claim's speaker with the words that place it ("source" -> "source at Homs Police Command"),
    which the claims layer leaves out of the name."""
    span = claim.speaker_span
    if span is None or " " in claim.speaker.strip() or claim.speaker[:1].isupper():
        return claim.speaker
    words = words_of(text[span.start:span.end + 60], span.start)
    found = right_source(words, 0)
    return text_of(words, found, text) if found else claim.speaker


# "BEIRUT (AP) — ": where the story was filed, not where the people counted were
DATELINE = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s")


def _dateline(text: str, place, sentence: Sentence) -> bool:
    """A place opening the story ("BEIRUT —", "Moscow (Sputnik) -"), not one ending a headline
    ("... as suicide bombings hit Damascus - ...")."""
    opening = place.span.start - sentence.start < 3 or text[place.span.start:place.span.end].isupper()
    return opening and bool(DATELINE.match(text, place.span.end))


def _grouped(sentences: list[Sentence], mentions: list) -> dict[int, list]:
    """Mentions (places, times) by the index of the sentence their span starts in, in order."""
    grouped: dict[int, list] = {}
    for m in mentions:
        s = sentence_at(sentences, m.span.start)
        if s is not None:
            grouped.setdefault(s.index, []).append(m)
    return grouped


def place_figure(fig: Figure, analysis: Analysis, in_sentence) -> None:
    """Step 4: the place named in the same sentence nearest the figure (below country level first);
    a dateline's place is left out. `in_sentence`: the places named in the figure's sentence."""
    sentence, text = analysis["sentences"][fig.span.sentence], analysis.doc.text
    places = [p for p in in_sentence if not _dateline(text, p, sentence)]
    if not places:
        return
    local = [p for p in places if p.level != "country"] or places
    best = min(local, key=lambda p: abs(p.span.start - fig.span.start))
    fig.place, fig.lat, fig.lon = best.name, best.lat, best.lon


def date_figure(fig: Figure, times) -> None:
    """Step 4: the date of the time expression nearest the figure in its sentence (`times`: the
    dated expressions of that sentence)."""
    if times:
        fig.date = min(times, key=lambda t: abs(t.span.start - fig.span.start)).value


def _trimmed(own: str, speaker: str) -> bool:
    """The claims layer's speaker is a name inside the figure's own reading, which took in words
    around it: the end of a place ("Aleppo Syrian state television") or a title word."""
    return own != speaker and len(speaker.split()) >= 2 and speaker[:1].isupper() and own.endswith(speaker)


@lru_cache(maxsize=4096)
def _words(name: str) -> frozenset[str]:
    return frozenset(WORDS.findall(name.lower())) - {"the", "a", "an"}


def _window(text: str, sentence: Sentence, quantities: list[Quantity]) -> tuple[int, int]:
    """The part of a sentence around its quantities that can hold their cues and sources.

    Some scraped sentences run for a whole article; reading WINDOW characters either side of the
    quantities keeps the cost per figure flat. The window is widened to whole words.
    """
    start = max(sentence.start, quantities[0].start - WINDOW)
    end = min(sentence.end, quantities[-1].end + WINDOW)
    while start > sentence.start and not text[start - 1].isspace():
        start -= 1
    while end < sentence.end and not text[end].isspace():
        end += 1
    return start, end


MONTH = "|".join(sorted({m for m in (*calendar.month_name, *calendar.month_abbr, "Sept") if m}, key=len, reverse=True))
MONTH_BEFORE = re.compile(rf"\b(?:{MONTH})\b\.?\s+$")
MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:{MONTH})\b")


def _maybe_people(text: str, q: Quantity) -> bool:
    """A cheap first sieve: dates ("16 Apr 2017", "April 30") and bare years never count people."""
    if MONTH_BEFORE.search(text, max(0, q.num_start - 12), q.num_start) and q.num_start == q.start \
            or MONTH_AFTER.match(text[q.end:q.end + 14]):
        return False
    return not q.year_like or bool(LOWER_WORD_NEXT.match(text[q.end:q.end + 3]))


def _holding_sentence(sentences: list[Sentence]) -> Callable[[Quantity], int | None]:
    """A `grouping.by_sentence` key: the sentence that holds a quantity whole, or None."""
    def index(q: Quantity) -> int | None:
        s = sentence_at(sentences, q.start)
        return s.index if s is not None and q.end <= s.end else None
    return index


@stage("figures", produces="figures", requires=("sentences", "tokens", "claims", "places", "times"))
def figures_stage(analysis: Analysis) -> list[Figure]:
    """Extract the document's figures (steps in the module docstring)."""
    sentences = analysis["sentences"]
    figures: list[Figure] = []
    text = analysis.doc.text
    quantities = [q for q in find_quantities(text, skip_years=True) if _maybe_people(text, q)]
    names = Names(analysis)
    for index, quantities in by_sentence(quantities, _holding_sentence(sentences)).items():
        if reports_nothing(sentences[index]):   # link boxes, credits, captions: another story's figures
            continue
        found = SentenceReader(analysis, sentences[index], quantities, names).figures()
        names.add(found)
        figures += found
    return fold_repeats(figures)
