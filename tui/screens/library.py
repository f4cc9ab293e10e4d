"""The first screen: every article with its date, source, spans and status.

The list draws only the rows on screen (``ArticleList``). ``/`` opens a filter line that keeps the
articles whose title contains every word typed, Turkish-aware ("istanbul" keeps "İstanbul'da"). The
titles are folded once, on the first filter, and matched in a worker thread so typing never waits.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from annotations import keymap
from annotations.model import Status
from annotations.title_filter import TitleIndex
from tui.keys import bindings
from tui.messages import OpenArticle, OpenEntities, OpenExport, OpenSearch, StoreChanged
from tui.session_of import session_of
from tui.widgets.article_list import ArticleList


class LibraryScreen(Screen[None]):
    BINDINGS = bindings(keymap.LIBRARY)

    def __init__(self) -> None:
        super().__init__()
        self._all_ids: list[str] = []
        self._titles: TitleIndex | None = None
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress", markup=False)
        yield ArticleList(session_of(self).store.summaries, id="articles")
        yield Input(
            id="filter",
            placeholder="filter titles (istanbul finds İstanbul); enter keeps, escape clears",
        )
        yield Footer()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    def on_screen_resume(self) -> None:
        # Sent on the first push too, so this is the one place the rows are loaded.
        self.reload()

    def on_store_changed(self, message: StoreChanged) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the ids again (another process may have imported) and redraw counts and statuses."""
        ids = session_of(self).store.article_ids()
        listing = self.article_list
        if ids != self._all_ids:
            self._all_ids, self._titles = ids, None
            if self.filter_text:
                self.run_filter(self.filter_text)
            else:
                listing.show(ids, cursor_on=listing.current_id)
        else:
            listing.forget_rows()
        self._update_progress()

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        self.post_message(OpenArticle(event.article_id))

    def action_search(self) -> None:
        self.post_message(OpenSearch())

    def action_entities(self) -> None:
        self.post_message(OpenEntities())

    def action_export(self) -> None:
        self.post_message(OpenExport())

    # The title filter

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = False
        with field.prevent(Input.Changed):
            field.value = ""
        self.workers.cancel_group(self, "filter")
        self.run_filter("")
        self.article_list.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.run_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.article_list.focus()

    def run_filter(self, query: str) -> None:
        if not query.strip():
            self.filter_text = ""
            self.article_list.show(self._all_ids, cursor_on=self.article_list.current_id)
            self._update_progress()
            return
        if self._titles is None:
            # Read here: the store's connection belongs to this thread; folding happens in the worker.
            self._titles = TitleIndex(session_of(self).store.titles())
        self._filter_in_worker(query, self._titles)

    @work(thread=True, exclusive=True, group="filter")
    def _filter_in_worker(self, query: str, titles: TitleIndex) -> None:
        ids = titles.matching(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_filtered, query, ids)

    def _show_filtered(self, query: str, ids: list[str]) -> None:
        self.filter_text = query
        self.article_list.show(ids, cursor_on=self.article_list.current_id)
        self._update_progress()

    def _update_progress(self) -> None:
        store = session_of(self).store
        done, total = store.article_count(Status.DONE), len(self._all_ids)
        if not total:
            line = "No articles yet: import some with `hasiye import PATH`."
        elif self.filter_text:
            line = (
                f"{done} / {total} done   {len(self.article_list.ids)} match {self.filter_text!r}"
            )
        else:
            line = f"{done} / {total} done"
        self.query_one("#progress", Static).update(line)
