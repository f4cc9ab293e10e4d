"""Ctrl+c and SIGTERM, noted as they become exceptions.

One that arrives while SQLite runs an SQL function of ours (``hasiye_fold`` in an ORDER BY or a
trigger, ``hasiye_index_now`` in the articles' triggers) is raised inside that function, and
sqlite3 reports "user-defined function raised exception" in its place: the CLI tells it by this
note and ends as the signal says ("Aborted!", status 143), not with "the database cannot be used".
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

_NOTED: list[int] = []
SQL_FUNCTION_FAILED = "user-defined function raised exception"


@contextmanager
def noted() -> Iterator[None]:
    """Within this block ctrl+c raises KeyboardInterrupt as Python's own handler does, noted (in
    the main thread; a SIGINT that is ignored, as in a background job, stays ignored)."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    signal.signal(signal.SIGINT, keyboard_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@contextmanager
def terminating() -> Iterator[None]:
    """Within this block SIGTERM ends the process as an exception would, status 143: its
    ``finally`` blocks run (an import's ``-importing`` file removed, a pool's processes ended).
    In the main thread; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, exit_on_terminate)
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def keyboard_interrupt(signum: int, _frame: object) -> NoReturn:
    """Python's own SIGINT handler, noted."""
    _NOTED.append(signum)
    raise KeyboardInterrupt


def exit_on_terminate(signum: int, _frame: object) -> NoReturn:
    """SIGTERM ends the process as an exception would (its ``finally`` blocks run), noted."""
    _NOTED.append(signum)
    raise SystemExit(128 + signum)


def lost_in(error: BaseException) -> BaseException | None:
    """What the last noted signal raised, when ``error`` is what sqlite3 made of it."""
    if not _NOTED or SQL_FUNCTION_FAILED not in str(error):
        return None
    signum = _NOTED.pop()
    return KeyboardInterrupt() if signum == signal.SIGINT else SystemExit(128 + signum)
