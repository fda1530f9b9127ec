"""What the words around a candidate say about it: is it a place at all, and of which kind.

Rules read tokens, not regexes, so each costs a few comparisons per candidate. They encode the
GUIDE's rules: names used as adjectives of people or inside an organisation's name are not
places ("Aleppo-based", "Idlib Free Police"); capitals standing for governments are not places
("the Damascus government", "Moscow and Tehran"); "X province" means the governorate.
"""
from __future__ import annotations


import bisect
from functools import lru_cache
from itertools import islice, takewhile

from .candidates import Toks, sent_start, text_of, Candidate, is_cap
from .fold import ARTICLES, GENERIC, fold
from .lexicon import word_list

ADMIN_WORDS = frozenset({"province", "provinces", "governorate", "governorates", "countryside",
                         "muhafazat", "region"})
CITY_WORDS = frozenset({"city"})
SETTLEMENT_WORDS = frozenset({"village", "villages", "town", "towns", "cities", "hamlet", "neighbourhood",
                              "neighborhood", "neighbourhoods", "neighborhoods", "district", "quarter",
                              "suburb", "camp", "area"})
DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                        "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
                        "south-east", "south-west", "northeastern", "northwestern", "southeastern",
                        "southwestern", "central", "rural", "greater", "outer", "inner", "upper", "lower"})
LOCATIVES = frozenset({"in", "at", "near", "from", "to", "into", "outside", "inside", "around",
                       "toward", "towards", "across", "through", "via", "off", "on", "over",
                       "reach", "reached", "entered", "took", "seized", "captured", "besieged", "shelled",
                       "struck", "hit", "targeted", "bombed", "stormed", "recaptured", "left", "fled"})


def _tok(doc: Toks, i: int) -> str:
    return doc.texts[i] if 0 <= i < doc.n else ""


def _low(doc: Toks, i: int) -> str:
    return doc.lows[i] if 0 <= i < doc.n else ""


def based_or_pro(doc: Toks, c: Candidate) -> bool:
    """'Aleppo-based', 'London-headquartered', 'pro-Damascus', 'anti-Assad': adjectives, not places."""
    after = _low(doc, c.end) == "-" and _low(doc, c.end + 1) in {"based", "headquartered", "born", "bred", "born", "backed", "led", "allied", "aligned", "linked", "affiliated", "controlled", "held", "run", "funded"}
    before = _low(doc, c.start - 1) == "-" and _low(doc, c.start - 2) in {"pro", "anti", "non", "post", "pre"}
    held = _low(doc, c.end + 1) in {"held", "controlled"}  # "Damascus-held" is an area, keep it
    return (after and not held) or before


def _skip_joiners(doc: Toks, i: int, step: int) -> int:
    """Step over an article and hyphen that glue names together ("Bab al-Salamah")."""
    j = i
    while _low(doc, j) in ARTICLES or _low(doc, j) in {"-", "’", "'"} and not _spaced(doc, j):
        j += step
    return j


def _run_on(doc: Toks, j: int) -> bool:
    """'... in Quneitra A person was injured': a capitalised function word and then lower case,
    a headline whose full stop was lost ('Raqqa Is Being Slaughtered ...' is a name)."""
    return doc.stops[j] and j + 1 < doc.n and doc.lows[j + 1] == doc.texts[j + 1]


def _spaced(doc: Toks, j: int) -> bool:
    """A dash with a space before it separates ("Damascus - Assad regime ..."), it does not glue."""
    pos = doc.idxs[j]
    return pos > 0 and doc.text[pos - 1].isspace()


def org_follows(doc: Toks, c: Candidate, place_starts: set[int] = frozenset()) -> bool:
    """A capitalised word right after the name (maybe after "al-") that is not a place word, a
    direction or a date: the name starts an organisation's or a longer place's name
    ("Idlib Free Police", "Vladimir Putin", "Bab al-Salamah" when only "Bab" is known)."""
    j = _skip_joiners(doc, c.end, 1)
    t = _tok(doc, j)
    if not t or not is_cap(t) or (j == c.end and sent_start(doc, j)):
        return False
    if c.key in GENERIC:
        return True  # "Tall Zaytuna", "Kafr Qumran": a generic word starts a longer name
    if j in place_starts or (j == c.end + 1 and _low(doc, c.end) in ARTICLES and c.end in place_starts):
        return False  # "Raqqah Syria", "Jarablus al Rai": a list with its commas lost
    if j == c.end and (_low(doc, j - 1) in {",", "(", ")"} or _run_on(doc, j)):
        return False
    low = t.lower()
    return not (low in word_list("place_words") or low in DIRECTIONS or low in word_list("time_words")
                or low in NUMBER_WORDS)  # "... Khan Sheikhun Sixteen civilians": a lost full stop


