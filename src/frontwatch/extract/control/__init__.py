"""Find statements that an actor took, holds, lost, withdrew from, fights for or besieges a place.

The rules are data: data/control/cues.tsv lists the cue phrases ("seized", "fell to",
"under the control of", "battling for", "besieged by") with the change each states and where
its actor and place stand; data/control/words.tsv holds the word classes used to read the
words around a cue. For every cue the stage, in order:

1. finds the place(s): the object list after the cue, or the place before a passive cue, in
   the same clause and within the cue's gap (a place after "near"/"south of" is a landmark,
   not the object, unless an unnamed area precedes it: "sites in the east of Aleppo");
2. finds the actor: the subject before the cue (pronouns resolved to the actor in focus) or the
   agent after it ("fell to rebels"), normalised through the actors layer;
3. reads the modality: a base form after "to"/"trying" is a fight, not a capture; a negated
   cue is dropped; a cue under "denied" keeps the claim with its denier; a cue inside an
   attributed claim takes the claim's speaker as its source;
4. adds compounds that state holding or a siege ("rebel-held Idlib", "in rebel hands",
   "under SDF control"), then merges rows that state one fact per place per article
   (rebels captured X = the government lost X; one row per side, change family and era).

Actors named by a noun: "the group"/"the militants" are the armed group the document names
most among those acting in the last sentences; "the operation"/"the offensive" are whoever
launched one earlier ("Turkey launched Operation X"); a bare "the capture/fall of X" takes the
agent after it ("to Z", "by Z"), else the one warring side its sentence names as a doer. A seat
noun in apposition ("Yabrud, a key rebel bastion in Qalamoun") describes the place before it.

Across clauses: a passive takes its agent after a time adjunct ("was captured on 5 May by
X"), else, in a narrative paragraph, the captor or attacker of the sentences just before; a
relative pronoun stands for its antecedent ("X, which Y captured"; "Y, which seized X"); every
side of a coordinated actor list did the deed ("Turkish troops and rebels seized X"); a place
inside an unknown armed group's name ("Jabhat Thuwar X") is no place.

What keeps it general: "the city"/"the town" resolve to the last named place of that kind; a
holding put in the past by "former"/"once"/"formerly" is a loss ("the group's former stronghold
of X"), one bounded by "until" states nothing, and so does a fight that is only a possibility
("to block any advance on X", "prepared for an attack", "if the group attempts to retake X");
a share of a place is that place ("around 55% of X"), and so is an unnamed held area in it or
at its fringe ("a rebel-held zone in X", "a government-held area on X's outskirts"); a plan
("an offensive to capture X") is a fight, never a capture; the actor is whoever does the verb,
never a backer ("US-backed"), a target ("anti-ISIL", "an offensive against ISIS") or an
abbreviation in brackets; and rows one sentence implies in passing ("seized rebel-held X": the
rebels' holding is the state before) are dropped before merging.
"""
from __future__ import annotations

import bisect
import csv
import itertools
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from ...pipeline import Analysis, stage
from ...records import ActorMention, ControlStatement, PlaceMention, PlaceRef, Span
from ..actors import registry
from ..tokens import nlp

log = logging.getLogger(__name__)

FAMILY = {"captured": "gain", "holds": "gain", "lost": "loss", "withdrew": "loss",
          "contested": "fight", "besieged": "fight"}
MAIN_DYAD = frozenset({"government", "opposition"})
SKIPPED_ZONES = frozenset({"boilerplate", "caption"})  # bylines, link lists, photo captions
YEAR = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")


@dataclass(frozen=True)
class Cue:
    """One row of cues.tsv: the change a phrase states and where its actor and place stand."""

    change: str
    actor: str      # before | after
    place: str      # after | before | either
    gap: int
    intent: bool
    adjectival: bool = False   # a compound ("rebel-held"): it modifies the noun after it


def _data(name: str) -> str:
    return resources.files("frontwatch.data").joinpath("control", name).read_text("utf-8")


