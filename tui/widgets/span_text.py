"""The article text: a read-only TextArea that paints spans in their label colours.

Offsets are code points into the article text. The text shown is ``visible_text`` of it (control
characters become one visible symbol each), so every offset stays valid. Spans are painted in
``get_line``; TextArea's own highlight machinery counts in UTF-8 bytes and is not used.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.text import Text
from textual.cache import LRUCache
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Offset
from textual.reactive import Reactive, reactive
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from annotations.model import Span
from annotations.safe_text import visible_text

# TextArea's editing actions do nothing on read-only text: hide them from the footer and help,
# and let their keys reach the screen.
EDITING_ACTIONS = ("delete_", "cut", "paste", "undo", "redo")


# A paragraph longer than this is shown broken at a space about every DISPLAY_LINE characters.
DISPLAY_LINE = 2_000


def broken_for_display(text: str) -> str:
    """The text with a space turned into a line break about every ``DISPLAY_LINE`` characters of
    a longer paragraph: one character for one, so every offset stays valid, and on screen it looks
    like the soft wrap it replaces. TextArea divides a whole paragraph again for every visual line
    it draws: a 10 MB one-line article took minutes per key. A paragraph without spaces stays."""
    if len(text) <= DISPLAY_LINE or max(map(len, text.split("\n"))) <= DISPLAY_LINE:
        return text
    characters = list(text)
    line_start = 0
    while line_start < len(text):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        start = line_start
        while line_end - start > DISPLAY_LINE:
            cut = text.rfind(" ", start + DISPLAY_LINE // 2, start + DISPLAY_LINE)
            if cut < 0:
                cut = text.find(" ", start + DISPLAY_LINE, line_end)
                if cut < 0:
                    break
            characters[cut] = "\n"
            start = cut + 1
        line_start = line_end + 1
    return "".join(characters)


class _SteadyWrappedDocument(WrappedDocument):
    """A wrapped document whose height is counted once per wrap, not at every line drawn (a sum
    over every paragraph: seconds per key in a 10 MB article). The text never changes (read-only):
    only a new wrap, which makes a new list of offsets, changes the height."""

    @property
    def height(self) -> int:
        offsets = self._wrap_offsets
        cached = self.__dict__.get("_counted")
        if cached is None or cached[0] is not offsets:
            cached = self.__dict__["_counted"] = (offsets, super().height)
        return cached[1]


class SpanText(TextArea):
    DEFAULT_CSS = """
    SpanText { border: none; padding: 0 1; }
    """
    # TextArea repaints every visible line when the cursor moves; watch_selection below repaints
    # only the paragraphs the old and the new selection touch.
    selection: Reactive[Selection] = reactive(
        Selection(), init=False, always_update=True, repaint=False
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action.startswith(EDITING_ACTIONS):
            return False
        return super().check_action(action, parameters)

    def __init__(self, text: str, colors: dict[str, str], *, id: str | None = None) -> None:
        # Rendered visual lines that hold neither the cursor nor the selection, keyed by what they
        # depend on (see render_line).
        self._quiet_lines: LRUCache[tuple, Strip] = LRUCache(2048)
        shown = self._shown = broken_for_display(visible_text(text))
        self.line_starts = [0]
        newline = shown.find("\n")
        while newline >= 0:
            self.line_starts.append(newline + 1)
            newline = shown.find("\n", newline + 1)
        self._line_styles: dict[int, tuple[tuple[int, int, str], ...]] = {}
        self._gold: list[tuple[int, int, str]] = []  # (start, end, style) of each span
        self._proposed: list[tuple[int, int, str]] = []  # the same of each model proposal
        # (start, end, style) of a comparison of two layers; None: the spans and proposals show.
        self._compared: list[tuple[int, int, str]] | None = None
        super().__init__(
            shown,
            read_only=True,
            soft_wrap=True,
            show_line_numbers=False,
            highlight_cursor_line=False,
            id=id,
        )
        self.wrapped_document.__class__ = _SteadyWrappedDocument
        self.match_cursor_bracket = False  # news text: a bracket far away would change its line
        self.label_colors = colors
        self.selecting = False  # set by `v`: movement extends the selection

    @property
    def text(self) -> str:
        """The text shown, joined once (read-only): TextArea asks for it at every line it draws,
        and joining a 10 MB document each time cost seconds per key."""
        return self._shown

    @text.setter
    def text(self, value: str) -> None:
        self._shown = value
        self.load_text(value)

    # Offsets <-> locations ----------------------------------------------------------------------

    def location_of(self, offset: int) -> tuple[int, int]:
        row = bisect_right(self.line_starts, offset) - 1
        return row, offset - self.line_starts[row]

    def offset_of(self, location: tuple[int, int]) -> int:
        row, column = location
        return self.line_starts[row] + column

    @property
    def cursor_offset(self) -> int:
        return self.offset_of(self.cursor_location)

    @property
    def selected_range(self) -> tuple[int, int] | None:
        start, end = sorted(
            (self.offset_of(self.selection.start), self.offset_of(self.selection.end))
        )
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        self.selection = Selection(self.location_of(start), self.location_of(end))
        self.scroll_cursor_visible(center=True)

    def put_cursor(self, offset: int) -> None:
        self.selecting = False
        self.selection = Selection.cursor(self.location_of(offset))
        self.scroll_cursor_visible(center=True)

    # Painting spans -----------------------------------------------------------------------------

    def set_spans(self, spans: list[Span]) -> None:
        """Paint these spans (outer ones first, so inner ones show on top)."""
        self._gold = [
            (span.start, span.end, f"#101010 on {self.label_colors.get(span.label, '#808080')}")
            for span in sorted(spans, key=lambda span: (span.start, -span.end))
        ]
        self._paint()

    def set_proposals(self, proposals: list[tuple[int, int, str]]) -> None:
        """Paint the model's proposals (start, end, label) apart from gold: the text underlined
        in its label's colour, on the text's own background (never a gold colour)."""
        self._proposed = [
            (start, end, f"bold underline {self.label_colors.get(label, '#808080')}")
            for start, end, label in sorted(proposals)
        ]
        self._paint()

    def set_comparison(self, ranges: list[tuple[int, int, str]] | None) -> None:
        """Paint these (start, end, style) instead of the spans and proposals (None: paint those
        again): two layers compared, drawn in the order given."""
        self._compared = ranges
        self._paint()

    def _paint(self) -> None:
        styles: dict[int, list[tuple[int, int, str]]] = {}
        painted = self._compared if self._compared is not None else [*self._proposed, *self._gold]
        for start_offset, end_offset, style in painted:
            first_row, first_column = self.location_of(start_offset)
            last_row, last_column = self.location_of(end_offset)
            for row in range(first_row, last_row + 1):
                start = first_column if row == first_row else 0
                end = (
                    last_column
                    if row == last_row
                    else self.line_starts[row + 1] - 1 - self.line_starts[row]
                )
                styles.setdefault(row, []).append((start, end, style))
        frozen = {row: tuple(row_styles) for row, row_styles in styles.items()}
        changed = [
            row
            for row in frozen.keys() | self._line_styles.keys()
            if frozen.get(row) != self._line_styles.get(row)
        ]
        self._line_styles = frozen
        if changed:
            # TextArea keys its own line cache (used for the cursor's paragraph, see render_line)
            # on the selection and the theme, not on our styles: a span change must empty it, or
            # the paragraph under the cursor keeps its old colours.
            self._line_cache.clear()
        if len(changed) > 8:
            self.refresh()  # many paragraphs (an article opening): one full repaint is cheaper
            return
        for row in changed:
            self._refresh_row(row)

    def watch_selection(self, previous: Selection, selection: Selection) -> None:
        if not self.is_mounted:
            return
        rows: set[int] = set()
        for each in (previous, selection):
            first, last = sorted((each.start[0], each.end[0]))
            rows.update(range(first, last + 1))
        for row in rows:
            self._refresh_row(row)

    def _refresh_row(self, row: int) -> None:
        """Redraw the visual lines of one paragraph (document row), not the whole text."""
        wrapped = self.wrapped_document
        if row >= len(self.line_starts):
            return
        first = wrapped.location_to_offset((row, 0)).y
        self.refresh_lines(first, len(wrapped.get_offsets(row)) + 1)

    def notify_style_update(self) -> None:
        self._quiet_lines.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """TextArea's line, cached for lines away from the cursor and the selection.

        With soft wrap, TextArea keys its own line cache on the whole selection, so every cursor
        move draws every visible line again (~25 ms beside 2,000 spans). A line outside the
        selection's paragraphs and the cursor's does not depend on them: it is reused until its
        paragraph's spans, the width, the scroll or the theme change.
        """
        scroll_x, scroll_y = self.scroll_offset
        absolute_y = scroll_y + y
        wrapped = self.wrapped_document
        if absolute_y >= wrapped.height:
            return super().render_line(y)
        row = wrapped.offset_to_location(Offset(0, absolute_y))[0]
        first, last = sorted((self.selection.start[0], self.selection.end[0]))
        if first <= row <= last:
            return super().render_line(y)
        # The width the document is wrapped at belongs in the key: a line drawn before the first
        # wrap (the whole paragraph on one line) must not be reused after it.
        key = (
            self.size,
            wrapped._width,
            scroll_x,
            absolute_y,
            row,
            self._line_styles.get(row),
            self.theme,
        )
        line = self._quiet_lines.get(key)
        if line is None:
            line = self._quiet_lines[key] = super().render_line(y)
        return line

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        for start, end, style in self._line_styles.get(line_index, ()):
            line.stylize(style, start, end)
        return line

    # Movement that extends the selection while `v` is on ----------------------------------------

    def action_cursor_left(self, select: bool = False) -> None:
        super().action_cursor_left(select or self.selecting)

    def action_cursor_right(self, select: bool = False) -> None:
        super().action_cursor_right(select or self.selecting)

    def action_cursor_up(self, select: bool = False) -> None:
        super().action_cursor_up(select or self.selecting)

    def action_cursor_down(self, select: bool = False) -> None:
        super().action_cursor_down(select or self.selecting)

    def action_cursor_word_left(self, select: bool = False) -> None:
        super().action_cursor_word_left(select or self.selecting)

    def action_cursor_word_right(self, select: bool = False) -> None:
        super().action_cursor_word_right(select or self.selecting)

    def action_cursor_line_start(self, select: bool = False) -> None:
        super().action_cursor_line_start(select or self.selecting)

    def action_cursor_line_end(self, select: bool = False) -> None:
        super().action_cursor_line_end(select or self.selecting)

    def action_document_start(self) -> None:
        self.move_cursor((0, 0), select=self.selecting)

    def action_document_end(self) -> None:
        self.move_cursor(self.document.end, select=self.selecting)
