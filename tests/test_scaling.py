"""Long texts cost in proportion to their length, not its square.

Encyclopaedic articles run to 150,000 characters; a step that looks back through the whole text
for each reporting verb or quotation (quadratic) costs seconds on one such article and nothing a
short test would notice. Each test times one step on a short and on a long text built from the
same hand-written paragraph (quotations, attributions, dates), and compares the cost per
character, generously: the best of a few runs, a ratio well above noise but far below what a
quadratic scan gives at two hundred copies (tens of times).
"""
from __future__ import annotations

import time

import pytest

from frontwatch.extract.attribution import find_claims
from frontwatch.extract.sentences import split_sentences
from frontwatch.extract.timex import find_times
from frontwatch.extract.tokens import tokenize

# Written for this test: every claim frame the attribution rules know, and dates to resolve.
PARAGRAPH = (
    "Rebel commanders said on Monday that they had pushed into the northern district of the town. "
    "\u201cWe will not leave until the last fighter is safe,\u201d said Omar Haddad, a spokesman for "
    "the Northern Brigade. According to the regional monitoring group, 14 civilians were killed "
    "in the shelling on 3 March. The ministry denied the report, saying its forces had struck only "
    "military positions. \u201cThe strikes hit the market,\u201d a local doctor told reporters. "
    "He added that two clinics had closed last week.\n"
    "\u201cNobody came to help us for three days and the roads were closed,\u201d one resident said. "
    "Haddad later told state television that talks would resume in April.\n"
)
SHORT, LONG = 10, 200
MAX_RATIO = 3.0


def _claims(text: str) -> tuple:
    """The claims step alone: its inputs (tokens, sentences) are made before the clock starts."""
    doc, sentences = tokenize(text), split_sentences(text)
    return lambda: find_claims("t", text, doc, sentences)


def _sentences(text: str) -> tuple:
    return lambda: split_sentences(text)


def _times(text: str) -> tuple:
    sentences = split_sentences(text)
    return lambda: find_times(text, sentences, "t", "2017-03-10")


STEPS = {"claims": _claims, "sentences": _sentences, "times": _times}


def _cost(prepare, text: str, runs: int = 2) -> tuple[float, object]:
    """Best of a few CPU times of one step on `text`, and what the step returned."""
    step, best = prepare(text), float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        out = step()
        best = min(best, time.process_time() - t0)
    return best, out


@pytest.mark.parametrize("name", sorted(STEPS))
def test_scaling_cost_per_character_does_not_grow_with_length(name):
    prepare = STEPS[name]
    short, long = PARAGRAPH * SHORT, PARAGRAPH * LONG
    _cost(prepare, short, runs=1)  # load the data files and build the matchers outside the timing
    cost_short, found_short = _cost(prepare, short, runs=5)
    cost_long, found_long = _cost(prepare, long)
    ratio = (cost_long / len(long)) / (cost_short / len(short))
    assert ratio <= MAX_RATIO, (name, ratio)
    # and the long text is read like the short one: each copy of the paragraph gives the same records
    assert found_short and len(found_long) == len(found_short) * LONG // SHORT
