"""The places stage's speed-ups must not change what it finds: the span memo, the tokeniser's
guarded regex, the unknown-places scan, the name prefixes that stop a span from growing, the
per-name facts and per-document rankings are checked against plain re-computations."""
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
    "abc'd", "a_b's", "é's", "x'", "'x", "Tal’ Abyad", "word`s end",
])
def test_guarded_tokeniser_splits_like_the_plain_one(text):
    assert _tokens(_TOKEN, text) == _tokens(PLAIN_TOKEN, text)


def test_tokeniser_agrees_on_real_articles(shared):
    paths = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))[:120]
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert _tokens(_TOKEN, text) == _tokens(PLAIN_TOKEN, text), path.name


def _toks(text: str) -> list[tuple[int, str]]:
    doc = Toks(text, [0])
    return list(zip(doc.idxs, doc.texts))


@pytest.mark.parametrize("text", [
    "", "   ", " a", "a ", "Syria's  north\n\tof\u00a0Aleppo\u2009city ", "x's'y's", "’s ’s", "al-Bab’s",
])
def test_chunked_tokens_are_the_plain_ones(text):
    """Toks reads tokens with the space before them; offsets and texts stay the plain ones."""
    assert _toks(text) == _tokens(PLAIN_TOKEN, text)


def test_chunked_tokens_on_real_articles(shared):
    paths = [*sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))[::6],
             *sorted((shared / "corpora" / "wikipedia-syria").glob("*"))[:20]]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert _toks(text) == _tokens(PLAIN_TOKEN, text), path.name


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


# --- name prefixes: a span stops growing when no key starts like it ---------------------------

from frontwatch.geo import geoparse as gp
from frontwatch.geo.fold import fold, skeleton, stem, vowel_blind
from frontwatch.geo.gazetteer import SqliteGazetteer, _remove_stale, default_gazetteer, save_sqlite
from frontwatch.geo.rank import Focus


@pytest.mark.parametrize("short,longer", [
    ("Deir al", "Deir al Zor"), ("Deir", "Deir ez-Zor"), ("al", "al Bab"), ("Tal", "Tall Rifaat"),
    ("Ras al-", "Ras al-Ain"), ("Kafr", "Kafr Nabl district"), ("Hama", "Hama a"), ("Bab", "Bab b"),
    ("Abu", "Abu Kamal"), ("Sheikh", "Sheikh Maqsoud"), ("Ain al", "Ain al Arab"), ("Idlib", "Idlib 2"),
])
def test_longer_keys_start_with_the_stem(short, longer):
    key, long_key = fold(short), fold(longer)
    words = stem(key)
    assert not words or long_key == words or long_key.startswith(words + " ")
    assert vowel_blind(long_key).startswith(vowel_blind(words))
    assert skeleton(long_key) in ("", vowel_blind(long_key))


def test_stems_hold_on_real_word_runs(shared):
    """Every run of words of real articles: the key of the longer run starts with the stem."""
    paths = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))[:60]
    for path in paths:
        words = path.read_text(encoding="utf-8").split()
        for i in range(len(words) - 2):
            short, longer = " ".join(words[i:i + 1]), " ".join(words[i:i + 3])
            words_ = stem(fold(short))
            long_key = fold(longer)
            if words_ and short[-1:].isalnum():  # a space follows: the seam `_best_at` requires
                assert long_key == words_ or long_key.startswith(words_ + " "), (short, longer)
                assert vowel_blind(long_key).startswith(vowel_blind(words_)), (short, longer)


def _small_gaz():
    return _gaz(GazEntry("t:1", "Deir ez-Zor", 35.3, 40.1, "city", "SY", 200_000, ["Deir ez-Zor"]),
                GazEntry("t:2", "Tall Rifaat", 36.47, 37.1, "town", "SY", 20_000, ["Tall Rifaat"]),
                GazEntry("t:3", "Springfield", 39.8, -89.6, "city", "US", 110_000, ["Springfield"]))


