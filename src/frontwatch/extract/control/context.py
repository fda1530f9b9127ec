"""One document as the control readers see it: tokens, places, actors, claims and times by sentence.

The context leaves out what never states control (places inside an armed group's name,
countries, bylines and captions, organisations that only report), so every reader works on the
same filtered view. The token lookups every reader shares (char -> token, the words between two
tokens or before one, a sentence's tokens) live here too.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
from spacy.tokens import Doc

from ...pipeline import Analysis
from ...records import ActorMention, PlaceMention
from ..actors import registry
from ..grouping import by_sentence
from .rules import words


SKIPPED_ZONES = frozenset({"boilerplate", "caption"})  # bylines, link lists, photo captions


@dataclass
class Context:
    """One document's tokens, places and actors indexed by sentence for the cue readers."""

    doc_id: str
    tokens: Doc
    starts: list[int]                    # token char offsets, for char -> token lookups
    places: dict[int, list[PlaceMention]]
    actors: dict[int, list[ActorMention]]
    claims: list
    sentence_of_token: list[int]
    text: str = ""
    times: dict[int, list] = field(default_factory=dict)
    attackers: dict[int, ActorMention] = field(default_factory=dict)  # sentence -> its last captor/attacker

    def tok(self, char: int) -> int:
        """The token a character offset falls in (the one starting at or before it)."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def end_tok(self, char: int) -> int:
        """The first token starting at or after a character offset: the end of a span ending there."""
        return bisect.bisect_left(self.starts, char)


def _by_sentence(records) -> dict[int, list]:
    """Records grouped by sentence index, each group in text order."""
    return by_sentence(sorted(records, key=lambda r: r.span.start))


def build_context(analysis: Analysis) -> Context:
    """The context of an analysed document: armed actors and the places that can be held, by
    sentence, with bylines, captions and places inside an armed group's name left out."""
    doc = analysis["tokens"]
    sentences = analysis.get("sentences") or []
    idx = doc.to_array("IDX") if len(doc) else numpy.zeros(0, dtype="uint64")
    starts = idx.tolist()
    sent_starts = numpy.array([s.start for s in sentences] or [0])
    sent_of = numpy.maximum(numpy.searchsorted(sent_starts, idx, side="right") - 1, 0).tolist()
    skipped = {i for i, s in enumerate(sentences) if getattr(s, "zone", "body") in SKIPPED_ZONES}
    actors = [a for a in analysis.get("actors") or [] if armed(a.actor) and a.span.sentence not in skipped]
    covered = _covered(actors)
    named = _group_name_places(analysis.doc.text, analysis.get("places") or [])
    places = [p for p in analysis.get("places") or [] if (p.level or "") != "country"
              and not covered(p.span.start) and p.span.sentence not in skipped and id(p) not in named]
    times = [t for t in analysis.get("times") or [] if getattr(t, "value", None)]
    return Context(analysis.doc.id, doc, starts, _by_sentence(places), _by_sentence(actors),
                   list(analysis.get("claims") or []), sent_of, analysis.doc.text, _by_sentence(times))


def _group_name_places(text: str, places: list[PlaceMention]) -> set[int]:
    """ids of the places inside the name of an armed group the actors layer does not know
    ("Jabhat Thuwar Saraqib", "the Manbij Military Council"): no place the group holds.
    Read from the few characters around each place (cheaper than tokens or a regex pass)."""
    w = words()
    heads, tails = w["militia_head"], w["militia_tail"]
    out = set()
    for p in places:
        before = text[max(0, p.span.start - 12):p.span.start].split()
        after = [x.strip(".,;:!?\"'()“”’") for x in text[p.span.end:p.span.end + 20].split()[:2]]
        if (before and before[-1].lower() in heads) or \
                (after and after[0] in tails and (after[0] != "Military" or after[1:] == ["Council"])):
            out.add(id(p))
    return out


def _covered(mentions: list[ActorMention]):
    """A test: does a character offset fall inside one of the (non-overlapping) mentions?"""
    spans = sorted((m.span.start, m.span.end) for m in mentions)
    starts = [a for a, _ in spans]

    def inside(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < spans[i][1]
    return inside


@lru_cache(maxsize=None)
def armed(canonical: str) -> bool:
    """Organisations (monitors, the UN, rescuers) report control; they do not hold ground."""
    actor = registry().actor(canonical)
    return actor is not None and actor.kind != "organisation"


def words_between(ctx: Context, start_tok: int, end_tok: int) -> list[str]:
    """The lower-cased words between two tokens; of the punctuation only "," and ";" count."""
    return [t.lower_ for t in ctx.tokens[start_tok:end_tok] if not t.is_punct or t.text in ";,"]


def preceding_words(ctx: Context, start: int, n: int = 3) -> list[str]:
    """Up to n lower-cased words before token `start`, nearest first, stopping at "." or ";"."""
    out, i = [], start - 1
    while i >= 0 and len(out) < n:
        t = ctx.tokens[i]
        if not t.is_punct or t.text in ".;":
            if t.text in ".;":
                break
            out.append(t.lower_)
        i -= 1
    return out


def sentence_tokens(ctx: Context, sent: int) -> slice:
    """The token range of sentence `sent`."""
    lo = bisect.bisect_left(ctx.sentence_of_token, sent)
    hi = bisect.bisect_right(ctx.sentence_of_token, sent)
    return slice(lo, hi)
