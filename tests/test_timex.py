"""Time expressions: found with their spans, resolved against the publication day."""
from __future__ import annotations

import random
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontwatch.extract.sentences import split_sentences
from frontwatch.extract.timex import date_for_sentence, find_times, timex_stage
from frontwatch.pipeline import Analysis
from frontwatch.records import Document


def times(text: str, published: str | None = "2024-12-02"):
    return find_times(text, split_sentences(text), "t", published)


def one(text: str, published: str | None = "2024-12-02"):
    found = times(text, published)
    assert len(found) == 1, [t.text for t in found]
    return found[0]


# Sentences written for these tests. The anchor 2024-12-02 is a Monday, 2024-12-05 a Thursday.
@pytest.mark.parametrize("text,surface,value,end,precision,anchor", [
    ("Rebels attacked the depot on Saturday, the ministry said.", "Saturday", "2024-11-30", None, "day", "2024-12-02"),
    ("Sunday's shelling damaged the clinic.", "Sunday", "2024-12-01", None, "day", "2024-12-02"),
    ("The mayor spoke on Monday about the repairs.", "Monday", "2024-12-02", None, "day", "2024-12-02"),
    ("The convoy left yesterday.", "yesterday", "2024-12-01", None, "day", "2024-12-02"),
    ("The talks ended today.", "today", "2024-12-02", None, "day", "2024-12-02"),
    ("The mayor spoke last Thursday.", "last Thursday", "2024-11-28", None, "day", "2024-12-02"),
    ("The mayor spoke last Thursday.", "last Thursday", "2024-11-28", None, "day", "2024-12-05"),
    ("The minister will visit the camp on Wednesday.", "Wednesday", "2024-12-04", None, "day", "2024-12-02"),
    ("Schools closed due to shelling on Saturday.", "Saturday", "2024-11-30", None, "day", "2024-12-02"),
    ("Fighting went on until Saturday.", "Saturday", "2024-11-30", None, "day", "2024-12-02"),
    ("Fighting flared earlier this week.", "earlier this week", "2024-12-02", "2024-12-05", "range", "2024-12-05"),
    ("Officials met last week.", "last week", "2024-11-25", "2024-12-01", "week", "2024-12-05"),
    ("The bridge fell two days ago.", "two days ago", "2024-11-30", None, "day", "2024-12-02"),
    ("The bridge fell 3 days ago.", "3 days ago", "2024-11-29", None, "day", "2024-12-02"),
    ("Prices rose this month.", "this month", "2024-12", None, "month", "2024-12-02"),
    ("The town was captured last year.", "last year", "2023", None, "year", "2024-12-02"),
    ("Strikes hit the town overnight.", "overnight", "2024-12-01", "2024-12-02", "range", "2024-12-02"),
    ("Rebels have held the town since 2016.", "2016", "2016", None, "range", "2024-12-02"),
    ("The 2016 battle destroyed the market.", "2016", "2016", None, "year", "2024-12-02"),
    ("The offensive began on July 20, 2012.", "July 20, 2012", "2012-07-20", None, "day", "2024-12-02"),
    ("The offensive began on 20 July 2012.", "20 July 2012", "2012-07-20", None, "day", "2024-12-02"),
    ("Crews arrived on 20 July.", "20 July", "2024-07-20", None, "day", "2024-12-02"),
    ("Crews arrived on July 20.", "July 20", "2024-07-20", None, "day", "2024-12-02"),
    ("Crews will arrive on 10 January.", "10 January", "2025-01-10", None, "day", "2024-12-02"),
    ("Snow fell in December 2024.", "December 2024", "2024-12", None, "month", "2024-12-02"),
    ("The report is dated 2024-12-01.", "2024-12-01", "2024-12-01", None, "day", "2024-12-02"),
    ("In March the road reopened.", "March", "2024-03", None, "month", "2024-12-02"),
    ("The road reopened last June.", "June", "2023-06", None, "month", "2024-05-20"),
    ("The road reopens next March.", "March", "2025-03", None, "month", "2024-05-20"),
    ("The road reopened in June.", "June", "2023-06", None, "month", "2024-03-20"),
])
def test_timex_resolves(text, surface, value, end, precision, anchor):
    t = one(text, anchor)
    assert (t.text, t.value, t.end_value, t.precision) == (surface, value, end, precision)
    assert text[t.span.start:t.span.end] == surface


@pytest.mark.parametrize("text", [
    "He fought with the brigade for five years.",
    "The 25-year-old was hurt in the blast.",
    "About 2000 people fled the town.",
    "At least 1500 fighters joined the assault.",
    "The wounded were aged 30 to 40.",
    "She may return to the town soon.",
    "Officials said the march would go ahead.",
    "The curfew starts at 2000 hrs.",
])
def test_timex_not_dates(text):
    assert times(text) == []


def test_timex_clock_time_before_dateline_is_not_a_year():
    found = times("Wire Middle East 1924 16.05.2017 Rebels advanced on the town.")
    assert [(t.text, t.value) for t in found] == [("16.05.2017", "2017-05-16")]


def test_timex_day_before_counts_from_last_date():
    text = "Voting took place on 3 May 2015. The day before, the road was shut."
    found = times(text)
    assert [(t.text, t.value) for t in found] == [("3 May 2015", "2015-05-03"), ("The day before", "2015-05-02")]
    assert [t.span.sentence for t in found] == [0, 1]


