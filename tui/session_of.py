"""The session a widget or screen works in: the app's (screens never import the app itself)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from textual.dom import DOMNode

from annotations.errors import HasiyeError
from annotations.session import Session

if TYPE_CHECKING:
    from tui.app import HasiyeApp
    from tui.database_wait import DatabaseWait


Result = TypeVar("Result")


def session_of(node: DOMNode) -> Session:
    return cast("HasiyeApp", node.app).session


def database_wait_of(node: DOMNode) -> DatabaseWait:
    """The app's one write waiting for the database's lock (see ``tui.database_wait``)."""
    return cast("HasiyeApp", node.app).database_wait


def give_up_waiting_write(node: DOMNode) -> str | None:
    """Escape while a write waits for the database: the write is given up (nothing of it was
    written) and the user told. What it was, or None when no write waited."""
    cancelled = database_wait_of(node).cancel()
    if cancelled is not None:
        node.app.notify(
            f"Not saved: {cancelled} (cancelled while the database was busy)", timeout=3
        )
    return cancelled


def write_when_free(
    node: DOMNode,
    what: str,
    action: Callable[[], Result],
    then: Callable[[Result], None],
    after_refusal: Callable[[], None] | None = None,
) -> None:
    """One store write through the app's waiting writes (``tui.database_wait``): with the
    database busy (another hasiye writing) it waits, the app says so, and it goes in when the
    lock is free. Then ``then(result)``, if the screen is still shown (left meanwhile, it is saved
    all the same); a refusal is a notification, then ``after_refusal()``."""

    def done(result: Result) -> None:
        if node.is_attached:
            then(result)

    def failed(error: HasiyeError) -> None:
        node.app.notify(str(error), severity="error", title="Not saved")
        if after_refusal is not None and node.is_attached:
            after_refusal()

    database_wait_of(node).run(what, action, done, failed)
