"""Assemble claims from cues, speaker phrases, quotations and reported clauses.

For each sentence, in order, each reporting cue gets a speaker and a content:
1. the speaker: an agent after "by", the object of "according to", the object of a relay
   ("TASS quoted X as saying"), the phrase before the verb, or after it when inverted
   ("said al-Ahmad"); a participle with none ("..., adding that") keeps the sentence's speaker;
2. the speaker is resolved against the article: pronouns and descriptions ("the monitor") to a
   source named before, surnames to the full name, "state TV" to "Syrian state TV";
3. the content: the quotation next to the frame (and its continuation in the next sentence), or
   the reported clause after the verb, or the sentence before the speaker when the verb ends it.
Quotations left over that open a paragraph continue the previous paragraph's speaker.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ...records import Claim, Sentence, Span
from .cues import Cue, find_cues
from .phrases import (DETERMINERS, ORG_HEADS, PLACE_HEADS, PRONOUNS, STOP_CAPS, Phrase, TokenView, left_phrase,
                      modifier_words, relative_phrase, right_phrase, skip_fillers_left)
from .lexicon import countries, speaker_nouns, title_words, titles
from .outlet import own_outlet
from .quotes import Quote, find_quotes
from .registry import find_sources
from .speakers import PERSON_CATEGORIES, Speaker, describe, is_name_token

STRIP = " \t\n,.;:“”\"'‘’—-"
# Page furniture holds no claims; the gold does not count headlines either (leads it does). A
# dateline is date + headline; one longer than FURNITURE_WORDS ran into the lead and is read.
SKIPPED_ZONES = frozenset({"boilerplate", "caption", "headline", "dateline"})
FURNITURE_WORDS = 30
RUN_IN_FURNITURE = frozenset({"tags", "topics", "keywords"})  # word lists scrapes run into the lead
TRAILING_DETERMINER = re.compile(r"[\s,]+(?:the|a|an)$", re.IGNORECASE)  # "... among the FSA the" (Observatory said)
PREPOSITIONS = frozenset({"of", "in", "to", "from", "on", "at", "with", "by", "for", "into", "against", "about",
                          "over", "under", "near", "between", "after", "before", "across", "toward", "towards"})
PLACE_PREPOSITIONS = PREPOSITIONS | {"and", "near", "outside", "inside", "around", "northern", "southern",
                                     "eastern", "western", "central", "rural", "countryside"}
SURE_LEVELS = frozenset({"admin1", "admin2", "city"})
LOCATIVE = frozenset({"in", "at", "from", "near", "inside", "outside", "across"})
LOCATED = frozenset({"based", "headquartered", "located", "stationed", "speaking", "reporting", "working", "living"})
GROUP_KINDS = frozenset({"monitor", "armed_group", "other", "analyst"})  # what a bare "the group" may be
MERGED_PARTICIPLES = frozenset({"say", "blame", "accuse"})  # "denied it, saying ...": one statement
STOPS = re.compile(r"[\n.!?]")   # what may not stand between a quotation and its frame
# Words that tell when, where and how a statement was made ("said on Monday in a televised speech that").
FRAME_WORDS = frozenset({"in", "on", "at", "a", "an", "the", "its", "his", "her", "their", "statement", "interview",
                         "conference", "press", "release", "news", "briefing", "speech", "televised", "telephone",
                         "phone", "by", "with", "to", "reporters", "journalists", "tv", "television", "radio", "late",
                         "early", "earlier", "later", "today", "yesterday", "last", "this", "week", "month", "night",
                         "morning", "evening", "afternoon", "also", "separately", "written", "joint", "video",
                         "message", "posted", "online", "website", "twitter", "facebook", "telegram", ","})
# Lower-case words before a noun phrase that do not make it an object ("and the rebels saying").
NOT_VERBS = frozenset({"and", "but", "or", "nor", "while", "as", "that", "which", "who", "whom", "whose", "when",
                       "where", "also", "then", "both", "all", "many", "some", "several", "other", "its", "their",
                       "his", "her", "our", "local", "only", "even", "just", "so", "because", "since", "if"})
# What opens the words after a sentence-final "he said" that are no content ("on condition of anonymity").
AFTER_FRAME = frozenset({"on", "in", "during", "at", "while", "by", "from", "over", "via", "speaking", "after"})
JOINING = frozenset({"as", "and", "or", "including", "both", "nor"})
# The documents an "according to" may name before its author ("according to figures compiled by X").
STATEMENT_WORDS = frozenset({"statement", "statements", "release", "communique", "communiqué", "announcement"})
DOCUMENT_NOUNS = STATEMENT_WORDS | frozenset({"report", "reports", "figures", "data", "information", "estimates",
                                              "estimate", "tally", "count", "toll", "numbers", "statistics",
                                              "documentation", "records", "study", "survey", "assessment",
                                              "video", "videos", "footage", "images", "photos", "pictures"})
DEFINITE = frozenset({"the", "this", "that", "its", "their", "his", "her"})
PUBLISHED = frozenset({"released", "issued", "published", "compiled", "provided", "gathered", "collected", "obtained",
                       "geolocated", "verified", "shared", "broadcast", "aired", "filmed", "seen",
                       "cited", "posted", "recorded", "documented", "on", "last", "this", "today", "yesterday",
                       "earlier", "late", "week", "month", "year"})
SINGULAR_PEOPLE = frozenset({"source", "official", "activist", "resident", "witness", "doctor", "diplomat",
                             "journalist", "correspondent", "reporter", "man", "woman", "mother", "father",
                             "relative", "villager", "refugee", "evacuee", "survivor", "medic", "paramedic",
                             "nurse", "volunteer", "rescuer", "photographer", "eyewitness"})
PARTICLE_NAME = re.compile(r"^(?:al|el|abu|abd|bin|ibn)-[A-Z]", re.IGNORECASE)
CAPITAL_WORD = re.compile(r"\b[A-Z][\w'’-]+\s+")


STATEMENT_AUTHORS = frozenset({"source", "group", "person", "state"})   # roles that issue statements


@dataclass(slots=True)
class Draft:
    """A claim being built: resolved speaker, its cue and content character ranges."""

    speaker: Speaker
    cue: Cue
    sentence: int
    content: list[tuple[int, int]] = field(default_factory=list)
    direct: bool = False
    verb_text: str = ""


class Attributor:
    """Finds the claims of one document; holds what the article has said so far."""

    def __init__(self, doc_id: str, text: str, doc: Doc, sentences: list[Sentence], places=(),
                 outlet: str | None = None):
        self.doc_id, self.text, self.doc, self.sentences = doc_id, text, doc, sentences
        self.quotes = [q for q in find_quotes(text) if q.end > q.start]
        self._quote_starts = [q.start for q in self.quotes]   # both ascending: quotes never overlap
        self._quote_ends = [q.end for q in self.quotes]
        self._stops = [m.start() for m in STOPS.finditer(text)]
        self._stray_names: dict[str, bool] = {}
        self._capital_before: dict[str, list[int]] | None = None
        self._persons: dict[tuple[int, int], Speaker | None] = {}
        self._described: dict[tuple, list[Speaker]] = {}
        in_quote = [False] * len(doc)
        self.sources = find_sources(doc)
        self.view = view = TokenView(doc, in_quote, self.sources, text)
        for q in self.quotes:
            span = view.char_tokens(q.start, q.end)
            if span is not None:
                in_quote[span[0]:span[1]] = [True] * (span[1] - span[0])
        places = _sure_places(view, [p for p in places if p.level != "country"])
        self.place_spans = {(p.span.start, p.span.end) for p in places}
        view.place_at = _place_tokens(view, places)
        self.outlet = own_outlet(text, self.sources, doc, outlet)
        self.cues = find_cues(doc, in_quote, view.lowers)
        self._cue_chars = [view.idx[c.start] for c in self.cues]   # ascending, as the cues are
        self._starts = [s.start for s in sentences]
        self.drafts: list[Draft] = []
        self.known: list[Speaker] = []
        self._waiting: set[int] = set()   # cited sources whose relaying speaker the next verb names

    # -- sentences and tokens ------------------------------------------------------------
    def _token_range(self, sent: Sentence) -> tuple[int, int]:
        return self.view.char_tokens(sent.start, sent.end) or (0, 0)

    def _sentence_of(self, char: int) -> int:
        """Index of the sentence holding a character (the one before it when between sentences)."""
        i = bisect_right(self._starts, char) - 1
        return self.sentences[max(i, 0)].index

    def run(self) -> list[Draft]:
        cues_by_sentence: dict[int, list[Cue]] = {}
        for cue in self.cues:
            cues_by_sentence.setdefault(self._sentence_of(self.view.idx[cue.start]), []).append(cue)
        for sent in self.sentences:
            if sent.index in cues_by_sentence and not self._furniture(sent):
                self._sentence(sent, cues_by_sentence[sent.index])
        self._continued_quotes()
        return self.drafts

    @staticmethod
    def _furniture(sent: Sentence) -> bool:
        """A byline, link list, caption or headline; a long "sentence" so zoned is a scrape that ran
        the furniture into the lead ("Tags Idlib Syria Activists say ..."), and is read."""
        if getattr(sent, "zone", "body") not in SKIPPED_ZONES:
            return False
        words = sent.text.split()
        run_in = words[:1] and words[0].lower() in RUN_IN_FURNITURE
        return len(words) <= FURNITURE_WORDS and not run_in

    # -- one sentence --------------------------------------------------------------------
    def _sentence(self, sent: Sentence, cues: list[Cue]) -> None:
        lo, hi = self._token_range(sent)
        relay: Speaker | None = None
        local: list[Draft] = []
        carried: list[Speaker] = []
        for n, cue in enumerate(cues):
            nxt = cues[n + 1].start if n + 1 < len(cues) else hi
            prev_end = cues[n - 1].end if n else lo
            if self._citing(cue, hi):
                carried = self._cited_source(cue, sent, lo, local, last=n + 1 == len(cues))
                continue
            speakers, relay_obj = self._speakers(cue, lo, hi, prev_end, relay, local, sent)
            if carried:  # "SANA, citing a source, said ...": both speak the clause after "said"
                relaying = [sp for sp in carried if id(sp) not in self._waiting]
                cited = [sp for sp in carried if id(sp) in self._waiting]
                speakers, carried = (relaying or speakers) + [c for c in cited if c.key not in {s.key for s in speakers}], []
            if relay_obj is not None:
                relay = relay_obj
            if not speakers:
                continue
            if local and cue.verb.lemma in MERGED_PARTICIPLES and cue.verb.participle \
                    and speakers[0].key == local[-1].speaker.key and local[-1].cue.verb.frame != "relay":
                local[-1].content.append(self._after(cue, nxt, hi))
                continue
            for sp in speakers:
                d = Draft(sp, cue, sent.index, verb_text=self._verb_text(cue, hi))
                if cue.verb.participle and local and sp is local[-1].speaker:
                    d.content = [self._after(cue, nxt, hi)]  # "... IFRC said, stressing that B": B
                else:
                    d.content, d.direct = self._content(cue, sp, lo, hi, prev_end, nxt)
                local.append(d)
        self.drafts += local

    def _citing(self, cue: Cue, hi: int) -> bool:
        """"..., citing a local source" with no "as saying" after it: the source cited is a second
        speaker of the statement already made, not a statement of its own."""
        if cue.verb.frame != "relay" or not cue.verb.participle:
            return False
        return not any(self.view.lowers[k] == "as" and self.view.lowers[k + 1] in {"saying", "telling", "stating"}
                       for k in range(cue.end, hi - 1))

    def _cited_source(self, cue: Cue, sent: Sentence, lo: int, local: list[Draft], last: bool) -> list[Speaker]:
        """Give the cited source the content of the claim it backs (or, with none, the clause before).

        Before the reporting verb ("SANA, citing a source, said ..."), return the speakers of the verb
        to come: the relaying outlet and the source it cites."""
        cited = [s for s in self._resolve_phrase(right_phrase(self.view, cue.end, self._token_range(sent)[1]), cue.start)
                 if s.role != "pronoun" and s.key != "reports"]  # "quoting reports from ...": nobody named
        if not cited:
            return []
        if not local and not last:
            ph = left_phrase(self.view, cue.start, lo)
            relaying = (self._resolve_phrase(ph, cue.start) if ph else []) or self._subject(lo, cue.start)
            # "Citing a source, SANA said": no speaker before the citation, the verb's own speaker relays
            if not relaying:
                self._waiting = {id(sp) for sp in cited}
            return relaying + cited
        if local and not any(b > a for a, b in local[-1].content):
            local[-1].content = [self._after_citation(cue, self._token_range(sent)[1])]  # "X reported, citing Y, that ..."
        if local:
            content, direct = list(local[-1].content), local[-1].direct
        else:
            content, direct = [(self.view.idx[lo], self.view.idx[cue.start])], False
            if self._words(content[0]) < 3:
                return []
        for sp in cited:
            if all(d.speaker.key != sp.key for d in local):
                local.append(Draft(sp, cue, sent.index, content, direct, self._token_text(cue.start, cue.end)))
        return []

    def _after_citation(self, cue: Cue, hi: int) -> tuple[int, int]:
        """The clause after "citing <source>," (the statement both speakers make), to the sentence end
        or the next reporting cue."""
        ph = right_phrase(self.view, cue.end, hi)
        j = ph.appositive[1] if ph is not None and ph.appositive else (ph.end if ph is not None else cue.end)
        nxt = next((c.start for c in self.cues if j <= c.start < hi), hi)
        j = next((k for k in range(j, min(j + 8, nxt)) if self.view.lowers[k] in {",", "that"}), j)  # "sources on the ground,"
        while j < nxt and self.view.lowers[j] in {"that", ",", ":"}:
            j += 1
        if j >= nxt:
            return (self.view.idx[cue.start], self.view.idx[cue.start])
        return (self.view.idx[j], self.view.ends[nxt - 1])

    def _verb_text(self, cue: Cue, hi: int) -> str:
        """The verb as written, with its listener for "told CNN" (how analysts cite it)."""
        end = cue.end
        if cue.verb.frame == "tell":
            ph = right_phrase(self.view, cue.end, hi)
            end = ph.end if ph is not None and ph.end - cue.end <= 4 else end
        return self._token_text(cue.start, end)

    def _token_text(self, start: int, end: int) -> str:
        """`doc[start:end].text` (start < end) read from the text, without building a Span."""
        return self.text[self.view.idx[start]:self.view.ends[end - 1]]

    def _speakers(self, cue: Cue, lo, hi, prev_end, relay, local, sent):
        """(speakers of the cue, object of a relay verb if this cue is one)."""
        view = self.view
        if cue.verb.frame == "according" or cue.by_agent:
            start = cue.end + (1 if cue.by_agent else 0)
            ph = right_phrase(view, start, hi)
            found = self._resolve_phrase(ph, cue.start)
            if cue.verb.frame == "according" and (not found or _run_on(view, ph, found)):
                found = self._according_source(cue, ph, hi) or found
            return found, None
        if cue.verb.participle and cue.start > lo and self.view.lowers[cue.start - 1] == "as" and relay is not None:
            return [relay], None
        floor = max(lo, prev_end)
        if cue.verb.participle and local and not self._pronoun_before(cue, floor) and not self._with_subject(cue, floor):
            return [local[-1].speaker], None  # "..., adding that": the clause's speaker goes on
        ph = left_phrase(view, cue.start, floor)
        after_preposition = ph is not None and self._object_of_preposition(ph, floor)
        if ph is None or after_preposition or not self._describe(ph):
            # "the Observatory which tracks the war said": "the war" names no one; the relative does
            ph = relative_phrase(view, cue.start, floor) or ph
        speakers = self._named_after(cue, hi) if after_preposition and cue.verb.frame == "say" else []
        locative = after_preposition and self.view.lowers[ph.start - 1] in LOCATIVE
        if not speakers and cue.verb.participle and (locative or self._object(ph, floor)):
            # "Assad cast doubt on the US in Syria, saying", "it blocked the inspectors insisting"
            speakers = self._subject(lo, cue.start) or ([] if locative else self._resolve_phrase(ph, cue.start))
        elif not speakers and locative:
            speakers = self._located(ph, floor, cue.start)  # "X based in Britain said": X, never Britain
        else:
            speakers = speakers or (self._resolve_phrase(ph, cue.start) if ph else [])
        if speakers and ph.end - ph.start == 1 and self.doc[ph.start].is_lower and cue.verb.frame == "say" \
                and self.view.lowers[ph.start] not in PRONOUNS and cue.end < hi:
            right = right_phrase(view, cue.end, hi)
            if right is not None and (self.view.lowers[cue.end] in DETERMINERS or self._ends_sentence(right, hi)
                                      or self._closes_clause(right, hi)):
                named = [s for s in self._resolve_phrase(right, cue.start) if s.role in {"source", "person"}]
                speakers = named or speakers  # "killed 1102 people said the Observatory" (commas stripped)
        if not speakers and cue.verb.participle:
            speakers = self._subject(lo, cue.start)
        elif not speakers and cue.verb.frame != "tell":
            right = right_phrase(view, cue.end, hi)
            if right is not None and (self._inverted(cue, lo) or self._ends_sentence(right, hi)
                                      or cue.verb.frame == "say" and self.view.lowers[cue.end] in DETERMINERS
                                      and self._closes_clause(right, hi)):
                speakers = self._resolve_phrase(right, cue.start)
        if not speakers and self._after_and(cue, floor):
            speakers = [local[-1].speaker] if local else self._subject(lo, cue.start)
        relay_obj = None
        if cue.verb.frame == "relay" and speakers:
            obj = self._resolve_phrase(right_phrase(view, cue.end, hi), cue.start)
            relay_obj = obj[0] if obj else None
        return speakers, relay_obj

    def _according_source(self, cue: Cue, ph: Phrase | None, hi: int) -> list[Speaker]:
        """Who an "according to" names when its object is no speaker by itself:
        "according to a statement released Saturday by X" (the body after "by"), "according to the
        statement" (the body whose statement the article reported last), "According to SOHR DAESH
        has lost ..." (commas stripped: the longest start of the phrase that names someone)."""
        view = self.view
        j, noun = cue.end, None
        while j < min(hi, cue.end + 10) and view.lowers[j] not in {"by", "from", "of"}:
            low = view.lowers[j]
            if noun is None and low in DOCUMENT_NOUNS:
                noun = j
            elif noun is not None and not (low in PUBLISHED or view.texts[j][:1].isupper() or view.doc[j].like_num):
                break  # "the latest X estimates the Syrian ...": the document named, its clause begins
            elif noun is None and not (low == "-" or view.doc[j].like_num or low.isalpha()
                                       or view.texts[j][:1].isupper() or view.texts[j - 1] == "-"):
                break  # any word leads up to the document noun ("a CNN report"); punctuation ends the run
            j += 1
        if noun is not None:
            named = self._document_author(cue, noun)
            if named:
                return named
        if j > cue.end and j + 1 < hi and view.lowers[j] in {"by", "from", "of"}:
            found = self._resolve_phrase(right_phrase(view, j + 1, hi), cue.start)
            if found:
                return found
        if noun is not None and view.lowers[noun] in STATEMENT_WORDS and noun - 1 >= cue.end \
                and view.lowers[noun - 1] in DEFINITE and view.lowers[j] not in {"by", "from", "of"} and self.drafts:
            # "according to the statement": the one the article just reported (never "a statement")
            last = self.drafts[-1].speaker
            if last.role not in {"anonymous", "pronoun"}:
                return [Speaker(last.name, last.kind, last.role, view.idx[cue.end], view.ends[j - 1],
                                last.affiliation, last.alignment, last.source)]
        if ph is not None and ph.end - ph.start <= 6:
            for end in range(ph.end - 1, ph.start, -1):
                noun_end = view.texts[end - 1].islower() and view.lowers[end - 1] in speaker_nouns()
                found = [sp for sp in self._resolve_phrase(Phrase(ph.start, end), cue.start)
                         if sp.role == "source" or sp.role == "person" and " " in sp.name.strip()
                         or noun_end and sp.role in {"group", "anonymous"}]  # "pro-SDF media US forces ..."
                if found:
                    return found
        return []

    def _document_author(self, cue: Cue, noun: int) -> list[Speaker]:
        """The author named before the document: "according to a CNN report", "according to the
        English-language Press TV report", "according to the latest SORH estimates"."""
        view = self.view
        found: list[Speaker] = []
        for k in range(cue.end, noun):
            if k in view.source_at:
                m = view.source_at[k]
                found = self._resolve_phrase(Phrase(m.start, m.end), cue.start)
                break
        else:
            k = noun
            while k - 1 >= cue.end and view.capital(k - 1):
                k -= 1
            if k < noun:
                found = [sp for sp in self._resolve_phrase(Phrase(k, noun), cue.start) if sp.role != "pronoun"]
            else:  # "according to earlier media reports": the document noun names its speaker
                k = next((x for x in range(cue.end, noun + 1) if view.lowers[x] in modifier_words()), noun)
                found = [sp for sp in self._resolve_phrase(Phrase(k, noun + 1), cue.start) if sp.role in {"anonymous", "group"}]
        # the speaker's words run to the document noun, so the content starts after it
        return [Speaker(sp.name, sp.kind, sp.role, sp.start, view.ends[noun], sp.affiliation, sp.alignment, sp.source)
                for sp in found]

    def _named_after(self, cue: Cue, hi: int) -> list[Speaker]:
        """"... in the country of Syria said Putin" (commas stripped): the words before the verb end a
        clause, so a name right after it, closing the sentence or a clause, is the speaker."""
        right = right_phrase(self.view, cue.end, hi)
        if right is None or not (self._ends_sentence(right, hi) or self._closes_clause(right, hi)):
            return []
        return [s for s in self._resolve_phrase(right, cue.start) if s.role in {"source", "person", "group"}]

    def _located(self, ph: Phrase, floor: int, at: int) -> list[Speaker]:
        """The speaker before "(based) in <place>": a place after "in" is where, not who, speaks."""
        first = self.view.idx[ph.start]
        found = [s for s in self._resolve_phrase(ph, at)
                 if s.source is not None or s.role == "person" and s.start > first]
        if found:
            return found  # "in the Observatory said", "in Iraq and Syria Carter added": who, after where
        k = ph.start - 1
        while k - 1 >= floor and self.view.lowers[k - 1] in LOCATED:
            k -= 1
        left = left_phrase(self.view, k, floor)
        return [s for s in self._resolve_phrase(left, at) if s.role != "pronoun"] if left else []

    def _closes_clause(self, ph: Phrase, hi: int) -> bool:
        """A speaker phrase followed by a time word or punctuation ("said Putin on Monday, ...")."""
        nxt = self.view.lowers[ph.end] if ph.end < hi else "."
        return nxt in {",", ";", ":", "on", "in", "late", "earlier", "later", "today", "yesterday", "adding", "and",
                       "who", "speaking"}  # "said the resident who asked not to be named"

    def _inverted(self, cue: Cue, lo: int) -> bool:
        """'"...," said al-Ahmad': the verb follows the quotation and its speaker comes after it."""
        j = cue.start - 1
        return j >= lo and (self.view.in_quote[j] or self.view.texts[j] in {",", "”", '"', "’", "'"})

    def _object(self, ph: Phrase | None, floor: int) -> bool:
        """A phrase after a verb or a preposition other than "with" is an object, not a subject."""
        if ph is None or ph.start - 1 < floor:
            return False
        before = self.view.lowers[ph.start - 1]
        if before in PREPOSITIONS:
            return before != "with"
        return before.isalpha() and self.view.texts[ph.start - 1].islower() and before not in NOT_VERBS

    def _with_subject(self, cue: Cue, floor: int) -> bool:
        """"... refuted it, with an army source telling Sputnik that ...": the participle has its own subject."""
        if "with" not in self.view.lowers[max(floor, cue.start - 8):cue.start]:
            return False
        ph = left_phrase(self.view, cue.start, floor)
        return ph is not None and ph.start - 1 >= floor and self.view.lowers[ph.start - 1] == "with"

    def _pronoun_before(self, cue: Cue, floor: int) -> bool:
        j = skip_fillers_left(self.view, cue.start, floor)
        return j >= floor and self.view.lowers[j] in {"he", "she", "they", "it"}

    def _object_of_preposition(self, ph: Phrase, floor: int) -> bool:
        """"affiliated to the Syrian opposition said": a phrase after a preposition is no subject."""
        return ph.start - 1 >= floor and self.view.lowers[ph.start - 1] in PREPOSITIONS

    def _ends_sentence(self, ph: Phrase, hi: int) -> bool:
        """"... province says a UK-based monitoring group.": the speaker closes the sentence."""
        return all(self.doc[i].is_punct for i in range(ph.end, hi))

    def _after_and(self, cue: Cue, floor: int) -> bool:
        """"took the town and on Saturday claimed ...", "had no comment but said ...": a second verb
        of the sentence's subject."""
        j = skip_fillers_left(self.view, cue.start, floor)
        return j >= floor and self.view.lowers[j] in {"and", "but"}

    def _subject(self, lo: int, end: int) -> list[Speaker]:
        """The speaker phrase opening the sentence, for "However, X downplayed it, saying ..."."""
        while lo < end and (self.view.lowers[lo] in STOP_CAPS or self.doc[lo].is_punct):
            lo += 1
        ph = right_phrase(self.view, lo, end)
        if ph is None or any(self.view.lowers[i] not in DETERMINERS for i in range(lo, ph.start)):
            return []
        return self._resolve_phrase(ph, end)

    def _recent_person(self, before: int) -> Speaker | None:
        """The nearest full name (two or more name words) before a token, for "he said"."""
        j, lo = before - 1, max(0, before - 80)
        while j >= lo:
            if is_name_token(self.view, j) and self.view.capital(j):
                e, s = j + 1, j
                while s - 1 >= lo and is_name_token(self.view, s - 1):
                    s -= 1
                after = self.view.lowers[e] if e < len(self.doc) else ""
                before_run = self.view.lowers[s - 1] if s else ""
                if sum(self.view.capital(i) for i in range(s, e)) >= 2 and after not in ORG_HEADS \
                        and before_run not in DETERMINERS and before_run not in PREPOSITIONS:
                    found = self._person_named(s, e)
                    if found is not None:
                        return found
                j = s
            j -= 1
        return None

    def _recent_group(self, before: int) -> Speaker | None:
        """The nearest plural group named in this sentence or the one before ("Which areas do the
        rebels control? They now claim ..."), for "they said"."""
        sent = self._sentence_index(self.view.idx[before])
        lo = self.view.char_tokens(self.sentences[max(sent - 1, 0)].start, self.sentences[sent].end)
        lo = lo[0] if lo else max(0, before - 40)
        nouns = speaker_nouns()
        for j in range(before - 1, max(lo, before - 60) - 1, -1):
            noun = nouns.get(self.view.lowers[j])
            if noun is None or noun.role == "descriptor" or not noun.noun.endswith("s") or self.view.in_quote[j]:
                continue
            found = [sp for sp in describe(self.view, Phrase(_group_start(self.view, j, lo), j + 1))
                     if sp.role in {"group", "anonymous"}]
            return found[0] if found else None
        return None

    def _person_named(self, s: int, e: int) -> Speaker | None:
        """The person the name run [s, e) with its titles names, worked out once per run: every
        "he said" looks back over the same names."""
        key = (s, e)
        if key not in self._persons:
            found = describe(self.view, self._around(s, e))
            self._persons[key] = found[0] if found and found[0].role == "person" else None
        return self._persons[key]

    def _around(self, s: int, e: int) -> Phrase:
        """A name with its titles before and its "of the Free Syrian Army" after."""
        view = self.view
        while s > 0 and (view.lowers[s - 1].rstrip(".") in title_words() or view.lowers[s - 1] == "."
                         or view.lowers[s - 1] in countries()[1]):
            s -= 1
        ph = right_phrase(view, s, min(len(self.doc), e + 12))
        return ph if ph is not None and ph.end >= e else Phrase(s, e)

    def _resolve_phrase(self, ph: Phrase | None, at: int = 0) -> list[Speaker]:
        if ph is None:
            return []
        out = []
        for sp in self._describe(ph):
            if (sp.start, sp.end) in self.place_spans and sp.source is None and sp.role != "state":
                continue  # "Homs said": a place named where a speaker was expected
            if self._is_outlet(sp) or self._stray_word(sp):
                continue
            resolved = self._resolve(sp, at)
            if resolved is not None:
                out.append(Speaker(resolved.name, resolved.kind, resolved.role, sp.start, sp.end,   # a copy
                                   resolved.affiliation, resolved.alignment, resolved.source))
        return out

    def _describe(self, ph: Phrase) -> list[Speaker]:
        """`describe` of a phrase, once: a cue may look at its phrase before resolving it."""
        key = (ph.start, ph.end, ph.appositive)
        found = self._described.get(key)
        if found is None:
            found = self._described[key] = describe(self.view, ph)
        return found

    def _is_outlet(self, sp: Speaker) -> bool:
        """The article's own outlet relays what others say; it is not their speaker."""
        names = {sp.key} | ({sp.source.name.lower()} if sp.source is not None else set())
        return bool(self.outlet) and bool(names & self.outlet)

    def _stray_word(self, sp: Speaker) -> bool:
        """"Clashes continued ...", "Afterwards ...": one capitalised word opening a sentence is no
        name unless it names someone the article has met ("Khalil added")."""
        if sp.role != "person" or sp.source is not None or " " in sp.name.strip():
            return False
        if PARTICLE_NAME.match(sp.name):
            return False  # "Al-Zaatari said": a name with its particle is never a common word
        sent = self.sentences[self._sentence_index(sp.start)]
        if self.text[sent.start:sp.start].strip(STRIP + "(["):
            return False
        word = sp.key
        if any(word in k.key.replace("-", " ").split() for k in self.known
               if k.role == "person" or k.source is not None and k.source.category in PERSON_CATEGORIES):
            return False
        # a surname the article gave in full elsewhere ("Ahmet Uzumcu ... Uzumcu added")
        return not self._after_capital_word(sp.name.strip())

    def _after_capital_word(self, name: str) -> bool:
        """Does `name` follow a capitalised word somewhere in the text ("Ahmet Uzumcu")?

        Answered from an index of the places right after a capitalised word and its spaces (one
        scan of the text), not by searching the whole text for every name: that made long texts
        cost the square of their length."""
        found = self._stray_names.get(name)
        if found is None:
            if self._capital_before is None:
                self._capital_before = {}
                for m in CAPITAL_WORD.finditer(self.text):
                    self._capital_before.setdefault(self.text[m.end():m.end() + 2], []).append(m.end())
            whole = re.compile(rf"{re.escape(name)}\b")
            if len(name) >= 2:
                places = self._capital_before.get(name[:2], [])
            else:
                places = [p for key, at in self._capital_before.items() if key.startswith(name) for p in at]
            found = any(whole.match(self.text, pos) for pos in places)
            self._stray_names[name] = found
        return found

    def _sentence_index(self, char: int) -> int:
        return max(bisect_right(self._starts, char) - 1, 0)

    # -- resolution ----------------------------------------------------------------------
    def _resolve(self, sp: Speaker, at: int = 0) -> Speaker | None:
        if sp.role == "pronoun":
            return self._pronoun(sp.name, at)
        if sp.role == "descriptor" and sp.key.rsplit(" ", 1)[-1] == "statement" and sp.affiliation is None:
            # "the statement said": who issued it; "in an emailed statement" names no author (while
            # "a statement from UNICEF" does, as any descriptor with its body after it)
            return self._statement_author() if self.text[max(0, sp.start - 4):sp.start].lower() == "the " else None
        if sp.role == "descriptor":
            found = self._descriptor(sp)
            if found is not None:
                return found
            if sp.kind == "other":
                return None  # a bare "the group" naming nobody the article has met
        for k in reversed(self.known):
            if self._same(k, sp):
                return k
        self.known.append(sp)
        return sp

    def _same(self, known: Speaker, sp: Speaker) -> bool:
        if known.key == sp.key:
            return True
        kt, st = known.key.replace("-", " ").split(), sp.key.replace("-", " ").split()
        if sp.role == "person" and known.role in {"person", "source"}:
            return len(st) < len(kt) and kt[-len(st):] == st
        if sp.role in {"group", "anonymous"} and known.role == sp.role and known.kind == sp.kind:
            return set(st) < set(kt)
        if sp.role == "group" and known.source is not None and known.kind == sp.kind:
            # "State TV denied" after "Syrian state TV said": the same broadcaster, named shorter
            names = (known.source.name, *known.source.aliases)
            return any(set(st) <= set(n.lower().replace("-", " ").split()) for n in names)
        return False

    def _pronoun(self, word: str, at: int) -> Speaker | None:
        wanted = {"he": {"person"}, "she": {"person"}, "i": {"person"}, "we": None,
                  "it": {"source", "group", "state", "descriptor"},
                  "they": {"source", "group", "state", "anonymous"}}[word]  # "they" are never one person
        persons = {"person"}
        if word in {"he", "she"}:
            person = self._recent_person(at)
            last = next((d for d in reversed(self.drafts) if _one_person(d.speaker)), None)
            if person is not None and (last is None or person.start > last.speaker.start):
                return self._resolve(person)
        if word == "they":
            group = self._recent_group(at)
            last = self.drafts[-1].speaker if self.drafts else None
            if group is not None and (last is None or group.start > last.start and self._sentence_index(group.start)
                                      != self._sentence_index(last.start)):
                return self._resolve(group)  # a speaker of the sentence before goes on ("They were forced to admit")
        for d in reversed(self.drafts[-8:]):
            is_person = _one_person(d.speaker)
            if wanted is None or (is_person if wanted == persons else d.speaker.role in wanted and not is_person):
                return d.speaker
        return None

    def _statement_author(self) -> Speaker | None:
        """Who "the statement" is: the named speaker of one of the last claims whose sentence
        says it came in a statement ("the coalition said in a statement ..."), or nobody."""
        for d in reversed(self.drafts[-6:]):
            sent = self.sentences[d.sentence]
            if "statement" in self.text[sent.start:sent.end].lower() and d.speaker.role in STATEMENT_AUTHORS:
                return d.speaker
        return None

    def _descriptor(self, sp: Speaker) -> Speaker | None:
        for k in reversed(self.known):
            person = k.source is not None and k.source.category in PERSON_CATEGORIES \
                or k.role == "group" and k.key.rsplit(" ", 1)[-1].rstrip(".") in titles()
            if (k.kind == sp.kind or sp.kind == "other" and k.kind in GROUP_KINDS) and k.role in {"source", "group"} \
                    and not person and k.affiliation is None:
                return k  # "the group" is a body named before, never its director
        for m in self.sources:
            if m.source.kind == sp.kind and m.source.category not in PERSON_CATEGORIES:
                src = m.source
                found = Speaker(src.name, src.kind, "source", sp.start, sp.end, None, src.alignment, src)
                self.known.append(found)
                return found
        return None

    # -- content -------------------------------------------------------------------------
    def _content(self, cue: Cue, sp: Speaker, lo, hi, prev_end, nxt) -> tuple[list[tuple[int, int]], bool]:
        frame_start = min(self.view.idx[cue.start], sp.start) if sp.start else self.view.idx[cue.start]
        frame_end = max(self.view.ends[cue.end - 1], sp.end)
        after = self._after(cue, nxt, hi)
        if cue.verb.frame == "according" or cue.by_agent:
            head = (self.view.idx[lo], self.view.idx[cue.start])
            if self._words(head) >= 3:
                return [head], False
            if self.view.ends[cue.end - 1] < sp.end < after[1]:  # "according to figures compiled by X, ...": after X
                after = (sp.end + len(self.text[sp.end:after[1]]) - len(self.text[sp.end:after[1]].lstrip(STRIP)), after[1])
            return [after], False
        before = self._quote_before(frame_start, lo)
        if before is not None:
            return [(before.start, before.end)] + self._continuation(before, frame_end), True
        q = self._quote_at(after[0], after[1])
        if q is not None:
            return [(q.start, q.end)] + self._continuation(q, q.end), True
        if sp.start >= self.view.idx[cue.start] and sp.end > sp.start:  # "... said the Observatory": before
            start = self.view.idx[max(lo, prev_end)] if prev_end < hi else self.view.idx[lo]
            if self._words((start, self.view.idx[cue.start])) >= 3:
                return [(start, self.view.idx[cue.start])], False
        first = bisect_left(self.view.idx, after[0])
        opener = self.view.lowers[first] if after[1] > after[0] and first < len(self.view.lowers) else ""
        second = self.view.lowers[first + 1] if first + 1 < len(self.view.lowers) else ""
        short_frame = opener in AFTER_FRAME and not (opener == "at" and second in {"least", "most"}) \
            and (cue.verb.frame == "say" or self._words(after) <= 7)
        if self._words(after) < 3 or (short_frame and sp.start > self.view.idx[lo] + 20
                                      and self._words((self.view.idx[lo], sp.start)) >= 4):
            start = self.view.idx[max(lo, prev_end)] if prev_end < hi else self.view.idx[lo]
            before = (start, min(frame_start, sp.start or frame_start))
            if self._words(before) >= 3 and (self.text[before[0]:before[1]].split()[-1].lower() not in JOINING
                                             or not self._words(after)):
                return [before], False  # never "Western as well as" (Arab states condemned ...)
        return [after], False

    def _words(self, rng: tuple[int, int]) -> int:
        return len(self.text[rng[0]:rng[1]].split())

    def _after(self, cue: Cue, nxt: int, hi: int) -> tuple[int, int]:
        """The reported clause after a verb: past a listener ("told CNN") and "that"."""
        doc, j = self.doc, cue.end
        if cue.by_agent or cue.verb.frame == "according":
            ph = right_phrase(self.view, cue.end + (1 if cue.by_agent else 0), hi)
            j = ph.end if ph else j
        elif cue.verb.frame in {"tell", "relay"}:
            ph = right_phrase(self.view, j, hi)
            j = ph.end if ph else j
            if cue.verb.frame == "relay":
                j = next((k + 2 for k in range(j, hi - 1) if self.view.lowers[k] == "as"
                          and self.view.lowers[k + 1] in {"saying", "telling", "stating"}), j)
        that = any(self.view.lowers[k] == "that" for k in range(j, min(j + 5, nxt, hi)))
        j = self._past_frame(j, min(nxt, hi))
        while j < hi and self.view.lowers[j] in {"that", ",", ":"}:
            j += 1
        end_tok = hi if cue.verb.frame == "relay" or (that and self._nested(j, nxt, hi)) else min(nxt, hi)
        if j >= end_tok:
            return (self.view.idx[min(j, len(doc) - 1)], self.view.idx[min(j, len(doc) - 1)])
        return (self.view.idx[j], self.view.ends[end_tok - 1])

    def _past_frame(self, j: int, end: int) -> int:
        """"said on Monday in a statement that ...": the words before "that" tell when and how the
        statement was made, not what it says; the content starts at "that"."""
        view = self.view
        for k in range(j, min(j + 10, end)):
            low = view.lowers[k]
            if low == "that":
                return k
            if not (low in FRAME_WORDS or view.texts[k][:1].isupper() or view.doc[k].like_num):
                return j
        return j

    def _nested(self, j: int, nxt: int, hi: int) -> bool:
        """"Reuters reported that Kaag revealed that ...": the next verb reports inside this clause."""
        if nxt >= hi or any(self.view.texts[k] in {",", ";", ":"} for k in range(j, nxt)):
            return False
        return not self.view.lowers[nxt].endswith("ing") and self.view.lowers[nxt] != "according"

    def _quote_before(self, frame_start: int, lo: int) -> Quote | None:
        """A quotation ending just before the speaker/verb frame (a comma and marks between).

        Only quotations after the last line break or sentence mark before the frame can qualify;
        they are found by bisection, so the cost does not grow with the length of the text."""
        stop = bisect_left(self._stops, frame_start)
        after = self._stops[stop - 1] + 1 if stop else 0   # first offset past the last stop
        first = bisect_left(self._quote_ends, after)
        for q in self.quotes[first:bisect_right(self._quote_ends, frame_start)]:
            between = self.text[q.end:frame_start].strip(STRIP).lower().split()
            if all(w in DETERMINERS for w in between) and q.words(self.text) >= 3:
                return q
        return None

    def _quotes_starting(self, lo: int, hi: int) -> list[Quote]:
        """The quotations opening at a character offset in [lo, hi], in text order."""
        return self.quotes[bisect_left(self._quote_starts, lo):bisect_right(self._quote_starts, hi)]

    def _quote_at(self, start: int, end: int) -> Quote | None:
        """A quotation that opens the reported content ("said: “...”")."""
        for q in self._quotes_starting(start, start + 3):
            if q.start < end and q.words(self.text) >= 3:
                return q
        return None

    def _continuation(self, q: Quote, frame_end: int) -> list[tuple[int, int]]:
        """A quotation right after the frame's sentence, in the same paragraph ("..." he said. "...")."""
        sent = self._sentence_of(max(frame_end - 1, 0))
        if sent < 0 or sent + 1 >= len(self.sentences):
            return []
        here, following = self.sentences[sent], self.sentences[sent + 1]
        if following.paragraph != here.paragraph:
            return []
        for nq in self._quotes_starting(following.start, following.start + 2):
            if not self._cue_in(nq):
                return [(nq.start, nq.end)]
        return []

    def _cue_in(self, q: Quote) -> bool:
        """Does a cue sit right after this quotation (it then starts its own claim)?"""
        first = bisect_left(self._cue_chars, q.end)
        for idx in self._cue_chars[first:bisect_right(self._cue_chars, q.end + 40)]:
            if "\n" not in self.text[q.end:idx]:
                return True
        return False

    def _continued_quotes(self) -> None:
        """A quotation opening a paragraph with no attribution goes on with the previous speaker."""
        used = _Ranges([r for d in self.drafts for r in d.content])
        keys = [d.sentence for d in self.drafts]   # drafts stay in sentence order
        for q in self.quotes:
            if q.words(self.text) < 4 or used.touches(q.start, q.end):
                continue
            if q.start > 1 and self.text[q.start - 2] not in "\n":
                continue
            if self._cue_in(q):
                continue
            sent = self._sentence_of(q.start)
            at = bisect_left(keys, sent)   # drafts[:at] are those of earlier sentences
            if not at or self.sentences[sent].paragraph - self.sentences[self.drafts[at - 1].sentence].paragraph > 1:
                continue
            last = self.drafts[at - 1]
            while at - 1 > 0 and self.drafts[at - 2] == last:   # list.index: the first equal draft
                at -= 1
            d = Draft(last.speaker, last.cue, sent, [(q.start, q.end)], True, last.verb_text)
            self.drafts.insert(at, d)
            keys.insert(at, sent)


