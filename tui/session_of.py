"""The session a widget or screen works in: the app's (screens never import the app itself)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

from annotations.session import Session

if TYPE_CHECKING:
    from tui.app import HasiyeApp


def session_of(node: DOMNode) -> Session:
    return cast("HasiyeApp", node.app).session
