"""Recall diagnostic: capitalised names after place cues that the places stage left out, and the
listed (curated) name each is closest to by its consonants.

    python -m frontwatch.geo.diagnose FOLDER [FOLDER ...]

A name the text marks as a place ("the X neighbourhood", "the village of X", "in X") that the
stage did not report, whose consonants lie within one edit of a listed name's, is a spelling
the matcher should learn to meet; the counts tell which kind of variant is commonest.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from ..pipeline import Analysis
from ..records import Document
from .fold import fold
from .gazetteer import default_gazetteer
from .tolerant import consonant_index, consonants

_CUED = re.compile(r"(?:\b(?:neighbou?rhood|district|village|town|city|area|suburb)s?\s+of\s+|\b(?:in|at|near)\s+"
                   r"(?:the\s+)?)((?:(?:al|el|ad|ar|as|ash|az)-)?[A-Z][\w'’-]+(?:\s+(?:(?:al|el)-)?[A-Z][\w'’-]+)*)"
                   r"|((?:(?:al|el|ad|ar|as|ash|az)-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)\s+(?:neighbou?rhood|district|"
                   r"village|town|area|camp|crossing)\b")


def missed_names(text: str, reported: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """(offset, name) of cue-marked capitalised names no reported mention overlaps."""
    out = []
    for m in _CUED.finditer(text):
        g = 1 if m.group(1) else 2
        s, e = m.span(g)
        if not any(a < e and s < b for a, b in reported):
            out.append((s, m.group(g)))
    return out


def nearest_listed(name: str, index) -> tuple[str, int] | None:
    """The listed name whose consonants are closest (at most one edit), with the distance."""
    c = consonants(fold(name))
    if len(c) < 4:
        return None
    best = min(((Levenshtein.distance(c, k), k) for k in index.by_key), default=None)
    if best is None or best[0] > 1:
        return None
    return index.by_key[best[1]][0][0], best[0]


def main(folders: list[str]) -> None:
    from ..extract.places import places_stage
    from ..extract.sentences import sentences_stage
    from ..extract.tokens import tokens_stage

    index = consonant_index(default_gazetteer())
    kinds = Counter()
    for folder in folders:
        for path in sorted(Path(folder).glob("*")):
            if path.suffix not in (".txt", ".md"):
                continue
            a = Analysis(Document(id=path.stem, text=path.read_text(encoding="utf-8")))
            a.layers["sentences"] = sentences_stage(a)
            a.layers["tokens"] = tokens_stage(a)
            spans = [(p.span.start, p.span.end) for p in places_stage(a)]
            for pos, name in missed_names(a.doc.text, spans):
                hit = nearest_listed(name, index)
                if hit:
                    kinds["same consonants" if hit[1] == 0 else "one edit"] += 1
                    print(f"{path.name}:{pos}\t{name}\t~ {hit[0]}\t(edit {hit[1]})")
    print(dict(kinds), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
