"""The Textual app. Built by ``make_app``, which the CLI and the tests both call."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.widgets import Input

from annotations.model import DEFAULT_LABELS, Label
from annotations.store import Store
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen


class HasiyeApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "hasiye"
    BINDINGS = [
        Binding("q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(
        self,
        store: Store,
        annotator: str,
        notice: str | None = None,
        labels: tuple[Label, ...] = DEFAULT_LABELS,
    ) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator
        self.labels = labels
        self.notice = notice
        self.sub_title = str(store.path)

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen())
        if self.notice:
            self.notify(self.notice, title="Seeds imported", timeout=8)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # q is a priority binding so that it quits from anywhere, but a q typed into a text field
        # (find, filter) is a letter.
        if action == "quit" and isinstance(self.focused, Input):
            return False
        return True

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))


def make_app(
    store: Store,
    annotator: str,
    notice: str | None = None,
    labels: tuple[Label, ...] = DEFAULT_LABELS,
) -> HasiyeApp:
    return HasiyeApp(store, annotator, notice=notice, labels=labels)
