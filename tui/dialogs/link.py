"""The link picker (k on a span): which canonical entity this mention is.

The surface is prefilled; candidates are ranked again at every keystroke (score, label, canonical
name, the alias that matched) with the best preselected. The last row makes a new entity named
what the field says; on a linked span a row above it unlinks. Enter takes the row under the cursor.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from annotations import keymap
from annotations.matching import Candidate, EntityIndex
from annotations.model import Span
from annotations.safe_text import visible_text
from tui.keys import bindings
from tui.widgets.row_list import Cell, RowList

NEW = "new"
UNLINK = "unlink"


@dataclass(frozen=True)
class LinkChoice:
    """An entity to link to, or ``NEW`` (an entity named ``name``) or ``UNLINK``."""

    entity_id: int | str
    name: str = ""


class CandidateList(RowList):
    HEADER = ("score", "label", "entity", "matched alias")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.candidates: list[Candidate] = []
        self.names: dict[int, str] = {}
        self.labels: dict[int, str] = {}
        self.extra: list[tuple[str, str]] = []  # (kind, text) rows after the candidates

    @property
    def row_count(self) -> int:
        return len(self.candidates) + len(self.extra)

    def column_widths(self) -> list[int]:
        return [5, 5, 40]

    def row_cells(self, index: int) -> list[Cell]:
        if index >= len(self.candidates):
            _, text = self.extra[index - len(self.candidates)]
            return [("", None), ("", None), (text, None), ("", None)]
        candidate = self.candidates[index]
        return [
            (f"{candidate.score:g}", None),
            (self.labels.get(candidate.entity_id, ""), None),
            (self.names.get(candidate.entity_id, "?"), None),
            (candidate.alias, None),
        ]


class LinkPicker(ModalScreen[LinkChoice | None]):
    BINDINGS = bindings(keymap.LINK_PICKER)

    def __init__(self, span: Span, index: EntityIndex, names: dict[int, str]) -> None:
        super().__init__()
        self.span = span
        self.index = index
        self.names = names  # canonical name by entity id

    def compose(self) -> ComposeResult:
        with Vertical(id="link"):
            linked = self.names.get(self.span.entity_id) if self.span.entity_id else None
            title = f"Link {self.span.surface!r} ({self.span.label})"
            if linked:
                title += f", now linked to {linked}"
            yield Static(visible_text(title), markup=False, classes="title")
            yield Static(
                "type to search; up/down choose; enter links; the last row makes a new entity "
                "named what the field says; escape cancels",
                markup=False,
                classes="hint",
            )
            yield Input(self.span.surface, id="link-input")
            yield CandidateList(id="candidates")

    def on_mount(self) -> None:
        listing = self.query_one(CandidateList)
        listing.names = self.names
        listing.labels = self.index.labels
        self._rank(self.span.surface)
        self.query_one(Input).focus()

    @property
    def listing(self) -> CandidateList:
        return self.query_one(CandidateList)

    def _rank(self, text: str) -> None:
        listing = self.listing
        listing.candidates = self.index.rank(text, label=self.span.label) if text.strip() else []
        listing.extra = []
        if self.span.entity_id is not None:
            listing.extra.append((UNLINK, "(unlink: no entity)"))
        name = text.strip()
        listing.extra.append((NEW, f"+ new {self.span.label}: {name}" if name else "+ new entity"))
        listing.rows_changed(cursor=0)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._rank(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        listing = self.listing
        if listing.cursor < len(listing.candidates):
            self.dismiss(LinkChoice(listing.candidates[listing.cursor].entity_id))
            return
        kind, _ = listing.extra[listing.cursor - len(listing.candidates)]
        name = event.value.strip()
        if kind == NEW and not name:
            self.notify("Type the new entity's name first", severity="warning", markup=False)
            return
        self.dismiss(LinkChoice(kind, name))

    def action_move(self, step: int) -> None:
        self.listing.move_cursor(self.listing.cursor + step)

    def action_cancel(self) -> None:
        self.dismiss(None)
