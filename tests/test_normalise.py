"""Normalisation: the text every offset indexes must be clean, repaired and stable."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontwatch.normalise import normalise_text, repair_broken_runs

C1 = re.compile("[\x80-\x9f]")


@pytest.mark.parametrize("raw, expected", [
    ("a\r\nb\rc", "a\nb\nc"),
    ("one  two\t\tthree", "one two three"),
    ("para one.\n\n\n\n  para two.", "para one.\n\npara two."),
    ("line one\nline two", "line one\nline two"),
    ("  \n padded \n  ", "padded"),
    ("zero\u200bwidth and soft\u00adhyphen", "zerowidth and softhyphen"),
    ("no\u00a0break\u2009thin", "no break thin"),
    ("bell\x07 and nul\x00", "bell and nul"),
    ("Cafe\u0301", "Caf\u00e9"),                      # NFC
    ("He said \u201cno\u201d", "He said \u201cno\u201d"),  # curly quotes kept as written
])
def test_normalise_whitespace_controls_nfc(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("They don\u00e2\u20ac\u2122t know", "They don\u2019t know"),          # UTF-8 read as cp1252
    ("the \u00e2\u20ac\u0153truce\u00e2\u20ac\x9d held", "the \u201ctruce\u201d held"),
    ("don\u00e2\x80\x99t", "don\u2019t"),                                  # UTF-8 read as latin-1
    ("caf\u00c3\u0083\u00c2\u00a9 owners", "caf\u00e9 owners"),           # encoded twice
])
def test_normalise_repairs_mojibake(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    # runs of destroyed bytes (underscores where bytes were lost) become the punctuation they were
    ("the group_\x90_\u00e2__\x90_\u00e2__s fighters", "the group's fighters"),
    ("said _\x90_\u00e2__\x90_\u00e2\x90\x90_\u00e2\u00b1we will stay", 'said "we will stay'),
    ("will stay_\x90_\u00e2__\x90_\u00e2_\x90_\u00e2\x9d he said", 'will stay" he said'),
    ("Beirut _\x90_\u00e2___ Doctors", "Beirut \u2014 Doctors"),
    ("Copyright \x90_\u00e2_\x90_\u00e2\u00a9 2018", "Copyright \u00a9 2018"),
])
def test_normalise_replaces_destroyed_runs(raw, expected):
    assert normalise_text(raw) == expected


def test_repair_leaves_clean_text_alone():
    text = "Ch\u00e2teau, na\u00efve \u00a9 2018 \u2014 user_name and snake_case_words."
    assert repair_broken_runs(text) == text
    assert normalise_text(text) == text


@pytest.mark.parametrize("name", ["1918150044", "1915433685", "1918150030"])
def test_normalise_real_fakes_mojibake(shared, name):
    """Real FA-KES articles with destroyed mojibake come out without C1 debris."""
    raw = (shared / "corpora/fa-kes/articles" / f"{name}.txt").read_text("utf-8")
    assert C1.search(raw)
    text = normalise_text(raw)
    assert not C1.search(text)
    assert "\u00e2\u20ac" not in text
    words = re.compile(r"[A-Za-z]{4,}")
    assert set(words.findall(raw)) <= set(words.findall(text))   # no real word lost


def test_normalise_whole_fakes_corpus_is_clean(shared):
    """Across the corpus, no C1 character and no unrepaired cp1252 mojibake survives."""
    folder = shared / "corpora/fa-kes/articles"
    dirty = [p.name for p in sorted(folder.glob("*.txt"))
             if C1.search(normalise_text(p.read_text("utf-8")))]
    assert dirty == []


MOJIBAKE_ALPHABET = list("ab _\n\r\t \u2019\u201c\u201d\u00e2\u00c3\u00c2\u00a9\u00b1\u00a2\u00df\u00ab"
                         "\x80\x90\x9d\x99\u20ac\u2122\u00e9\u00a0\u200b")


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(MOJIBAKE_ALPHABET), max_size=40)))
def test_normalise_is_idempotent_and_deterministic(text):
    """Normalising twice changes nothing (the id of a stored text is the id of the text)."""
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert normalise_text(text) == once
    assert once == once.strip()
    assert "\r" not in once and "\n\n\n" not in once and "  " not in once
