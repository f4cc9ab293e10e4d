"""The first screen: every article with its date, source, spans and status."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from annotations.model import Status
from annotations.safe_text import visible_text
from tui.widgets.article_table import ArticleTable

STATUS_STYLES = {Status.TODO: "dim", Status.IN_PROGRESS: "yellow", Status.DONE: "green"}


class LibraryScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress", markup=False)
        yield ArticleTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # The title goes last: a long one runs off the right edge, not the other columns.
        table.add_columns("id", "date", "source", "spans", "status", "title")

    def on_screen_resume(self) -> None:
        # Sent on the first push too, so this is the one place the rows are loaded.
        self.reload()

    def reload(self) -> None:
        store = self.app.store
        table = self.query_one(DataTable)
        selected = table.cursor_row
        table.clear()
        for row in store.list_articles():
            table.add_row(
                Text(visible_text(row.id)),
                Text(row.date or ""),
                Text(visible_text(row.source or "")),
                Text(str(row.span_count), justify="right"),
                Text(row.status.value, style=STATUS_STYLES[row.status]),
                Text(visible_text(row.title)),
                key=row.id,
            )
        if table.row_count:
            table.move_cursor(row=min(selected, table.row_count - 1))
        done, total = store.article_count(Status.DONE), store.article_count()
        self.query_one("#progress", Static).update(f"{done} / {total} done")

    def action_open_article(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            self.notify("No articles: import some with `hasiye import PATH`.", severity="warning")
            return
        article_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        from tui.screens.annotator import AnnotatorScreen

        self.app.push_screen(AnnotatorScreen(article_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_article()
