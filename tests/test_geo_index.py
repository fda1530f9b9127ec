"""The speed devices of the gazetteer index and of the folds answer exactly what the plain forms
answered: the hash bit maps, the structures stored with the index (`gazetteer.DERIVED`), the
repeat-dropping regex and the anaphora pattern. Every sentence here is written for these tests."""
from __future__ import annotations

import json
import re
import zlib
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontwatch.geo import anaphora, fold, poi_after, spelling, tolerant  # noqa: F401 (register DERIVED)
from frontwatch.geo.gazetteer import DERIVED, HashSet, default_gazetteer, hash_bits


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(0, 2**32 - 1), max_size=300), st.lists(st.integers(0, 2**32 - 1), max_size=300))
def test_a_hash_set_holds_exactly_its_hashes(present, probes):
    hashes = HashSet(array("I", sorted(present)), hash_bits(present))
    for h in [*present, *probes]:
        assert hashes.holds(h) is (h in present)


@pytest.mark.parametrize("name", ["aleppo", "dayr zor", "no such place anywhere", "~trks"])
def test_the_index_holds_the_hash_of_a_key_iff_it_has_the_key(name):
    gaz = default_gazetteer()
    assert gaz.hashes.holds(zlib.crc32(name.encode())) is bool(gaz._ids(name) or gaz.db.execute(
        "SELECT 1 FROM keys WHERE key=?", (name,)).fetchone())


def test_every_module_registering_derived_data_is_imported_when_the_index_is_built():
    """`save_sqlite` imports DERIVED_MODULES to collect the builders: a module missing there
    would have its data worked out again in every process instead of read from the index."""
    from frontwatch.geo import gazetteer

    folder = Path(gazetteer.__file__).parent
    registering = {f.stem for f in folder.glob("*.py") if f.stem != "gazetteer" and "DERIVED[" in f.read_text("utf-8")}
    assert registering and registering <= set(gazetteer.DERIVED_MODULES)


@pytest.mark.parametrize("name", sorted(DERIVED))
def test_what_the_index_stores_is_what_its_builder_gives(name):
    gaz = default_gazetteer()
    stored = json.loads(gaz.db.execute("SELECT value FROM meta WHERE name=?", ("derived:" + name,)).fetchone()[0])
    assert stored == json.loads(json.dumps(DERIVED[name](gaz)))


@pytest.mark.parametrize("word", ["raqqa", "aaab", "mazze", "a", "", "ll", "abbbcddde", "tall rifaat", "kk9kk"])
def test_repeats_are_dropped_as_the_back_reference_dropped_them(word):
    assert fold._REPEATS.sub("", word) == re.sub(r"([a-z])\1+", r"\1", word)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeqyz 9-'", max_size=30))
def test_folded_keys_lose_repeats_like_before(word):
    assert fold._REPEATS.sub("", word) == re.sub(r"([a-z])\1+", r"\1", word)


_OLD_NOUN = re.compile(r"\b[Tt]he (?:(?:city|town)(?:'|’)s )?(?:(?:main|international|military|old|ancient|central) )?"
                       r"(airport|citadel|airbase|air base|university|prison|dam)\b")


@pytest.mark.parametrize("text", [
    "The airport reopened after the city's main airport was shelled.",
    "Bathe airport workers went home; breathe the dam air.",
    "the town’s old citadel and The university",
    "Lathe prison, the prisons, the dams, the damage to the dam.",
    "xThe airport", "The", "",
])
def test_the_anaphora_pattern_finds_what_the_word_boundary_found(text):
    spans = [(m.span(), m.group(1)) for m in anaphora.NOUN.finditer(text)]
    assert spans == [(m.span(), m.group(1)) for m in _OLD_NOUN.finditer(text)]
    if spans:
        assert any(word in text for word in anaphora.NOUN_WORDS)


@settings(max_examples=200, deadline=None)
@given(st.floats(-80, 80), st.floats(-179, 179),
       st.lists(st.tuples(st.floats(-80, 80), st.floats(-179, 179)), min_size=1, max_size=12))
def test_nearest_anchor_is_the_least_approx_km(lat, lon, anchors):
    from frontwatch.geo.rank import NEAR_REACH_KM, Focus, approx_km

    focus = Focus(anchors=anchors)
    expected = min(NEAR_REACH_KM, min(approx_km(lat, lon, a, b) for a, b in anchors))
    assert focus.nearest_anchor_km(lat, lon) == expected
