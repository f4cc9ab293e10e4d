"""The Textual app. Built by ``make_app``, which the CLI and the tests both call."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.widgets import Input

from annotations.matching import EntityIndex
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
        self._entities: tuple[tuple, EntityIndex, dict[int, str]] | None = None

    def entity_index(self) -> tuple[EntityIndex, dict[int, str]]:
        """The matching index of every entity, and canonical names by id; built again only
        after entities changed."""
        version = self.store.entity_version()
        if self._entities is None or self._entities[0] != version:
            entities = list(self.store.entities())
            names = {entity.id: entity.canonical for entity in entities}
            self._entities = (version, EntityIndex.of(entities), names)
        return self._entities[1], self._entities[2]

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
