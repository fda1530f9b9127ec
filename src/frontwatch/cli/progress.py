"""A progress bar for long runs, shown on a terminal only (quiet in CI and pipes)."""
from __future__ import annotations

import sys
from contextlib import contextmanager


@contextmanager
def progress_bar(total: int, label: str, min_items: int = 20):
    """Yield an `advance()` callable; draws a bar on stderr for runs of `min_items` or more."""
    if total < min_items or not sys.stderr.isatty():
        yield lambda: None
        return
    # imported here: rich costs a run a tenth of a second of start-up, and only a terminal sees it
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)
