"""The word lists of the event rules (data/events/words.tsv, anaphora.tsv): each loads, is
non-empty and lists a word once, and the rules read every list the file holds."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from frontwatch.data import events as event_data
from frontwatch.extract.events import lexicon

EVENTS_CODE = Path(__file__).resolve().parents[1] / "src" / "frontwatch" / "extract" / "events"


@pytest.mark.parametrize("name", sorted(lexicon().words))
def test_events_word_list_is_non_empty_without_repeats(name):
    listed = lexicon().words[name]
    assert listed and all(w.strip() == w and w for w in listed)
    assert [w for w, n in Counter(listed).items() if n > 1] == []


@pytest.mark.parametrize("name", sorted(lexicon().words))
def test_events_word_list_is_read_by_a_rule(name):
    """A list no rule asks for would be edited in vain."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in EVENTS_CODE.glob("*.py"))
    assert re.search(rf"""(?:words|alternation)\(["']{name}["']|words\[["']{name}["']\]""", code)


def test_events_anaphora_nouns_stand_for_their_own_level():
    rows = event_data.rows("anaphora.tsv", 2)
    nouns = [noun for noun, _ in rows]
    assert nouns and len(nouns) == len(set(nouns))
    assert all(noun in lexicon().anaphora[noun] for noun in nouns)   # "the town" may be a town
