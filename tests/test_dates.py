"""Publication dates: datelines in their real variety, URLs, metadata strings, inference."""
from __future__ import annotations

import re
from datetime import date

import pytest

from frontwatch.dates import (dateline_date, latest_weekday, parse_date_string, pick_day,
                              publication_date, url_date)
from frontwatch.records import Document


def _fakes(shared):
    return sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))


# Dateline shapes seen in news sites, written here with invented headlines.
@pytest.mark.parametrize("head,expected", [
    ("Wed Jul 27 2016 Floods close the coast road. Rain fell", "2016-07-27"),
    ("Wed 05 Apr 2017 Ministers meet in Geneva. The talks", "2017-04-05"),
    ("Published August 15 2016 - Talks resume - Delegates", "2016-08-15"),
    ("Last updated at Jul 172015 - Convoy reaches town - A convoy", "2015-07-17"),
    ("29-07-2015 Bridge reopened after repairs. Engineers", "2015-07-29"),
    ("Sunday 10 Jul 2016 Market reopens in old town. Traders", "2016-07-10"),
    ("02-06-2016 Power restored to the north. Crews", "2016-06-02"),
    (" date 2024-12-02 By A Reporter, Wire\n\n(Wire) — Crews worked", "2024-12-02"),
    ("Updated 1:05 PM ET, Sun December 1, 2024\n\nCrews worked", "2024-12-01"),
    ("Posted on August 12 2016 by A Writer Schools reopen", "2016-08-12"),
    ("Date of publication 12 June 2016 - Schools reopen - Pupils", "2016-06-12"),
    ("Schools reopen across the region Monitor AFP Saturday 6 Aug 2016 Pupils returned", "2016-08-06"),
    ("Schools reopen in the north © WIRE Middle East 1730 28.04.2017Get short URL Pupils", "2017-04-28"),
    ("Wednesday 26 November 2014 10:07 Schools reopen. Pupils", "2014-11-26"),
    ("December 16 2013 Schools reopen. Pupils", "2013-12-16"),
    ("WED JUL 27 2016 SCHOOLS REOPEN", "2016-07-27"),
    ("Aleppo, Syria, Dec. 1, 2024 (Wire) — Crews worked through the night", "2024-12-01"),
])
def test_dates_dateline_forms(head, expected):
    assert dateline_date(head) == date.fromisoformat(expected)
    doc = Document(id="d", text=head)
    assert publication_date(doc) == (expected, "text")


@pytest.mark.parametrize("head,expected", [
    ("Tuesday 06-07-2016 Crews restored power", "2016-06-07"),   # weekday decides month-first
    ("Wednesday 06-07-2016 Crews restored power", "2016-07-06"),
    ("07-25-2016 Crews restored power", "2016-07-25"),            # a part above 12 decides
    ("25-07-2016 Crews restored power", "2016-07-25"),
])
def test_dates_numeric_day_month_order(head, expected):
    assert dateline_date(head).isoformat() == expected


def test_dates_background_date_is_not_a_dateline():
    text = "Since 12 May 2016 the road has been closed to traffic and shops are shut."
    assert dateline_date(text) is None


def test_dates_fakes_datelines_read(shared):
    """Nearly every FA-KES article carries a dateline; each read date is a plausible one."""
    files = _fakes(shared)
    found = {f.name: dateline_date(f.read_text("utf-8").strip()) for f in files}
    read = [d for d in found.values() if d]
    assert len(read) / len(files) >= 0.97
    assert all(date(2011, 1, 1) <= d <= date(2019, 12, 31) for d in read)


def test_dates_fakes_day_month_order_matches_weekday(shared):
    """Where a numeric dateline carries a weekday word, the date read falls on that weekday."""
    weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    checked = 0
    for f in _fakes(shared):
        head = f.read_text("utf-8")[:40]
        m = re.match(r"\s*([A-Za-z]+)\W+\d{1,2}[-./]\d{1,2}[-./]\d{4}", head)
        if m and m[1].lower() in weekdays:
            checked += 1
            assert weekdays[dateline_date(head).weekday()] == m[1].lower()
    for f in _fakes(shared):  # and month-word datelines with a weekday agree with it too
        head = f.read_text("utf-8")[:40]
        m = re.match(r"\s*([A-Za-z]+)\s+\d", head)
        word = m[1].lower() if m else ""
        if word in weekdays or word in {w[:3] for w in weekdays}:
            checked += 1
            assert weekdays[dateline_date(head).weekday()].startswith(word)
    assert checked > 50