def _run_on(view: TokenView, ph: Phrase, found: list[Speaker]) -> bool:
    """"According to Abu Leith women and children were ...": a name run into the clause's subject
    (commas stripped) reads as one anonymous group; the name alone may be the speaker."""
    m = view.source_at.get(ph.start)
    if m is not None and m.end < ph.end and all(sp.source is not m.source for sp in found):
        # "According to SOHR rebels have lost ...", "according to Al-Manar Syrian forces ...": the source,
        # then the clause's subject (fighters, or a new name); "SANA reporter" stays one speaker
        head = speaker_nouns().get(view.lowers[ph.end - 1])
        return view.capital(m.end) or head is not None and head.kind in {"armed_group", "military"}
    return all(sp.role == "anonymous" for sp in found) and view.capital(ph.start) and ph.end - ph.start >= 3 \
        and view.texts[ph.end - 1].islower()


def _group_start(view: TokenView, j: int, lo: int) -> int:
    """The first word of the noun phrase ending on token j ("the Syrian rebels")."""
    k = j
    while k - 1 >= lo and view.lowers[k - 1] in modifier_words() and view.lowers[k - 1] not in DETERMINERS:
        k -= 1
    return k


def _one_person(sp: Speaker) -> bool:
    """Can "he" or "she" stand for this speaker: a named person, a person-like registry entry, or one
    person known by role ("an activist", "the spokesman", "a military source")?"""
    if sp.role == "person" or sp.source is not None and sp.source.category in PERSON_CATEGORIES:
        return True
    if sp.role not in {"anonymous", "group"}:
        return False
    head = sp.key.rsplit(" ", 1)[-1].rstrip(".")
    return head in titles() or sp.role == "anonymous" and head in SINGULAR_PEOPLE


