"""The find prompt: one line of text, enter to search, escape to cancel."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Input

from annotations import keymap
from tui.keys import bindings


class FindDialog(ModalScreen[str | None]):
    BINDINGS = bindings(keymap.DIALOG)

    def __init__(self, previous: str = "") -> None:
        super().__init__()
        self.previous = previous

    def compose(self) -> ComposeResult:
        yield Input(
            value=self.previous, placeholder="find (Turkish-aware: erdogan finds Erdoğan'a)"
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
