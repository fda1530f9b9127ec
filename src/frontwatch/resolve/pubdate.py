"""Infer publication dates the metadata and text do not give, from the rest of the corpus.

An undated article is usually one of several reports of the same events. Each article becomes
a tf-idf vector of its content words that are rare in the corpus (villages, names, the words
of one incident); an inverted index from those words to the dated articles gives the
candidates, so an undated article is compared with the few articles sharing its rarest words,
never with all of them. Neighbours published within AGREE_DAYS of each other pool their
similarity; when one pool is both similar enough and clearly ahead of any other period, its
best day anchors the article, and the weekdays the article names place it exactly
(`dates.pick_day`). A copy (`duplicate_of`) takes its original's date.

Encyclopaedic pages (`ingest.reference`) are left undated: they were never published on a
day. Dates found this way have basis "inferred"; the document's time expressions are resolved again
and the stages that depend on them (`dependent_stages`) re-run for that document. Several passes let an article dated in
one pass anchor another in the next.
"""
from __future__ import annotations

import logging
import math
import operator
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import lru_cache
from itertools import filterfalse

from spacy.lang.en.stop_words import STOP_WORDS

from .. import dates
from ..extract.timex import anchor_date
from ..ingest.reference import is_reference_document
from . import corpus_stage

log = logging.getLogger(__name__)

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
YEARS = re.compile(rf"\b{dates.YEAR}\b")
MAX_DF_SHARE = 0.05      # a word in more than this share of a large corpus is not rare
SMALL_CORPUS_CAP = 20    # ... in a corpus of a few dozen articles, in at most a third of them
QUERY_TERMS = 25         # rarest words of an article used to look up its candidates
MAX_CANDIDATES = 300     # dated articles compared with one undated article, at most
MIN_SIMILARITY = 0.2     # cosine below which another article is not a report of the same events
MIN_POOL = 0.3           # summed similarity a period's neighbours must reach
MIN_LEAD = 1.5           # ... and its lead over the best other period
AGREE_DAYS = 3           # neighbours this close in date count as the same period
PASSES = 3


# -- vectors and index ---------------------------------------------------------------------------

def content_words(text: str) -> Counter:
    """Lower-cased words of an article, stop words and short words left out."""
    return Counter(filterfalse(STOP_WORDS.__contains__, map(str.lower, WORD.findall(text))))


def rarity(counts: dict[str, Counter]) -> dict[str, float]:
    """idf of the words rare enough to tie reports of the same events together."""
    n = len(counts)
    df: Counter = Counter()
    for c in counts.values():
        df.update(c.keys())      # each word once per article
    cap = max(2, MAX_DF_SHARE * n, min(n / 3, SMALL_CORPUS_CAP))
    return {w: math.log(n / c) for w, c in df.items() if 2 <= c <= cap}


def vectors(counts: dict[str, Counter], idf: dict[str, float]) -> dict[str, dict[str, float]]:
    """Unit-length tf-idf vectors over the rare words."""
    out = {}
    for doc_id, c in counts.items():
        v = {w: _log_tf(n) * idf[w] for w, n in c.items() if w in idf}
        values = list(v.values())
        norm = math.sqrt(sum(map(operator.mul, values, values))) or 1.0
        out[doc_id] = {w: x / norm for w, x in v.items()}
    return out


@lru_cache(maxsize=256)
def _log_tf(n: int) -> float:
    return 1 + math.log(n)


def query_terms(vec: dict[str, float]) -> list[str]:
    """The words an article's candidates are looked up by: its rarest, most used words first."""
    return sorted(vec, key=vec.get, reverse=True)[:QUERY_TERMS]


def dated_index(documents, vecs, words: set[str] | None = None) -> dict[str, list]:
    """Rare word -> the documents already dated to the day that use it (only `words`, if given:
    the index is read for the query terms of the undated articles alone)."""
    index: dict[str, list] = defaultdict(list)
    for doc in documents:
        if anchor_date(doc.published):
            vec = vecs[doc.id]
            for w in (vec if words is None else words.intersection(vec)):
                index[w].append(doc)
    return index


def similar_days(doc, vecs, index) -> dict[date, float]:
    """Publication day -> best similarity of a dated neighbour of that day."""
    vec = vecs[doc.id]
    candidates: dict[str, object] = {}
    for w in query_terms(vec):
        candidates.update((o.id, o) for o in index.get(w, ()) if o.id != doc.id)
        if len(candidates) >= MAX_CANDIDATES:
            break
    days: dict[date, float] = {}
    order = {w: i for i, w in enumerate(vec)}
    for other in candidates.values():
        other_vec = vecs[other.id]
        # the cosine over the shared words, summed in vec's order: the words the other lacks
        # add exact zeros, so this is the same float as the sum over all of vec
        shared = sorted(vec.keys() & other_vec.keys(), key=order.__getitem__)
        sim = sum([vec[w] * other_vec[w] for w in shared])
        day = date.fromisoformat(other.published[:10])
        if sim >= MIN_SIMILARITY and sim > days.get(day, 0.0):
            days[day] = sim
    return days


# -- inference ----------------------------------------------------------------------------------

