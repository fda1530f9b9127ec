"""Turn a speaker phrase into speakers: a person, a registry source, a group or an anonymous one.

A phrase is read in parts split at "of/for/at/from/in": the first part is the speaker, the rest
and any appositive say whom the speaker belongs to. A person's kind comes from the body they
belong to (registry) or their title; a group's from its head noun; a state's from its country.
"""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import countries, media_heads, speaker_nouns, titles, title_words
from .phrases import (CONNECTORS, DETERMINERS, ORG_HEADS, PARTICLES, PLACE_HEADS, POSSESSIVE, PRONOUNS, Phrase,
                      TokenView)
from .registry import Source, lookup

PRO_GOVERNMENT = frozenset({"pro-government", "pro-damascus", "pro-regime", "loyalist", "regime"})
OPPOSITION_WORDS = frozenset({"rebel", "rebels", "opposition", "anti-government", "insurgent", "insurgents"})
PERSON_CATEGORIES = frozenset({"head_of_state", "minister", "spokesman", "person", "envoy"})
GOVERNMENT_KINDS = frozenset({"government", "military", "foreign_official"})
MILITARY_HEADS = frozenset({"staff", "staffs", "command", "corps", "division", "regiment", "guards", "forces"})


@dataclass(slots=True)
class Speaker:
    """Who a statement is attributed to, as written and as resolved."""

    name: str
    kind: str = "other"
    role: str = "person"        # person | source | group | anonymous | descriptor | state | pronoun
    start: int = 0              # character offsets of the words naming the speaker
    end: int = 0
    affiliation: str | None = None
    alignment: str | None = None
    source: Source | None = None

    @property
    def key(self) -> str:
        return self.name.lower()


def describe(view: TokenView, phrase: Phrase) -> list[Speaker]:
    """The speakers a phrase names; coordinated phrases ("X and Y said") give several."""
    parts, cur = [], phrase.start
    for i in range(phrase.start, phrase.end):
        if view.lowers[i] == "and" and i not in view.source_at and not _inside_title(view, cur, i, phrase.end):
            parts.append((cur, i))
            cur = i + 1
    parts.append((cur, phrase.end))
    out = [_describe_part(view, a, b, phrase.appositive if b == phrase.end else None) for a, b in parts if b > a]
    return [s for s in out if s is not None]


def _inside_title(view: TokenView, cur: int, i: int, end: int) -> bool:
    """"International Federation of Red Cross and Red Crescent Societies": an "and" between capitals
    after "of/for" inside one name joins words of the name, not two speakers."""
    # "of/for" inside a registry name ("the Syrian Observatory for Human Rights and activist X") do not count
    names, adjectives = countries()
    if i + 1 < end and (view.lowers[i + 1] in title_words() or view.lowers[i + 1] in adjectives
                        or view.lowers[i + 1] in names or any(view.lowers[k].rstrip(".") in titles() for k in range(cur, i))):
        return False  # "Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov": two people
    return 0 < i < end - 1 and view.capital(i - 1) and view.capital(i + 1) \
        and any(view.lowers[k] in {"of", "for"} and k not in view.source_at for k in range(cur, i))


def _segments(view: TokenView, a: int, b: int) -> list[tuple[int, int]]:
    segs, cur = [], a
    for i in range(a, b):
        if view.lowers[i] in CONNECTORS | {"in", "by"} and i not in view.source_at and i > cur:
            segs.append((cur, i))
            cur = i + 1
    segs.append((cur, b))
    return [(s, e) for s, e in segs if e > s]


def _describe_part(view: TokenView, a: int, b: int, appositive) -> Speaker | None:
    if b - a == 1 and view.lowers[a] in PRONOUNS:
        return Speaker(view.lowers[a], role="pronoun", start=view.idx[a], end=view.ends[a])
    segs = _segments(view, a, b)
    head, tails = segs[0], segs[1:]
    extra = tails + ([appositive] if appositive else [])
    media = _media_name(view, *head)
    if media is not None:
        return media
    person = _person(view, *head) or _trailing_person(view, head, tails)
    if person and tails and person[1] < head[1]:
        # "... Community Bias President of the Syrian Coalition Anas al-Abdah" (a headline run into
        # the sentence): the name after the title's body is the person, not the words before it
        person = _trailing_person(view, _title_part(view, head), tails) or person
    if person:
        return _person_speaker(view, person, (a, b), extra)
    return _body_speaker(view, head, extra)


