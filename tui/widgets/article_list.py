"""The library's article list: ids in memory, rows read from the store a page at a time.

It holds the ids of the articles it lists (all of them, or those a filter kept) and reads the rows
it draws a page at a time, so 100,000 articles cost a list of ids, not a widget or a query per row.
Enter (or a click on the cursor row) posts ``ArticleList.Opened``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from rich.style import Style
from textual.message import Message

from annotations import keymap
from annotations.model import ArticleSummary, Status
from tui.keys import bindings
from tui.widgets.row_list import Cell, RowList

PAGE_SIZE = 100
PAGES_KEPT = 20
STATUS_STYLES = {
    Status.TODO: Style(dim=True),
    Status.IN_PROGRESS: Style(color="yellow"),
    Status.DONE: Style(color="green"),
}
# Column widths in cells; the id column is as wide as the longest id listed, the title takes the rest.
DATE_WIDTH, SOURCE_WIDTH, SPANS_WIDTH, STATUS_WIDTH, DONE_BY_WIDTH = 10, 16, 5, 11, 14
ID_WIDTH_LIMITS = (4, 32)


class ArticleList(RowList):
    BINDINGS = bindings(keymap.OPEN_ROW)
    # status: the annotator's own; done by: every annotator who has done the article.
    HEADER = ("id", "date", "source", "spans", "status", "done by", "title")

    class Opened(Message):
        """The user asked to open the article under the cursor."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class Moved(Message):
        """The cursor moved, or the list changed under it (the library says "3 of 120")."""

    def __init__(
        self, read_rows: Callable[[list[str]], list[ArticleSummary]], *, id: str | None = None
    ) -> None:
        """``read_rows(ids)``: the rows of those articles, in that order (the store's summaries)."""
        super().__init__(id=id)
        self.read_rows = read_rows
        self.ids: list[str] = []
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()
        self._id_width = ID_WIDTH_LIMITS[0]

    def show(self, ids: list[str], cursor_on: str | None = None) -> None:
        """List these articles, in this order; keep the cursor on ``cursor_on`` if it is listed."""
        self.ids = ids
        self._pages.clear()
        longest = max(map(len, ids), default=0)
        id_width = min(max(longest, ID_WIDTH_LIMITS[0]), ID_WIDTH_LIMITS[1])
        if id_width != self._id_width:
            self._id_width = id_width
            self._strips.clear()  # rows drawn with the old column widths
        cursor = None
        if cursor_on is not None:
            cursor = ids.index(cursor_on) if cursor_on in ids else 0
        self.rows_changed(cursor)
        self.post_message(self.Moved())

    def move_cursor(self, index: int) -> None:
        before = self.cursor
        super().move_cursor(index)
        if self.cursor != before:
            self.post_message(self.Moved())

    def forget_rows(self) -> None:
        """Read the rows again from the store the next time they are drawn (counts, statuses)."""
        self._pages.clear()
        self.refresh()

    @property
    def current_id(self) -> str | None:
        return self.ids[self.cursor] if self.ids else None

    def row(self, index: int) -> ArticleSummary | None:
        """The row at this index, read with the rest of its page the first time it is needed."""
        if not 0 <= index < len(self.ids):
            return None
        page_number, within = divmod(index, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            first = page_number * PAGE_SIZE
            page = self.read_rows(self.ids[first : first + PAGE_SIZE])
            self._pages[page_number] = page
            if len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        # An article deleted by another process since the ids were read leaves its page short.
        return page[within] if within < len(page) else None

    @property
    def row_count(self) -> int:
        return len(self.ids)

    def column_widths(self) -> list[int]:
        return [self._id_width, DATE_WIDTH, SOURCE_WIDTH, SPANS_WIDTH, STATUS_WIDTH, DONE_BY_WIDTH]

    def row_cells(self, index: int) -> list[Cell]:
        row = self.row(index)
        if row is None:
            return []
        return [
            (row.id, None),
            (row.date or "", None),
            (row.source or "", None),
            (str(row.span_count).rjust(SPANS_WIDTH), None),
            (row.status.value, STATUS_STYLES[row.status]),
            (",".join(row.done_by), STATUS_STYLES[Status.DONE]),
            (row.title, None),
        ]

    def choose(self, index: int) -> None:
        self.post_message(self.Opened(self.ids[index]))
