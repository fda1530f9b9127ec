"""Tokens: the shared tokenizer and matcher patterns built without a Doc per pattern
(`phrase_keys` must give exactly what tokenising each phrase on its own gives)."""
from __future__ import annotations

import pytest
from spacy.attrs import LOWER, NORM, ORTH

from frontwatch.extract import actors
from frontwatch.extract.attribution import lexicon, registry
from frontwatch.extract.tokens import phrase_keys, tokenize


def _alone(phrases: list[str], attr: int) -> list[list[int]]:
    return [tokenize(p).to_array([attr]).reshape(-1).tolist() for p in phrases]


@pytest.mark.parametrize("attr", [ORTH, LOWER, NORM])
def test_phrase_keys_match_tokenising_each_phrase(attr):
    phrases = ["Free Syrian Army", "U.S.-backed forces", "al-Nusra Front", "Syria's army", "state TV",
               "(SOHR)", "according to", "rebels' positions", "Jaish al-Islam", "Russian jets", "Russian"]
    assert phrase_keys(phrases, attr) == _alone(phrases, attr)


@pytest.mark.parametrize("phrases", [
    ["  two  spaces ", "tab\tinside", "line\nbreak", "plain words"],   # tokenised on their own
    ["", "x"],                                                     # empty phrase: no tokens
    [],
])
def test_phrase_keys_odd_whitespace_falls_back(phrases):
    assert phrase_keys(phrases, ORTH) == _alone(phrases, ORTH)


@pytest.mark.parametrize("attr", [ORTH, LOWER, NORM])
def test_phrase_keys_on_every_registry_alias(attr):
    """The matchers of the actors, sources and cues are built from these data files."""
    reg = actors.registry()
    phrases = [*reg.aliases, *reg.generated, *registry.registry(), *lexicon.verbs()]
    assert phrase_keys(phrases, attr) == _alone(phrases, attr)


@pytest.fixture(scope="module")
def corpus_words(shared) -> list[str]:
    """Every distinct token of the first articles of each corpus (plain files, read directly)."""
    words: set[str] = set()
    for folder, limit in (("corpora/fa-kes/articles", 200), ("corpora/wikipedia-syria", 15), ("seeds", 5)):
        for path in sorted((shared / folder).iterdir())[:limit]:
            words.update(t.text for t in tokenize(path.read_text("utf-8", errors="replace")))
    return sorted(words)


WRITTEN = ["Government", "SANA", "al-Assad", "U.S.", "2015", "10,000", "1/2", "1/2/3", "4th", "Tenth", "-5",
           "±3", "~20", "twenty", "x" * 120, "aaaaaaa", "......", "Zürich", "İdlib", "ΣΟΣ", "http://x.y",
           "www.sana.sy", "sana.sy", "a.b/", "user@host.com", ".com", "com.", "ab:c", "localhost:80/x", "AbCd",
           "a", "A", "9", "'s", "\n", " ", "—", "١٢٣", "$", "$$", "€", "US$", "(", "((", "''", "«", "”", "...", "?!",
           "-", "+", "&", "a-b", "«»", "❮"]


@pytest.mark.parametrize("attr", ["SHAPE", "LIKE_NUM", "LIKE_URL", "IS_ASCII", "LOWER", "PREFIX", "SUFFIX", "IS_ALPHA",
                                  "IS_DIGIT", "IS_LOWER", "IS_SPACE", "IS_TITLE", "IS_UPPER", "IS_PUNCT",
                                  "IS_CURRENCY", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT"])
def test_faster_lexical_attributes_equal_spacys(corpus_words, attr):
    """The faster getters give spaCy's values on every word of the corpora and on odd ones."""
    from spacy import attrs

    from frontwatch.extract.tokens import FASTER_GETTERS

    original, faster = FASTER_GETTERS[getattr(attrs, attr)]
    words = corpus_words + WRITTEN
    assert [faster(w) for w in words] == [original(w) for w in words]


def test_faster_lexical_attributes_are_installed():
    from frontwatch.extract.tokens import FASTER_GETTERS, nlp

    getters = nlp().vocab.lex_attr_getters
    assert all(getters[attr] is faster for attr, (_, faster) in FASTER_GETTERS.items())
    doc = tokenize("Rebels took 4th Brigade HQ near www.example.com on 12/03/2016, killing ten.")
    assert [t.shape_ for t in doc][:3] == ["Xxxxx", "xxxx", "dxx"]
    assert [t.text for t in doc if t.like_num] == ["4th", "ten"]
    assert [t.text for t in doc if t.like_url] == ["www.example.com"]
