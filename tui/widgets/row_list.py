"""A keyboard list that draws only the rows on screen (Textual's line API).

Subclasses say how many rows there are (``row_count``), what a row looks like (``row_cells``) and
what enter does (``choose``). The base class keeps the cursor, scrolls to it, redraws only the rows
that changed when it moves, and can keep a fixed header row on top. Nothing is built per row, so a
list of 100,000 costs what its visible rows cost.
"""

from __future__ import annotations

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.events import Click
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from annotations import keymap
from annotations.safe_text import visible_text
from tui.keys import bindings

Cell = tuple[str, Style | None]
GAP = "  "


def fit(text: str, width: int) -> str:
    """The text (control characters masked) cut or padded to exactly ``width`` cells; a cut ends in …"""
    if width <= 0:
        return ""
    text = visible_text(text)
    if len(text) > width and set_cell_size(text, width) != text:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class RowList(ScrollView, can_focus=True):
    """Rows of cells in columns; the last column takes the width the others leave."""

    COMPONENT_CLASSES = {"row-list--header", "row-list--cursor"}
    DEFAULT_CSS = """
    RowList {
        overflow-x: hidden;
        & > .row-list--header { text-style: bold; background: $panel; }
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
        }
        &:focus > .row-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    BINDINGS = bindings(keymap.ROW_LIST)
    HEADER: tuple[str, ...] = ()  # column titles; empty: no header row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = 0
        # Drawn rows keyed by their cells, width and style: a repaint after an insertion shifts the
        # rows below it, and each shifted row is found here instead of being cut and padded again.
        self._strips: LRUCache[tuple, Strip] = LRUCache(1024)

    # What a subclass provides

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def row_cells(self, index: int) -> list[Cell]:
        """The cells of row ``index`` (0 <= index < row_count); [] if it cannot be read."""
        raise NotImplementedError

    def column_widths(self) -> list[int]:
        """Widths of every column but the last."""
        return []

    def choose(self, index: int) -> None:
        """Enter, or a click on the cursor row."""

    # Drawing

    @property
    def _header_height(self) -> int:
        return 1 if self.HEADER else 0

    def rows_changed(self, cursor: int | None = None, first_changed: int = 0) -> None:
        """Call after the rows changed (none above ``first_changed``): sizes the scroll area, keeps
        the cursor in range, redraws what may have changed."""
        if cursor is not None:
            self.cursor = cursor
        self.cursor = max(0, min(self.cursor, self.row_count - 1))
        size = Size(self.size.width, self.row_count + self._header_height)
        if size != self.virtual_size:
            # Assigning virtual_size lays out the whole screen (~60 ms beside a long article); only
            # this widget's scroll range changed, so update it and the scrollbar the way Textual's
            # own resize does, and lay out only when the scrollbar appears or goes.
            scrollbar_shown = self.show_vertical_scrollbar
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
            if self.show_vertical_scrollbar != scrollbar_shown:
                self.refresh(layout=True)
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        if self.scroll_offset.y != top or first_changed <= top:
            self.refresh()
        else:
            first_line = first_changed + self._header_height
            self.refresh_lines(
                first_line, top + self.visible_rows + self._header_height - first_line
            )
            self.refresh_line(self.cursor + self._header_height)

    def _widths(self, width: int) -> list[int]:
        fixed = self.column_widths()
        last = width - 1 - sum(fixed) - len(GAP) * len(fixed)
        return [*fixed, max(last, 0)]

    def _segments(self, cells: list[Cell], width: int) -> list[Segment]:
        segments = [Segment(" ")]
        for number, ((text, style), cell_width) in enumerate(zip(cells, self._widths(width))):
            if number:
                segments.append(Segment(GAP))
            segments.append(Segment(fit(text, cell_width), style))
        return segments

    def row_text(self, index: int, width: int = 160) -> str:
        """Row ``index`` (-1: the header) as drawn at this width, without trailing blanks."""
        cells = self._header_cells() if index < 0 else self.row_cells(index)
        return "".join(segment.text for segment in self._segments(cells, width)).rstrip()

    def _header_cells(self) -> list[Cell]:
        return [(name, None) for name in self.HEADER]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y < self._header_height:
            style = base + self.get_component_rich_style("row-list--header")
            cells = self._header_cells()
            return (
                Strip(self._segments(cells, width))
                .adjust_cell_length(width, style)
                .apply_style(style)
            )
        index = self.scroll_offset.y + y - self._header_height
        if index >= self.row_count:
            return Strip.blank(width, base)
        cells = self.row_cells(index)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("row-list--cursor")
        key = (tuple(cells), width, style)
        strip = self._strips.get(key)
        if strip is None:
            strip = Strip(self._segments(cells, width)).adjust_cell_length(width, style)
            if index == self.cursor:
                strip = strip.apply_style(style)
            self._strips[key] = strip
        return strip

    # Moving

    @property
    def visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - self._header_height, 1)

    def _scroll_to_cursor(self) -> None:
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + self.visible_rows:
            self.scroll_to(y=self.cursor - self.visible_rows + 1, animate=False, immediate=True)

    def move_cursor(self, index: int) -> None:
        if not self.row_count:
            return
        index = max(0, min(index, self.row_count - 1))
        if index == self.cursor:
            return
        before, self.cursor = self.cursor, index
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        if self.scroll_offset.y == top:
            # Only the two rows that changed are drawn again.
            self.refresh_line(before + self._header_height)
            self.refresh_line(index + self._header_height)

    def action_move(self, step: int) -> None:
        self.move_cursor(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor + direction * self.visible_rows)

    def action_jump(self, index: int) -> None:
        self.move_cursor(index if index >= 0 else self.row_count - 1)

    def action_choose(self) -> None:
        if self.row_count:
            self.choose(self.cursor)

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self._header_height:
            return
        index = self.scroll_offset.y + offset.y - self._header_height
        if index == self.cursor:
            self.action_choose()
        else:
            self.move_cursor(index)
