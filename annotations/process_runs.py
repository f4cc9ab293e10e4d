"""Work over a large store cut into runs of articles by id, one process per core: what agreement
and export do with a corpus of tens of thousands of articles (Python's cost per span is the rest
of their time once the rows are read)."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import get_context, resource_tracker
from multiprocessing.pool import Pool

from annotations.interruptions import handling, terminating

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


@contextmanager
def run_pool(size: int) -> Iterator[Pool]:
    """Processes for the runs, spawned, not forked (the app has threads running). Leaving the
    ``with`` block (an error, ctrl+c or SIGTERM in the calling process) ends them at once.

    They leave ctrl+c to the calling process from their first instruction: SIGINT is ignored
    while they are started, and an ignored signal stays ignored across exec (Python then installs
    no KeyboardInterrupt of its own), so a ctrl+c while they import shows no traceback of theirs.
    SIGTERM ends the calling process as an exception would, its processes ended with it (status
    143). They write nothing to standard error: their errors come back to the calling process,
    and when it was killed (SIGKILL) they have nobody to tell."""
    with handling(signal.SIGINT, signal.SIG_IGN):
        if threading.current_thread() is threading.main_thread():
            _start_resource_tracker_quietly()
        pool = get_context("spawn").Pool(size, initializer=_quiet)
    with terminating(), pool:
        yield pool


def _start_resource_tracker_quietly() -> None:
    """multiprocessing's resource tracker (a process that frees the pool's semaphores if the
    calling process dies) started with its standard error on /dev/null: after a SIGKILL it would
    print a warning with a source line about "leaked semaphore objects" that a user can do
    nothing about. It takes standard error's descriptor (2) as it is when it starts."""
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        resource_tracker.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _quiet() -> None:
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (for the life of the process)
