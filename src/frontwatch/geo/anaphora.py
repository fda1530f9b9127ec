"""Places named by a common noun that points back to the article's city: "the airport",
"the city's international airport", "the citadel".

News names a city and then its airport or citadel without repeating the city. The city is the
one the article names most; the place is the gazetteer entry "<city> airport" (or citadel,
airbase, university) when one exists within 30 km, so nothing is invented.
"""
from __future__ import annotations

import bisect
import re
from itertools import accumulate
from collections import Counter

from ..records import PlaceMention, Span
from .entry import PRECISION_KM
from .fold import fold
from .gazetteer import Gazetteer
from .rank import km

# the nouns "the airport"-like phrases end on (NOUN's group 1; also a cheap test before it)
NOUN_WORDS = ("airport", "citadel", "airbase", "air base", "university", "prison", "dam")
# "[Tt]he " then a look-behind for the word boundary before it: the same matches as a leading
# `\b`, but a pattern that starts with a character set is searched for by that set, where `\b`
# first made the engine try every position of the text.
NOUN = re.compile(r"[Tt]he (?<!\w....)(?:(?:city|town)(?:'|’)s )?(?:(?:main|international|military|old|ancient|central) )?"
                  rf"({'|'.join(NOUN_WORDS)})\b")


def main_city(mentions: list[PlaceMention]) -> PlaceMention | None:
    """The city (or town) the article names most, first named first on ties."""
    counts = Counter(m.place_id for m in mentions if m.known and m.level in ("city", "town"))
    if not counts:
        return None
    best = counts.most_common(1)[0][0]
    return next(m for m in mentions if m.place_id == best)


def _entry_for(gaz: Gazetteer, city: PlaceMention, noun: str):
    for i in gaz.exact_ids(fold(f"{city.name} {noun}")):
        e = gaz.row(i)
        if e.level == "poi" and e.lat is not None and km(e.lat, e.lon, city.lat, city.lon) <= 30:
            return e
    return None


RECENT_CHARS = 600  # "the city's airport" points back to a city named this close before


def _city_before(cities: list[PlaceMention], starts: list[int], pos: int) -> PlaceMention | None:
    """The last city or town (in text order) ending within RECENT_CHARS before `pos`."""
    k = bisect.bisect_right(starts, pos) - 1
    while k >= 0 and starts[k] >= pos - RECENT_CHARS - MAX_NAME_CHARS:
        if pos - RECENT_CHARS <= cities[k].span.end <= pos:
            return cities[k]
        k -= 1
    return None


MAX_NAME_CHARS = 200  # no place name is longer: bounds the backward scan


def anaphoric_places(gaz: Gazetteer, text: str, doc_id: str, mentions: list[PlaceMention],
                     sentence_of) -> list[PlaceMention]:
    """Mentions for 'the airport'-like phrases resolved against the city named just before,
    else the article's main city."""
    if not any(map(text.__contains__, NOUN_WORDS)):  # a match needs one of its nouns: most texts
        return []
    main = main_city(mentions)
    if main is None or main.lat is None:
        return []
    nouns = list(NOUN.finditer(text))
    if not nouns:  # most articles: nothing to resolve
        return []
    mentions = sorted(mentions, key=lambda m: m.span.start)
    cities = [m for m in mentions if m.known and m.level in ("city", "town")]
    city_starts = [m.span.start for m in cities]
    starts = [m.span.start for m in mentions]
    reach = list(accumulate((m.span.end for m in mentions), max))  # furthest end so far
    out = []
    for m in nouns:
        city = _city_before(cities, city_starts, m.start()) or main
        e = _entry_for(gaz, city, m.group(1))
        k = bisect.bisect_right(starts, m.start()) - 1
        if e is None or k >= 0 and reach[k] > m.start():  # inside a mention already found
            continue
        out.append(PlaceMention(Span(doc_id, m.start(), m.end(), sentence_of(m.start())), m.group(0),
                                e.name, e.lat, e.lon, e.level, e.country, e.id, e.population or None,
                                PRECISION_KM["poi"] * 2, True))
    return out