def _rows(name: str) -> list[str]:
    return [line for line in _data(name).splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """Word classes from words.tsv (break, locative, area, joiner, intent, ...)."""
    out = {}
    for line in _rows("words.tsv"):
        name, _, values = line.partition("\t")
        out[name.strip()] = frozenset(values.split())
    return out


def _slot_words(slot: str) -> list[list[str]]:
    """The word sequences one pattern slot allows ("a|b_c?" -> [a], [b, c], [])."""
    optional = slot.endswith("?") and len(slot) > 1
    seqs = [alt.lower().split("_") for alt in slot.rstrip("?").split("|")] if optional else \
        [alt.lower().split("_") for alt in slot.split("|")]
    return seqs + [[]] if optional else seqs


def _phrases(pattern: str) -> list[list[str]]:
    """Every word sequence a contiguous cues.tsv pattern stands for."""
    slots = [_slot_words(s) for s in pattern.split()]
    return [list(itertools.chain.from_iterable(combo)) for combo in itertools.product(*slots)]


@dataclass(frozen=True)
class CueMatchers:
    """The cue table and its PhraseMatcher; a cue with a "*" matches its head, then its tail
    within four words (a Matcher with a wildcard is ten times slower on long articles)."""

    table: list[Cue]
    phrases: PhraseMatcher
    tails: dict[int, list[list[str]]]     # row -> word sequences that must follow within 4 words

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(row, start, end) of every cue match."""
        strings, out = doc.vocab.strings, []
        for label, s, e in self.phrases(doc):
            row = int(strings[label].rsplit("-", 1)[1])
            if row not in self.tails:
                out.append((row, s, e))
                continue
            end = _tail_end(doc, e, self.tails[row])
            if end is not None:
                out.append((row, s, end))
        return out


def _tail_end(doc: Doc, start: int, tails: list[list[str]], reach: int = 4) -> int | None:
    """Where the first tail sequence found within `reach` words after `start` ends."""
    for i in range(start, min(start + reach + 1, len(doc))):
        if i > start and doc[i - 1].is_punct:
            return None
        for tail in tails:
            if [t.lower_ for t in doc[i:i + len(tail)]] == tail:
                return i + len(tail)
    return None


@lru_cache(maxsize=1)
def cues() -> CueMatchers:
    """The cue table and its matcher; a match's label names its row."""
    lang = nlp()
    phrases, table, tails = PhraseMatcher(lang.vocab, attr="LOWER"), [], {}
    for row in csv.DictReader(_rows("cues.tsv"), delimiter="\t"):
        cue = Cue(row["change"], row["actor"], row["place"], int(row["gap"]), row["intent"] == "yes")
        head, _, tail = row["pattern"].partition(" * ")
        if tail:
            tails[len(table)] = [w for w in _phrases(tail) if w]
        phrases.add(f"control-cue-{len(table)}", [Doc(lang.vocab, words=w) for w in _phrases(head) if w])
        table.append(cue)
    return CueMatchers(table, phrases, tails)


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
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def end_tok(self, char: int) -> int:
        return bisect.bisect_left(self.starts, char)


def _by_sentence(records) -> dict[int, list]:
    out: dict[int, list] = {}
    for r in sorted(records, key=lambda r: r.span.start):
        out.setdefault(r.span.sentence, []).append(r)
    return out


def _context(analysis: Analysis) -> Context:
    doc = analysis["tokens"]
    sentences = analysis.get("sentences") or []
    idx = doc.to_array("IDX") if len(doc) else numpy.zeros(0, dtype="uint64")
    starts = idx.tolist()
    sent_starts = numpy.array([s.start for s in sentences] or [0])
    sent_of = numpy.maximum(numpy.searchsorted(sent_starts, idx, side="right") - 1, 0).tolist()
    skipped = {i for i, s in enumerate(sentences) if getattr(s, "zone", "body") in SKIPPED_ZONES}
    actors = [a for a in analysis.get("actors") or [] if _armed(a.actor) and a.span.sentence not in skipped]
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
def _armed(canonical: str) -> bool:
    """Organisations (monitors, the UN, rescuers) report control; they do not hold ground."""
    actor = registry().actor(canonical)
    return actor is not None and actor.kind != "organisation"


# --- 1. places --------------------------------------------------------------------------------

def _words_between(ctx: Context, start_tok: int, end_tok: int) -> list[str]:
    return [t.lower_ for t in ctx.tokens[start_tok:end_tok] if not t.is_punct or t.text in ";,"]


def _object_gap_ok(gap: list[str], cue: Cue) -> bool:
    """Can the words between a cue and a place belong to the cue's object phrase?"""
    w = words()
    content = _without_measure(_without_country([x for x in gap if x not in ",;"]))
    if content[:1] and content[0] in w["idiom"] and content[1:2] != ["of"]:
        return False  # "took part in", "took place in" (but "took part of X" is a taking)
    # "the strategically located town of X": list words ("the", "town", "of") cost nothing
    if len([x for x in content if x not in w["joiner"]]) > cue.gap or any(x in w["break"] for x in gap):
        return False
    if FAMILY[cue.change] == "fight":
        return True
    for i, x in enumerate(content):
        nxt = content[i + 1] if i + 1 < len(content) else ""
        if x in w["within"]:  # "sites in the east of Aleppo" are Aleppo; "villages in Idlib" are not
            return any(y in w["area"] and y not in w["settlement"] for y in content[:i])
        if x in w["locative"] or (x in w["direction"] and nxt == "of" and not _names_a_part(content, i, cue)):
            return False
    return True


def _without_country(content: list[str]) -> list[str]:
    """The gap without the country a place lies in ("a rebel-held zone in Syria's Idlib
    province", "the Syrian town of"): the country qualifies the place. A bare country ("an
    area in Syria hit Kilis") stays: there the country is where the area lies."""
    country = words()["country_adjective"]
    out = []
    for k, x in enumerate(content):
        nxt = content[k + 1] if k + 1 < len(content) else ""
        if x in country and (nxt in {"'s", "’s"} or x.endswith(("'s", "’s", "ian", "ese", "qi"))):
            continue
        if x in {"'s", "’s"} and k > 0 and content[k - 1] in country:
            continue
        out.append(x)
    return out


def _names_a_part(content: list[str], i: int, cue: Cue) -> bool:
    """'the east of Aleppo', 'the rebel-held east of Aleppo': a compass word after "the" or
    right after a compound names a part of the place; elsewhere ("villages south of X", "a
    bastion east of X") it locates something beside the place."""
    return (i == 0 and cue.adjectival) or (i > 0 and content[i - 1] == "the")


def _without_measure(content: list[str]) -> list[str]:
    """The gap without a leading measure of the object ("at least half of", "around 55% of",
    "more than 70 percent of"): a share of a place is still that place, and "around"/"at"
    there quantify, they do not locate."""
    w = words()
    for k, x in enumerate(content[:8]):
        if x == "of" and k > 0 and (content[k - 1] in w["portion"] or content[k - 1].isdigit()):  # "55(%) of"
            if all(y in w["measure"] or y in w["portion"] or y.replace(".", "").isdigit() for y in content[:k - 1]):
                return content[k + 1:]
            return content
    return content


LEVEL_RANK = {"country": 0, "admin1": 1, "admin2": 2, "city": 3, "town": 4, "village": 5, "district": 6, "poi": 6}


def _list_gap_ok(gap: list[str], prev: PlaceMention, nxt: PlaceMention) -> bool:
    """Is `nxt` another item of the list `prev` belongs to, or a part of `prev` named next?"""
    w = words()
    if len(gap) > 6:
        return False
    if all(x in w["joiner"] for x in gap):
        return True
    # "in Damascus in the neighbourhoods of Mazzeh and Barzeh": parts of the place just named
    finer = LEVEL_RANK.get(nxt.level, 3) > LEVEL_RANK.get(prev.level, 3)
    return finer and any(x in w["area"] for x in gap) and all(
        x in w["joiner"] or x in w["within"] or x in w["area"] for x in gap)


def _places_after(ctx: Context, sent: int, cue_end: int, cue: Cue) -> list[PlaceMention]:
    """The object list after a cue: the first place in reach, then places joined to it.

    A landmark ("a base east of Aleppo") is not the object, but a place coordinated after it
    is ("... east of Aleppo and large areas of Idlib province").
    """
    cands = [p for p in ctx.places.get(sent, []) if ctx.tok(p.span.start) >= cue_end and not _names_a_road(ctx, p)]
    first = _first_object(ctx, cands, cue_end, cue)
    if first is None:
        return []
    out = [cands[first]]
    for p in cands[first + 1:]:
        if not _list_gap_ok(_words_between(ctx, ctx.end_tok(out[-1].span.end), ctx.tok(p.span.start)), out[-1], p):
            break
        out.append(p)
    return out


ROUTE = frozenset({"road", "highway", "motorway", "route", "-", "–", "border", "crossing", "pipeline", "railway"})


def _names_a_road(ctx: Context, p: PlaceMention) -> bool:
    """'the Aleppo-Hasakah road', 'the Aleppo road': the place only names a route (unless the
    places layer resolved the route itself, as a poi)."""
    if p.level == "poi":
        return False
    i = ctx.end_tok(p.span.end)
    return i < len(ctx.tokens) and ctx.tokens[i].lower_ in ROUTE


def _first_object(ctx: Context, cands: list[PlaceMention], cue_end: int, cue: Cue) -> int | None:
    """Index of the first candidate that is the cue's object, or None."""
    for i, p in enumerate(cands[:3]):
        if i == 0:
            gap = _words_between(ctx, cue_end, ctx.tok(p.span.start))
            ok = _object_gap_ok(gap, cue) or (cue.change == "holds" and _on_fringe(ctx, gap, p))
        else:
            gap = _words_between(ctx, ctx.end_tok(cands[i - 1].span.end), ctx.tok(p.span.start))
            if gap[:3] in (["as", "well", "as"], ["in", "addition", "to"]):
                gap = ["and"] + gap[3:]  # "grain silos near X as well as the village of Y"
            ok = gap[:1] in (["and"], [","]) and _coordinated(gap) and \
                ctx.tok(p.span.start) - cue_end <= cue.gap + 10
        if ok:
            return i
    return None


def _on_fringe(ctx: Context, gap: list[str], p: PlaceMention) -> bool:
    """'a government-held area on Aleppo's outskirts', 'held districts on the edge of X': an
    unnamed held area at a place's fringe is a holding of that place (within a city's reach)."""
    w = words()
    content = [x for x in gap if x not in ",;"]
    if len(content) > 7 or not any(x in w["area"] for x in content[:3]):
        return False
    k = next((j for j, x in enumerate(content) if x in {"on", "in", "at"}), None)
    if k is None or not any(x in w["area"] for x in content[:k]):
        return False
    rest = [x for x in content[k + 1:] if x != "the"]
    if rest:
        return len(rest) == 2 and rest[0] in w["fringe"] and rest[1] == "of"
    after = ctx.end_tok(p.span.end)
    return after + 1 < len(ctx.tokens) and ctx.tokens[after].lower_ in {"'s", "’s", "'"} and \
        ctx.tokens[after + 1].lower_ in w["fringe"]


def _coordinated(gap: list[str]) -> bool:
    """'and large areas of both': a new object phrase coordinated with the last one."""
    w = words()
    return len(gap) <= 7 and all(x in w["joiner"] or x in w["area"] for x in gap)


def _places_before(ctx: Context, sent: int, cue_start: int, limit: int) -> list[PlaceMention]:
    """The place(s) a passive cue follows ("Idlib, which fell to rebels"), skipping landmarks."""
    cands = [p for p in ctx.places.get(sent, []) if ctx.end_tok(p.span.end) <= cue_start]
    hard = {";", "but", "while", "whereas", "although", "because", "said", "says", "told"}
    if not cands:
        return []
    gap = _words_between(ctx, ctx.end_tok(cands[-1].span.end), cue_start)
    if len([x for x in gap if x not in ",;"]) > limit or any(x in hard for x in gap):
        return []
    i = len(cands) - 1
    if i > 0 and _landmark_of(ctx, cands[i - 1], cands[i]):
        i -= 1  # "Madaya, a town near Damascus, besieged by ...": Damascus is a landmark
    elif _after_landmark_word(ctx, cands[i]):
        return []  # "all land along the Euphrates was captured": the river only locates the land
    out = [cands[i]]
    for p in reversed(cands[:i]):  # "Latakia and Salamiya, government strongholds"
        if not all(x in words()["joiner"] for x in _words_between(ctx, ctx.end_tok(p.span.end), ctx.tok(out[0].span.start))):
            break
        out.insert(0, p)
    return out


def _after_landmark_word(ctx: Context, p: PlaceMention) -> bool:
    """Is the place introduced by a word that makes it a landmark ("along the Euphrates")?"""
    i = ctx.tok(p.span.start) - 1
    if i >= 0 and ctx.tokens[i].lower_ == "the":
        i -= 1
    return i >= 0 and ctx.tokens[i].lower_ in words()["landmark"]


def _landmark_of(ctx: Context, head: PlaceMention, landmark: PlaceMention) -> bool:
    """True for "Head, a town near Landmark": the landmark only locates the place named first."""
    gap = _words_between(ctx, ctx.end_tok(head.span.end), ctx.tok(landmark.span.start))
    w = words()
    appositive = all(x in w["joiner"] or x in w["locative"] or x in w["direction"] or x in {"a", "an"} for x in gap)
    return appositive and 0 < len(gap) <= 5 and (gap[-1] in w["locative"] or (len(gap) > 1 and gap[-2] in w["direction"]))


def _appositive_place(ctx: Context, sent: int, span) -> list[PlaceMention]:
    """'Yabrud, a key opposition bastion in the Qalamoun area': a seat noun in apposition
    describes the place just named; the place after it only locates that place."""
    head = span.start + 1 if ctx.tokens[span.start].lower_ == "the" else span.start
    if ctx.tokens[head].lower_ not in words()["seat"]:
        return []
    cands = [p for p in ctx.places.get(sent, []) if ctx.end_tok(p.span.end) <= span.start]
    if not cands:
        return []
    lo = ctx.end_tok(cands[-1].span.end)
    actor_toks = {i for a in ctx.actors.get(sent, []) for i in range(ctx.tok(a.span.start), ctx.end_tok(a.span.end))}
    gap = [t for t in ctx.tokens[lo:span.start] if t.i not in actor_toks]
    w = words()
    ok = gap[:1] and gap[0].lower_ in {",", "a", "an", "the"} and len(gap) <= 6 and all(
        t.lower_ in w["joiner"] or t.lower_ in w["appositive"] for t in gap[1:])
    return cands[-1:] if ok else []


def _find_places(ctx: Context, sent: int, span, cue: Cue) -> list[PlaceMention]:
    if cue.place == "either" and cue.change == "holds":
        found = _appositive_place(ctx, sent, span)
        if found:
            return found
    if cue.place == "before":
        found = _places_before(ctx, sent, span.start, cue.gap)
        if not found and cue.actor == "after" and cue.change == "holds":
            found = _area_held_in(ctx, sent, span)
        near = span.start
    else:
        found = _passive_places(ctx, sent, span) if cue.actor == "before" and cue.change in {"captured", "withdrew"} else []
        found = found or (_relative_object(ctx, sent, span) if cue.actor == "before" else []) or \
            _places_after(ctx, sent, span.end, cue)
        if not found and cue.place == "either":
            found = _places_before(ctx, sent, span.start, cue.gap if cue.change != "contested" else 25)
        near = span.end
    return found or _part_of_focus(ctx, sent, span, near) or _anaphor(ctx, sent, near)


AUXILIARY = frozenset({",", "was", "were", "is", "are", "had", "has", "have", "been", "being", "also", "then",
                       "later", "eventually", "finally", "quickly", "soon", "reportedly", "subsequently",
                       "fully", "completely", "partially", "partly", "again", "itself", "themselves", "successfully"})


def _passive_places(ctx: Context, sent: int, span) -> list[PlaceMention]:
    """'Atshan was captured on 5 May', 'the town of X was retaken': the place a passive cue's
    subject names. Only a bare place subject: "soldiers from X were captured" names people."""
    if not _passive(ctx, span.start) or not _participle(ctx.tokens[span.start].lower_) or \
            _preceding_words(ctx, span.start, 1) == ["to"]:
        return []  # "its goal was to take X": a plan, whose subject is not X
    found = _places_before(ctx, sent, span.start, 6)
    if not found or not all(x in AUXILIARY for x in _words_between(ctx, ctx.end_tok(found[-1].span.end), span.start)):
        return []
    return [] if _adjunct(ctx, found[0]) else found


def _adjunct(ctx: Context, p: PlaceMention) -> bool:
    """Is the place only where something happens ("in Aleppo", "soldiers from Homs"), not the
    subject of a clause? "the town of X" is X itself; "eastern Homs" reads as "Homs"."""
    i = ctx.tok(p.span.start) - 1
    while i >= 0 and (ctx.tokens[i].lower_ in {"the", "both", "nearby", "strategic", "key", "central"} or
                      ctx.tokens[i].lower_.rstrip("ern") in words()["direction"]):  # "eastern Homs"
        i -= 1
    if i < 0 or ctx.tokens[i].lower_ not in words()["locative"] | words()["within"] | {"of", "for"}:
        return False
    w = words()
    return not (ctx.tokens[i].lower_ == "of" and i > 0 and
                ctx.tokens[i - 1].lower_ in w["anaphor"] | w["area"] | w["settled"])


def _part_of_focus(ctx: Context, sent: int, span, near: int) -> list[PlaceMention]:
    """'some neighbourhoods' with no name: the city in focus (named earlier in the sentence or just before)."""
    w = words()
    window = [t for t in ctx.tokens[max(0, near - 4):near + 4] if ctx.sentence_of_token[t.i] == sent]
    parts = [t for t in window if t.lower_ in w["part"]]
    if not parts or any(t.i + 1 < len(ctx.tokens) and ctx.tokens[t.i + 1].lower_ == "of" for t in parts):
        return []  # "parts of Syria" names its whole
    for s in (sent, sent - 1):
        places = [p for p in ctx.places.get(s, []) if LEVEL_RANK.get(p.level, 3) >= 3
                  and (s < sent or ctx.end_tok(p.span.end) <= span.start)]
        if places:
            return [places[-1]]
    return []


def _names_follow(ctx: Context, sent: int, noun: int) -> bool:
    """'villages including the town of Salma': the noun opens a list of names, not an anaphor."""
    return any(0 < ctx.tok(p.span.start) - noun <= 5 for p in ctx.places.get(sent, []))


ANAPHOR_LEVELS = {"city": ("city", "town", "admin2"), "town": ("town", "city", "village"),
                  "village": ("village", "town")}


def _anaphor(ctx: Context, sent: int, near: int) -> list[PlaceMention]:
    """'the city', 'the two villages': the last named places of that kind, in this sentence
    (before the noun) or the three before it. A plural needs as many names as it implies."""
    w = words()
    window = ctx.tokens[max(0, near - 7):near + 5]
    nouns = [t for t in window if t.lower_ in w["anaphor"] and ctx.sentence_of_token[t.i] == sent
             and any(x.lower_ in {"the", "these", "those", "both"} for x in ctx.tokens[max(0, t.i - 5):t.i])
             and not (t.i + 1 < len(ctx.tokens) and ctx.tokens[t.i + 1].lower_ in {"of", "'s", "’s"})
             and not _names_follow(ctx, sent, t.i)]
    if not nouns or (ctx.places.get(sent) and abs(nouns[0].i - near) > 3):
        return []
    noun = nouns[0]
    plural = noun.lower_ in {"towns", "villages", "cities"}
    fits = ANAPHOR_LEVELS.get({"cities": "city", "towns": "town", "villages": "village"}.get(noun.lower_, noun.lower_), ())
    for s in range(sent, sent - 4, -1):
        previous = [p for p in ctx.places.get(s, []) if p.level in fits and ctx.tok(p.span.start) < noun.i]
        if previous:
            return (previous if len(previous) > 1 else []) if plural else previous[-1:]
    return []


# --- 2. actors --------------------------------------------------------------------------------

OBJECT_PREPS = frozenset({"against", "with", "by", "from", "to", "on", "at", "for", "toward",
                          "towards", "between", "including"})


def _is_object(ctx: Context, m: ActorMention) -> bool:
    i = ctx.tok(m.span.start)
    prev = ctx.tokens[i - 1].lower_ if i > 0 else ""
    prev2 = ctx.tokens[i - 2].lower_ if i > 1 else ""
    # "(ISIL)" after a name repeats it: an abbreviation in brackets never starts a clause
    return prev in OBJECT_PREPS or prev == "(" or (prev in {"the", "a", "an"} and prev2 in OBJECT_PREPS)


STATE_KINDS = frozenset({"state", "armed_forces"})


def _focus(ctx: Context, sent: int, groups_only: bool = False, reach: int = 2) -> ActorMention | None:
    """The actor a pronoun in this sentence refers to: the last named actor of the previous one
    ("the group" refers to a group, never to a state or its army)."""
    for s in range(sent - 1, max(-1, sent - 1 - reach), -1):
        mentions = [a for a in ctx.actors.get(s, []) if not groups_only or registry().actor(a.actor).kind not in STATE_KINDS]
        cands = [a for a in mentions if not _is_object(ctx, a)] or mentions
        if cands:
            named = [a for a in cands if registry().actor(a.actor).kind != "generic"]
            return _specific(ctx, s, (named or cands)[0])
    return None


SPEECH = frozenset({"said", "says", "claimed", "claims", "reported", "reports", "announced", "stated",
                    "denied", "denies", "insisted", "told", "added", "confirmed"})


def _subject(ctx: Context, sent: int, cue_start: int) -> ActorMention | None:
    """The subject of a cue: the last actor before it, or the actor a pronoun refers to.

    "X besieged Y and seized Z" and "X and Y seized Z" take X; "X said the convoy entered Z"
    has no actor for "entered" (the subject is a noun the registry does not know).
    """
    relative = _relative_subject(ctx, sent, cue_start) or _absolute_subject(ctx, sent, cue_start)
    if relative is not None:
        return relative
    before = [a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) <= cue_start]
    subjects = [a for a in before if not _is_object(ctx, a)]
    speech = _last_speech(ctx, sent, cue_start)
    if speech is not None and any(ctx.tok(a.span.start) > speech for a in subjects):
        subjects = [a for a in subjects if ctx.tok(a.span.start) > speech]  # the reported clause's own subject
    lo = ctx.end_tok(subjects[-1].span.end) if subjects else max(0, cue_start - 6)
    between = [t.lower_ for t in ctx.tokens[lo:cue_start]]
    named = _noun_subject(ctx, sent, max(lo, _sentence_tokens(ctx, sent).start), cue_start)
    if named is not None:
        return named
    if any(x in words()["pronoun"] for x in between):
        return _specific(ctx, sent, subjects[0]) if subjects else _focus(ctx, sent)
    if not subjects:
        return None
    if speech is not None and speech >= lo and _new_noun_phrase(ctx, speech + 1, cue_start):
        return None  # "X claimed the vehicles had entered Y": the vehicles entered, not X
    if _preceding_words(ctx, cue_start, 1) == ["and"] or _coordinated_subject(ctx, subjects):
        return _specific(ctx, sent, subjects[0])
    return _specific(ctx, sent, subjects[-1])