def _media_name(view: TokenView, a: int, b: int) -> Speaker | None:
    """"The Daily Mail", "Al-Masdar News": a capitalised name ending on a news-media word, unless
    the sources registry names it (it then knows the outlet better)."""
    while a < b and view.lowers[a] in DETERMINERS:
        a += 1
    if b - a < 2 or view.lowers[b - 1] not in media_heads() or not view.capital(b - 1) \
            or any(i in view.source_at for i in range(a, b)):
        return None
    if not all(view.capital(i) or view.lowers[i] in PARTICLES | POSSESSIVE for i in range(a, b)):
        return None
    return Speaker(_text(view, a, b), "media", "group", view.idx[a], view.ends[b - 1])


def is_name_token(view: TokenView, i: int) -> bool:
    """Can token i be part of a person's name (not a title, country, body or common noun)?"""
    found = view.name_cache.get(i)
    if found is None:
        found = view.name_cache[i] = _name_token(view, i)
    return found


def _name_token(view: TokenView, i: int) -> bool:
    low = view.lowers[i].rstrip(".")
    names, adjectives = countries()
    if low in PARTICLES:
        return True
    return (view.capital(i) and not view.place(i) and low not in title_words() and low not in DETERMINERS
            and view.lowers[i] not in title_words()
            and low not in adjectives and low not in names and low not in ORG_HEADS and low not in PLACE_HEADS
            and low not in speaker_nouns() and view.texts[i] not in POSSESSIVE and not view.doc[i].is_punct
            and not (i in view.source_at and not _person_source(view.source_at[i].source)))


def _person_source(src: Source) -> bool:
    return src.category in PERSON_CATEGORIES


def _runs(view: TokenView, a: int, b: int) -> list[tuple[int, int]]:
    runs, start = [], None
    for i in range(a, b + 1):
        ok = i < b and is_name_token(view, i)
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            runs.append((start, i))
            start = None
    trimmed = []
    for s, e in runs:
        while s < e and view.lowers[s] in PARTICLES - {"al", "el", "abu", "abdul", "abdel", "bin", "ibn"}:
            s += 1
        while e > s and view.lowers[e - 1] in PARTICLES:
            e -= 1
        if e > s and any(view.capital(i) for i in range(s, e)):
            trimmed.append((s, e))
    return trimmed


def _person(view: TokenView, a: int, b: int) -> tuple[int, int] | None:
    """The person's name in a segment: its last run of name words."""
    runs = _runs(view, a, b)
    if not runs:
        return None
    s, e = runs[-1]
    text = _text(view, s, e).lower()
    if text in countries()[0] or (s > 0 and f"{view.lowers[s - 1]} {text}" in countries()[0]):
        return None  # "the United States", "Saudi Arabia": a state, not a person
    if e < b and view.lowers[e] not in POSSESSIVE and not _only_titles_after(view, e, b):
        return None  # "Aleppo-based activist X" ends on the name; "X forces" is a body
    if e - s == 1 and e < b and all(view.lowers[k] in speaker_nouns() for k in range(e, b)):
        return None  # "an Aleppo resident", "a Douma activist": where the speaker is from, no name
    if e < b and view.lowers[e] in POSSESSIVE and view.capital(b - 1) and view.lowers[b - 1] in ORG_HEADS:
        return None  # "Jane's Information Group": a body named after someone
    return (s, e)


def _only_titles_after(view: TokenView, e: int, b: int) -> bool:
    return all(view.lowers[i] in title_words() or view.lowers[i] in DETERMINERS for i in range(e, b))


def _title_part(view: TokenView, head: tuple[int, int]) -> tuple[int, int]:
    """The title words (and articles) that end a segment: "President" of "X Bias President"."""
    a, b = head
    k = b
    while k > a and (view.lowers[k - 1].rstrip(".") in title_words() or view.lowers[k - 1] in DETERMINERS):
        k -= 1
    return k, b


def _trailing_person(view: TokenView, head, tails) -> tuple[int, int] | None:
    """"Pathologist at the Aleppo University Hashim": a name after the body, when the head is a title."""
    names, adjectives = countries()
    if not tails or not any(view.lowers[i].rstrip(".") in title_words() for i in range(*head)) or not all(
            view.lowers[i] in title_words() or view.lowers[i] in DETERMINERS or view.lowers[i] in names
            or view.lowers[i] in adjectives for i in range(*head)):
        return None  # "Syria chief of the General Staff Col. Gen. Sergei Rudskoi": a title, then the name
    a, b = tails[-1]
    e = b
    s = e
    while s > a and is_name_token(view, s - 1):
        s -= 1
    if s == e or s == a:
        return None
    before = s - 1
    if before in view.source_at or view.lowers[before] in ORG_HEADS or view.lowers[before] in title_words():
        return (s, e)
    return None


