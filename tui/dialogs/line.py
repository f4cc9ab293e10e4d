"""A one-line editor in a modal (a name, an external id, a note), checked before it returns."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from annotations import keymap
from tui.keys import bindings


class LineDialog(ModalScreen[str | None]):
    """Returns the text typed (stripped; "" when emptied), or None when cancelled. ``check``
    returns what is wrong with a text, or None; a wrong text is refused with a notification."""

    BINDINGS = bindings(keymap.DIALOG)

    def __init__(
        self,
        title: str,
        hint: str,
        value: str | None,
        check: Callable[[str], str | None] | None = None,
        input_id: str = "line-input",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.value = value or ""
        self.check = check
        self.input_id = input_id

    def compose(self) -> ComposeResult:
        with Vertical(id="line"):
            yield Static(self.title_text, markup=False, classes="title")
            yield Static(self.hint, markup=False, classes="hint")
            yield Input(self.value, id=self.input_id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        problem = self.check(value) if self.check is not None else None
        if problem:
            self.notify(problem, severity="error", markup=False)
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