RELATIVE = frozenset({"which", "who", "that"})
CLAUSE_FILLER = frozenset({"had", "has", "have", "later", "then", "also", "first", "reportedly", "eventually",
                           "previously", "once", "subsequently", "finally", "recently", "now", "still", "since"})


def _skip_filler(ctx: Context, i: int, lo: int) -> int:
    """The index before token i once auxiliaries and adverbs ("had later") are passed."""
    while i >= lo and ctx.tokens[i].lower_ in CLAUSE_FILLER:
        i -= 1
    return i


def _relative_subject(ctx: Context, sent: int, cue_start: int) -> ActorMention | None:
    """'... from Daesh, which seized the town in 2014': the actor a relative pronoun stands for
    does the verb, even when the main clause made it an object."""
    lo = _sentence_tokens(ctx, sent).start
    i = _skip_filler(ctx, cue_start - 1, lo)
    if i <= lo or ctx.tokens[i].lower_ not in RELATIVE:
        return None
    i -= 2 if ctx.tokens[i - 1].text == "," else 1
    actor = next((a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) - 1 == i), None)
    return _specific(ctx, sent, actor) if actor is not None else None


def _absolute_subject(ctx: Context, sent: int, cue_start: int) -> ActorMention | None:
    """'..., with Iraqi forces having retaken Ramadi': the actor after "with" does the verb."""
    if _preceding_words(ctx, cue_start, 1) != ["having"]:
        return None
    lo = _sentence_tokens(ctx, sent).start
    with_at = next((k for k in range(cue_start - 2, max(lo, cue_start - 14) - 1, -1) if ctx.tokens[k].lower_ == "with"), None)
    if with_at is None:
        return None
    return next((_specific(ctx, sent, a) for a in ctx.actors.get(sent, []) if ctx.tok(a.span.start) == with_at + 1), None)


