"""Tokenise the whole document once with spaCy's blank English pipeline.

No trained pipeline is available offline, so frontwatch uses spaCy for what rules need:
tokens with character offsets, `Matcher` and `PhraseMatcher`. The tokenised `Doc` is shared by
every extractor through the `tokens` layer; token `idx` values are offsets into the document
text, the same offsets every record carries.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from operator import itemgetter

import spacy
from spacy.attrs import (IS_ALPHA, IS_ASCII, IS_BRACKET, IS_CURRENCY, IS_DIGIT, IS_LEFT_PUNCT, IS_LOWER, IS_PUNCT,
                         IS_QUOTE, IS_RIGHT_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LIKE_NUM, LIKE_URL, LOWER, ORTH,
                         PREFIX, SHAPE, SUFFIX)
from spacy.lang import lex_attrs as base_attrs
from spacy.lang.en import lex_attrs as en_attrs
from spacy.language import Language
from spacy.tokens import Doc

from ..pipeline import Analysis, stage


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The shared blank English pipeline (tokenizer, lexical attributes, no model weights)."""
    lang = spacy.blank("en")
    _faster_lexical_attributes(lang.vocab.lex_attr_getters)
    return lang


# -- lexical attributes -------------------------------------------------------------------------
# spaCy computes some twenty attributes of every word the first time it meets it, by calling one
# Python function per attribute; in a run over new articles that is half the cost of tokenising.
# The slowest few are replaced by functions giving the same values faster (tests/test_tokens.py
# compares them on every word of the corpora), and only where the getter is spaCy's own.

_NUMBER_WORDS = frozenset(en_attrs._num_words) | frozenset(en_attrs._ordinal_words)


def word_shape(text: str) -> str:
    """spaCy's `word_shape` ("Xxxxx", "dddd": a run of one kind is cut at four), written out for
    the plain ASCII words and numbers that are most words."""
    if text.isascii() and len(text) < 100:
        if text.isalpha():
            if text.islower():
                return "x" * min(len(text), 4)
            if text.isupper():
                return "X" * min(len(text), 4)
            if text[0].isupper() and text[1:].islower():
                return "X" + "x" * min(len(text) - 1, 4)
        elif text.isdigit():
            return "d" * min(len(text), 4)
    return base_attrs.word_shape(text)


def like_num(text: str) -> bool:
    """spaCy's English `like_num` ("10,000", "1/2", "ten", "4th"), with the number words in a set."""
    if text.startswith(("+", "-", "±", "~")):
        text = text[1:]
    text = text.replace(",", "").replace(".", "")
    if text.isdigit():
        return True
    if "/" in text and text.count("/") == 1:
        num, denom = text.split("/")
        if num.isdigit() and denom.isdigit():
            return True
    text_lower = text.lower()
    if text_lower in _NUMBER_WORDS:
        return True
    return text_lower.endswith(("st", "nd", "rd", "th")) and text_lower[:-2].isdigit()


def like_url(text: str) -> bool:
    """spaCy's `like_url`, with its character loop looking for a full stop made one test."""
    if text.startswith("http://") or text.startswith("https://"):
        return True
    if text.startswith("www.") and len(text) >= 5:
        return True
    if text[0] == "." or text[-1] == "." or "@" in text or "." not in text:
        return False
    tld = text.rsplit(".", 1)[1].split(":", 1)[0]
    if tld.endswith("/"):
        return True
    return bool(tld.isalpha() and tld in base_attrs._tlds or base_attrs.URL_MATCH(text))


# ASCII characters of the Unicode punctuation (P*) and currency (Sc) categories spaCy tests for
ASCII_PUNCT = "".join(c for c in map(chr, range(128)) if unicodedata.category(c).startswith("P"))
ASCII_CURRENCY = "".join(c for c in map(chr, range(128)) if unicodedata.category(c) == "Sc")


def is_punct(text: str) -> bool:
    """spaCy's `is_punct` (every character in a P* category), without a category look-up per
    character for ASCII words."""
    return not text.strip(ASCII_PUNCT) if text.isascii() else base_attrs.is_punct(text)


def is_currency(text: str) -> bool:
    """spaCy's `is_currency` (every character in the Sc category), the same way."""
    return not text.strip(ASCII_CURRENCY) if text.isascii() else base_attrs.is_currency(text)


