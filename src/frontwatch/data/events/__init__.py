"""Event vocabulary and the ACLED mapping (see README.md in this folder)."""
from __future__ import annotations

from importlib import resources


def rows(name: str, width: int) -> list[list[str]]:
    """The data rows of a tab-separated file here: comments and the header line skipped.

    Rows are padded or cut to `width` cells so a short line never breaks a loader.
    """
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    lines = [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out = []
    for line in lines[1:]:  # the first non-comment line is the header
        cells = [c.strip() for c in line.split("\t")]
        out.append((cells + [""] * width)[:width])
    return out
