"""A yes/no question in a modal: y answers yes, n or escape no. Returns True or False."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from annotations import keymap
from tui.keys import bindings


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = bindings(keymap.CONFIRM)

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, markup=False, id="question")
            yield Static("y yes, n or escape no", markup=False, classes="hint")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