def anchor_from(days: dict[date, float]) -> date | None:
    """The middle day of the period whose neighbours are most similar, if clearly the best."""
    if not days:
        return None
    pools = {centre: sum(s for d, s in days.items() if abs((d - centre).days) <= AGREE_DAYS) for centre in days}
    centre = max(days, key=lambda d: (pools[d], days[d], d))
    others = [pools[d] for d in days if abs((d - centre).days) > 2 * AGREE_DAYS]
    if pools[centre] < MIN_POOL or (others and pools[centre] < MIN_LEAD * max(others)):
        return None
    near = {d: s for d, s in days.items() if abs((d - centre).days) <= AGREE_DAYS}
    # the similarity-weighted middle of the period: reports of the same events spread over days
    return date.fromordinal(round(sum(d.toordinal() * s for d, s in near.items()) / sum(near.values())))


def consistent(text: str, day: date) -> bool:
    """A publication day cannot precede a full date or a year the article itself mentions."""
    latest = max((d.value for d in dates.full_dates(text)), default=None)
    years = [int(y) for y in YEARS.findall(text)]
    return (latest is None or latest <= day + timedelta(days=1)) and (not years or max(years) <= day.year)


def infer(doc, vecs, index, by_id) -> date | None:
    """An inferred publication day for an undated document, or None."""
    original = by_id.get(doc.duplicate_of) if doc.duplicate_of else None
    if original is not None and anchor_date(original.published):
        return anchor_date(original.published)
    anchor = anchor_from(similar_days(doc, vecs, index))
    if anchor is None:
        return None
    day = dates.pick_day(dates.weekday_mentions(doc.text), near=anchor)
    if day is None or not consistent(doc.text, day) or not day.isoformat().startswith(doc.published or ""):
        return None  # a month or year the metadata gives is never contradicted
    return day


DATED_LAYER = "times"   # the layer that reads the publication date (time expressions resolved against it)


def dependent_stages(stages, layer: str = DATED_LAYER) -> tuple:
    """The stage producing `layer` and every later stage that requires it, directly or through
    another such stage, in pipeline order: what a new publication date can change.

    The other stages (sentences, tokens, places, actors, claims) read neither the date nor a
    layer made from it, so their layers stay as they are. A stage that reads `doc.published`
    itself must require `times` (timex, figures, control and events do).
    """
    changed, out = {layer}, []
    for st in stages:
        if st.produces == layer or changed.intersection(st.requires):
            changed.add(st.produces)
            out.append(st)
    return tuple(out)


@lru_cache(maxsize=1)
def stages_from_times() -> tuple:
    """The pipeline's stages a new publication date changes, found once (collecting them scans
    entry points)."""
    from ..plugins import collect_stages

    return dependent_stages(collect_stages())


def refresh(result, doc) -> None:
    """Re-resolve the document's time expressions and re-run the stages that depend on them."""
    analysis = result.analyses.get(doc.id)
    if analysis is None or "times" not in analysis.layers:
        return
    if analysis.layers.get("tokens") is None:  # analyses loaded from a store carry no spaCy Doc
        from ..extract.tokens import tokenize

        analysis.layers["tokens"] = tokenize(doc.text)
    for st in stages_from_times():
        if st.produces in analysis.layers:
            analysis.layers[st.produces] = st.func(analysis)


@corpus_stage("pubdate", produces="pubdate")
def pubdate_stage(result) -> None:
    """Infer publication dates the metadata and text do not give, from the rest of the corpus."""
    # a reference work's page has no publication date to infer: its narrative dates itself
    undated = [d for d in result.documents if anchor_date(d.published) is None and not is_reference_document(d)]
    inferred: dict[str, str] = {}
    if undated:
        counts = {d.id: content_words(d.text) for d in result.documents}
        vecs = vectors(counts, rarity(counts))
        by_id = {d.id: d for d in result.documents}
        queries = {d.id: query_terms(vecs[d.id]) for d in undated}
        todo = undated
        for _ in range(PASSES):
            index = dated_index(result.documents, vecs, set().union(*(queries[d.id] for d in todo)))
            found = {d.id: infer(d, vecs, index, by_id) for d in todo}
            if not any(found.values()):
                break
            for doc in todo:
                if found.get(doc.id):
                    doc.published, doc.published_basis = found[doc.id].isoformat(), "inferred"
                    inferred[doc.id] = doc.published
                    refresh(result, doc)
            todo = _affected([d for d in undated if d.id not in inferred], found, vecs, queries)
    log.info("pubdate: %d of %d undated documents dated from the corpus", len(inferred), len(undated))
    result.extras["pubdate"] = {"inferred": inferred, "undated": len(undated) - len(inferred)}


def _affected(left: list, found: dict, vecs, queries) -> list:
    """The undated documents whose inference the newly dated ones can change: copies of one, and
    articles with a query term one uses. The others would meet the same candidates again."""
    newly = {doc_id for doc_id, day in found.items() if day}
    words = set().union(*(vecs[doc_id].keys() for doc_id in newly))
    return [d for d in left if d.duplicate_of in newly or not words.isdisjoint(queries[d.id])]