def test_timex_relative_without_anchor_is_unknown():
    t = one("Rebels attacked the depot on Saturday.", published=None)
    assert (t.value, t.precision, t.relative) == (None, "unknown", True)
    assert one("The offensive began on 20 July 2012.", published=None).value == "2012-07-20"


def _analysis(text: str, published: str | None = "2024-12-02") -> Analysis:
    analysis = Analysis(Document(id="t", text=text, published=published,
                                 published_basis="metadata" if published else None))
    analysis.layers["sentences"] = split_sentences(text)
    analysis.layers["tokens"] = None
    analysis.layers["times"] = timex_stage(analysis)
    return analysis


def test_timex_date_for_sentence():
    text = ("Rebels have held the town since 2016 and attacked the depot on Saturday. "
            "Nothing happened next. In 2019 a truce was signed, and on Sunday it broke.")
    analysis = _analysis(text)
    assert date_for_sentence(analysis, 0) == ("2024-11-30", "day")
    assert date_for_sentence(analysis, 1) is None
    assert date_for_sentence(analysis, 2) == ("2024-12-01", "day")
    truce = text.index("truce")
    assert date_for_sentence(analysis, 2, near=truce) == ("2019", "year")


def test_timex_stage_dates_undated_document_from_dateline():
    analysis = _analysis("Sun 01 Dec 2024 Rebels attacked the depot on Saturday.", published=None)
    assert (analysis.doc.published, analysis.doc.published_basis) == ("2024-12-01", "text")
    assert [t.value for t in analysis["times"]] == ["2024-12-01", "2024-11-30"]


def test_timex_fakes_spans_and_values(shared):
    """On real articles: spans give the surface, sentences hold them, values are dates."""
    files = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))
    random.Random(42).shuffle(files)
    total = 0
    for f in files[:120]:
        text = f.read_text("utf-8").strip()
        sentences = split_sentences(text)
        doc = Document(id=f.stem, text=text)
        analysis = Analysis(doc, {"sentences": sentences, "tokens": None})
        for t in timex_stage(analysis):
            total += 1
            assert text[t.span.start:t.span.end] == t.text
            s = sentences[t.span.sentence]
            assert s.start <= t.span.start < s.end
            _check_value(t)
    assert total > 300


def _check_value(t):
    """A resolved value (and range end) is a real calendar date, month or year."""
    for v in (t.value, t.end_value):
        if v is None:
            continue
        if len(v) == 10:
            date.fromisoformat(v)
        elif len(v) == 7:
            assert 1 <= int(v[5:]) <= 12 and re.fullmatch(r"\d{4}-\d\d", v)
        else:
            assert re.fullmatch(r"\d{4}", v)


FRAGMENTS = st.sampled_from([
    "on Saturday", "last Thursday", "yesterday", "today", "two days ago", "last week", "this month",
    "last year", "since 2016", "overnight", "the day before,", "earlier this week", "next Monday",
    "in March", "in December 2024", "the 2016 battle",
])


@settings(max_examples=150, deadline=None)
@given(anchor=st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
       day=st.integers(0, 40), month=st.sampled_from(["January", "Feb", "March", "Sept", "December"]),
       year=st.integers(1900, 2099), pieces=st.lists(FRAGMENTS, max_size=4), sep=st.sampled_from(["-", "/", "."]),
       a=st.integers(0, 39), b=st.integers(0, 39))
def test_timex_property_every_resolved_date_is_valid(anchor, day, month, year, pieces, sep, a, b):
    text = (f"Rebels attacked {' and '.join(pieces)}. It was {day} {month} {year}, or {month} {day}, {year}. "
            f"The file said {a:02d}{sep}{b:02d}{sep}{year} and {year}-{a:02d}-{b:02d}.")
    for t in times(text, anchor.isoformat()):
        assert text[t.span.start:t.span.end] == t.text
        _check_value(t)


def test_an_undated_narrative_dates_days_by_the_year_it_last_stated():
    text = ("In October 2019, the army launched an offensive. On 12 October, fighters entered the town. "
            "In March 2020 a truce held; it was signed on 6 March.")
    found = {t.text: t for t in find_times(text, [], "d", None)}
    assert found["12 October"].value == "2019-10-12" and found["12 October"].relative
    assert found["6 March"].value == "2020-03-06"


def test_a_stated_year_does_not_override_the_publication_day():
    text = "In October 2019, the army launched an offensive. On 12 October, fighters entered the town."
    found = {t.text: t for t in find_times(text, [], "d", "2021-01-05")}
    assert found["12 October"].value == "2020-10-12"


def test_timex_heads_are_the_tokens_a_walk_over_every_token_keeps(shared):
    """`heads` (one split of the text) finds the same numbers and head words, at the same offsets,
    as reading every `TOKEN` match of the text."""
    from frontwatch.extract.timex import TOKEN, heads, patterns

    triggers = patterns().triggers
    folder = shared / "corpora/fa-kes/articles"
    texts = [p.read_text("utf-8", errors="replace") for p in sorted(folder.iterdir())[:200]]
    texts += ["", "May", "3May 2016", "Mayor May-June", "١٢٣ 12٣ ٣12", "on Saturday's 2nd", "x_May May_x"]
    for text in texts:
        walk = [(m.start(), m.group()) for m in TOKEN.finditer(text)
                if m.group()[0] <= "9" or m.group() in triggers]
        assert heads(text, triggers) == walk