def _relative_object(ctx: Context, sent: int, span) -> list[PlaceMention]:
    """'Jarabulus, which Turkish-led forces captured on the first day', 'the airport that IS
    has besieged': the place a relative pronoun stands for is the verb's object."""
    lo = _sentence_tokens(ctx, sent).start
    i = _skip_filler(ctx, span.start - 1, lo)
    actor = next((a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) - 1 == i), None)
    if actor is None:
        return []
    i = ctx.tok(actor.span.start) - 1
    if i <= lo or ctx.tokens[i].lower_ not in {"which", "that"}:
        return []
    i -= 2 if ctx.tokens[i - 1].text == "," else 1
    places = [p for p in ctx.places.get(sent, []) if ctx.end_tok(p.span.end) <= i + 1]
    if not places or ctx.end_tok(places[-1].span.end) - 1 != i:
        return []
    return _antecedent(ctx, places)


def _antecedent(ctx: Context, places: list[PlaceMention]) -> list[PlaceMention]:
    """The place a relative pronoun after `places[-1]` stands for: "Rityan north of Aleppo,
    which ..." and "Qaryatain in Homs province, which ..." mean the first place; "an air base in
    Aleppo, which ..." means the unnamed base (no place); "near Palmyra, which ..." means Palmyra."""
    w = words()
    last = places[-1]
    i = ctx.tok(last.span.start) - 1
    while i >= 0 and ctx.tokens[i].lower_ in {"the", "city", "town", "village", "second", "capital"}:
        i -= 1
    prep = ctx.tokens[i].lower_ if i >= 0 else ""
    if i > 0 and prep == "of" and ctx.tokens[i - 1].lower_ in w["direction"]:
        prep = "near"  # "north of Aleppo": a landmark
    if prep not in w["within"] and prep not in w["locative"]:
        return [last]
    link = w["direction"] | w["within"] | w["locative"] | {"of", "the", "city", "town", "village", "second", ","}
    if len(places) > 1:
        gap = _words_between(ctx, ctx.end_tok(places[-2].span.end), i + 1)
        if len(gap) <= 4 and all(x in link for x in gap):
            return [places[-2]]
    head = ctx.tokens[i - 1].lower_ if i > 0 else ""
    if prep in w["within"] or head in w["area"] | w["anaphor"] | w["owned"]:
        return []  # "a base in Aleppo, which ...", "areas around Damascus that ...": an unnamed antecedent
    return [last]


def _owner_before_place(ctx: Context, sent: int, cue_start: int) -> ActorMention | None:
    """'IS's Raqa stronghold', 'its Raqa bastion': the owner stands before the place that
    precedes the seat noun."""
    place = next((p for p in ctx.places.get(sent, []) if ctx.end_tok(p.span.end) == cue_start), None)
    if place is None:
        return None
    j = ctx.tok(place.span.start) - 1
    if j >= 0 and ctx.tokens[j].lower_ in {"its", "their"}:
        return _group_in_focus(ctx, sent)
    if j >= 0 and ctx.tokens[j].lower_ in {"'s", "’s", "'"}:
        j -= 1
    return next((a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) - 1 == j), None)


def _launch_subject(ctx: Context, sent: int, start: int) -> ActorMention | None:
    """'The regime launched its offensive on X': the owner of the operation launched it."""
    before = _preceding_words(ctx, start, 2)
    if before[:1] not in (["its"], ["their"]) or len(before) < 2 or before[1] not in words()["launch"]:
        return None
    last = _skip_filler(ctx, start - 3, _sentence_tokens(ctx, sent).start)  # the word before the verb
    return next((_specific(ctx, sent, a) for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) - 1 == last), None)


def _noun_subject(ctx: Context, sent: int, lo: int, cue_start: int) -> ActorMention | None:
    """'The group seized X', 'the operation has so far captured X': a definite noun standing for
    an actor named before. "The group"/"the militants" are the last armed group in focus; "the
    operation"/"the offensive" are whoever launched it earlier in the document (`_launcher`)."""
    w = words()
    toks = ctx.tokens[lo:cue_start]
    for k, t in enumerate(toks):
        if t.lower_ not in {"the", "this", "that"} or k + 1 >= len(toks):
            continue
        noun = toks[k + 1].lower_
        rest = [x.lower_ for x in toks[k + 2:]]
        if any(x in w["break"] or x in SPEECH for x in rest) or len(rest) > 4:
            continue  # "the group said the army entered X": another clause's subject
        if noun in w["group_anaphor"]:
            return _group_in_focus(ctx, sent)
        if noun in w["campaign_anaphor"]:
            return _launcher(ctx, sent, toks[k + 1].i)
    return None


def _group_in_focus(ctx: Context, sent: int, reach: int = 10) -> ActorMention | None:
    """The armed group "the group" stands for: among the groups acting (not acted on) in the
    last `reach` sentences, the one the document has named most so far; the latest on a tie.
    A narrative names its protagonist often, a passing rival once."""
    counts: dict[str, int] = {}
    latest: dict[str, ActorMention] = {}
    for s in range(0, sent):
        for a in ctx.actors.get(s, []):
            if registry().actor(a.actor).kind in STATE_KINDS or _is_object(ctx, a):
                continue
            counts[a.actor] = counts.get(a.actor, 0) + 1
            if s >= sent - reach:
                latest[a.actor] = a
    if not latest:
        return None
    best = max(latest, key=lambda c: (counts[c], latest[c].span.start))
    return latest[best]


def _launcher(ctx: Context, sent: int, noun: int, reach: int = 30) -> ActorMention | None:
    """Who launched the operation a sentence calls "the operation"/"the offensive": the actor
    right before a campaign noun ("the SDF offensive", "Turkey's operation") or the subject of a
    launch verb ("Turkey launched Operation X") in the nearest earlier sentence naming one."""
    w = words()
    for s in range(sent, max(-1, sent - reach), -1):
        rng = _sentence_tokens(ctx, s)
        stop = noun if s == sent else rng.stop
        for i in range(stop - 1, rng.start - 1, -1):
            word = ctx.tokens[i].lower_
            if word in w["launch"] or (word in w["campaign_anaphor"] and i != noun):
                actor = _adjacent_actor(ctx, s, i) if word in w["campaign_anaphor"] else None
                actor = actor or _subject_before(ctx, s, i)
                if actor is not None and actor.side != "other":
                    return _specific(ctx, s, actor)
    return None


def _subject_before(ctx: Context, sent: int, i: int) -> ActorMention | None:
    """The last actor before token i of a sentence that is not an object ("against ISIS")."""
    before = [a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) <= i and not _is_object(ctx, a)]
    return before[-1] if before else None


def _last_speech(ctx: Context, sent: int, cue_start: int) -> int | None:
    rng = _sentence_tokens(ctx, sent)
    for i in range(cue_start - 1, rng.start - 1, -1):
        if ctx.tokens[i].lower_ in SPEECH:
            return i
    return None


def _new_noun_phrase(ctx: Context, start: int, end: int) -> bool:
    """Do the words between a speech verb and a cue open a new subject ("the vehicles")?"""
    return any(t.lower_ in {"the", "a", "an", "some", "several"} or (t.is_title and t.i > start)
               for t in ctx.tokens[start:end])


def _coordinated_subject(ctx: Context, subjects: list[ActorMention]) -> bool:
    """'The YPG and rebels seized ...': the last two subjects are joined by 'and'."""
    if len(subjects) < 2:
        return False
    gap = _words_between(ctx, ctx.end_tok(subjects[-2].span.end), ctx.tok(subjects[-1].span.start))
    return gap in (["and"], [",", "and"], [","])


