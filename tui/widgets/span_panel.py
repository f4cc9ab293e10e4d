"""The article's spans in text order, one row each; enter asks for the cursor on that span.

A line-API list, so an article with thousands of spans opens and updates at once.
"""

from __future__ import annotations

from datetime import date

from rich.style import Style
from textual.message import Message

from annotations import keymap
from annotations.dates import DATE_LABEL, parse_date
from annotations.model import Span
from tui.keys import bindings
from tui.widgets.row_list import Cell, RowList

LABEL_WIDTH = 5


class SpanPanel(RowList):
    BINDINGS = bindings(keymap.SPAN_PANEL)

    class SpanChosen(Message):
        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    class OffsetChosen(Message):
        """A row that is not a span (a difference between two layers) chosen: where it is."""

        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    def __init__(
        self, colors: dict[str, str], article_date: date | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.article_date = article_date  # (not `anchor`: that is Widget.anchor())
        self.label_styles = {label: Style.parse(f"bold {color}") for label, color in colors.items()}
        self.spans: list[Span] = []
        self.names: dict[int, str] = {}
        # Rows of a comparison of two layers instead of spans: (offset, kind, what differs).
        self.differences: list[tuple[int, str, str]] | None = None

    def show_spans(self, spans: list[Span], names: dict[int, str] | None = None) -> None:
        """``names``: the canonical name of each linked entity, shown after the surface."""
        names = names or {}
        renamed = {
            key for key in names.keys() | self.names.keys() if names.get(key) != self.names.get(key)
        }
        first_changed = next(
            (
                index
                for index, (old, new) in enumerate(zip(self.spans, spans))
                if old != new or new.entity_id in renamed
            ),
            min(len(self.spans), len(spans)),
        )
        if self.differences is not None:
            self.differences, first_changed = None, 0
        self.spans, self.names = spans, names
        self.rows_changed(first_changed=first_changed)

    def show_differences(self, rows: list[tuple[int, str, str]]) -> None:
        """Rows of two layers compared, (offset, kind, what differs), instead of the spans."""
        self.differences = rows
        self.rows_changed(first_changed=0)

    @property
    def row_count(self) -> int:
        return len(self.spans) if self.differences is None else len(self.differences)

    def column_widths(self) -> list[int]:
        return [LABEL_WIDTH]

    def row_cells(self, index: int) -> list[Cell]:
        if self.differences is not None:
            _, kind, what = self.differences[index]
            return [(kind, None), (what, None)]
        span = self.spans[index]
        shown = span.surface.replace("\n", " ")
        if span.entity_id is not None:
            shown += f"  → {self.names.get(span.entity_id, '?')}"
        if span.value is not None:
            shown += f"  = {span.value}"
        elif span.label == DATE_LABEL:
            needs = parse_date(span.surface, self.article_date).needs_anchor
            shown += "  (needs anchor)" if needs else "  (no value)"
        return [(span.label, self.label_styles.get(span.label)), (shown, None)]

    def choose(self, index: int) -> None:
        if self.differences is not None:
            self.post_message(self.OffsetChosen(self.differences[index][0]))
            return
        self.post_message(self.SpanChosen(self.spans[index]))
