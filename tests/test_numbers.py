"""Quantities: digits and words, qualifiers, ranges, vague words (hand-written phrases)."""
import pytest
from hypothesis import given, strategies as st

from frontwatch.extract.numbers import acled_readings, find_quantities, parse_number


@pytest.mark.parametrize("text,value", [
    ("19,000", 19000), ("19000", 19000), ("2.5 million", 2500000), ("6 million", 6000000),
    ("four", 4), ("twenty-five", 25), ("two hundred and fifty", 250), ("a hundred", 100),
    ("two dozen", 24), ("half a million", 500000), ("three thousand", 3000), ("1\u00a0000", 1000),
])
def test_numbers_parse_digits_and_words(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text,low,high,qualifier", [
    ("at least 311 fatalities", 311, None, "at least"),
    ("more than 19000 dead", 19000, None, "more than"),
    ("nearly 6 million refugees", None, 6000000, "nearly"),
    ("about 20 fighters", 20, 20, "about"),
    ("around half a million people", 500000, 500000, "around"),
    ("up to 40 people", None, 40, "up to"),
    ("between 500 and more than a thousand", 500, None, "between"),
    ("between 20 and 30 people", 20, 30, "between"),
    ("from 500 to 700 people", 500, 700, "between"),
    ("two or three soldiers", 2, 3, "between"),
    ("12 people", 12, 12, None),
])
def test_numbers_bounds_follow_the_qualifier(text, low, high, qualifier):
    q = find_quantities(text)[0]
    assert (q.low, q.high, q.qualifier) == (low, high, qualifier)


@pytest.mark.parametrize("text,vague,low", [
    ("dozens of civilians", "dozens", 24),
    ("Hundreds of people", "hundreds", 200),
    ("several hundred fighters", "several hundred", 200),
    ("tens of thousands of people", "tens of thousands", 20000),
    ("a number of them", "a number of", None),
])
def test_numbers_vague_words_keep_their_word(text, vague, low):
    q = find_quantities(text)[0]
    assert (q.vague, q.low, q.high) == (vague, low, None)


@pytest.mark.parametrize("text", ["$2 million", "at 10:07 on", "the 11th grade", "the M5 highway", "someone",
                                  "version 2.5", "none of them"])
def test_numbers_not_read_inside_other_tokens(text):
    assert find_quantities(text) == []


def test_numbers_offsets_are_shifted():
    q = find_quantities("killed at least 12", offset=100)[0]
    assert (q.start, q.num_start, q.end) == (107, 116, 118)


@given(st.integers(min_value=1, max_value=9_999_999), st.booleans())
def test_numbers_digits_with_or_without_separators(n, commas):
    text = f"at least {n:,} civilians" if commas else f"at least {n} civilians"
    q = find_quantities(text)[0]
    assert (q.low, q.high) == (n, None)


@pytest.mark.parametrize("vague,reading", [("dozens", 12), ("hundreds", 100), ("several", 10)])
def test_numbers_acled_reading_of_vague_words(vague, reading):
    assert acled_readings()[vague] == reading