def _member_of(getter, probe: str):
    """`text in <the tuple spaCy's getter tests>` as a built-in set look-up: spaCy's getters of
    bracket and quote characters hold their tuple inside the function, so it is read from the
    function's constants (the getter itself if they are not found there)."""
    words = next((c for c in getter.__code__.co_consts if isinstance(c, tuple) and probe in c), None)
    return frozenset(words).__contains__ if words else getter


# Getters spaCy writes as Python functions calling one string method, replaced by that method
# (a built-in call is several times cheaper, and they run for every new word).
FASTER_GETTERS = {SHAPE: (base_attrs.word_shape, word_shape), LIKE_NUM: (en_attrs.like_num, like_num),
                  LIKE_URL: (base_attrs.like_url, like_url), IS_ASCII: (base_attrs.is_ascii, str.isascii),
                  LOWER: (base_attrs.lower, str.lower), PREFIX: (base_attrs.prefix, itemgetter(0)),
                  SUFFIX: (base_attrs.suffix, itemgetter(slice(-3, None))),
                  IS_ALPHA: (base_attrs.is_alpha, str.isalpha), IS_DIGIT: (base_attrs.is_digit, str.isdigit),
                  IS_LOWER: (base_attrs.is_lower, str.islower), IS_SPACE: (base_attrs.is_space, str.isspace),
                  IS_TITLE: (base_attrs.is_title, str.istitle), IS_UPPER: (base_attrs.is_upper, str.isupper),
                  IS_PUNCT: (base_attrs.is_punct, is_punct), IS_CURRENCY: (base_attrs.is_currency, is_currency),
                  IS_BRACKET: (base_attrs.is_bracket, _member_of(base_attrs.is_bracket, "(")),
                  IS_QUOTE: (base_attrs.is_quote, _member_of(base_attrs.is_quote, '"')),
                  IS_LEFT_PUNCT: (base_attrs.is_left_punct, _member_of(base_attrs.is_left_punct, "(")),
                  IS_RIGHT_PUNCT: (base_attrs.is_right_punct, _member_of(base_attrs.is_right_punct, ")"))}


def _faster_lexical_attributes(getters: dict) -> None:
    for attr, (original, faster) in FASTER_GETTERS.items():
        if getters.get(attr) is original:
            getters[attr] = faster


def tokenize(text: str) -> Doc:
    """A spaCy Doc for text, without running any pipeline component."""
    return nlp().make_doc(text)


def phrase_keys(phrases: list[str], attr: int) -> list[list[int]]:
    """For each phrase, the `attr` values (ORTH, LOWER, NORM) of the tokens `tokenize(phrase)`
    gives: what `PhraseMatcher.add` takes as a pattern, without a Doc per pattern.

    Building matchers from thousands of aliases cost a Doc each (most of the set-up time of the
    stages). The tokenizer cuts a text at whitespace first and splits each piece on its own, so
    the tokens of "Russian jets" are those of "Russian" followed by those of "jets": each
    distinct word is tokenised once, all in one Doc, one per line, and the token list is cut at
    the line breaks. A phrase with other whitespace than single inner spaces, or a batch that
    does not cut into as many pieces as it has words, is tokenised on its own.
    """
    out: list[list[int] | None] = [None] * len(phrases)
    batch = [i for i, p in enumerate(phrases) if p and " ".join(p.split()) == p]
    words = list(dict.fromkeys(w for i in batch for w in phrases[i].split(" ")))
    if words:
        newline = nlp().vocab.strings["\n"]
        pieces: list[list[int]] = [[]]
        for orth, value in tokenize("\n".join(words)).to_array([ORTH, attr]).tolist():
            if orth == newline:
                pieces.append([])
            else:
                pieces[-1].append(value)
        if len(pieces) == len(words):
            tokens_of = dict(zip(words, pieces))
            for i in batch:
                out[i] = [v for w in phrases[i].split(" ") for v in tokens_of[w]]
    return [found if found is not None else tokenize(p).to_array([attr]).reshape(-1).tolist()
            for p, found in zip(phrases, out)]


@stage("tokens", produces="tokens", requires=("document",))
def tokens_stage(analysis: Analysis) -> Doc:
    """Tokenise the normalised text; token offsets index `Document.text`."""
    return tokenize(analysis.doc.text)