def name_precedes(doc: Toks, c: Candidate, place_ends: set[int] = frozenset()) -> bool:
    """A capitalised word right before the name (maybe before "al-"; not sentence-initial, not a
    function word, not a direction): the name ends a person's, group's or longer place's name
    ("Bashar al-Assad", "Ahrar al-Sham", "Asharq Al-Awsat", "Sheikh Issa")."""
    i = _skip_joiners(doc, c.start - 1, -1)
    t = _tok(doc, i)
    if not t or not is_cap(t) or i + 1 in place_ends:
        return False
    low = t.lower().rstrip(".")
    if low in word_list("titles"):
        return True
    if low in DIRECTIONS or doc.stops[i]:
        return False
    if sent_start(doc, i) and i == c.start - 1 and not _glued_article(doc, c.start):
        return False  # a capital that opens the sentence says nothing, but "Ahmed al-Kassab said"
    return low not in word_list("title_case_ok")


def _glued_article(doc: Toks, i: int) -> bool:
    """Whether token i is an article glued to the next word by a hyphen ("al-Kassab")."""
    return _low(doc, i) in ARTICLES and _low(doc, i + 1) == "-" and not _spaced(doc, i + 1)


def abbreviation(doc: Toks, c: Candidate) -> bool:
    """'Waterloo, Ont., told': a short word with a full stop that does not end the sentence."""
    if c.end - c.start != 1 or len(c.text) > 5 or text_of(doc)[c.char_end:c.char_end + 1] != ".":
        return False
    after = text_of(doc)[c.char_end + 1:c.char_end + 4].lstrip()
    return after[:1] in {",", ";", ")"} or after[:1].islower()


def admin_cue(doc: Toks, c: Candidate) -> bool:
    """'Aleppo province', 'the province of Aleppo', 'rural Idlib', 'Idlib and Hama provinces'."""
    if _low(doc, c.end - 1) in ADMIN_WORDS:
        return True
    if _low(doc, c.start - 1) == "of" and _low(doc, c.start - 2) in ADMIN_WORDS:
        return True
    if _low(doc, c.start - 1) == "rural":
        return True
    j = c.end
    if _low(doc, j) in {"'s", "’s"}:
        j += 1
    return _low(doc, j) in ADMIN_WORDS


def list_admin_cue(doc: Toks, c: Candidate, next_cands: list[Candidate]) -> bool:
    """'Idlib and Hama provinces': a coordination of names ending on a plural admin word."""
    j = c.end
    for nxt in next_cands:
        while _low(doc, j) in {",", "and", "&"}:
            j += 1
        if nxt.start != j:
            break
        j = nxt.end
        if _low(doc, j - 1) in {"provinces", "governorates"}:  # "Aleppo and Idlib provinces" as one alias
            return True
    return j != c.end and _low(doc, j) in {"provinces", "governorates"}


def city_cue(doc: Toks, c: Candidate) -> bool:
    return _low(doc, c.end) in CITY_WORDS or _low(doc, c.end - 1) in CITY_WORDS or (_low(doc, c.start - 1) == "of" and _low(doc, c.start - 2) == "city")


def settlement_cue(doc: Toks, c: Candidate) -> bool:
    """'the village of X', 'X village', 'the town of X': a small place, most likely local."""
    before = _low(doc, c.start - 1) == "of" and _low(doc, c.start - 2) in SETTLEMENT_WORDS
    return before or _low(doc, c.end) in SETTLEMENT_WORDS


PART_WORDS = frozenset({"neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "quarter", "district",
                        "districts"})


def city_part_cue(doc: Toks, c: Candidate) -> bool:
    """'the Zahraa district', 'the neighbourhood of X': a part of a city more than a town."""
    return _low(doc, c.end) in PART_WORDS or (_low(doc, c.start - 1) == "of" and _low(doc, c.start - 2) in PART_WORDS)


def locative_before(doc: Toks, c: Candidate) -> bool:
    i = c.start - 1
    while _low(doc, i) in {"the", ","} or _low(doc, i) in DIRECTIONS:
        i -= 1
    return _low(doc, i) in LOCATIVES


GOV_AFTER = frozenset({"government", "regime", "authorities", "administration", "officials", "said",
                       "says", "say", "has", "have", "had", "is", "was", "will", "would", "wants",
                       "accused", "accuses", "denied", "denies", "insisted", "claimed", "agreed",
                       "refused", "blamed", "supports", "backed", "backs", "warned", "warns",
                       "announced", "rejected", "condemned", "called", "hopes", "sees", "considers",
                       "views", "believes", "responded", "ally", "allies", "regime's", "government's",
                       "began", "begins", "sent", "sends", "took", "takes", "made", "makes", "gave", "gives",
                       "told", "tells", "sought", "seeks", "won", "met", "meets", "held", "chose", "thinks",
                       "thought", "wants", "needs", "launches", "insists", "plans", "expects", "intends",
                       "demands", "fears", "knows", "knew", "continues", "vows", "stands", "stood", "leads",
                       "wrote", "spoke", "speaks", "threatens", "urges", "decides", "argues", "maintains",
                       "partner", "partners", "officials'", "envoy", "delegation", "diplomats",
                       "sent", "signed", "launched", "deployed", "ordered", "must", "should", "could",
                       "may", "might", "did", "does", "is", "stance", "policy", "'s", "’s"})


