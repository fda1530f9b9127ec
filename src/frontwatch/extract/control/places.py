"""Which places a cue speaks of (step 1 of the stage): `find_places`.

Beyond the plain object list (objects.py) a cue's place may be named elsewhere in its clause:
the subject of a passive ("X was captured"), a relative pronoun's antecedent ("X, which the
army took"), a place a seat noun stands in apposition to ("Yabrud, a key rebel bastion"), an
area held in a place ("territory held by X in eastern Hama"), or no name at all ("the city",
"some neighbourhoods"), resolved to the last named place of that kind.
"""
from __future__ import annotations

from ...records import PlaceMention
from .clauses import is_participle, is_passive, skip_filler
from .context import Context, preceding_words, sentence_tokens, words_between
from .mentions import agent_after
from .objects import LEVEL_RANK, places_after, places_before
from .rules import Cue, words


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


def find_places(ctx: Context, sent: int, span, cue: Cue) -> list[PlaceMention]:
    """The places a cue at `span` speaks of: its object list, the places before a passive cue,
    or else a part of the place in focus or an anaphor ("the city")."""
    if cue.place == "either" and cue.change == "holds":
        found = _appositive_place(ctx, sent, span)
        if found:
            return found
    if cue.place == "before":
        found = places_before(ctx, sent, span.start, cue.gap)
        if not found and cue.actor == "after" and cue.change == "holds":
            found = _area_held_in(ctx, sent, span)
        near = span.start
    else:
        found = _passive_places(ctx, sent, span) if cue.actor == "before" and cue.change in {"captured", "withdrew"} else []
        found = found or (_relative_object(ctx, sent, span) if cue.actor == "before" else []) or \
            places_after(ctx, sent, span.end, cue)
        if not found and cue.place == "either":
            found = places_before(ctx, sent, span.start, cue.gap if cue.change != "contested" else 25)
        near = span.end
    return found or _part_of_focus(ctx, sent, span, near) or _anaphor(ctx, sent, near)


AUXILIARY = frozenset({",", "was", "were", "is", "are", "had", "has", "have", "been", "being", "also", "then",
                       "later", "eventually", "finally", "quickly", "soon", "reportedly", "subsequently",
                       "fully", "completely", "partially", "partly", "again", "itself", "themselves", "successfully"})


def _passive_places(ctx: Context, sent: int, span) -> list[PlaceMention]:
    """'Atshan was captured on 5 May', 'the town of X was retaken': the place a passive cue's
    subject names. Only a bare place subject: "soldiers from X were captured" names people."""
    if not is_passive(ctx, span.start) or not is_participle(ctx.tokens[span.start].lower_) or \
            preceding_words(ctx, span.start, 1) == ["to"]:
        return []  # "its goal was to take X": a plan, whose subject is not X
    found = places_before(ctx, sent, span.start, 6)
    if not found or not all(x in AUXILIARY for x in words_between(ctx, ctx.end_tok(found[-1].span.end), span.start)):
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


def _relative_object(ctx: Context, sent: int, span) -> list[PlaceMention]:
    """'Jarabulus, which Turkish-led forces captured on the first day', 'the airport that IS
    has besieged': the place a relative pronoun stands for is the verb's object."""
    lo = sentence_tokens(ctx, sent).start
    i = skip_filler(ctx, span.start - 1, lo)
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
        gap = words_between(ctx, ctx.end_tok(places[-2].span.end), i + 1)
        if len(gap) <= 4 and all(x in link for x in gap):
            return [places[-2]]
    head = ctx.tokens[i - 1].lower_ if i > 0 else ""
    if prep in w["within"] or head in w["area"] | w["anaphor"] | w["owned"]:
        return []  # "a base in Aleppo, which ...", "areas around Damascus that ...": an unnamed antecedent
    return [last]


def _area_held_in(ctx: Context, sent: int, span) -> list[PlaceMention]:
    """'territory controlled by Daesh in eastern Hama', 'an area held by the regime in southern
    Aleppo province': an unnamed area held in a place is a holding of that place."""
    w = words()
    if span.start == 0 or ctx.tokens[span.start - 1].lower_ not in w["area"] - w["settlement"]:
        return []
    agent = agent_after(ctx, sent, span.end, limit=2)
    if agent is None:
        return []
    i = ctx.end_tok(agent.span.end)
    if i >= len(ctx.tokens) or ctx.tokens[i].lower_ not in {"in", "inside"}:
        return []
    for p in ctx.places.get(sent, []):
        gap = words_between(ctx, i + 1, ctx.tok(p.span.start)) if ctx.tok(p.span.start) > i else None
        if gap is not None:
            return [p] if all(x in w["joiner"] or x in w["direction"] for x in gap) and len(gap) <= 3 else []
    return []