class _Ranges:
    """Character ranges, asked whether any overlaps a quotation, in logarithmic time."""

    def __init__(self, ranges: list[tuple[int, int]]):
        ranges = sorted(ranges)
        self.starts = [a for a, _ in ranges]
        self.reach, furthest = [], -1   # the furthest end among the ranges up to each one
        for _, b in ranges:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def touches(self, start: int, end: int) -> bool:
        """A range holding `start` (a <= start < b) or one opening inside [start, end)."""
        k = bisect_right(self.starts, start)   # ranges with a <= start
        if k and self.reach[k - 1] > start:
            return True
        i = bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end


def _sure_places(view: TokenView, places) -> list:
    """The place mentions that surely are places, not people named like a village.

    A village or district ("Hamza Khatib") is only trusted behind a preposition ("in Khatib") or
    before a place word ("Khatib village"); cities and provinces always."""
    out = []
    for p in places:
        span = view.char_tokens(p.span.start, p.span.end)
        if span is None:
            continue
        before = view.lowers[span[0] - 1] if span[0] else ""
        after = view.lowers[span[1]] if span[1] < len(view.lowers) else ""
        if p.level in SURE_LEVELS or before in PLACE_PREPOSITIONS or after in PLACE_HEADS:
            out.append(p)
    return out