def _agent(ctx: Context, sent: int, cue_end: int, limit: int = 8) -> ActorMention | None:
    after = [a for a in ctx.actors.get(sent, []) if cue_end <= ctx.tok(a.span.start) <= cue_end + limit]
    if after and "from" in (t.lower_ for t in ctx.tokens[cue_end:ctx.tok(after[0].span.start)]) and \
            "by" in (t.lower_ for t in ctx.tokens[max(0, cue_end - 1):cue_end + 1]):
        return None  # "seized by militants from the army": the agent is a word the layer missed
    return _specific(ctx, sent, after[0]) if after else None


MEMBERSHIP = frozenset({"in", "of", "from", "the", "within", "among", "led", "by", ",", "including", "-"})


def _specific(ctx: Context, sent: int, actor: ActorMention) -> ActorMention:
    """'separate rebels in the SDF' names the SDF: a generic word yields to the group it is part of."""
    if registry().actor(actor.actor).kind != "generic":
        return actor
    for a in ctx.actors.get(sent, []):
        if a.span.start >= actor.span.end:
            gap = _words_between(ctx, ctx.end_tok(actor.span.end), ctx.tok(a.span.start))
            if len(gap) <= 4 and all(x in MEMBERSHIP for x in gap) and gap and \
                    not ("from" in gap and a.side != actor.side):  # "rebels from government forces"
                return a
            break
    return actor


def _adjacent_actor(ctx: Context, sent: int, cue_start: int) -> ActorMention | None:
    """The actor right before a noun cue: "the rebel stronghold", "the regime's siege"."""
    i = cue_start - 1
    if i > 0 and ctx.tokens[i].lower_ in words()["former"]:
        i -= 1  # "the group's former stronghold": the owner stands before "former"
    if i >= 0 and ctx.tokens[i].lower_ in {"'s", "’s", "'"}:
        i -= 1
    if i >= 0 and ctx.tokens[i].lower_ in words()["country_adjective"]:
        return None  # "the group's Syrian bastion": the country the place lies in, not its holder
    for a in ctx.actors.get(sent, []):
        if ctx.end_tok(a.span.end) - 1 == i:
            return a
    if i > 0 and ctx.tokens[i].lower_ in words()["group_anaphor"] and ctx.tokens[i - 1].lower_ == "the":
        return _group_in_focus(ctx, sent)  # "the group's capture of X"
    return _word_actor(ctx, sent, i) if i >= 0 else None


def _word_actor(ctx: Context, sent: int, i: int) -> ActorMention | None:
    """An actor named by one modifier word ("government", "rebel"), looked up in the registry."""
    word = ctx.tokens[i]
    actor = registry().lookup(word.text) or registry().lookup(f"{word.text} forces")
    if actor is None or not _armed(actor.canonical):
        return None
    return ActorMention(Span(ctx.doc_id, word.idx, word.idx + len(word.text), sent), word.text,
                        actor.canonical, actor.side, actor.parent)


def _participle_subject(ctx: Context, sent: int, span) -> ActorMention | None:
    """', capturing the city': a participle after a comma shares the main clause's subject."""
    if not ctx.tokens[span.start].lower_.endswith("ing"):
        return None
    prev = _preceding_words(ctx, span.start, 2)
    if not span.start or not (ctx.tokens[span.start - 1].text == "," or prev[:1] in (["thus"], ["then"], ["before"], ["after"])):
        return None
    subjects = [a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) <= span.start and not _is_object(ctx, a)]
    if subjects:
        return subjects[0]
    return _main_subject_after(ctx, sent, span) if prev[:1] in (["after"], ["before"], ["upon"], ["since"], ["while"]) else None


def _main_subject_after(ctx: Context, sent: int, span) -> ActorMention | None:
    """'After capturing Manbij, the SDF announced ...': a participle clause that opens the
    sentence shares the subject of the main clause after its comma."""
    rng = _sentence_tokens(ctx, sent)
    if span.start - 1 > rng.start + 1:
        return None  # only a clause that opens the sentence
    comma = next((t.i for t in ctx.tokens[span.end:rng.stop] if t.text == ","), None)
    if comma is None:
        return None
    after = [a for a in ctx.actors.get(sent, []) if ctx.tok(a.span.start) > comma]
    if not after or not all(t.lower_ in {"the", "its", "their"} or t.is_title or t.is_upper
                            for t in ctx.tokens[comma + 1:ctx.tok(after[0].span.start)]):
        return None
    return _specific(ctx, sent, after[0])


def _passive(ctx: Context, start: int) -> bool:
    """'were encircled', 'was reportedly besieged': the subject undergoes the cue."""
    if ctx.tokens[start].lower_.endswith("ing"):
        return False  # "are pushing": progressive, not passive
    if _preceding_words(ctx, start, 1) in (["a"], ["an"], ["the"]):
        return False  # "is a stronghold of": a copula before a noun
    before = [t for t in ctx.tokens[max(0, start - 3):start] if not t.is_punct][-2:]
    return any(t.lower_ in {"was", "were", "been", "being", "is", "are", "be", "got"} and t.text != "IS"
               for t in before)  # "IS's de facto capital": the group, not the verb


def _is_heading(ctx: Context, sent: int) -> bool:
    """A title or list item ("Battle of Aleppo (2012-2016)"): no sentence to take a focus from."""
    tokens = [t for t in ctx.tokens[_sentence_tokens(ctx, sent)] if not t.is_space]
    return len(tokens) < 4 or tokens[0].text in {"*", "#", "-", "•", "|"} or \
        tokens[-1].text not in {".", "!", "?", "\"", "”", "'", "’"}


def _nominal(ctx: Context, sent: int, start: int) -> bool:
    """Is a cue like "capture" or "siege" a noun here ("the capture", "rebel siege"), not a verb?"""
    if start > 1 and ctx.tokens[start - 1].lower_ in words()["former"]:
        start -= 1  # "the group's former stronghold"
    if ctx.tokens[start].lower_ == "the" or start == 0:
        return True
    prev = ctx.tokens[start - 1]
    if prev.lower_ in {"a", "an", "its", "their", "his", "'s", "’s", "'", "this", "that", "whose"}:
        return True
    if start > 1 and prev.is_lower and prev.is_alpha and ctx.tokens[start - 2].lower_ in {"the", "a", "an"}:
        return True  # "the brief seizure", "a swift capture"
    return any(ctx.end_tok(a.span.end) == start for a in ctx.actors.get(sent, [])) or \
        _word_actor(ctx, sent, start - 1) is not None


def _possessed(ctx: Context, start: int) -> bool:
    """'their push into X': the owner is a pronoun whose referent the subject need not be."""
    return _preceding_words(ctx, start, 1) in (["their"], ["its"], ["his"])


def _noun_agent(ctx: Context, sent: int, start: int) -> ActorMention | None:
    """'a stronghold of the opposition', 'an offensive by the army': the actor "of"/"by" names.
    After "against"/"on" stands the target, never the actor."""
    i = start
    while i < len(ctx.tokens) and ctx.tokens[i].lower_ not in {"of", "by", "against", "on", "to", "toward", "towards", "into", "in"} and i < start + 2:
        i += 1
    if i >= len(ctx.tokens) or ctx.tokens[i].lower_ not in {"of", "by"}:
        return None
    return _agent(ctx, sent, i + 1, limit=2)


def _agent_after_object(ctx: Context, sent: int, span, cue: Cue) -> ActorMention | None:
    """'the fall of X to the rebels', 'the recapture of X by the army': the agent named after
    the noun cue's object."""
    if FAMILY[cue.change] != "gain":
        return None
    places = _places_after(ctx, sent, span.end, cue)
    if not places:
        return None
    i = ctx.end_tok(places[-1].span.end)
    if i < len(ctx.tokens) and ctx.tokens[i].lower_ in words()["agent"]:
        return _agent(ctx, sent, i + 1, limit=3)
    return None


def _clause_actor(ctx: Context, sent: int, span) -> ActorMention | None:
    """'The capture of X came after advances by the army', 'Rebels celebrated the fall of X':
    a capture named by a bare noun belongs to the one warring actor its sentence names as a
    doer (not after "against"/"with", not the owner of a stronghold, capital or supply line);
    with rival sides named, or none, nobody is sure."""
    seat = words()["seat"] | words()["held"] | words()["owned"]
    mentions = [a for a in ctx.actors.get(sent, []) if (not _is_object(ctx, a) or
                _preceding_words(ctx, ctx.tok(a.span.start), 1) == ["by"])
                and not any(t.lower_ in seat for t in ctx.tokens[ctx.end_tok(a.span.end):ctx.end_tok(a.span.end) + 3])]
    if _last_speech(ctx, sent, span.start) is not None:
        return None
    sides = {a.side for a in mentions}
    return _specific(ctx, sent, mentions[0]) if len(sides) == 1 else None


