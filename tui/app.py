"""The Textual app. Built by ``make_app``, which the CLI and the tests both call."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from annotations.store import Store
from tui.screens.library import LibraryScreen


class HasiyeApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "hasiye"
    BINDINGS = [Binding("q", "quit", "Quit", priority=True)]

    def __init__(self, store: Store, annotator: str, notice: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator
        self.notice = notice
        self.sub_title = str(store.path)

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen())
        if self.notice:
            self.notify(self.notice, title="Seeds imported", timeout=8)


def make_app(store: Store, annotator: str, notice: str | None = None) -> HasiyeApp:
    return HasiyeApp(store, annotator, notice=notice)
