"""Decide whether a quantity counts people, which people, and what happened to them.

A number is a figure only when the words around it say it counts people: a person noun after it
("28 civilians", "seven of them children"), or a cue that something happened to people
("killing 14", "700 got injured", "the death toll reached 112"). Nouns of time, distance, money
and things ("five years", "30 km", "two towns") rule it out, as do dates, ages and labels
("Resolution 2059"). The kind is read in this order, the first that answers wins:

1. a compound count ("300-member team" -> other, "5,000-strong force" -> combatants);
2. a cue inside the counted phrase ("badly injured civilians", "dozens killed and wounded",
   "killed 700 injured" where commas were stripped);
3. a cue just before the number ("killed 13", "leaving injured about 50", "killed and wounded hundreds");
4. a toll or population the number is the value of ("the death toll ... reached 112", "populations of 2.5 million");
5. a cue later in the clause ("12 people were killed when ...", "thousands of civilians are fleeing");
6. the figure it belongs to ("including 28 civilians", "seven of them children", "2.5 million and 3 million");
7. the noun itself ("refugees", "troops", "fatalities"), though not for "one" or a vague "a number of".
Combatant nouns outside harm ("several hundred fighters granted safe passage") are combatants.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import lru_cache

from .figure_words import (Word, index_at, kind_cues, not_people, person_nouns, phrase_at, phrase_ending,
                           unit_labels)
from .numbers import Quantity, number_words, vague_words

HARM = {"killed", "wounded", "killed_or_wounded", "detained", "missing"}
MONTHS = frozenset(m.lower() for m in (*calendar.month_name, *calendar.month_abbr) if m) | {"sept"}
LABELS = frozenset({"resolution", "article", "no", "chapter", "paragraph", "flight", "route", "highway",
                    "page", "item", "room", "platform", "section", "clause", "protocol", "aged", "age",
                    "ages", "number", "$", "£", "€", "us$", "usd", "eur"})
SKIP_BEFORE = frozenset({"reportedly", "allegedly", "also", "now", "apparently", "already", "respectively",
                         "another", "all", "further", "additional", "other"})
# "those killed included 11 people", "the dead numbered 50": a cue, then one of these, then the number
BRIDGES = frozenset({"include", "included", "includes", "including", "were", "numbered", "totalled",
                     "totaled", "reached", "was", "are", "is"})
# words between a counted noun and its cue that do not use up the reach ("are believed to have been")
AUX = frozenset({"were", "was", "are", "is", "have", "has", "had", "been", "being", "be", "believed",
                 "reportedly", "thought", "feared", "to", "also", "allegedly", "now", "already", "got",
                 "get", "getting", "reported", "confirmed", "later", "all", "estimated", "who", "will",
                 "would", "could", "may", "might"})
STOPS = frozenset({"and", "or", "but", "in", "on", "at", "by", "from", "to", "with", "were", "was", "have",
                   "has", "had", "are", "is", "be", "been", "who", "that", "which", "as", "when", "after",
                   "before", "since", "during", "including", "among", "said", "says", "the", "a", "an",
                   "for", "into", "over", "under", "while", "than", "this", "these", "those", "their",
                   "his", "her", "its", "our", "amid", "across", "near", "per", "got", "get", "will",
                   "would", "could", "may", "might", "of", "they", "it", "he", "she", "we", "there"})
CLAUSE_END = frozenset({".", ";", ":", "!", "?", "(", ")", "—", "–", "said", "says", "say", "told",
                        "according", "estimates", "stated", "announced", "added",
                        "warned", "noted", "when", "after", "while", "but", "because", "since", "until",
                        "before", "although", "though", "whereas", "if", "as"})
PRONOUNS_COUNTED = frozenset({"them", "whom", "those", "these", "us"})
INHERIT_BEFORE = frozenset({"including", "among", "includes", "included"})
TOLL_VERBS = frozenset({"to", "at", "of", "reached", "reach", "reaches", "hit", "rose", "risen", "climbed",
                        "jumped", "stands", "stood", "is", "was", "now", "passed", "surpassed", "exceeded",
                        "topped", "increased", "been"})
# words between "toll" and a number that show the number is not the toll's value: "confirmed the
# death toll and said another 25 were wounded", "the toll may rise as hundreds were wounded"
TOLL_BREAKS = frozenset({"and"}) | (CLAUSE_END - {"according", "estimates", "(", ")", "—", "–"})
RIGHT_REACH = 12        # words after the counted noun in which a cue may still describe it
BARE_REACH = 3          # the same, when no noun says the number counts people ("700 got injured")


@dataclass(slots=True)
class Reading:
    """What the words around a quantity say: who is counted, what happened, where the phrase ends."""

    kind: str | None
    who: str | None
    end: int                     # word index just after the figure phrase
    noun_kind: str | None = None
    how: str = ""                # which step gave the kind (for tests and debugging)


def combine(kind: str, other: str | None) -> str:
    """A killed cue joined to a wounded cue is killed_or_wounded."""
    if other and {kind, other} == {"killed", "wounded"}:
        return "killed_or_wounded"
    return kind


def cue_forward(words: list[Word], i: int, roles: tuple[str, ...]) -> tuple[str, int] | None:
    """The cue starting at word i (with a joined second harm cue), as (kind, words used)."""
    hit = phrase_at(words, i, kind_cues())
    if not hit or kind_cues()[hit[0]][1].split("+")[0] not in roles:
        return None
    kind, n = kind_cues()[hit[0]][0], hit[1]
    j = i + n + (1 if i + n < len(words) and words[i + n].lower in ("and", "or", "/") else 0)
    nxt = phrase_at(words, j, kind_cues()) if j < len(words) else None
    if nxt:
        kind = combine(kind, kind_cues()[nxt[0]][0])
    return kind, n


def cue_backward(words: list[Word], j: int, counted: bool = True) -> str | None:
    """The cue ending at word j that may stand before a number, joined cues combined.

    Cues marked `+person` ("captured", "evacuated") also take things ("captured two villages"),
    so they count only when a person noun follows the number (`counted`)."""
    hit = phrase_ending(words, j, kind_cues())
    where = kind_cues()[hit[0]][1] if hit else ""
    if not hit or where.split("+")[0] not in ("before", "both") or ("+person" in where and not counted):
        return None
    kind, k = kind_cues()[hit[0]][0], j - hit[1]
    if k >= 0 and words[k].lower in ("and", "or", "/"):
        k -= 1
    prev = phrase_ending(words, k, kind_cues()) if k >= 0 else None
    return combine(kind, kind_cues()[prev[0]][0]) if prev else kind


def excluded(words: list[Word], q: Quantity, qs: int, qe: int) -> bool:
    """Dates, ages, labels, money and years are not counts of people."""
    before = words[qs - 1] if qs > 0 else None
    after = words[qe] if qe < len(words) else None
    if before and (before.lower in LABELS or (before.lower in MONTHS and before.is_title)):
        return True
    if _label(words, q, qs, qe, before, after):
        return True
    if after and after.lower in MONTHS and after.is_title:
        return True
    if q.year_like and not (after and after.lower in person_nouns()):
        return True
    if before and before.lower == "of" and qs > 1 and words[qs - 2].lower in ("age", "ages"):
        return True                   # "under the age of 18"
    # "children under 5", "men over 18" give ages
    return bool(before and q.qualifier in ("under", "over") and before.lower in person_nouns())


def _label(words: list[Word], q: Quantity, qs: int, qe: int, before: Word | None, after: Word | None) -> bool:
    """A number that names a unit, a model or a document rather than counting people."""
    at = index_at(words, q.num_start)
    if at < len(words) and words[at].start < q.num_start and words[at].is_alpha:
        return True                   # "F-117", "T-72", "Su-24": a model's name
    if before is None or not words[qs].text[:1].isdigit():
        return False
    if before.end == words[qs].start - 1 and before.is_title and before.lower in unit_labels():
        return True                   # "Division 17", "Marine Air Control Group 28": a unit's name
    harm = phrase_at(words, qe, kind_cues()) if after else None
    return 1 < len(before.text) <= 5 and before.text.isupper() and before.text.isalpha() \
        and not (after and phrase_at(words, qe, person_nouns())) and not (harm and kind_cues()[harm[0]][0] in HARM)
    # the last: "ODA 525 deployed", "URL 1285", but not "URGENT 19 Killed"


def compound(text_after: str) -> str | None:
    """The word a number is hyphenated to ("300-member" -> "member"), or None."""
    if len(text_after) > 1 and text_after[0] == "-" and text_after[1].isalpha():
        return text_after[1:].split()[0].lower() if text_after[1:].split() else None
    return None


@dataclass(slots=True)
class Noun:
    """The counted noun after a number: who it names, its own kind, a cue met on the way."""

    who: str | None = None
    kind: str | None = None
    end: int = 0                 # word index after the noun (after the number when no noun)
    cue: str | None = None       # a cue inside the phrase ("injured civilians", "dozens killed")
    counted: bool = False        # a noun or pronoun ("of them") says people are counted
    things: bool = False         # a noun of time, distance, money or things follows
    others: bool = False         # the noun is "others": more of the people counted before
    scanned: int = 0             # where the scan stopped when no noun was found
    adjective: bool = False      # the cue stands before the noun ("injured civilians")


def scan_noun(words: list[Word], qe: int) -> Noun:
    """Read the words after a number up to the counted noun (at most four modifiers)."""
    noun, i = Noun(end=qe), qe
    if i < len(words) and words[i].lower in PRONOUNS_COUNTED:       # "a number of them"
        noun.counted, noun.end = True, i + 1
        return noun
    if i < len(words) and words[i].lower == "of":
        i += 1
        if i < len(words) and words[i].lower in PRONOUNS_COUNTED | {"the", "their", "its", "his", "her", "our"}:
            noun.counted = words[i].lower in PRONOUNS_COUNTED
            i += 1
            noun.end = i if noun.counted else noun.end
    modifiers = 0
    while i < len(words) and modifiers <= 4:
        w = words[i]
        person = phrase_at(words, i, person_nouns())
        if person and person[0] in NAME_HEADS and w.is_title and i + 1 < len(words) and words[i + 1].is_title:
            person = None                 # "4 Syrian National Army fighters": a name, the noun comes later
        after = words[i + person[1]].lower if person and i + person[1] < len(words) else ""
        if person and after in not_people():             # "one rebel group": an adjective
            noun.things = modifiers < 3
            return noun
        if person and after in person_nouns():              # "civilian deaths": keep "civilian"
            noun.who = noun.who or person_nouns()[person[0]][0]
        if person and after not in person_nouns():
            who = noun.who
            noun.who, noun.kind = person_nouns()[person[0]]
            noun.who = who if who and noun.who == "people" else noun.who
            noun.end, noun.counted = i + person[1], True
            noun.others = person[0] in ("others", "other")
            noun.adjective = noun.cue is not None
            cue = kind_cues().get(person[0])
            if cue and cue[0] in HARM and not noun.cue:      # "700 injured", "dozens dead"
                noun.cue = cue[0]
            return noun
        if _finite_cue(words, i) or _starts_count(w):   # "kills 30 injures 90", "kill 21 hundreds flee"
            noun.scanned = i
            return noun
        cue = cue_forward(words, i, ("after", "both"))
        if cue and not noun.cue:
            noun.cue = cue[0]
            i += cue[1]
            modifiers += 1
            continue
        if w.lower in not_people():       # "nine air raids"; far off it is another phrase's noun
            noun.things = modifiers < 3
            noun.scanned = i
            return noun
        if w.lower == "and" and _person_within(words, i + 1, 2):   # "regime and rebel fighters"
            i += 1
            continue
        if (w.lower in STOPS and not w.is_title) or not w.is_alpha or noun.cue:
            noun.scanned = i
            return noun
        i += 1
        modifiers += 1
    noun.scanned = i
    return noun


PASSIVE = frozenset({"were", "was", "are", "is"})   # "fighters of X were reportedly captured": the noun's verb
FINITE = frozenset({"were", "was", "are", "is", "had", "have", "has", "would", "could", "will", "may", "might"})


def _clause_follows(words: list[Word], noun: "Noun") -> bool:
    """A verb follows the counted phrase, so the phrase is the subject of a clause of its own."""
    return noun.counted and noun.end < len(words) and words[noun.end].lower in FINITE


def _starts_count(w: Word) -> bool:
    """The word begins another quantity (digits, a number word, a vague word)."""
    return w.text[0].isdigit() or w.lower in number_words() or w.lower in vague_heads()


@lru_cache(maxsize=1)
def vague_heads() -> frozenset[str]:
    return frozenset(p.split()[0] for p in vague_words() if p.split()[0] not in ("a", "many"))


def _finite_cue(words: list[Word], i: int) -> bool:
    hit = phrase_at(words, i, kind_cues())
    return bool(hit) and kind_cues()[hit[0]][1].startswith("before")


def _person_within(words: list[Word], i: int, n: int) -> bool:
    """A person noun (not a cue such as "injured") within n words of i."""
    return any(phrase_at(words, k, person_nouns()) and not phrase_at(words, k, kind_cues())
               for k in range(i, min(len(words), i + n)))


def cue_before(words: list[Word], qs: int, counted: bool = True, subject: bool = False) -> str | None:
    """A cue right before the number, adverbs skipped ("reportedly killing hundreds", "wounded another 250").

    With `subject` (a verb follows the counted phrase: "claimed 1,200 rebels had surrendered") a
    cue that is also a reporting verb (`+object`) introduces a clause, not its object."""
    j = qs - 1
    while j >= 0 and words[j].lower in SKIP_BEFORE:
        j -= 1
    if j < 0:
        return None
    hit = phrase_ending(words, j, kind_cues())
    if subject and hit and kind_cues()[hit[0]][1].endswith("+object"):
        return None
    kind = cue_backward(words, j, counted)
    if kind is None and words[j].lower in BRIDGES and j > 0:   # "those killed included 11", "among the dead were 22"
        hit = phrase_ending(words, j - 1, kind_cues())
        kind = kind_cues()[hit[0]][0] if hit else None
    if kind is None and words[j].lower == "and":              # "killing a woman and nine children"
        k = j - 1
        while k >= 0 and j - k <= 3 and (words[k].lower in ("a", "an", "one") or words[k].lower in person_nouns()):
            k -= 1
        kind = cue_backward(words, k, counted) if k >= 0 and k < j - 1 else None
    return kind


NAME_HEADS = frozenset({"national", "nationals", "citizen"})   # also the first word of a body's name
SETTLEMENTS = frozenset({"city", "town", "village", "country", "province", "district", "region", "nation"})


def toll_before(words: list[Word], qs: int) -> str | None:
    """The kind of a toll or population whose value the number gives ("a city of 2 million")."""
    if qs > 1 and words[qs - 1].lower == "of" and words[qs - 2].lower in SETTLEMENTS:
        return "population"
    verb = qs > 0 and (words[qs - 1].lower in TOLL_VERBS or words[qs - 1].lower in ("toll", "population"))
    # without a verb only a toll close by counts: "Death toll from bomb attack at least 112"
    for j in range(qs - 1, max(-1, qs - (21 if verb else 8)), -1):
        w = words[j].lower
        if w in (".", ";", "?", "!") or (not verb and (w[:1].isdigit() or w in TOLL_BREAKS)):
            return None       # "confirmed the death toll and said another 25 were wounded"
        if w == "toll":
            prev = words[j - 1].lower if j else ""
            return "killed_or_wounded" if prev in ("casualty", "casualties") else "killed"
        if verb and (w in ("population", "populations") or (w == "to" and j and words[j - 1].lower == "home")):
            return "population"
    return None


def cue_after(words: list[Word], start: int, reach: int, bare: bool = False, join: bool = False,
              listed: bool = False) -> str | None:
    """The first cue after the counted phrase, within the clause and `reach` words (auxiliaries free).

    With no counted noun (`bare`), "and" ends the search: "a 5 m wall fell and killed" is no count."""
    i, used, listing, finite = start, 0, False, False
    joined = join and not listed and start + 1 < len(words) and words[start].lower == "and" and _starts_count(words[start + 1])
    while i < len(words) and used < reach:
        w = words[i]
        if w.lower in CLAUSE_END or (w.text[0].isdigit() or w.lower in number_words()) and not listing \
                or (bare or joined and i > start) and w.lower in ("and", "or"):
            return None                   # another count's cue, unless it is listed ("including ...")
        if listed and w.lower == "and" and i + 1 < len(words) and cue_forward(words, i + 1, ("before", "both")):
            return None                   # "including 15 women and injured 400": the clause's verb
        # "including ...", or a second count joined to this one: "919 militants and 165 police were killed"
        listing = listing or w.lower in INHERIT_BEFORE or joined
        cue = cue_forward(words, i, ("after", "both"))
        if cue and (used == 0 or finite or not _needs_person(words, i)):
            # "captured" far off: "people remaining in areas yet to be captured"
            return "killed" if cue[0] == "detained" and _then_killed(words, i + 1) else cue[0]
        finite = finite or w.lower in PASSIVE
        used += w.lower not in AUX
        i += 1
    return None


THEN_REACH = 12   # words after a detention in which "and executed" tells what became of the people


def _then_killed(words: list[Word], i: int) -> bool:
    """"were abducted and killed", "was captured on a road by X fighters and executed": the
    people were detained, then killed, and a count of them counts the dead."""
    for k in range(i, min(len(words), i + THEN_REACH)):
        if words[k].lower in CLAUSE_END:
            return False
        if words[k].lower in ("and", "then") and k + 1 < len(words):
            cue = cue_forward(words, k + 1, ("after", "both"))
            if cue:
                return cue[0] == "killed"
    return False


def _needs_person(words: list[Word], i: int) -> bool:
    """The cue at word i also takes things ("captured", "evacuated": marked `+person`)."""
    hit = phrase_at(words, i, kind_cues())
    return bool(hit) and "+person" in kind_cues()[hit[0]][1]


def read_quantity(words: list[Word], q: Quantity, qs: int, qe: int, text_after: str,
                  previous: "Reading | None") -> Reading | None:
    """Read a quantity in its sentence: a Reading when it counts people, else None (steps: module doc)."""
    comp = compound(text_after)
    if comp:
        return _compound(words, comp, qe)
    if excluded(words, q, qs, qe):
        return None
    noun = scan_noun(words, qe)
    if noun.things or not _enough(q, words, qs, noun):
        return None
    kind, how = _kind(words, qs, qe, noun, previous)
    if kind is None or (how == "noun" and (_weak(q) or q.vague and kind == "population")):
        return None                     # "a number of insurgents were pictured", "thousands of residents"
    if kind not in HARM and noun.kind == "combatants":
        kind = "combatants"
    who = noun.who
    if previous is not None and (noun.others or how == "inherited" and who is None and _elliptical(words, qs, qe)):
        who = previous.who or who   # "three civilians were killed and twenty others", "... and 22 in Idlib"
    return Reading(kind, who, noun.end, noun.kind, how)


def _weak(q: Quantity) -> bool:
    """ "one" and vague words with no bound ("several", "a number of") say little on their own."""
    return q.value == 1 or (q.vague is not None and q.low is None)


def _enough(q: Quantity, words: list[Word], qs: int, noun: Noun) -> bool:
    """A weak quantity needs a counted noun or a cue right before it; "6m" needs the noun."""
    if q.abbreviated:
        return noun.counted
    return not _weak(q) or noun.counted or cue_before(words, qs, False) is not None or _another(words, qs, noun)


def _another(words: list[Word], qs: int, noun: Noun) -> bool:
    """ "another one was injured": one more person of a list that something happened to."""
    return qs > 0 and words[qs - 1].lower == "another" and \
        cue_after(words, max(noun.end, noun.scanned), BARE_REACH, bare=True) in HARM


def _kind(words, qs, qe, noun: Noun, previous: Reading | None) -> tuple[str | None, str]:
    """Steps 2-7 of the module docstring."""
    if noun.cue and not noun.adjective:     # first: "killed 700 injured" counts the injured
        return noun.cue, "inside"
    kind = cue_before(words, qs, noun.counted, _clause_follows(words, noun))
    if kind and noun.cue in HARM and kind not in HARM:
        return noun.cue, "inside"           # "evacuated 30 injured people" counts the injured
    if kind:                                # "kills 38 fleeing civilians" counts the killed
        return kind, "before"
    if noun.cue:
        return noun.cue, "inside"
    kind = toll_before(words, qs)
    if kind:
        return kind, "toll"
    listed = _in_list(words, qs)         # "including 25 children and 15 women and injured 400"
    kind = cue_after(words, noun.end, RIGHT_REACH, join=noun.kind in (None, "combatants"), listed=listed) \
        if noun.counted else \
        cue_after(words, max(noun.end, noun.scanned), BARE_REACH, bare=True)
    if kind:
        return kind, "after"
    if previous is not None and _belongs(words, qs, qe, previous):
        return previous.kind, "inherited"
    return noun.kind, "noun"


# Words after a bare number that make it the count before it told of another place or party.
ELLIPTICAL_AFTER = frozenset({"in", "at", "near", "across", "inside", "outside", "among"})


def _elliptical(words: list[Word], qs: int, qe: int) -> bool:
    """"killed 45 civilians in Aleppo and 22 in Idlib": a bare number repeating the count before
    it for another place or party (same kind, same people)."""
    return qs > 0 and words[qs - 1].lower == "and" and qe < len(words) and words[qe].lower in ELLIPTICAL_AFTER


def _belongs(words: list[Word], qs: int, qe: int, previous: Reading) -> bool:
    """The number is part of the figure before it: "including 28", "seven of them", "X and 3 million",
    "10 children 5 women" (commas stripped), "along with six teachers", "among them a child and two women"."""
    before = words[qs - 1].lower if qs else ""
    two_before = " ".join(w.lower for w in words[max(0, qs - 2):qs])
    if before in INHERIT_BEFORE or two_before in ("among them", "among whom", "along with", "as well"):
        return True
    if two_before == "well as" and previous.kind in HARM:
        return True   # "killed 30 soldiers as well as 50 rebels"; "2,000 militants as well as civilians" are no fighters
    if qe + 1 < len(words) and words[qe].lower == "of" and words[qe + 1].lower in ("them", "whom", "those"):
        return True
    if _elliptical(words, qs, qe):
        return True
    if previous.end >= qs - (1 if before in ("and", ",", "&", "while") else 0):
        return True
    return _in_list(words, qs)


def _in_list(words: list[Word], qs: int) -> bool:
    """An "including ..." or "among them ..." list still runs at word qs."""
    for j in range(qs - 1, max(-1, qs - 7), -1):
        if words[j].lower in INHERIT_BEFORE:
            return True
        if words[j].lower in CLAUSE_END or words[j].text in (",", "."):
            return False
    return False


def _compound(words: list[Word], comp: str, qe: int) -> Reading | None:
    """ "300-member observer team" counts members (other); "5,000-strong force" counts fighters."""
    if comp.startswith("member"):
        return Reading("other", "members", qe + 1, None, "compound")
    if comp.startswith("strong") or comp in ("man", "men"):
        return Reading("combatants", "fighters", qe + 1, "combatants", "compound")
    return None
