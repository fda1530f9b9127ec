"""The places stage's speed-ups must not change what it finds: the span memo, the tokeniser's
guarded regex and the unknown-places scan are checked against plain re-computations."""
from __future__ import annotations

import re

import pytest

from frontwatch.geo.candidates import _TOKEN, Toks, generate
from frontwatch.geo.entry import GazEntry
from frontwatch.geo.gazetteer import Gazetteer, build

# The tokeniser as it was before the possessive guard was added to its first branch.
PLAIN_TOKEN = re.compile(r"[^\W_]+(?:['’`][^\W_]+)*(?<!['’`]s)(?=['’`]s\b)|[^\W_]+(?:['’`](?!s\b)[^\W_]+)*|['’`]s\b|\S")


def _tokens(pattern: re.Pattern, text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("text", [
    "Syria's north", "the town's mayor", "x's'y's", "a's's", "a'sb's", "rock'n's roll", "O’Brien’s farm",
    "the 1990s", "M4's traffic", "ab`s `s 's ’s' s'", "Ma'arrat al-Nu'man's", "Deir ez-Zor's", "Qa'a",
])
def test_guarded_tokeniser_splits_like_the_plain_one(text):
    assert _tokens(_TOKEN, text) == _tokens(PLAIN_TOKEN, text)


def test_tokeniser_agrees_on_real_articles(shared):
    paths = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))[:120]
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert _tokens(_TOKEN, text) == _tokens(PLAIN_TOKEN, text), path.name


def _gaz(*entries: GazEntry) -> Gazetteer:
    return build(entries)


def test_span_memo_sees_entries_added_later():
    gaz = _gaz(GazEntry("t:1", "Qarqur", 35.8, 36.3, "village", "SY", 0, ["Qarqur"]))
    assert gaz.span_hits("Zawtar", True)[1] == []
    gaz.add(GazEntry("t:2", "Zawtar", 35.7, 36.4, "village", "SY", 0, ["Zawtar"]))
    key, hits, fuzzy = gaz.span_hits("Zawtar", True)
    assert (key, fuzzy) == ("zawtar", False) and [gaz.ids[i] for i in hits] == ["t:2"]


def test_span_memo_returns_what_a_fresh_lookup_returns():
    gaz = _gaz(GazEntry("t:1", "Tall Rifaat", 36.47, 37.1, "town", "SY", 0, ["Tall Rifaat"]))
    first = gaz.span_hits("Tel Refaat", True)
    assert first == gaz.span_hits("Tel Refaat", True)
    assert first[1] == [0] and first[2] is True  # met on the skeleton only
    assert gaz.span_hits("Tel Refaat", False)[1] == []  # no skeleton for a lower-case ending


def test_candidates_do_not_share_the_memoised_lists():
    gaz = _gaz(GazEntry("t:1", "Qarqur", 35.8, 36.3, "village", "SY", 0, ["Qarqur"]))
    text = "Shelling hit Qarqur and then Qarqur again."
    first, second = generate(gaz, Toks(text, [0]))
    first.entries.append(99)
    assert second.entries == [0] and gaz.span_hits("Qarqur", True)[1] == [0]
