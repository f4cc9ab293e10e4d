"""Work over a large store cut into runs of articles by id, one process per core: what agreement
and export do with a corpus of tens of thousands of articles (Python's cost per span is the rest
of their time once the rows are read)."""

from __future__ import annotations

import os
import signal
from multiprocessing import get_context
from multiprocessing.pool import Pool

# Articles from which work is split among processes: below, starting a process (~0.3 s) costs
# more than it saves.
PARALLEL_FROM = 20_000
MOST_PROCESSES = 4


def processes_for(article_count: int) -> int:
    """One per core (at most ``MOST_PROCESSES``) for a large store, else 1."""
    if article_count < PARALLEL_FROM:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, MOST_PROCESSES)


def runs_after(bounds: list[str]) -> list[tuple[str, str | None]]:
    """(after, up to) of each run but the first (up to ``bounds[0]``, which the calling process
    does itself): the last one to the end."""
    return list(zip(bounds, [*bounds[1:], None]))


def run_pool(size: int) -> Pool:
    """Processes for the runs, spawned, not forked (the app has threads running); leaving its
    ``with`` block (an error, ctrl+c in the calling process) ends them at once."""
    return get_context("spawn").Pool(size, initializer=_ignore_interrupts)


def _ignore_interrupts() -> None:
    """A run's process leaves ctrl+c to the one that started it, which ends them all at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