def _place_tokens(view: TokenView, places) -> frozenset[int]:
    """Token indices of place mentions."""
    out: set[int] = set()
    for p in places:
        span = view.char_tokens(p.span.start, p.span.end)
        if span is not None:
            out.update(range(*span))
    return frozenset(out)


def to_claims(att: Attributor) -> list[Claim]:
    """Turn drafts into Claim records with spans into the document text."""
    out = []
    for d in att.drafts:
        content = [(a, b) for a, b in d.content if b > a]
        cue_start = att.view.idx[d.cue.start]
        cue_end = att.view.ends[d.cue.end - 1]
        start = min([cue_start] + [a for a, _ in content])
        end = max([cue_end] + [b for _, b in content])
        sp = d.speaker
        speaker_span = Span(att.doc_id, sp.start, sp.end, att._sentence_of(sp.start)) if sp.end > sp.start else None
        quote = TRAILING_DETERMINER.sub("", " ".join(att.text[a:b].strip(STRIP) for a, b in content))
        out.append(Claim(
            span=Span(att.doc_id, start, end, att._sentence_of(start)), speaker=sp.name, quote=quote,
            direct=d.direct, verb=d.verb_text, affiliation=sp.affiliation, speaker_kind=sp.kind,
            alignment=sp.alignment, speaker_span=speaker_span,
            quote_spans=[Span(att.doc_id, a, b, att._sentence_of(a)) for a, b in content],
            negated=d.cue.verb.meaning == "denial"))
    return out
