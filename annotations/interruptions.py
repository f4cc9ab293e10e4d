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
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, NoReturn

_NOTED: list[int] = []
SQL_FUNCTION_FAILED = "user-defined function raised exception"


@contextmanager
def handling(signum: int, handler: Any) -> Iterator[None]:
    """Within this block ``handler`` handles the signal, the one before it afterwards. In the
    main thread (only it may set them); elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signum, handler)
    try:
        yield
    finally:
        if previous is not None:  # None: set outside Python, nothing to put back
            signal.signal(signum, previous)


def noted() -> AbstractContextManager[None]:
    """Within this block ctrl+c raises KeyboardInterrupt as Python's own handler does, noted (a
    SIGINT that is ignored, as in a background job, stays ignored)."""
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return nullcontext()
    return handling(signal.SIGINT, keyboard_interrupt)


def terminating() -> AbstractContextManager[None]:
    """Within this block SIGTERM ends the process as an exception would, status 143: its
    ``finally`` blocks run (an import's ``-importing`` file removed, a pool's processes ended)."""
    return handling(signal.SIGTERM, exit_on_terminate)


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
