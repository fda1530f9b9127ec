"""The words figures are read from, and the phrase look-ups over them, against their plain definitions."""
from __future__ import annotations

import pytest

from frontwatch.extract.figure_words import (WORD, Word, kind_cues, not_people, person_nouns, phrase_at,
                                             phrase_ending, words_of)
from frontwatch.extract.figure_sources import attribution_words

ODD = ["", "   ", "x", "  Rebels  killed 12 civilians. ", "al-Assad's forces—and\u00a0ISIS’ fighters",
       "tabs\tand\nnewlines", "‘quoted’ “words” (in brackets) ...", "10,000-strong 5-year-old", "Zürich İdlib ΣΟΣ"]


@pytest.fixture(scope="module")
def texts(shared) -> list[str]:
    folder = shared / "corpora/fa-kes/articles"
    return [p.read_text("utf-8", errors="replace") for p in sorted(folder.iterdir())[:150]] + ODD


def test_words_of_gives_every_word_match_with_document_offsets(texts):
    for text in texts:
        for offset in (0, 17):
            expected = [Word(m.group(), m.group().lower(), m.start() + offset, m.end() + offset)
                        for m in WORD.finditer(text)]
            assert words_of(text, offset) == expected


def _longest_at(words, i, table):
    """The plain definition: the longest run of 1-4 words from i whose lower case is a phrase."""
    for n in range(4, 0, -1):
        if i + n <= len(words) and " ".join(w.lower for w in words[i:i + n]) in table:
            return " ".join(w.lower for w in words[i:i + n]), n
    return None


def _longest_ending(words, j, table):
    for n in range(4, 0, -1):
        if j - n + 1 >= 0 and " ".join(w.lower for w in words[j - n + 1:j + 1]) in table:
            return " ".join(w.lower for w in words[j - n + 1:j + 1]), n
    return None


@pytest.mark.parametrize("table", [person_nouns, kind_cues, not_people, attribution_words])
def test_phrase_look_ups_equal_the_plain_definition(texts, table):
    table = table()
    found = 0
    for text in texts[:60]:
        words = words_of(text, 0)
        for i in range(len(words)):
            assert phrase_at(words, i, table) == _longest_at(words, i, table)
            assert phrase_ending(words, i, table) == _longest_ending(words, i, table)
            found += phrase_at(words, i, table) is not None
    assert found > 0
