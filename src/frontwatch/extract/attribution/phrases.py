"""Find the words naming a speaker next to a reporting verb, on spaCy tokens.

No parser exists offline, so a speaker phrase is found by walking from the verb over tokens that
can belong to a name or a descriptive noun phrase: capitalised words, name particles (al-, bin),
registry aliases, modifiers and heads from the lexicons, and "of/for/at" between name parts.
Commas are optional (some corpora strip them): an appositive is taken after a comma or, without
one, when an article and a title word follow the name ("Hadi Abdullah a Syrian activist").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from .lexicon import countries, speaker_nouns, title_words, verbs
from .registry import SourceMatch

DETERMINERS = frozenset({"the", "a", "an"})
INDEFINITE = frozenset({"a", "an", "another"})
APPOSITIVE_STARTS = frozenset({"from", "of", "head", "however", "meanwhile", "though", "too", "in", "on",
                               "referring", "quoting", "according", "who", "whose", "which", "based", "one", "another", "also", "himself",
                               "herself", "itself", "speaking", "citing", "writing"})
CONNECTORS = frozenset({"of", "for", "at", "from"})
PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "abdul", "abdel", "de", "di", "van", "von", "-",
                       "bint", "ould"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
FILLERS = frozenset({"also", "later", "earlier", "previously", "further", "separately", "then", "has", "have",
                     "had", "would", "will", "repeatedly", "again", "meanwhile", "recently", "once",
                     "strongly", "publicly", "openly", "initially", "first", "now", "already", "officially",
                     "subsequently", "quickly", "continued", "continues", "continue", "to", "on", "last",
                     "today", "yesterday", "tonight", "sunday", "monday", "tuesday", "wednesday",
                     "thursday", "friday", "saturday", "morning", "evening", "night", "afternoon",
                     "this", "week", "month", "year", "late", "early", "just", "flatly", "angrily",
                     "reportedly", "allegedly", "categorically", "both", "all", "swiftly", "widely", "were", "was",
                     "is", "are", "forced", "appeared", "seemed", "decided", "tried", "sought", "went",
                     "however", "nonetheless", "nevertheless", "instead", "too"})
STOP_CAPS = frozenset({"meanwhile", "however", "but", "and", "also", "still", "yet", "then", "now", "in", "on",
                       "at", "after", "before", "while", "when", "as", "according", "earlier", "later",
                       "last", "this", "that", "these", "those", "there", "here", "separately", "elsewhere",
                       "moreover", "recently", "initially", "today", "yesterday", "so", "although", "though",
                       "despite", "with", "without", "because", "if", "since", "until", "during", "by",
                       "for", "from", "into", "over", "under", "what", "who", "which", "why", "how",
                       "many", "some", "most", "all", "several", "both", "one", "two", "three", "his",
                       "her", "their", "its", "our", "my", "your", "posted", "read", "photo", "tags",
                       "source", "video", "image", "file", "update", "watch", "related", "more",
                       "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "january", "february", "march", "april", "may", "june", "july", "august",
                       "september", "october", "november", "december", "breaking", "exclusive", "like",
                       "unlike", "among", "including", "amid", "following", "dozens", "hundreds", "thousands",
                       "other", "another", "such", "each", "every", "no", "few", "further", "first", "both",
                       "reports", "report", "claims", "footage", "images", "video", "videos", "photos"})
MODIFIERS = frozenset({"state", "local", "rebel", "military", "medical", "senior", "security", "government",
                       "opposition", "activist", "many", "some", "several", "other", "foreign", "defence",
                       "defense", "health", "interior", "news", "informed", "unnamed", "anonymous", "civil",
                       "human", "rights", "war", "monitoring", "independent", "so", "called", "based",
                       "top", "high", "ranking", "former", "chief", "deputy", "regional", "international",
                       "western", "regime", "general", "loyalist", "pro", "anti", "run", "backed",
                       "affiliated", "linked", "allied", "two", "three", "four", "intelligence", "army",
                       "russian", "syrian", "kurdish", "turkish", "iranian", "iraqi", "israeli", "american",
                       "british", "french", "us", "u.s.", "un", "u.n.", "humanitarian", "aid", "relief",
                       "rescue", "official", "semi", "pro-government", "anti-government", "media",
                       "press", "information", "main", "leading", "prominent", "islamist", "jihadist",
                       "kremlin", "ministry", "spokesman", "office", "hospital", "and", "village", "city",
                       "provincial", "municipal", "town", "residents", "morning", "show", "tv", "opponents", "rural",
                       "northern", "southern", "eastern", "western", "central", "besieged", "held", "area",
                       "undisclosed", "unidentified", "reliable", "well-informed", "knowledgeable", "field",
                       "private", "concerned", "diplomatic", "hospital", "medical"})
# Heads of place names ("the Raqqa and Deir Ezzor Governorates"): a name ending on one is no person.
PLACE_HEADS = frozenset({"governorate", "governorates", "province", "provinces", "district", "districts",
                         "countryside", "region", "neighbourhood", "neighborhood", "camp", "airport", "airbase",
                         "valley", "mountains", "mountain", "river", "highway", "crossing", "square", "street",
                         "suburb", "suburbs", "plain", "desert", "border", "city", "town", "village", "villages"})
ORG_HEADS = frozenset({"institute", "army", "group", "committee", "committees", "council", "network", "ministry",
                       "agency", "office", "forces", "front", "brigade", "brigades", "coalition", "command",
                       "centre", "center", "university", "watch", "union", "organisation", "organization",
                       "commission", "foundation", "tv", "radio", "news", "times", "post", "observatory",
                       "movement", "party", "department", "corps", "division", "battalion", "regiment",
                       "authority", "administration", "service", "services", "channel", "television",
                       "fund", "programme", "program", "society", "association", "crescent", "cross",
                       "helmets", "defence", "defense", "guard", "guards", "unit", "units", "press", "staff",
                       "staffs", "directorate", "headquarters", "assembly", "parliament", "bureau", "mission",
                       "federation", "alliance", "league"})


DASHES = frozenset({"--", "—", "–"})
ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")   # "the 13th Division"
# Words between a speaker noun and the place that locates it ("a correspondent in east Aleppo")
PLACE_QUALIFIERS = frozenset({"east", "west", "north", "south", "eastern", "western", "northern", "southern",
                              "central", "rural", "besieged", "rebel-held", "government-held", "opposition-held"})


@dataclass(frozen=True, slots=True)
class Phrase:
    """Token range [start, end) of a speaker phrase and of its appositive, if any."""

    start: int
    end: int
    appositive: tuple[int, int] | None = None


class TokenView:
    """Per-document facts about tokens that the walkers consult (quotes, registry matches)."""

    def __init__(self, doc: Doc, in_quote: list[bool], sources: list[SourceMatch], text: str | None = None,
                 place_at: frozenset[int] = frozenset()):
        self.doc = doc
        self.place_at = place_at    # tokens of places below country level: never part of a speaker
        self.text = doc.text if text is None else text  # Doc.text rebuilds the string on each access
        # Each token's offset, text and lower case, read once into lists: indexing a spaCy Doc
        # builds a Token object on every access, which was most of this stage's time.
        spans = doc.to_array([IDX, LENGTH]).reshape(-1, 2)
        self.idx: list[int] = spans[:, 0].tolist()
        self.ends: list[int] = (spans[:, 0] + spans[:, 1]).tolist()
        self.texts: list[str] = list(map(self.text.__getitem__, map(slice, self.idx, self.ends)))
        self.lowers: list[str] = list(map(str.lower, self.texts))
        self._capital: dict[int, bool] = {}
        self.name_cache: dict[int, bool] = {}
        self.in_quote = in_quote
        self.source_at: dict[int, SourceMatch] = {}
        for m in sources:
            for i in range(m.start, m.end):
                self.source_at[i] = m

    def char_tokens(self, start: int, end: int) -> tuple[int, int] | None:
        """Token range [first, last) covering text[start:end], as spaCy's
        `Doc.char_span(start, end, alignment_mode="expand")` gives it, without building a Span."""
        first, last = self._token_at(start), self._token_at(end - 1)
        if first < 0 or last < 0:
            return None
        if start == self.ends[first]:   # in the whitespace after a token: not that token
            first += 1
        return first, last + 1

    def _token_at(self, char: int) -> int:
        """The token whose text or trailing whitespace holds a character, or -1."""
        if char < 0 or char >= len(self.text) or not self.idx:
            return -1
        return bisect_right(self.idx, char) - 1

    def capital(self, i: int) -> bool:
        found = self._capital.get(i)
        if found is None:
            t = self.texts[i]
            found = t[:1].isupper() and (t[0].isalpha() or any(c.isalpha() for c in t)) and (
                t.rstrip(".").lower() not in STOP_CAPS or self._inside_name(i))
            self._capital[i] = found
        return found

    def _inside_name(self, i: int) -> bool:
        """"Human Rights Watch", "Siege Watch": a stop word such as Watch ends a name after a capital."""
        return self.lowers[i] == "watch" and i > 0 and self.texts[i - 1][:1].isupper() \
            and self.lowers[i - 1] not in STOP_CAPS

    def name_like(self, i: int) -> bool:
        low = self.lowers[i]
        return (self.capital(i) or i in self.source_at or low in PARTICLES
                or low.startswith("@") or (low == "." and 0 < i < len(self.doc) - 1 and self.capital(i - 1) and len(self.texts[i - 1]) <= 4
                    and self.capital(i + 1)))

    def place(self, i: int) -> bool:
        """A token of a named place that no registry source covers ("Hasakeh", "Deir Ezzor")."""
        return i in self.place_at and i not in self.source_at

    def np_word(self, i: int) -> bool:
        low = self.lowers[i]
        if self.place(i):
            return False
        if low == "called":   # a modifier only in "so-called"; "X called the raid a crime" is a verb
            return i > 0 and self.lowers[i - 1] in {"so", "-"}
        return (self.name_like(i) or low in modifier_words() or low in POSSESSIVE
                or low[:1].isdigit() and ORDINAL.match(low) is not None)


@lru_cache(maxsize=1)
def modifier_words() -> frozenset[str]:
    """Lower-case words that may stand inside a descriptive speaker phrase."""
    nouns = {w for n in speaker_nouns() for w in n.split()}
    return MODIFIERS | nouns | title_words() | set(countries()[1])


def skip_fillers_left(view: TokenView, i: int, lo: int) -> int:
    """The index of the last non-filler token before i (or lo - 1)."""
    j = i - 1
    while j >= lo and (view.lowers[j] in FILLERS or view.doc[j].like_num and view.lowers[j] != "one"
                       or _adverb(view.texts[j])):
        j -= 1
    return j


def _adverb(word: str) -> bool:
    """A lower-case -ly adverb between speaker and verb ("the rebels proudly claiming")."""
    return word.islower() and word.endswith("ly") and len(word) > 4 and word not in {"only", "family", "rally"}


def _appositive_comma(view: TokenView, j: int, lo: int) -> int | None:
    """For a comma at j closing an appositive, the comma that opens it (after a name)."""
    for k in range(j - 1, max(lo, j - 30) - 1, -1):
        abbreviation = view.texts[k] == "." and view.texts[k + 1] == ","  # "Waterloo, Ont., told"
        if view.in_quote[k] or (view.texts[k] in {".", ";", ":", "!", "?", "”", '"'} and not abbreviation):
            return None
        if view.texts[k] == "," and k + 1 < j:
            nxt = view.lowers[k + 1]
            if (nxt in DETERMINERS or nxt in title_words() or nxt in APPOSITIVE_STARTS) and k - 1 >= lo \
                    and view.np_word(k - 1):
                return k
    return None


def left_phrase(view: TokenView, i: int, lo: int) -> Phrase | None:
    """The speaker phrase ending just before token i (a verb), not reaching before token lo."""
    modified = _post_modified(view, i, lo)
    if modified is not None:
        return modified
    j = _before_place(view, skip_fillers_left(view, i, lo), lo)
    if j >= lo and view.lowers[j] in PRONOUNS:
        return Phrase(j, j + 1)
    appositive = None
    if j >= lo and view.texts[j] == ",":
        k = _appositive_comma(view, j, lo)
        if k is None:
            return _titled_name(view, j, lo)
        appositive, j = (k + 1, j), k - 1
    elif j >= lo and (view.texts[j] == ")" or view.texts[j] in DASHES):
        k = _aside_opening(view, j, lo)
        if k is None:
            return None
        appositive, j = (k + 1, j), k - 1
    end = j + 1
    start = _trim_start(view, _walk_left(view, j, lo), end)
    if start >= end or _after_prefix(view, start, lo):
        return None  # "a tax on non-Muslims said the resident": the end of a hyphened word is no subject
    return _indefinite_appositive(view, start, end, lo) or Phrase(start, end, appositive)


POST_MODIFIER_REACH = 8   # words a modifier may hold between a speaker noun and its verb
MODIFIER_BREAKS = frozenset({".", ",", ";", ":", "!", "?", '"', "“", "”", "(", ")", "that", "which", "who",
                             "whom", "whose", "and", "but"})


def _post_modified(view: TokenView, i: int, lo: int) -> Phrase | None:
    """"An activist with the Idlib Media Centre told", "Medics attending the victims said",
    "Officials speaking on condition of anonymity said": a speaker noun, then a phrase opened
    by "with" or a participle that describes it, then the verb. The modifier is kept as the
    phrase's appositive (it often names the speaker's affiliation)."""
    j = skip_fillers_left(view, i, lo)
    for k in range(j, max(lo, j - POST_MODIFIER_REACH) - 1, -1):
        low = view.lowers[k]
        if view.in_quote[k] or low in MODIFIER_BREAKS or low in PRONOUNS or k in view.source_at or low in verbs():
            return None  # "... the Observatory said", "... it said", "... he said X told": no modifier here
        if low == "with" or (view.texts[k].islower() and low.endswith("ing") and len(low) > 5):
            head = k - 1
            if head < lo or k == j or not (view.lowers[head] in speaker_nouns() or view.lowers[head] in title_words()
                                           or " ".join(view.lowers[max(lo, head - 1):k]) in speaker_nouns()):
                return None
            phrase = left_phrase(view, k, lo)
            if phrase is None or not _opens_clause(view, phrase.start, lo):
                return None  # "a supporter of rebels fighting to ...": the noun is no subject
            # "Syria Civil Defence a Syrian rescue service operating in ...": the aside runs on
            return Phrase(phrase.start, phrase.end, ((phrase.appositive or (k, k))[0], j + 1))
    return None


CLAUSE_OPENERS = frozenset({",", ";", ":", ")", "(", "-", "–", "—", "and", "but", "that", "while", "as", "because"})


def _opens_clause(view: TokenView, start: int, lo: int) -> bool:
    """Does a phrase starting at token `start` open its clause (so it may be a verb's subject)?"""
    return start == lo or view.lowers[start - 1] in CLAUSE_OPENERS


def _after_prefix(view: TokenView, start: int, lo: int) -> bool:
    """Does token `start` end a word with a lower-case prefix glued on by a hyphen ("non-Muslims")?"""
    return start - 2 >= lo and view.texts[start - 1] == "-" and view.idx[start] == view.ends[start - 1] \
        and view.idx[start - 1] == view.ends[start - 2] and view.texts[start - 2].isalpha() \
        and view.texts[start - 2].islower()


def _aside_opening(view: TokenView, j: int, lo: int) -> int | None:
    """For a ")" or dash at j closing an aside after a name ("Doctors Without Borders (MSF) said",
    "The Brigades -- one of the Arab components -- also said"), the token that opens it."""
    opening = "(" if view.texts[j] == ")" else None
    for k in range(j - 1, max(lo, j - 30) - 1, -1):
        t = view.texts[k]
        if view.in_quote[k] or t in {".", ";", "!", "?", "”", '"', "“"}:
            return None
        if (t == opening) if opening else (t in DASHES):
            return k if k + 1 < j and k - 1 >= lo and view.np_word(k - 1) else None
        if t in {"(", ")"} or (opening is None and t in DASHES):
            return None
    return None


def _titled_name(view: TokenView, j: int, lo: int) -> Phrase | None:
    """"Chief Correspondent, Elijah J. Magnier, reported": a name set off by commas after its title."""
    k = j - 1
    while k >= lo and k > j - 6 and view.texts[k] != "," and (view.name_like(k) or view.texts[k] == "."):
        k -= 1
    if k < lo or k == j - 1 or view.texts[k] != "," or k - 1 < lo:
        return None
    names = [i for i in range(k + 1, j) if view.texts[i] != "."]
    if len(names) < 2 or not all(view.capital(i) for i in names) or any(view.place(i) for i in names):
        return None
    title = view.lowers[k - 1].rstrip(".")
    if title not in title_words() or view.in_quote[k - 1]:
        return None
    start = _trim_start(view, _walk_left(view, k - 1, lo), k)
    return Phrase(k + 1, j, (start, k))


def _before_place(view: TokenView, j: int, lo: int) -> int:
    """"A medical source in Aleppo said": step back over a place that locates the speaker."""
    k = j
    while k >= lo and view.place(k):
        k -= 1
    if k == j and k > lo and view.lowers[k] in PLACE_HEADS and view.texts[k].islower():
        k -= 1   # "a source in the central province said": a place named by its kind alone
    while k < j and k >= lo and view.lowers[k] in PLACE_QUALIFIERS | DETERMINERS:
        k -= 1
    if k == j or k - 1 < lo or view.lowers[k] not in {"in", "at", "from"}:
        return j
    return k - 1 if view.lowers[k - 1] in speaker_nouns() or view.lowers[k - 1] in title_words() else j


def _indefinite_appositive(view: TokenView, start: int, end: int, lo: int) -> Phrase | None:
    """"The Observatory a British-based war monitor said" (commas stripped): the name before wins.

    Also "Ole Hansen deputy emergencies director at the group says": a title opening the phrase
    with a name up to two words before it."""
    k = start if view.lowers[start] in INDEFINITE else start - 1
    if view.lowers[start] in title_words() and not view.capital(start):
        k = next((x + 1 for x in range(start - 1, max(lo, start - 3) - 1, -1) if view.capital(x)), k)
        if k != start - 1 and k - 1 >= lo and view.capital(k - 1) and not view.in_quote[k - 1]:
            name_start = _trim_start(view, _walk_left(view, k - 1, lo), k)
            return Phrase(name_start, k, (k, end)) if name_start < k else None
    if k < lo + 1 or view.lowers[k] not in INDEFINITE or not view.name_like(k - 1) or view.in_quote[k - 1]:
        return None
    head = speaker_nouns().get(view.lowers[end - 1])
    if head is not None and head.role == "anonymous":
        return None  # "In a statement to SANA a source said": the source speaks, not SANA
    name_start = _trim_start(view, _walk_left(view, k - 1, lo), k)
    if name_start >= k or (name_start > lo and view.lowers[name_start - 1] in {"to", "by", "with", "from", "for"}):
        return None
    return Phrase(name_start, k, (k, end))


def relative_phrase(view: TokenView, i: int, lo: int) -> Phrase | None:
    """"SOHR which relies on a network of activists says": the phrase before the relative clause."""
    for k in range(i - 1, max(lo, i - 25) - 1, -1):
        if view.texts[k] in {".", ";", "“", "”", '"'} or view.in_quote[k]:
            return None
        if view.lowers[k] in {"which", "who", "that"} and k - 1 >= lo and (view.np_word(k - 1) or view.place(k - 1)):
            ph = left_phrase(view, k, lo)
            return Phrase(ph.start, ph.end, (k, i)) if ph else None
    return None


def _walk_left(view: TokenView, j: int, lo: int) -> int:
    start = end = j + 1
    while j >= lo and not view.in_quote[j]:
        low = view.lowers[j]
        if low == ")" and start < end and view.texts[j + 1].islower():
            k = _aside_opening(view, j, lo)   # "the RBSS (Raqqa Is Being Slaughtered Silently) group"
            if k is None:
                break
            start, j = k, k - 1
            continue
        if j in view.source_at:
            start = j = view.source_at[j].start
            if view.lowers[j] in DETERMINERS:
                break  # "among the FSA the Observatory said": "the" opens the speaker's phrase
            j -= 1
            continue
        if low in DETERMINERS:
            start = j
            if j - 2 >= lo and view.lowers[j - 1] in CONNECTORS and view.np_word(j - 2):
                j -= 1
                continue
            break
        if low in CONNECTORS or low == "and" or low == "in":
            if start == end or j - 1 < lo or not view.np_word(j - 1) or view.in_quote[j - 1]:
                break
            if low == "in" and (view.lowers[j - 1] not in speaker_nouns()
                                or j - 2 >= lo and view.texts[j - 1][:1].isupper() and view.name_like(j - 2)):
                break
        elif view.place(j) and _bare_head(view, start, end):
            pass  # "a source from Sinjar hospital": the place only names the hospital
        elif not view.np_word(j):
            break
        start = j
        j -= 1
    return start


def _bare_head(view: TokenView, start: int, end: int) -> bool:
    """Lower-case words that cannot speak alone ("hospital", "clinic"): a place before them belongs."""
    return end - start == 1 and view.texts[start].islower() and view.lowers[start] not in speaker_nouns() \
        and view.lowers[start] not in title_words()


def _trim_start(view: TokenView, start: int, end: int) -> int:
    while start < end and (view.lowers[start] in CONNECTORS | {"and", "in", "-"} | POSSESSIVE):
        start += 1
    return start


def right_phrase(view: TokenView, i: int, hi: int) -> Phrase | None:
    """The speaker phrase starting at token i (after an inverted verb, "said al-Ahmad")."""
    j = i
    while j < hi and view.lowers[j] in DETERMINERS | {"so", "-", "called"}:
        j += 1
    start = j
    if j < hi and view.lowers[j] in PRONOUNS:
        return Phrase(j, j + 1)
    while j < hi and not view.in_quote[j]:
        low = view.lowers[j]
        if j in view.source_at:
            j = view.source_at[j].end
            continue
        if low in CONNECTORS | {"by"} and j + 1 < hi and (view.np_word(j + 1) or view.lowers[j + 1] in DETERMINERS) \
                and j > start:
            j += 2 if view.lowers[j + 1] in DETERMINERS else 1
            continue
        if not view.np_word(j) or low == "and":
            break
        j += 1
    end = j
    if end <= start:
        return None
    return Phrase(start, end, _right_appositive(view, end, hi))


def _right_appositive(view: TokenView, j: int, hi: int) -> tuple[int, int] | None:
    """", president of X" or (without commas) "a Syrian activist" after a name."""
    k = j + 1 if j < hi and view.texts[j] == "," else j
    if k >= hi or not (view.lowers[k] in DETERMINERS or view.lowers[k] in title_words() or view.lowers[k] == "head"):
        return None
    if k == j and not any(view.lowers[x] in title_words() for x in range(k + 1, min(hi, k + 5))):
        return None
    end = k
    while end < hi and view.texts[end] not in {",", ".", ";", ":", "”", '"', "“"} and not view.in_quote[end]:
        end += 1
    return (k, end) if end > k else None