def _result_subject(ctx: Context, sent: int, span, cue: Cue) -> ActorMention | None:
    """'(the SDF's push) resulted in the capture of X', 'led to the fall of X': the capture is the
    sentence subject's, when the noun is the object of "in"/"to"."""
    if cue.change != "captured" or _preceding_words(ctx, span.start, 1) not in (["in"], ["to"]):
        return None
    return _subject(ctx, sent, span.start)


IRREGULAR_PARTICIPLES = frozenset({"held", "kept", "won", "run", "lost", "overrun", "taken", "retaken", "fought",
                                   "laid", "cut", "driven", "ruled", "hit", "struck", "shot", "beaten", "overtaken"})


def _participle(word: str) -> bool:
    """Can the cue's first word be a past participle ("was captured", "is held"), unlike "are
    in control of" or "are a stronghold"?"""
    return word.endswith("ed") or word in IRREGULAR_PARTICIPLES


def _passive_agent(ctx: Context, sent: int, span, cue: Cue) -> ActorMention | None:
    """'X was captured by the army', 'X was recaptured on 5 May by the army': the agent after
    "by", past a time adjunct ("by 2 September" is a deadline, not an agent). A narrative that
    names no agent ("The army attacked Y. X was captured the next day.") keeps the captor or
    attacker of the sentences just before, in the same paragraph."""
    agent = _by_agent(ctx, sent, span)
    if agent is not None:
        return agent
    if cue.change != "captured" or _preceding_words(ctx, span.start, 1) == ["to"]:
        return None  # "the goal is to take X": the subject's plan, not a passive
    return _narrative_agent(ctx, sent)


def _by_agent(ctx: Context, sent: int, span) -> ActorMention | None:
    """The actor after "by" that follows a passive cue, within its clause."""
    rng = _sentence_tokens(ctx, sent)
    for i in range(span.end, min(rng.stop, span.end + 8)):
        word = ctx.tokens[i].lower_
        if word in words()["break"] or word in {",", "and", "from"}:
            break
        if word == "by":
            agent = _agent(ctx, sent, i + 1, limit=3)
            if agent is not None:
                return agent
    return None


def _narrative_agent(ctx: Context, sent: int, reach: int = 2) -> ActorMention | None:
    """The captor or attacker of one of the last `reach` sentences of the paragraph."""
    for s in range(sent - 1, max(-1, sent - 1 - reach), -1):
        if s not in ctx.attackers and _paragraph_break(ctx, s, s + 1):
            return None
        if s in ctx.attackers:
            return None if _paragraph_break(ctx, s, sent) else ctx.attackers[s]
    return None


def _paragraph_break(ctx: Context, first: int, last: int) -> bool:
    """Does a line break separate sentence `first` from sentence `last`?"""
    a, b = _sentence_tokens(ctx, first), _sentence_tokens(ctx, last)
    if a.stop <= a.start or b.stop <= b.start:
        return True
    return "\n" in ctx.text[ctx.tokens[a.stop - 1].idx:ctx.tokens[b.start].idx]


def _partners(ctx: Context, sent: int, actor: ActorMention, cue_start: int) -> list[ActorMention]:
    """'Turkish troops and rebels seized X': the other sides of a coordinated subject did it too."""
    subjects = [a for a in ctx.actors.get(sent, []) if ctx.end_tok(a.span.end) <= cue_start and not _is_object(ctx, a)]
    if actor not in subjects:
        return []
    chain = subjects[subjects.index(actor):]
    out = _joined(ctx, chain)
    if len(out) < len(chain) - 1:
        return []
    if not out:
        return []
    if _words_between(ctx, ctx.end_tok(out[-1].span.end), cue_start)[:1] not in ([], ["have"], ["had"], ["has"]) \
            or _respectively(ctx, sent):
        return []  # the list must be the cue's own subject
    return [_specific(ctx, sent, a) for a in out if a.side not in {actor.side, "other"}]


def _joined(ctx: Context, chain: list[ActorMention]) -> list[ActorMention]:
    """The actors after chain[0] that a list ("A, B and the C") joins to it."""
    out = []
    for prev, nxt in zip(chain, chain[1:]):
        if _words_between(ctx, ctx.end_tok(prev.span.end), ctx.tok(nxt.span.start)) not in COORDINATION:
            break
        out.append(nxt)
    return out


COORDINATION = (["and"], [",", "and"], [","], ["and", "the"], [",", "and", "the"])


def _partners_after(ctx: Context, sent: int, actor: ActorMention) -> list[ActorMention]:
    """'under the joint control of the SDF and US forces': every side of an agent list holds it."""
    chain = [a for a in ctx.actors.get(sent, []) if a.span.start >= actor.span.start]
    out = _joined(ctx, chain)
    if not out or _respectively(ctx, sent):
        return []
    i = ctx.end_tok(out[-1].span.end)
    if i < len(ctx.tokens) and not (ctx.tokens[i].is_punct or ctx.tokens[i].lower_ in LIST_END):
        return []  # "seized by the militants and insurgents surrounded ...": a new clause's subject
    return [_specific(ctx, sent, a) for a in out if a.side not in {actor.side, "other"}]


LIST_END = frozenset({"in", "on", "at", "since", "for", "from", "during", "after", "before", "until", "but",
                      "while", "who", "which", "that", "as", "with", "alongside"})


def _respectively(ctx: Context, sent: int) -> bool:
    """'X and Y, held by ISIL and the FSA respectively': each holder goes with one place."""
    return any(t.lower_ == "respectively" for t in ctx.tokens[_sentence_tokens(ctx, sent)])


def _find_actor(ctx: Context, sent: int, span, cue: Cue) -> ActorMention | None:
    if cue.actor == "after":
        return _agent(ctx, sent, span.start + 1)
    if _passive(ctx, span.start) and _participle(ctx.tokens[span.start].lower_):
        if FAMILY[cue.change] != "loss":
            return _passive_agent(ctx, sent, span, cue)
        agent = _by_agent(ctx, sent, span) if cue.change == "withdrew" else None
        if agent is not None:   # "Daraya was evacuated by the rebels"
            return agent
    participle = _participle_subject(ctx, sent, span)
    if participle is not None:
        return participle
    head = span.start + 1 if ctx.tokens[span.start].lower_ == "the" else span.start
    if ctx.tokens[head].lower_ in words()["adjacent"] and _nominal(ctx, sent, span.start):
        return _adjacent_actor(ctx, sent, span.start) or _noun_agent(ctx, sent, head + 1) or \
            _launch_subject(ctx, sent, span.start) or \
            (_noun_agent(ctx, sent, span.end - 1) if ctx.tokens[head].lower_ in words()["seat"] else None) or \
            _agent_after_object(ctx, sent, span, cue) or _result_subject(ctx, sent, span, cue) or \
            (_subject(ctx, sent, span.start) if FAMILY[cue.change] == "fight" and not _possessed(ctx, span.start) else None) or \
            (_clause_actor(ctx, sent, span) if cue.change == "captured" and not _possessed(ctx, span.start) else None)
    if ctx.tokens[head].lower_ in words()["seat"]:
        # "a key Turkey-backed stronghold": the stronghold's owner is not the clause's subject,
        # but may be named after it ("the self-declared capital of ISIS")
        return _noun_agent(ctx, sent, span.end - 1) or _owner_before_place(ctx, sent, span.start)
    actor = _subject(ctx, sent, span.start)
    if actor is None and cue.change == "contested":
        # "clashes with X in Y": X fights too; but after "attacked"/"an assault on" stands the target
        mutual = ctx.tokens[span.start].lower_ in words()["mutual"]
        group = "group" in [t.lower_ for t in ctx.tokens[max(0, span.start - 3):span.start]]
        actor = (_agent(ctx, sent, span.end, limit=15) if mutual else None) or \
            (None if _is_heading(ctx, sent) else _focus(ctx, sent, groups_only=group))
    return actor


# --- 3. modality, source, date ----------------------------------------------------------------

def _preceding_words(ctx: Context, start: int, n: int = 3) -> list[str]:
    out, i = [], start - 1
    while i >= 0 and len(out) < n:
        t = ctx.tokens[i]
        if not t.is_punct or t.text in ".;":
            if t.text in ".;":
                break
            out.append(t.lower_)
        i -= 1
    return out


def _change(ctx: Context, span, cue: Cue) -> str | None:
    """The change the cue states here: None when negated, 'contested' when only intended."""
    before = _preceding_words(ctx, span.start, 5)
    w = words()
    if any(x in w["negation"] for x in before[:2]):
        return None
    if cue.change == "captured" and _nominal_aim(ctx, span):
        return "contested"  # "an operation aimed at the liberation of X": a capture sought
    verb_form = ctx.tokens[span.start].lower_ in w["adjacent"] and before[:1] == ["to"]  # "to capture the city of"
    if (cue.intent or verb_form) and _intended(ctx.tokens[span.start].lower_, before):
        return "contested" if cue.change == "captured" else None
    if cue.change == "captured" and any(x in w["prevention"] for x in before):
        return "contested"  # "prevented ISIS from capturing X": a fight for X, not a capture
    return cue.change


def _nominal_aim(ctx: Context, span) -> bool:
    """'aimed at the liberation of X', 'in preparation for the capture of X': a noun cue under
    a word of intent names a goal."""
    w = words()
    head = span.start + 1 if ctx.tokens[span.start].lower_ == "the" else span.start
    if ctx.tokens[head].lower_ not in w["adjacent"]:
        return False
    return any(x in w["aim"] for x in _preceding_words(ctx, span.start, 4))