def _text(view: TokenView, a: int, b: int) -> str:
    return view.text[view.idx[a]:view.ends[b - 1]]


def _affiliation(view: TokenView, spans) -> tuple[str | None, Source | None]:
    """The body a person or group belongs to, from the phrase's tails and appositive."""
    for a, b in spans:
        for i in range(a, b):
            if i in view.source_at:
                return view.source_at[i].source.name, view.source_at[i].source
    for a, b in spans:
        org = _capital_org(view, a, b)
        if org:
            return org, None
    return None, None


def _capital_org(view: TokenView, a: int, b: int) -> str | None:
    """A capitalised name ending on an organisation word ("the Unity Brigade")."""
    e = b
    while e > a and not (view.capital(e - 1) and view.lowers[e - 1] in ORG_HEADS):
        e -= 1
    if e == a:
        return None
    s = e - 1
    while s > a and (view.capital(s - 1) or view.lowers[s - 1] in {"for", "of", "and", "-"}):
        s -= 1
    while s < e and not view.capital(s):
        s += 1
    return _text(view, s, e) if e - s >= 2 else None


def _words(view: TokenView, spans) -> set[str]:
    return {view.lowers[i].rstrip(".") for a, b in spans for i in range(a, b)}


def _title_kind(view: TokenView, spans) -> str | None:
    low = [view.lowers[i] for a, b in spans for i in range(a, b)]
    kinds = [titles()[" ".join(low[i:i + n])] for n in (3, 2, 1) for i in range(len(low) - n + 1)
             if " ".join(low[i:i + n]) in titles()]
    for kind in ("military", "armed_group", "analyst", "government", "foreign_official", "media", "civilian"):
        if kind in kinds:
            return kind
    return None


def _country_of(view: TokenView, spans):
    names, adjectives = countries()
    for a, b in spans:
        for i in range(a, b):
            low = view.lowers[i]
            nxt = view.lowers[i + 1] if i + 1 < len(view.doc) else ""
            if low in adjectives:
                return adjectives[low]
            if low in names or f"{low} {nxt}" in names:
                return names.get(low) or names[f"{low} {nxt}"]
    return None


def _side_words(words: set[str]) -> str | None:
    if words & PRO_GOVERNMENT:
        return "syrian_government"
    if words & OPPOSITION_WORDS:
        return "opposition"
    if "kurdish" in words:
        return "kurdish"
    return None


def _person_speaker(view: TokenView, name, whole, extra) -> Speaker:
    s, e = name
    text = _text(view, s, e)
    src = lookup(text)
    spans = [whole] + list(extra)
    affiliation, aff_src = _affiliation(view, spans)
    words = _words(view, spans)
    kind = _person_kind(view, spans, aff_src, words)
    alignment = (aff_src.alignment if aff_src else None) or _side_words(words)
    country = _country_of(view, spans)
    if kind == "government" and country is not None and country.code != "SY":
        kind = "foreign_official"
    if alignment is None and country is not None and kind in GOVERNMENT_KINDS:
        alignment = country.alignment
    if src is not None and _person_source(src):
        return Speaker(src.name, src.kind, "source", view.idx[s], view.ends[e - 1],
                       affiliation, src.alignment, src)
    return Speaker(text, kind, "person", view.idx[s], view.ends[e - 1], affiliation, alignment)


def _person_kind(view: TokenView, spans, aff_src: Source | None, words: set[str]) -> str:
    title = _title_kind(view, spans)
    if title == "military" and (words & OPPOSITION_WORDS or (aff_src and aff_src.kind == "armed_group")):
        return "armed_group"
    if aff_src is not None and aff_src.kind not in {"other"}:
        if aff_src.kind in {"government", "foreign_official"} and title == "military":
            return "military"
        return aff_src.kind
    return title or ("armed_group" if words & OPPOSITION_WORDS else "other")


