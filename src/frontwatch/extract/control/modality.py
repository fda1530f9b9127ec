"""What a cue states here (step 3 of the stage): a fact, a fight, a plan, or nothing.

A negated cue states nothing; a base form after "to"/"trying" is a fight for the place, not a
capture; a holding put in the past ("held X until 2016") or a fight that is only possible ("to
block any advance on X") states nothing about now; a denial verb names who denies the claim.
"""
from __future__ import annotations

import itertools

from .context import Context, preceding_words, sentence_tokens
from .rules import FAMILY, Cue, words
from .subjects import subject_of


def stated_change(ctx: Context, span, cue: Cue) -> str | None:
    """The change the cue states here: None when negated, 'contested' when only intended."""
    before = preceding_words(ctx, span.start, 5)
    w = words()
    if any(x in w["negation"] for x in before[:2]):
        return None
    if cue.change == "captured" and _nominal_aim(ctx, span):
        return "contested"  # "an operation aimed at the liberation of X": a capture sought
    verb_form = ctx.tokens[span.start].lower_ in w["adjacent"] and before[:1] == ["to"]  # "to capture the city of"
    if (cue.intent or verb_form) and _intended(ctx.tokens[span.start].lower_, before):
        return "contested" if cue.change == "captured" else None
    if cue.change == "captured" and any(x in w["prevention"] for x in before):
        return "contested"  # "prevented ISIS from capturing X": a fight for X, not a capture
    return cue.change


def _nominal_aim(ctx: Context, span) -> bool:
    """'aimed at the liberation of X', 'in preparation for the capture of X': a noun cue under
    a word of intent names a goal."""
    w = words()
    head = span.start + 1 if ctx.tokens[span.start].lower_ == "the" else span.start
    if ctx.tokens[head].lower_ not in w["adjacent"]:
        return False
    return any(x in w["aim"] for x in preceding_words(ctx, span.start, 4))


NOT_INFINITIVE = frozenset({"addition", "due", "prior", "thanks", "according", "owing", "next", "return"})


def _intended(verb: str, before: list[str]) -> bool:
    """Is a base-form cue a plan ("trying to seize", "able to hold and control")?

    "in addition to securing" and "claimed to control" state facts, not plans.
    """
    while len(before) > 2 and before[0] in {"and", "or"}:
        before = before[2:]  # "to hold and control": the plan governs both verbs
    if before[:1] == ["to"]:
        return not (len(before) > 1 and (before[1] in NOT_INFINITIVE or before[1].startswith(FACT_BEFORE_TO)))
    return any(x in words()["intent"] and x != "to" for x in before[:3])


# "continues to hold", "claimed to control", "appears to be in": the infinitive states a fact
FACT_BEFORE_TO = ("continu", "remain", "used", "claim", "appear", "seem", "said", "report", "believ",
                  "known", "thought", "understood", "likely", "managed", "manage", "succeeded", "went on")


def denial(ctx: Context, sent: int, span) -> str | None:
    """Who denies the cue's claim ("the army denied losing X"), when a denial verb governs it."""
    first = sentence_tokens(ctx, sent).start
    for i in range(span.start - 1, max(first, span.start - 12) - 1, -1):
        if ctx.tokens[i].lower_ in words()["denial"]:
            denier = subject_of(ctx, sent, i)
            return denier.actor if denier else "unnamed"
    return None


def claim_for(ctx: Context, start_char: int):
    """The attributed claim whose quote (or sentence span) holds a character offset, or None."""
    for c in ctx.claims:
        spans = list(getattr(c, "quote_spans", None) or []) or [c.span]
        if any(s.start <= start_char < s.end for s in spans):
            return c
    return None


def not_a_fact(ctx: Context, sent: int, span, change: str) -> bool:
    """A holding put in the past ("its former stronghold", "held X until 2016") or a fight
    that is only a possibility ("to block any advance on X") states nothing about now."""
    before = preceding_words(ctx, span.start, 3)
    w = words()
    if FAMILY[change] == "fight" and any(x in w["hypothetical"] for x in before):
        return True
    if change != "captured" and any(x in w["prevention"] for x in preceding_words(ctx, span.start, 6)):
        return True
    rng = sentence_tokens(ctx, sent)
    if ctx.tokens[span.start].lower_ in w["adjacent"] or ctx.tokens[span.start].lower_ == "the":
        after = list(itertools.takewhile(lambda x: x not in w["break"],
                                         (t.lower_ for t in ctx.tokens[span.end:min(rng.stop, span.end + 12)])))
        if any(x in w["conditional"] for x in after):
            return True  # "the fall of X to Y would mark ...": a capture imagined, not made
    if change != "holds":
        return False
    after = [t.lower_ for t in ctx.tokens[span.end:min(rng.stop, span.end + 8)]]
    return "until" in after or "till" in after
