"""The session a widget or screen works in: the app's (screens never import the app itself)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

from annotations.session import Session

if TYPE_CHECKING:
    from tui.app import HasiyeApp
    from tui.database_wait import DatabaseWait


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
