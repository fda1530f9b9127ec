"""Fold the rows of an article that state the same quantity into one.

Articles restate their figures: the headline and the lead give the body's count again, often
rounded ("kill eight" / "at least eight") or with a vaguer source ("a UK-based monitoring
group" / "the Syrian Observatory for Human Rights"). These are one quantity; the row kept is the
one with the most specific source. Two mentions with different named sources ("at least four",
says CNN's video; "at least four", say the White Helmets) or different bounds in the body stay
apart: they are separate reports, for the cross-checker to group.
"""
from __future__ import annotations

from ..records import Figure

LEAD = 2                # sentences of headline and lead, whose figures restate the body's


def source_rank(source: str | None) -> int:
    """2 for a named source, 1 for a description ("a UK-based monitoring group"), 0 for none."""
    if not source:
        return 0
    return 1 if source.split()[-1].islower() else 2


class Repeats:
    """The rows of an article found to state one quantity: the one kept and what it absorbed."""

    def __init__(self, figure: Figure):
        self.kept = figure
        self.members = [figure]

    def takes(self, f: Figure) -> bool:
        """True when f restates this quantity (same kind and value, no conflicting source)."""
        k = self.kept
        if k.kind != f.kind or bool(k.vague) != bool(f.vague):
            return False
        if k.vague:
            return k.vague == f.vague and k.who == f.who and _sources_agree(k, f, True)
        if _other_people(k, f):
            return False
        lead = any(m.span.sentence < LEAD for m in self.members + [f])
        if not lead and not any(_close(m, f) for m in self.members):
            return False
        same_bounds = any((m.low, m.high) == (f.low, f.high) for m in self.members)
        shared = bool({k.low, k.high} & {f.low, f.high} - {None})
        return shared and (same_bounds or lead) and _sources_agree(k, f, lead)

    def add(self, f: Figure) -> None:
        self.members.append(f)
        if _detail(f) > _detail(self.kept):
            f.who = f.who or self.kept.who
            self.kept = f
        else:
            self.kept.who = self.kept.who or f.who


NEAR = 4                # sentences within which a body figure restates another


def _close(a: Figure, b: Figure) -> bool:
    """A restatement in the body follows closely and names no other day or place; a long
    narrative gives the same number for many incidents ("10 militants were killed" twice)."""
    gap = abs(a.span.sentence - b.span.sentence)
    if gap > NEAR:
        return False
    return gap == 0 or not (a.date and b.date and a.date != b.date) and not (a.place and b.place and a.place != b.place)


# the parts of a toll news copy lists side by side ("two women and two children were among the dead")
PARTS = frozenset({"children", "women", "men", "families", "medical workers", "aid workers", "journalists",
                   "workers", "police", "soldiers", "civilians", "rebels", "militants", "fighters"})


def _other_people(a: Figure, b: Figure) -> bool:
    """ "two women and two children": the same number of other people in one sentence is another
    quantity; "fighters" and "militants" in a headline and its lead are the same people."""
    if not (a.who and b.who) or a.who == b.who or a.span.sentence != b.span.sentence:
        return False
    if {a.who, b.who} <= {"fighters", "militants", "rebels"}:
        return False                   # one side's fighters named two ways
    return {a.who, b.who} <= PARTS


def _detail(f: Figure) -> tuple[int, bool]:
    """Which row of a repeated quantity to keep: the most specific source, then a bounded one
    ("at least 22 people" over the headline's "22")."""
    return source_rank(f.source), f.qualifier is not None


def _sources_agree(a: Figure, b: Figure, lead: bool) -> bool:
    """No source, the same source, or (in the lead) a description beside a name."""
    ranks = sorted((source_rank(a.source), source_rank(b.source)))
    if ranks[0] == 0:
        return True
    if ranks == [2, 2] or ranks == [1, 1]:
        return a.source.lower() == b.source.lower()
    return lead


def fold_repeats(figures: list[Figure]) -> list[Figure]:
    """One row per quantity and source: the row with the most specific source is kept."""
    groups: list[Repeats] = []
    for f in figures:
        group = next((g for g in groups if g.takes(f)), None)
        if group is None:
            groups.append(Repeats(f))
        else:
            group.add(f)
    return [g.kept for g in groups]
