"""Who a figure is attributed to: sources carried by noun phrases, possessives and acronyms, and
verbs that assert no number ("claimed responsibility"). Sentences are written for the test."""
from __future__ import annotations

import pytest

from frontwatch.extract.figure_sources import attributions, sentence_source, text_of
from frontwatch.extract.figure_words import index_at, words_of
from frontwatch.pipeline import default_pipeline
from frontwatch.records import Document


def own_source(text: str, figure: str):
    """The source the figure's own sentence gives (figure_sources alone, no claims layer)."""
    words = words_of(text, 0)
    start = text.index(figure)
    qs, qe = index_at(words, start), index_at(words, start + len(figure))
    span = sentence_source(words, qs, qe, attributions(words))
    return text_of(words, span, text) if span and span != "pronoun" else span


@pytest.mark.parametrize("text, figure, source", [
    ("A recent report by the Syrian Network for Human Rights showed that over 1200 civilians were killed.",
     "over 1200 civilians", "Syrian Network for Human Rights"),
    ("Figures from the health ministry put the toll at 40 people.", "40 people", "health ministry"),
    ("The SOHR said Turkish war planes struck the village, killing 14 fighters.", "14 fighters", "SOHR"),
    ("The coalition acknowledged the deaths of 735 civilians in its strikes.", "735 civilians", "coalition"),
    ("A car bomb killed at least 16 people in the northeastern city of Hasakeh an official said.",
     "at least 16 people", "official"),
    ("At least 30 fighters were killed in north-eastern Syria a monitoring group says.", "At least 30 fighters",
     "monitoring group"),
    ("In total 84 people were killed near Damascus UN says.", "84 people", "UN"),
    ("Rebel fire killed 1102 people said the Observatory adding that 234 of them were children.", "234 of them",
     "Observatory"),
    ("The war has claimed more than 300000 lives according to the monitor.", "more than 300000 lives", "monitor"),
    ("In a statement the Syrian Network for Human Rights (SNHR) said that 120 people died under torture.",
     "120 people", "Syrian Network for Human Rights"),
])
def test_source_in_the_sentence(text, figure, source):
    assert own_source(text, figure) == source


@pytest.mark.parametrize("text, figure", [
    ("Islamic State claimed responsibility for a suicide attack that killed at least 32 people.", "at least 32 people"),
    ("The group claimed control of the village where 12 soldiers died.", "12 soldiers"),
])
def test_claiming_an_attack_is_not_asserting_its_toll(text, figure):
    assert own_source(text, figure) is None


def test_possessive_record_noun_refers_back():
    assert own_source("His figures allege that 83 extremists died.", "83 extremists") == "pronoun"


@pytest.fixture(scope="module")
def analyse():
    pipeline = default_pipeline(strict=True)
    return lambda text: pipeline.run(Document(id="t", text=text))


@pytest.mark.parametrize("text, figure, source", [
    ("Colonel Samir Aziz told reporters on Monday that the raids had ended. His figures allege that 83 extremists "
     "died in the raids.",
     "83 extremists", "Samir Aziz"),
    ("Islamic State claimed responsibility for a suicide attack that killed at least 32 people.", "at least 32 people",
     None),
    ("The coalition acknowledged the deaths of 735 civilians in its strikes.", "735 civilians", "coalition"),
])
def test_figure_source_in_the_pipeline(analyse, text, figure, source):
    figures = {f.text: f.source for f in analyse(text)["figures"]}
    assert figures[figure] == source or source is not None and source in (figures[figure] or "")