GOV_BEFORE = frozenset({"supported", "supports", "support", "supporting", "backed", "backs", "backing",
                        "favor", "favour", "ally", "allies", "pressured", "urged", "urges", "pressure",
                        "accused", "criticised", "criticized", "told", "warned", "between", "and",
                        "sanctioned", "isolated", "blames", "blamed", "blame", "condemned", "condemns"})


def capital_as_government(doc: Toks, c: Candidate, capital_cands: list[Candidate]) -> bool:
    """A capital named as its government: 'the Damascus government', 'Moscow said', 'Ankara's
    stance', or several capitals coordinated ('Damascus, Moscow and Tehran')."""
    if _low(doc, c.end) in word_list("government_nouns"):
        return True  # "the Damascus government", "from the Damascus regime"
    if locative_before(doc, c) or _part_of_before(doc, c):
        return False  # "near Damascus", "in Moscow", "a neighbourhood of Damascus": the city
    prev = _low(doc, c.start - 1)
    if prev in GOV_BEFORE or (prev == "of" and _low(doc, c.start - 2) in GOV_BEFORE):
        return True
    nxt = _low(doc, c.end)
    if nxt.endswith(("ed", "ing")) and nxt.isalpha() and len(nxt) > 4:
        return True  # "Moscow intervening", "Ankara insisted"
    if nxt == "and" and _low(doc, c.end + 1) in {"its", "their", "his", "her"}:
        return True  # "Washington and its Arab allies"
    if nxt in GOV_AFTER:
        if nxt in {"'s", "’s"}:
            return _low(doc, c.end + 1) in GOV_AFTER | word_list("government_nouns")
        return True
    k = bisect.bisect_left(capital_cands, c.start - 4, key=lambda o: o.start)  # in text order
    near = takewhile(lambda o: o.start <= c.start + 4, islice(capital_cands, k, None))
    return any(o is not c for o in near)


PARTS = frozenset({"suburbs", "suburb", "outskirts", "areas", "parts", "streets", "centre", "center",
                   "neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "districts", "district",
                   "countryside", "city", "heart", "edge", "edges", "south", "north", "east", "west"})


def _part_of_before(doc: Toks, c: Candidate) -> bool:
    """'the suburbs of X', 'a neighbourhood of X': a part of the place, so X is a place."""
    return _low(doc, c.start - 1) == "of" and _low(doc, c.start - 2) in PARTS


def non_place(c: Candidate) -> bool:
    """Names of people, groups and peoples, common English words and chemical agents."""
    return c.key in _folded_non_places() or c.key in _folded("common_words")


def bare_generic(doc: Toks, c: Candidate) -> bool:
    """A generic word alone ("Ras" clipped from "Ras al-Ayn", "Tal", "Deir"); "al Bab" and
    "al-Bab" keep their article and are names."""
    return c.key in GENERIC and c.end - c.start == 1 and _low(doc, c.start - 1) not in ARTICLES


@lru_cache(maxsize=None)
def _folded(name: str) -> frozenset[str]:
    return frozenset(fold(w) for w in word_list(name))


EVENT_NOUNS = frozenset({"conflict", "war", "crisis", "revolution", "uprising", "massacre", "accord",
                         "accords", "agreement", "process", "format", "declaration", "communique",
                         "summit", "talks", "conference", "negotiations", "memorandum"})
SOURCE_NOUNS = frozenset({"source", "sources", "official", "officials", "spokesman", "spokeswoman",
                          "spokesperson", "governor", "director", "head", "chief", "member", "members"})


MEDIA_NOUNS = frozenset({"channel", "tv", "television", "newspaper", "daily", "website", "outlet",
                         "broadcaster", "station", "weekly"})
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                         "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred hundreds "
                         "thousand thousands dozens dozen".split())


def institution_use(doc: Toks, c: Candidate) -> bool:
    """The name inside an institution or an event's name: "a source at Aleppo Governorate",
    "the Rojava conflict", "the Astana talks" (the talks are an event, not a place they name)."""
    if _low(doc, c.end) in EVENT_NOUNS and is_cap(_tok(doc, c.start)) and _low(doc, c.start - 1) in {"the", "a"}:
        return True
    if _low(doc, c.start - 1) in MEDIA_NOUNS:
        return True  # "TV channel Al-Mayadin reported": the broadcaster
    last = _low(doc, c.end - 1)
    if last in {"governorate", "council", "command", "directorate", "municipality", "police"}:
        k = c.start - 1
        while _low(doc, k) in {"the", "of"}:
            k -= 1
        return _low(doc, k) in {"at", "from", "by"} and _low(doc, k - 1) in SOURCE_NOUNS | {"said", "told"}
    return False


_NON_PLACES: frozenset[str] | None = None


def _folded_non_places() -> frozenset[str]:
    global _NON_PLACES
    if _NON_PLACES is None:
        _NON_PLACES = frozenset(fold(w) for w in word_list("non_places"))
    return _NON_PLACES
