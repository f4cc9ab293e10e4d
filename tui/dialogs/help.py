"""Every binding of the screen underneath, generated from the bindings themselves: the screen's
own first (in the annotator the label keys lead), then the app's, then the focused widget's
(movement), and last those every Textual app has (focus next, copy). The list scrolls with the arrows and page keys when it is taller than the terminal."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from annotations import keymap
from tui.keys import bindings


# The bindings every Textual screen and app has, whatever hasiye declares.
TEXTUAL_DEFAULTS = {
    (binding.key, binding.action)
    for binding in Binding.make_bindings([*Screen.BINDINGS, *App.BINDINGS])
}


def binding_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, description) for each action with a description, keys joined when they share one."""
    rows: dict[str, list[str]] = {}

    def rank(active: ActiveBinding) -> int:
        if (active.binding.key, active.binding.action) in TEXTUAL_DEFAULTS:
            return 3  # Textual's own (focus next, copy): after everything hasiye gives
        node = active.node
        return 0 if node is screen else 1 if node is screen.app else 2

    actives = sorted(screen.active_bindings.values(), key=rank)
    for active in actives:
        binding = active.binding
        if not binding.description or not active.enabled:
            continue
        display = screen.app.get_key_display(binding)
        rows.setdefault(binding.description, [])
        if display not in rows[binding.description]:
            rows[binding.description].append(display)
    return [(" ".join(keys), description) for description, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings(keymap.HELP)

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.rows = binding_rows(screen)

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", show_edge=False, header_style="bold")
        table.add_column("key", style="bold")
        table.add_column("action")
        for keys, description in self.rows:
            table.add_row(Text(keys), Text(description))
        with VerticalScroll(id="help"):
            yield Static(table)

    def on_mount(self) -> None:
        self.query_one("#help").focus()
