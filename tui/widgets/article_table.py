"""The library's article table: a DataTable whose enter opens the article (shown in the footer)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class ArticleTable(DataTable[object]):
    BINDINGS = [Binding("enter", "select_cursor", "Open", show=True)]