@pytest.mark.parametrize("url,expected", [
    ("https://news.example.org/2016/07/27/floods-close-road", "2016-07-27"),
    ("https://news.example.org/world/20160727/floods.html", "2016-07-27"),
    ("https://news.example.org/2016-07-27-floods", "2016-07-27"),
    ("https://news.example.org/world/floods-close-road", None),
    (None, None),
])
def test_dates_url(url, expected):
    got = url_date(url)
    assert (got.isoformat() if got else None) == expected


@pytest.mark.parametrize("value,expected", [
    ("2024-12-02T10:15:00+00:00", "2024-12-02"),
    ("2024-12-02", "2024-12-02"),
    ("Sun, 01 Dec 2024 14:05:00 GMT", "2024-12-01"),
    ("December 1, 2024", "2024-12-01"),
    ("1 December 2024 14:05", "2024-12-01"),
    ("December 2024", "2024-12"),
    ("2024", "2024"),
    ("not a date", None),
    ("", None),
    (None, None),
])
def test_dates_parse_date_string(value, expected):
    assert parse_date_string(value) == expected


def test_dates_metadata_wins_then_url_then_text():
    text = "Wed Jul 27 2016 Floods close the coast road."
    assert publication_date(Document(id="a", text=text, published="2016-07-28",
                                     published_basis="metadata")) == ("2016-07-28", "metadata")
    assert publication_date(Document(id="b", text=text, url="https://x.org/2016/07/26/a")) == \
        ("2016-07-26", "metadata")
    assert publication_date(Document(id="c", text=text)) == ("2016-07-27", "text")


@pytest.mark.parametrize("text,expected", [
    # the latest full date, then the day after the latest weekday named on or after it
    ("Crews repaired the bridge, opened on 3 March 2014. On Wednesday, traffic resumed; "
     "on Thursday the mayor said the work was done.", "2014-03-07"),
    ("Officials said on Monday that the ceasefire agreed on 3 March 2014 held.", "2014-03-04"),
    # no weekday: a narrative whose latest date is not when it was written
    ("The siege began on 3 March 2014 and ended on 9 May 2015.", None),
    # a year alone is background: no inferred date
    ("The war began in 2011. Rebels attacked on Saturday.", None),
    ("Rebels attacked on Saturday, officials said.", None),
])
def test_dates_inferred_from_text(text, expected):
    got = publication_date(Document(id="i", text=text))
    assert got == ((expected, "inferred") if expected else (None, None))


@pytest.mark.parametrize("weekdays,expected", [
    ({2, 4, 5}, 5),      # Wednesday, Friday, Saturday -> Saturday
    ({6, 0}, 0),         # Sunday, Monday -> Monday (the week wraps)
    ({3}, 3),
    (set(), None),
])
def test_dates_latest_weekday(weekdays, expected):
    assert latest_weekday(weekdays) == expected


def test_dates_pick_day_near_anchor():
    # Friday nearest to Monday 2 Dec 2024 is 29 Nov; published the day after
    assert pick_day({4}, near=date(2024, 12, 2)) == date(2024, 11, 30)
    assert pick_day(set(), near=date(2024, 12, 2)) == date(2024, 12, 2)
    assert pick_day({4}) is None


@pytest.mark.parametrize("partial,expected", [
    ("2016-07", ("2016-07-27", "text")),      # the dateline refines the metadata month
    ("2016", ("2016-07-27", "text")),
    ("2015-03", ("2015-03", "metadata")),     # and never contradicts it
])
def test_dates_partial_metadata_refined_not_contradicted(partial, expected):
    doc = Document(id="p", text="Wed Jul 27 2016 Floods close the coast road.", published=partial,
                   published_basis="metadata")
    assert publication_date(doc) == expected


@pytest.mark.parametrize("text", [
    "The Long War (28 July 1914 – 11 November 1918) was fought across the plains.",
    "Omar Said (born 3 February 1963) is a Syrian officer who defected.",
    "Omar Said (1966 – 20 September 2018) was a Kurdish commander.",
])
def test_dates_encyclopaedic_heads_have_no_dateline(text):
    assert dateline_date(text) is None
    assert publication_date(Document(id="e", text=text)) == (None, None)
