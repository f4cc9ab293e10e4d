"""A write that waits for another process's write lock without freezing the app.

Another hasiye (``hasiye import --replace`` of a large file, an app on the same database) may hold
the write lock for a while. The app's store waits only a few milliseconds for it
(``LOCK_WAIT_SECONDS``), so a write never blocks the event loop for long: a write that finds the
database busy is kept and tried again every ``RETRY_SECONDS`` until it goes in, and the screen
shows that it waits. One write waits at a time (the session's history is one sequence); a key
that would write meanwhile is refused with a notification, and the user can cancel the wait.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.message_pump import MessagePump
from textual.timer import Timer

from annotations.errors import DatabaseBusy, HasiyeError, StillWaiting

LOCK_WAIT_SECONDS = 0.05
RETRY_SECONDS = 0.25


@dataclass
class _Pending:
    what: str
    action: Callable[[], Any]
    done: Callable[[Any], None]
    failed: Callable[[HasiyeError], None]
    timer: Timer


class DatabaseWait:
    """``on_waiting(what)`` is called when a write starts waiting and ``on_waiting(None)`` when
    it went in, failed or was cancelled (the app shows it on the screen on top)."""

    def __init__(self, owner: MessagePump, on_waiting: Callable[[str | None], None]) -> None:
        self.owner = owner
        self.on_waiting = on_waiting
        self._pending: _Pending | None = None

    @property
    def waiting(self) -> str | None:
        """What the waiting write is ("PER Ankara"), or None."""
        return self._pending.what if self._pending is not None else None

    def run(
        self,
        what: str,
        action: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[HasiyeError], None],
    ) -> None:
        """Run the write now, or (the database busy) as soon as the lock is free. ``done`` gets
        its result; ``failed`` a refusal (the action's own, or another write still waiting)."""
        if self._pending is not None:
            failed(StillWaiting(self._pending.what))
            return
        try:
            result = action()
        except DatabaseBusy:
            timer = self.owner.set_interval(RETRY_SECONDS, self._retry)
            self._pending = _Pending(what, action, done, failed, timer)
            self.on_waiting(what)
            return
        except HasiyeError as error:
            failed(error)
            return
        done(result)

    def _retry(self) -> None:
        pending = self._pending
        if pending is None:
            return
        try:
            result = pending.action()
        except DatabaseBusy:
            return  # still busy: the next tick tries again
        except HasiyeError as error:
            self._stop()
            pending.failed(error)
            return
        self._stop()
        pending.done(result)

    def cancel(self) -> str | None:
        """Give up the waiting write (nothing of it was written); what it was, or None."""
        pending = self._pending
        if pending is None:
            return None
        self._stop()
        return pending.what

    def _stop(self) -> None:
        if self._pending is not None:
            self._pending.timer.stop()
            self._pending = None
            self.on_waiting(None)

