"""Fold place names so that transliteration variants of one name meet on one key.

English news writes the same Arabic name many ways: al-/el-/an-/ash- articles, doubled or single
consonants (Raqqa/Raqa), vowel variants (Idlib/Idleb, Zeita/Zita/Zayta), apostrophes for ayn
and hamza (Ma'arrat/Maarat), endings (-iyeh/-iyah/-ieh), and generic words (Tal/Tall/Tell,
Deir/Dayr, Kafr/Kfar). Two keys are built:

- `fold`: lower case, no diacritics, no apostrophes, articles dropped, generic words and endings
  canonicalised, doubled letters collapsed. Safe enough for every name in the world.
- `skeleton`: the consonants of the fold (vowels and inner y/w dropped, q=k). It meets far more
  variants and collides more, so the gazetteer only indexes it for transliterated names
  (countries whose names reach English through Arabic) and only when it is long enough.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Definite-article forms glued with a hyphen or written apart: al-Bab, ash-Sham, ez-Zor, an-Nabk.
ARTICLES = frozenset("al el il ul an en ash esh as es ad ed ar er at et az ez adh ath dh".split())

# Generic words of Arabic place names, each written many ways; canonical form first.
GENERIC = {
    "tal": "tal tall tell tel til",
    "dayr": "deir dayr dair der deyr",
    "kafr": "kafr kfar kafar kefr kfr kefer kefar kufr",
    "shaykh": "sheikh shaykh sheik shaikh sheykh cheikh",
    "ayn": "ain ayn ein aiyn ein ayin",
    "jabal": "jabal jebel jabel jbel jebal",
    "bayt": "beit bayt beyt bait",
    "abu": "abu abou abo",
    "umm": "umm um om oum",
    "ras": "ras raas",
    "khirbat": "khirbat khirbet kherbet khirbeh",
    "maarat": "maarat maaret marat maarrat maarrit maarret",
    "jisr": "jisr jisir jesr",
    "bab": "bab",
    "nahr": "nahr nahar",
    "wadi": "wadi wady",
    "qalat": "qalat qalaat kalat",
    "hayy": "hay hayy hai",
    "mazraat": "mazraat mazraa mazraet",
    "saint": "st saint",
    "mount": "mt mount",
    "fort": "ft fort",
}
GENERIC_OF = {v: canon for canon, vs in GENERIC.items() for v in vs.split()}

_QUOTES = re.compile(r"[‘’'`´ʿʾʻʼ′]")
_WORD = re.compile(r"[a-z0-9]+")
# A letter repeated: the repeats after the first go ("raqqa" -> "raqa"). Deleting them, with
# the letter read by a look-behind, is `([a-z])\1+` replaced by `\1` without the template a
# back-reference makes `re` expand in Python for every match.
_REPEATS = re.compile(r"(?<=([a-z]))\1+")
_ENDING = re.compile(r"(?:iyyeh|iyyah|iyya|iyeh|iyah|iyya|iyé|ieh|iah|iya|ije|iye|ia)$")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_GLUED_ARTICLE = re.compile(r"^[ae]([tdrzsn])(?=\1)")  # ezzor -> zor, arraqqa -> raqqa
_VOWEL_RUN = re.compile(r"(?:(?<=[a-z])[aeiouy]|^[aeiou])(?:[aeiouyw]*(?![aeiouyw]))")


def strip_accents(text: str) -> str:
    """ASCII-ish lower case: Ḩamāh -> hamah, Öncüpınar -> oncupinar."""
    if text.isascii():
        return text.lower()  # nothing to decompose: most names of English news
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("ı", "i").replace("ß", "ss").replace("ø", "o").replace("æ", "ae").lower()


@lru_cache(maxsize=100_000)
def _fold_word(word: str) -> str:
    word = GENERIC_OF.get(word, word)
    if word in GENERIC:
        return word
    word = word.replace("ou", "u").replace("ee", "i").replace("oo", "u")
    word = _ENDING.sub("iya", word) if len(word) > 5 else word
    word = _FINAL_H.sub("", word)
    word = _REPEATS.sub("", word)
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1] + "a"  # Salamiye/Salamiya, Mazze/Mazza
    return word


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """The tolerant key of a name; '' when nothing Latin is left (Arabic script, symbols)."""
    text = _WORD.findall(_QUOTES.sub("", strip_accents(name)))
    if len(text) < 2:  # one word (most spans): no article to drop, none glued to a later word
        return _fold_word(text[0]) if text else ""
    while len(text) > 1 and text[0] in ARTICLES:
        text = text[1:]
    words = [w for i, w in enumerate(text) if not (w in ARTICLES and i < len(text) - 1)]
    # An article assimilated and glued to a later word ("Deir Ezzor", "Tell Abyad" is left alone).
    words = [w if k == 0 or w[0] not in "ae" else _GLUED_ARTICLE.sub("", w) for k, w in enumerate(words)]
    return " ".join(_fold_word(w) for w in words)


@lru_cache(maxsize=200_000)
def skeleton(folded: str) -> str:
    """Vowel-blind key of a folded name: every vowel run is 'a', q is k, spaces go.

    'tal refat' and 'tal rifat' -> 'talrafat'; 'nayrabiya' and 'nairabiya' -> 'naraba'.
    '' for keys under four letters, which would collide too often.
    """
    s = vowel_blind(folded)
    return s if len(s) >= 4 else ""


def vowel_blind(folded: str) -> str:
    """The skeleton at any length. That of a longer name starts with that of its first words
    (a vowel run or a doubled letter across the seam still gives one letter), which is what
    lets candidate generation stop a span no skeleton starts like (see `stem`)."""
    s = folded.replace(" ", "").replace("q", "k")
    return _REPEATS.sub("", _VOWEL_RUN.sub("a", s))


def stem(key: str) -> str:
    """The words with which the key of every longer text starting with this one's text begins:
    the key without trailing articles ("bab al" -> "bab"; the article is dropped once a word
    follows it). Valid when the text ends at a word boundary the longer text keeps (a space or
    punctuation other than an apostrophe, which `fold` deletes and so joins words)."""
    words = key.split(" ")
    while words and words[-1] in ARTICLES:
        words.pop()
    return " ".join(words)