@pytest.mark.parametrize("key,grows", [
    ("dayr", True),            # "dayr zur"
    ("dayr al", True),         # the trailing article does not count
    ("tal", True),             # "tal rifat"
    ("tal rif", True),         # its skeleton starts the skeleton of "tal rifat"
    ("springfield", True),     # a key itself
    ("springfield mass", False),
    ("observatory", False),
    ("al", True),              # nothing but an article: anything may follow
])
def test_may_grow(key, grows):
    assert _small_gaz().may_grow(key) is grows


def test_the_index_answers_may_grow_like_memory(tmp_path):
    gaz = _small_gaz()
    save_sqlite(gaz, tmp_path / "index.sqlite")
    disk = SqliteGazetteer(tmp_path / "index.sqlite")
    keys = ["dayr", "dayr zur", "tal", "tal r", "tal rif", "springfield", "springfield mass", "observatory",
            "rakka", "zur", "d", "s"]
    for key in keys:
        # CRC32s may only let more spans grow, never fewer
        assert disk.may_grow(key) >= gaz.may_grow(key), key
    assert [disk.may_grow(k) for k in keys] == [gaz.may_grow(k) for k in keys]


def test_added_entries_are_seen_by_may_grow():
    gaz = _small_gaz()
    assert not gaz.may_grow("observatory")
    gaz.add(GazEntry("t:4", "Observatory Hill", 40.4, -80.0, "district", "US", 0, ["Observatory Hill"]))
    assert gaz.may_grow("observatory")


def _candidates(gaz, text):
    return [(c.start, c.end, c.key, c.entries, c.fuzzy) for c in generate(gaz, Toks(text, [0]))]


def test_stopping_spans_early_finds_the_same_candidates(shared, monkeypatch):
    gaz = default_gazetteer()
    paths = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))[::8]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    pruned = [_candidates(gaz, t) for t in texts]
    monkeypatch.setattr(type(gaz), "may_grow", lambda self, key: True)
    assert [_candidates(gaz, t) for t in texts] == pruned


# --- per-name facts and per-document rankings ----------------------------------------------

def _places(text):
    gaz = default_gazetteer()
    doc = Toks(text, [0])
    return [repr(m) for m in gp.geoparse(gaz, doc, "t", [], text)]


def test_remembered_facts_and_rankings_change_nothing(shared, monkeypatch):
    paths = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))[3::9]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    remembered = [_places(t) for t in texts]
    real_resolve = gp._resolve
    monkeypatch.setattr(gp, "_facts", lambda gaz, c: gp._name_facts(gaz, c))
    monkeypatch.setattr(gp, "_resolve", lambda gaz, doc, c, focus, cs, ranked=None:
                        real_resolve(gaz, doc, c, focus, cs, None))
    assert [_places(t) for t in texts] == remembered


def test_added_entries_clear_the_facts():
    gaz = _small_gaz()
    text = "Shelling hit Deir ez-Zor, and Zawtar."
    gp.geoparse(gaz, Toks(text, [0]), "t", [], text)
    assert gaz.facts
    gaz.add(GazEntry("t:5", "Zawtar", 35.7, 40.2, "village", "SY", 0, ["Zawtar"]))
    assert not gaz.facts


def test_settled_focus_reads_as_before():
    focus = Focus()
    focus.countries.update({"SY": 3.0, "TR": 1.5, "IQ": 3.0})
    focus.anchors = [(36.2, 37.15), (35.93, 36.63)]
    points = [(36.0, 37.0), (33.5, 36.3), (36.2, 37.15), (36.0, 37.0)]

    def read():
        return (focus.main, focus.share("SY"), focus.share("TR"), focus.share(None), focus.share("FR"),
                [focus.nearest_anchor_km(lat, lon) for lat, lon in points])

    before = read()
    focus.settle()
    assert read() == before and read() == before


def test_only_stale_indexes_are_removed(tmp_path):
    import os
    import time

    current, fresh, stale = (tmp_path / f"index-{n}.sqlite" for n in ("current", "fresh", "stale"))
    for path in (current, fresh, stale):
        path.write_bytes(b"")
    old = time.time() - 3 * 24 * 3600
    os.utime(stale, (old, old))
    _remove_stale(current)
    assert current.exists() and fresh.exists() and not stale.exists()
