"""The date of a control statement: a past year written near the cue, the nearest time of its
sentence, the dates layer's date for the sentence, else the publication date.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ...pipeline import Analysis
from .context import Context, sentence_tokens


YEAR = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")


YEAR_PREPS = frozenset({"in", "until", "till", "during", "by", "of", "from", "early", "late", "mid"})


def _stated_year(ctx: Context, sent: int, cue_start: int, reach: int = 10) -> str | None:
    """A year written near the cue ("fell ... in 2016"): the past the statement is about."""
    rng = sentence_tokens(ctx, sent)   # only the tokens within `reach` of the cue
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


def sentence_date(analysis: Analysis, ctx: Context, sent: int, cue_start: int) -> tuple[str | None, str | None]:
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
