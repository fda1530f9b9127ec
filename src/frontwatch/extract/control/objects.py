"""The list of places a cue governs: the objects after it, or the places before a passive cue.

A place is an object only when the words between it and the cue can belong to one object
phrase: a landmark ("a base east of Aleppo"), a location adjunct ("villages in Idlib") or a
route ("the Aleppo road") is not what was taken; a share ("55% of X") or an unnamed area in it
("sites in the east of Aleppo") is.
"""
from __future__ import annotations

from ...records import PlaceMention
from .context import Context, words_between
from .rules import FAMILY, Cue, words


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


def places_after(ctx: Context, sent: int, cue_end: int, cue: Cue) -> list[PlaceMention]:
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
        if not _list_gap_ok(words_between(ctx, ctx.end_tok(out[-1].span.end), ctx.tok(p.span.start)), out[-1], p):
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
            gap = words_between(ctx, cue_end, ctx.tok(p.span.start))
            ok = _object_gap_ok(gap, cue) or (cue.change == "holds" and _on_fringe(ctx, gap, p))
        else:
            gap = words_between(ctx, ctx.end_tok(cands[i - 1].span.end), ctx.tok(p.span.start))
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


def places_before(ctx: Context, sent: int, cue_start: int, limit: int) -> list[PlaceMention]:
    """The place(s) a passive cue follows ("Idlib, which fell to rebels"), skipping landmarks."""
    cands = [p for p in ctx.places.get(sent, []) if ctx.end_tok(p.span.end) <= cue_start]
    hard = {";", "but", "while", "whereas", "although", "because", "said", "says", "told"}
    if not cands:
        return []
    gap = words_between(ctx, ctx.end_tok(cands[-1].span.end), cue_start)
    if len([x for x in gap if x not in ",;"]) > limit or any(x in hard for x in gap):
        return []
    i = len(cands) - 1
    if i > 0 and _landmark_of(ctx, cands[i - 1], cands[i]):
        i -= 1  # "Madaya, a town near Damascus, besieged by ...": Damascus is a landmark
    elif _after_landmark_word(ctx, cands[i]):
        return []  # "all land along the Euphrates was captured": the river only locates the land
    out = [cands[i]]
    for p in reversed(cands[:i]):  # "Latakia and Salamiya, government strongholds"
        if not all(x in words()["joiner"] for x in words_between(ctx, ctx.end_tok(p.span.end), ctx.tok(out[0].span.start))):
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
    gap = words_between(ctx, ctx.end_tok(head.span.end), ctx.tok(landmark.span.start))
    w = words()
    appositive = all(x in w["joiner"] or x in w["locative"] or x in w["direction"] or x in {"a", "an"} for x in gap)
    return appositive and 0 < len(gap) <= 5 and (gap[-1] in w["locative"] or (len(gap) > 1 and gap[-2] in w["direction"]))