NOT_INFINITIVE = frozenset({"addition", "due", "prior", "thanks", "according", "owing", "next", "return"})


def _intended(verb: str, before: list[str]) -> bool:
    """Is a base-form cue a plan ("trying to seize", "able to hold and control")?

    "in addition to securing" and "claimed to control" state facts, not plans.
    """
    while len(before) > 2 and before[0] in {"and", "or"}:
        before = before[2:]  # "to hold and control": the plan governs both verbs
    if before[:1] == ["to"]:
        return not (len(before) > 1 and (before[1] in NOT_INFINITIVE or before[1].startswith(FACT_BEFORE_TO)))
    return any(x in words()["intent"] and x != "to" for x in before[:3])


# "continues to hold", "claimed to control", "appears to be in": the infinitive states a fact
FACT_BEFORE_TO = ("continu", "remain", "used", "claim", "appear", "seem", "said", "report", "believ",
                  "known", "thought", "understood", "likely", "managed", "manage", "succeeded", "went on")


def _denial(ctx: Context, sent: int, span) -> str | None:
    """Who denies the cue's claim ("the army denied losing X"), when a denial verb governs it."""
    first = _sentence_tokens(ctx, sent).start
    for i in range(span.start - 1, max(first, span.start - 12) - 1, -1):
        if ctx.tokens[i].lower_ in words()["denial"]:
            denier = _subject(ctx, sent, i)
            return denier.actor if denier else "unnamed"
    return None


def _claim_for(ctx: Context, start_char: int):
    for c in ctx.claims:
        spans = list(getattr(c, "quote_spans", None) or []) or [c.span]
        if any(s.start <= start_char < s.end for s in spans):
            return c
    return None


YEAR_PREPS = frozenset({"in", "until", "till", "during", "by", "of", "from", "early", "late", "mid"})


def _stated_year(ctx: Context, sent: int, cue_start: int, reach: int = 10) -> str | None:
    """A year written near the cue ("fell ... in 2016"): the past the statement is about."""
    rng = _sentence_tokens(ctx, sent)   # only the tokens within `reach` of the cue
    for t in ctx.tokens[max(rng.start, cue_start - reach):min(rng.stop, cue_start + reach + 1)]:
        if YEAR.match(t.text) and t.i > 0 \
                and ctx.tokens[t.i - 1].lower_ in YEAR_PREPS and _dates_cue(ctx, t.i, cue_start):
            return t.text
    return None


def _dates_cue(ctx: Context, date_tok: int, cue_start: int) -> bool:
    """Does a date at `date_tok` date the cue? Not across a clause break, nor in a since-phrase
    ("lost the city for the first time since the war began in 2012")."""
    lo, hi = sorted((date_tok, cue_start))
    return not any(x.lower_ in DATE_BREAKS for x in ctx.tokens[max(0, lo - 1):hi])


DATE_BREAKS = frozenset({"but", ";", "while", "whereas", "since", "which", "who", "when", "where"})


def _sentence_date(analysis: Analysis, ctx: Context, sent: int, cue_start: int) -> tuple[str | None, str | None]:
    """The sentence's date: an explicit earlier year, the dates layer's, else publication."""
    published = analysis.doc.published
    year = _stated_year(ctx, sent, cue_start)
    if year and (not published or year < published[:4]):
        return year, "year"
    times = [t for t in ctx.times.get(sent, []) if _dates_cue(ctx, ctx.tok(t.span.start), cue_start)]
    if times:  # the time expression nearest the cue ("On 6 October, troops entered ...")
        cue_char = ctx.starts[cue_start]
        best = min(times, key=lambda t: abs(t.span.start - cue_char))
        return best.value, best.precision
    date_for_sentence = _dates_reader()
    if date_for_sentence is not None:
        found = date_for_sentence(analysis, sent)
        value = getattr(found, "value", found)
        if isinstance(value, str) and value:
            return value, getattr(found, "precision", "day")
    return published, "day" if published else None


@lru_cache(maxsize=1)
def _dates_reader():
    """`dates.date_for_sentence`, imported once (not on every cue): None where it is absent."""
    try:
        from ...dates import date_for_sentence  # built by the dates work; absent in early trees
    except ImportError:
        return None
    return date_for_sentence


def _sentence_tokens(ctx: Context, sent: int) -> slice:
    lo = bisect.bisect_left(ctx.sentence_of_token, sent)
    hi = bisect.bisect_right(ctx.sentence_of_token, sent)
    return slice(lo, hi)


# --- 4. statements ----------------------------------------------------------------------------

def place_ref(p: PlaceMention) -> PlaceRef:
    """The place a control statement refers to, as the export and the map need it."""
    return PlaceRef(p.name, p.lat, p.lon, p.text, p.level, p.place_id)


def _statement(ctx: Context, place: PlaceMention, actor: ActorMention, change: str, sent: int,
               span, meta: dict) -> ControlStatement:
    start = min(place.span.start, ctx.tokens[span.start].idx, actor.span.start)
    last = ctx.tokens[span.end - 1]
    end = max(place.span.end, last.idx + len(last.text), actor.span.end)
    return ControlStatement(Span(ctx.doc_id, start, end, sent), place_ref(place), actor.actor,
                            actor.side, change, **meta)


def _meta(analysis: Analysis, ctx: Context, sent: int, span) -> dict:
    """Date, source and denial for a cue at `span` in sentence `sent`."""
    date, precision = _sentence_date(analysis, ctx, sent, span.start)
    claim = _claim_for(ctx, ctx.tokens[span.start].idx)
    source = claim.speaker if claim is not None and not claim.negated else None
    denied = _denial(ctx, sent, span)
    if denied is None and claim is not None and claim.negated:
        denied = claim.speaker
    return {"date": date, "date_precision": precision, "source": source, "denied_by": denied}


def _read_cue(analysis: Analysis, ctx: Context, cue: Cue, span) -> list[ControlStatement]:
    sent = ctx.sentence_of_token[span.start]
    change = _change(ctx, span, cue)
    if change is None or (FAMILY[change] == "fight" and _is_heading(ctx, sent)):
        return []  # a headline's "offensive in X" restates the story; its body says what happened
    if ctx.tokens[span.start].lower_ in {"surrounding", "encircling"} and \
            _preceding_words(ctx, span.start, 1) in (["the"], ["its"], ["their"]):
        return []  # "the surrounding countryside": an adjective
    if cue.change == "captured" and cue.actor == "before" and ctx.tokens[span.start].lower_.endswith("ed") and \
            _preceding_words(ctx, span.start, 1) in (["the"], ["a"], ["an"], ["newly"], ["recently"]):
        return []  # "the occupied part of X", "the newly liberated town": an adjective, no captor
    if FAMILY[change] == "fight" and any(x in words()["condition"] for x in _preceding_words(ctx, span.start, 6)):
        return []  # "if the group attempts to retake X": a fight imagined
    if change == "besieged" and any(x in words()["relief"] for x in _preceding_words(ctx, span.start, 3)) \
            and _adjacent_actor(ctx, sent, span.start) is None:
        return []  # "rebels broke the siege on X": not their siege (but "break a government siege of X" is the government's)
    if change == "contested" and any(x in words()["weapon"] for x in _preceding_words(ctx, span.start, 2)):
        return []  # "a rocket attack on X" is a strike on X, not a fight for it
    if span.start + 1 < len(ctx.tokens) and ctx.tokens[span.start + 1].lower_ in words()["modified"]:
        return []  # "fighting positions near X", "fighting age": a modifier, not a fight
    if change == "holds" and any(x in words()["former"] for x in _preceding_words(ctx, span.start, 3)):
        change = "lost"  # "the group's former stronghold of X", "once a rebel bastion": held no more
    places = _find_places(ctx, sent, span, cue)
    if not places or _not_a_fact(ctx, sent, span, change):
        return []
    actor = _find_actor(ctx, sent, span, cue)
    if actor is None:
        return []
    if change in {"captured", "contested", "besieged"}:
        ctx.attackers[sent] = actor
    partners = _partners(ctx, sent, actor, span.start) if cue.actor == "before" else _partners_after(ctx, sent, actor)
    actors = [actor] + (partners if change != "contested" else [])
    meta = _meta(analysis, ctx, sent, span)
    return [_statement(ctx, p, a, change, sent, span, meta) for a in actors for p in places]


def _not_a_fact(ctx: Context, sent: int, span, change: str) -> bool:
    """A holding put in the past ("its former stronghold", "held X until 2016") or a fight
    that is only a possibility ("to block any advance on X") states nothing about now."""
    before = _preceding_words(ctx, span.start, 3)
    w = words()
    if FAMILY[change] == "fight" and any(x in w["hypothetical"] for x in before):
        return True
    if change != "captured" and any(x in w["prevention"] for x in _preceding_words(ctx, span.start, 6)):
        return True
    rng = _sentence_tokens(ctx, sent)
    if ctx.tokens[span.start].lower_ in w["adjacent"] or ctx.tokens[span.start].lower_ == "the":
        after = list(itertools.takewhile(lambda x: x not in w["break"],
                                         (t.lower_ for t in ctx.tokens[span.end:min(rng.stop, span.end + 12)])))
        if any(x in w["conditional"] for x in after):
            return True  # "the fall of X to Y would mark ...": a capture imagined, not made
    if change != "holds":
        return False
    after = [t.lower_ for t in ctx.tokens[span.end:min(rng.stop, span.end + 8)]]
    return "until" in after or "till" in after