def _body_speaker(view: TokenView, head, extra) -> Speaker | None:
    """A registry source, a group named by a noun, a state, or a capitalised organisation."""
    a, b = head
    while a < b and view.lowers[a] in DETERMINERS:
        a += 1
    if a >= b:
        return None
    start, end = view.idx[a], view.ends[b - 1]
    text = _text(view, a, b)
    words = _words(view, [(a, b)] + list(extra))
    matches = [m for m in map(view.source_at.get, range(a, b)) if m is not None]
    noun = _head_noun(view, a, b)
    # the first source names the speaker ("According to SANA al-Nusra militants tried ...", commas
    # stripped), unless a later one completes it ("Syrian state news agency SANA": one source
    # named twice) or stands right before a descriptor ("ISIL's Amaq News Agency outlet": Amaq)
    match = matches[0] if matches else None
    descriptor = noun is not None and noun.role == "descriptor"
    match = next((m for m in matches if m.end >= b and m.source == match.source or descriptor and m.end == b - 1),
                 match)
    if match is not None:
        start = view.idx[_source_start(view, a, match.start)]
    if match is not None and (match.end >= b or descriptor):
        src = match.source
        return Speaker(src.name, src.kind, "source", start, end, None, src.alignment, src)
    if extra and view.lowers[b - 1] in ORG_HEADS and view.capital(b - 1) and view.lowers[b] in {"of", "for"} \
            and view.capital(extra[0][1] - 1):
        b = extra[0][1]  # "United States Department of Defense", "the Army of Conquest": one name
        text, end = _text(view, a, b), view.ends[b - 1]
        return Speaker(text, "armed_group" if view.lowers[a] in {"army", "brigade", "front"} else "other", "group",
                       start, end, None, _side_words(words))
    country = _country_of(view, [(a, b)])
    if noun is not None:
        return _noun_speaker(view, text, noun, match, country, words, start, end, extra)
    names = countries()[0]
    if text.lower() in names:
        c = names[text.lower()]
        return Speaker(text, "government" if c.code == "SY" else "foreign_official", "state", start, end,
                       None, c.alignment)
    last = view.lowers[b - 1].rstrip(".")
    if last in titles():  # "the governor", "a spokesman": a person known by role only
        kind = titles()[last]
        kind = "other" if kind == "affiliation" else kind
        affiliation, aff_src = _affiliation(view, list(extra))
        if aff_src is not None:
            kind = aff_src.kind
        if affiliation and extra and extra[0][0] == b + 1:  # "head of CENTCOM": keep the body in the name
            text, end = _text(view, a, extra[0][1]), view.ends[extra[0][1] - 1]
        return Speaker(text, kind, "group", start, end, affiliation, aff_src.alignment if aff_src else None)
    org = _capital_org(view, a, b)
    if org and org == text:
        head = view.lowers[b - 1]
        kind = "analyst" if head in {"institute", "centre", "center", "university"} else \
            "military" if head in MILITARY_HEADS else "other"
        return Speaker(text, kind, "group", start, end, None, _side_words(words))
    return None


def _head_noun(view: TokenView, a: int, b: int):
    nouns = speaker_nouns()
    low = [view.lowers[i] for i in range(a, b)]
    for n in (2, 1):
        if len(low) >= n and " ".join(low[-n:]) in nouns:
            return nouns[" ".join(low[-n:])]
    return None


def _source_start(view: TokenView, a: int, at: int) -> int:
    """Where the words naming a registry source start: after another noun phrase run into it
    ("two women SANA news agency reported", commas stripped), else at the phrase start."""
    nouns = speaker_nouns()
    for k in range(at - 1, a - 1, -1):
        noun = nouns.get(view.lowers[k])
        if noun is not None and noun.role != "descriptor" and view.texts[k].islower():
            return k + 1
    return a


def _noun_speaker(view, text, noun, match, country, words, start, end, extra) -> Speaker:
    affiliation, aff_src = _affiliation(view, list(extra))
    src = match.source if match is not None else aff_src
    kind = noun.kind
    if src is not None and noun.role != "anonymous":
        kind = src.kind
    if kind == "government" and country is not None and country.code != "SY":
        kind = "foreign_official"
    alignment = (src.alignment if src else None) or noun.alignment or _side_words(words)
    if alignment is None and country is not None and kind in GOVERNMENT_KINDS | {"media"}:
        alignment = country.alignment
    if src is not None and noun.role == "group" and src.kind == noun.kind and src.category not in PERSON_CATEGORIES:
        return Speaker(src.name, src.kind, "source", start, end, None, src.alignment, src)  # "monitors at SOHR"
    if noun.noun in {"report", "website"}:  # "a report by Human Rights Watch": the body speaks
        if src is not None:
            return Speaker(src.name, src.kind, "source", start, end, None, src.alignment, src)
        return Speaker(affiliation, "media", "group", start, end) if affiliation else None
    role = noun.role
    last_two = text.split()[-2:]   # not `words`: that parameter holds the phrase's words
    if role == "descriptor" and len(last_two) == 2 and last_two[0][:1].isupper() and last_two[1][:1].isupper():
        role = "group"  # "Jane's Information Group": a name, not a back-reference to one
    return Speaker(text, kind, role, start, end, (src.name if src else affiliation), alignment)
