"""The date value editor (= on a DATE span): one line, checked before it is saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from annotations.dates import check_value


class ValueDialog(ModalScreen[str | None]):
    """Returns the new value, "" to clear it, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, surface: str, value: str | None) -> None:
        super().__init__()
        self.surface = surface
        self.value = value or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="value"):
            yield Static(f"Value of {self.surface!r}", markup=False, classes="title")
            yield Static(
                "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-Www or START/END; empty clears",
                classes="hint",
            )
            yield Input(self.value, id="value-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        problem = check_value(value) if value else None
        if problem:
            self.notify(f"Not a value: {problem}", severity="error")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