def _cue_statements(analysis: Analysis, ctx: Context) -> list[ControlStatement]:
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
            continue  # "rebel-held": a compound, read by _compound_statements ("re-took" is a verb)
        out += _read_cue(analysis, ctx, table[row_of[(span.start, span.end)]], span)
    return out


def _compound_actor(ctx: Context, sent: int, i: int) -> ActorMention | None:
    """The actor named before '-held' in "rebel-held": the mention there, or a registry word."""
    for a in ctx.actors.get(sent, []):
        if ctx.tok(a.span.start) <= i - 2 < ctx.end_tok(a.span.end):
            return a
    return _word_actor(ctx, sent, i - 2)


@lru_cache(maxsize=1)
def _compound_re() -> re.Pattern:
    second = sorted(words()["held"] | words()["besieged"])
    return re.compile(r"\w-(" + "|".join(map(re.escape, second)) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _compound_tail_re() -> re.Pattern:
    """`_compound_re` without its leading `\\w`: a pattern that starts with "-" is searched for
    by skipping to the hyphens, where one starting with `\\w` is tried at every letter."""
    second = sorted(words()["held"] | words()["besieged"])
    return re.compile(r"-(" + "|".join(map(re.escape, second)) + r")\b", re.IGNORECASE)


def _compound_words(text: str) -> list[int]:
    """Where the second word of each `_compound_re` match starts ("held" of "rebel-held").

    The same matches: a hyphen matched here counts when a word character stands before it, and
    that character lies after the previous match (the longer pattern would have taken it).
    The words matched hold no hyphen, so skipping a match here hides no other hyphen."""
    found, end = [], 0
    for m in _compound_tail_re().finditer(text):
        before = m.start() - 1
        if before >= end and (text[before].isalnum() or text[before] == "_"):
            found.append(m.start(1))
            end = m.end()
    return found


def _compound_statements(analysis: Analysis, ctx: Context) -> list[ControlStatement]:
    """'rebel-held Idlib', 'ISIS-besieged Deir ez-Zor': holding or a siege stated in one word."""
    w, out = words(), []
    held = w["held"]
    for second in _compound_words(ctx.text):
        i = ctx.tok(second)
        t = ctx.tokens[i]
        if i < 2 or ctx.tokens[i - 1].text != "-" or t.idx != second:
            continue
        sent = ctx.sentence_of_token[i]
        actor = _compound_actor(ctx, sent, i)
        cue = Cue("holds" if t.lower_ in held else "besieged", "before", "after", 3, False, True)
        if any(x in w["former"] for x in _preceding_words(ctx, i - 2, 2)):
            if cue.change != "holds":
                continue
            cue = Cue("lost", "before", "after", 3, False, True)  # "formerly rebel-held X": the rebels lost X
        places = (_places_after(ctx, sent, i + 1, cue) or _apposed_to(ctx, sent, actor, i)) if actor else []
        meta = _meta(analysis, ctx, sent, ctx.tokens[i - 2:i + 1]) if places else {}
        out += [_statement(ctx, p, actor, cue.change, sent, ctx.tokens[i - 2:i + 1], meta) for p in places]
    return out


def _apposed_to(ctx: Context, sent: int, actor: ActorMention, i: int) -> list[PlaceMention]:
    """'Zabadani, the last rebel-controlled town in the area': a compound on a bare settlement
    noun in apposition describes the place just before it."""
    w = words()
    if i + 1 >= len(ctx.tokens) or ctx.tokens[i + 1].lower_ not in w["anaphor"] | w["settled"]:
        return []
    first = min(ctx.tok(actor.span.start), i - 2)
    cands = [p for p in ctx.places.get(sent, []) if ctx.end_tok(p.span.end) <= first]
    if not cands:
        return []
    gap = [t.lower_ for t in ctx.tokens[ctx.end_tok(cands[-1].span.end):first]]
    ok = gap[:1] and gap[0] in {",", "a", "an", "the"} and len(gap) <= 5 and all(
        x in {",", "a", "an", "the", "now", "still"} or x in w["appositive"] for x in gap)
    return cands[-1:] if ok else []


def _area_held_in(ctx: Context, sent: int, span) -> list[PlaceMention]:
    """'territory controlled by Daesh in eastern Hama', 'an area held by the regime in southern
    Aleppo province': an unnamed area held in a place is a holding of that place."""
    w = words()
    if span.start == 0 or ctx.tokens[span.start - 1].lower_ not in w["area"] - w["settlement"]:
        return []
    agent = _agent(ctx, sent, span.end, limit=2)
    if agent is None:
        return []
    i = ctx.end_tok(agent.span.end)
    if i >= len(ctx.tokens) or ctx.tokens[i].lower_ not in {"in", "inside"}:
        return []
    for p in ctx.places.get(sent, []):
        gap = _words_between(ctx, i + 1, ctx.tok(p.span.start)) if ctx.tok(p.span.start) > i else None
        if gap is not None:
            return [p] if all(x in w["joiner"] or x in w["direction"] for x in gap) and len(gap) <= 3 else []
    return []


@lru_cache(maxsize=1)
def _hands_re() -> re.Pattern:
    """'in rebel hands', 'under the control of'-free forms: a preposition, up to three words
    naming the holder, then a noun of holding ("hands", "control", "grip")."""
    nouns = "|".join(map(re.escape, sorted(words()["hands"])))
    return re.compile(r"\b(?:in|under|into)\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}?(?:" + nouns + r")\b", re.IGNORECASE)


def _hands_holder(ctx: Context, sent: int, prep: int, noun: int) -> ActorMention | None:
    """The actor between "in/under" and "hands/control": a mention ending there, else a
    registry word ("under government control")."""
    for a in ctx.actors.get(sent, []):
        if ctx.end_tok(a.span.end) == noun and ctx.tok(a.span.start) > prep:
            return a
    first = prep + 2 if ctx.tokens[prep + 1].lower_ == "the" else prep + 1
    return _word_actor(ctx, sent, noun - 1) if noun - 1 == first else None


def _hands_statements(analysis: Analysis, ctx: Context) -> list[ControlStatement]:
    """'Idlib, now in rebel hands' / 'Manbij, under SDF control': holding after the place."""
    out = []
    for m in _hands_re().finditer(ctx.text):
        prep, noun = ctx.tok(m.start()), ctx.tok(m.end() - 1)
        sent = ctx.sentence_of_token[prep]
        if sent not in ctx.places or ctx.sentence_of_token[noun] != sent:
            continue
        a = _hands_holder(ctx, sent, prep, noun)
        if a is None:
            continue
        span = ctx.tokens[prep:noun + 1]
        places = _places_before(ctx, sent, prep, 10) or _places_after(
            ctx, sent, noun + 1, Cue("holds", "before", "after", 2, False))
        meta = _meta(analysis, ctx, sent, span) if places else {}
        out += [_statement(ctx, p, a, "holds", sent, span, meta) for p in places]
    return out


# --- merging ----------------------------------------------------------------------------------

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
    by_place: dict[tuple, list[ControlStatement]] = {}
    for s in statements:
        by_place.setdefault((s.span.sentence, place_key(s.place)), []).append(s)
    drop = set()
    seen = set()
    for s in statements:  # one mention the places layer resolved to two gazetteer entries
        key = (s.span.sentence, s.side, s.change, (s.place.text or "").lower())
        if key in seen:
            drop.add(id(s))
        seen.add(key)
    for rows in by_place.values():
        for s in rows:
            others = [o for o in rows if o is not s]
            if s.change == "holds" and id(s) not in predicative and \
                    any(o.change == "captured" and o.side != s.side for o in others):
                drop.add(id(s))
            elif FAMILY[s.change] == "fight" and any(id(o) in attributive and o.side == s.side for o in others):
                drop.add(id(s))
            elif s.change == "contested" and any(o.change == "contested" and o.side != s.side
                                                 and o.span.start < s.span.start and id(o) not in drop for o in others):
                drop.add(id(s))
    return drop


def _absorb(keep: ControlStatement, drop: ControlStatement) -> None:
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


def find_control(analysis: Analysis) -> list[ControlStatement]:
    """Every control statement of an analysed document, merged to one row per fact."""
    ctx = _context(analysis)
    if not ctx.places:
        return []
    hands = _hands_statements(analysis, ctx)
    attributes = _compound_statements(analysis, ctx) + hands
    return merge_statements(_cue_statements(analysis, ctx) + attributes, frozenset(map(id, attributes)),
                            frozenset(map(id, hands)))


@stage("control", produces="control", requires=("sentences", "tokens", "places", "actors", "claims", "times"))
def control_stage(analysis: Analysis) -> list[ControlStatement]:
    """Find who took, holds, lost, left, fights for or besieges each place the article names."""
    return find_control(analysis)
