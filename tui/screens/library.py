"""The first screen: every article with its date, source, spans and status.

The list draws only the rows on screen (``ArticleList``). ``f`` cycles a status filter and ``o``
the sort (``annotations.article_order``), both done by SQLite in a worker, so a 100,000-article
library never makes typing wait. ``/`` opens a filter line that keeps the articles whose title
contains every word typed, Turkish-aware ("istanbul" keeps "İstanbul'da"). The titles are folded
once, on the first filter, and matched in a worker thread.

The library notices another process's imports and edits: every two seconds it asks SQLite whether
anyone else committed (``data_version``, free), and only then whether what it lists may have changed
(``listing_fingerprint``, milliseconds); only then does it read the ids again. The order and the
ids listed are kept in the session, so the annotator's ``]`` / ``[`` and "done, next" follow them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from annotations import keymap
from annotations.article_order import ArticleOrder
from annotations.errors import HasiyeError
from annotations.model import Status
from annotations.session import Session
from annotations.store import Store
from annotations.title_filter import TitleIndex
from tui.keys import bindings
from tui.messages import (
    OpenAdjudication,
    OpenAgreement,
    OpenArticle,
    OpenEntities,
    OpenExport,
    OpenSearch,
    StoreChanged,
)
from tui.session_of import session_of
from tui.widgets.article_list import ArticleList

POLL_SECONDS = 2.0
FIRST_PAGE = 1000  # ids read before the first paint; the rest come from a worker


class LibraryScreen(Screen[None]):
    BINDINGS = bindings(keymap.LIBRARY)

    def __init__(self) -> None:
        super().__init__()
        self._all_ids: list[str] = []  # every id the order lists (before the title filter)
        self._titles: TitleIndex | None = None
        self._titles_generation: int | None = None  # the store's articles generation they are of
        self._fingerprint: tuple[object, ...] | None = None  # of the ids in _all_ids
        self._data_version: int | None = None
        self._counts: dict[Status, int] = {}
        self._coming: int | None = None  # how many ids the worker brings (first page shown)
        self._shown_order = ArticleOrder()  # the order of the ids listed (a new one is on its way)
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

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll)

    @property
    def session(self) -> Session:
        return session_of(self)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    def on_screen_resume(self) -> None:
        # Sent on the first push too: the first list is read here, at once.
        if self._fingerprint is None:
            store, order = self.session.store, self.session.article_order
            self._data_version = store.data_version()
            fingerprint = store.listing_fingerprint(order)
            ids = store.ordered_article_ids(order, limit=FIRST_PAGE + 1)
            if len(ids) <= FIRST_PAGE:
                self._loaded(order, ids, fingerprint)  # the whole list
            else:
                # A large library: the first page at once (start-up), every id from the worker.
                counts = store.status_counts()
                self._coming = counts.get(order.status, 0) if order.status else sum(counts.values())
                self._show(ids[:FIRST_PAGE])
                self._load_ids(fingerprint)
        else:
            self._cursor_to_last_opened()
            self.reload()

    def _cursor_to_last_opened(self) -> None:
        """Back from the annotator (which may have gone on to other articles): the cursor on the
        article it showed last, once: back from any other screen (entities, search, agreement)
        the cursor stays where the user left it."""
        listing, last = self.article_list, self.session.last_opened
        self.session.last_opened = None
        if last is not None and last != listing.current_id and last in listing.ids:
            listing.move_cursor(listing.ids.index(last))

    def on_store_changed(self, message: StoreChanged) -> None:
        self.reload()

    def reload(self) -> None:
        """Redraw counts and statuses at once; read the ids again (in a worker) only when what
        is listed may have changed (another process imported, a status changed under a filter)."""
        store = self.session.store
        self._data_version = store.data_version()
        fingerprint = store.listing_fingerprint(self.session.article_order)
        if fingerprint != self._fingerprint:
            self._load_ids(fingerprint)
        self.article_list.forget_rows()
        self._update_progress(recount=True)

    def _poll(self) -> None:
        """Every two seconds: has another process committed? Free to ask, and only then reload."""
        if not self.is_current:
            return
        if self.session.store.data_version() != self._data_version:
            self.reload()

    def _load_ids(self, fingerprint: tuple[object, ...] | None = None) -> None:
        store, order = self.session.store, self.session.article_order
        if fingerprint is None:
            fingerprint = store.listing_fingerprint(order)
        self._read_ids_in_worker(store.path, order, fingerprint)

    @work(thread=True, exclusive=True, group="listing")
    def _read_ids_in_worker(
        self, database: Path, order: ArticleOrder, fingerprint: tuple[object, ...]
    ) -> None:
        """Sorting 100,000 articles by title takes SQLite up to a second: off the UI thread, with
        its own connection (one belongs to the thread that opened it)."""
        try:
            with Store(database, annotator=self.session.annotator) as store:
                ids = store.ordered_article_ids(order)
        except (HasiyeError, sqlite3.Error) as error:  # the list stays as it was
            self.app.call_from_thread(
                self.notify, f"Could not read the articles: {error}", severity="error"
            )
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, order, ids, fingerprint)

    def _loaded(self, order: ArticleOrder, ids: list[str], fingerprint: tuple[object, ...]) -> None:
        if order != self.session.article_order:
            return  # the order changed again meanwhile; its own load follows
        self._all_ids, self._fingerprint, self._shown_order = ids, fingerprint, order
        self._coming = None
        if self._titles_generation != self.session.store.articles_generation():
            self._titles = None  # an article was added, removed or retitled
        if self.filter_text:
            self.run_filter(self.filter_text)
        else:
            self._show(ids)

    def _show(self, ids: list[str]) -> None:
        """List these ids; the session keeps them for the annotator's next and previous."""
        listing = self.article_list
        listing.show(ids, cursor_on=listing.current_id)
        self.session.listed_ids = ids
        self._update_progress(recount=True)

    def on_article_list_opened(self, event: ArticleList.Opened) -> None:
        self.post_message(OpenArticle(event.article_id))

    def on_article_list_moved(self, event: ArticleList.Moved) -> None:
        self._update_progress()

    def action_search(self) -> None:
        self.post_message(OpenSearch())

    def action_entities(self) -> None:
        self.post_message(OpenEntities())

    def action_export(self) -> None:
        self.post_message(OpenExport())

    def action_agreement(self) -> None:
        self.post_message(OpenAgreement())

    def action_adjudicate(self) -> None:
        article_id = self.article_list.current_id
        if article_id is not None:
            self.post_message(OpenAdjudication(article_id))

    # Status filter, sort, next unfinished

    def action_cycle_status_filter(self) -> None:
        self.session.article_order = self.session.article_order.next_status()
        self._load_ids()

    def action_cycle_sort(self) -> None:
        self.session.article_order = self.session.article_order.next_sort()
        self._load_ids()

    def action_next_unfinished(self) -> None:
        current = self.article_list.current_id
        following = self.session.next_unfinished(current) if current is not None else None
        if following is None or following not in self.article_list.ids:
            self.notify("Every article listed here is done", timeout=3)
            return
        self.article_list.move_cursor(self.article_list.ids.index(following))

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
            self._show(self._all_ids)
            return
        if self._titles is None:
            # Read here: the store's connection belongs to this thread; folding happens in the worker.
            store = self.session.store
            self._titles = TitleIndex(store.titles())
            self._titles_generation = store.articles_generation()
        self._filter_in_worker(query, self._titles, self._all_ids)

    @work(thread=True, exclusive=True, group="filter")
    def _filter_in_worker(self, query: str, titles: TitleIndex, listed: list[str]) -> None:
        matching = set(titles.matching(query))
        ids = [id_ for id_ in listed if id_ in matching]  # in the library's order
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_filtered, query, ids)

    def _show_filtered(self, query: str, ids: list[str]) -> None:
        self.filter_text = query
        self._show(ids)

    def _update_progress(self, recount: bool = False) -> None:
        """The progress line, "3 of 120   12 / 120 done   status todo   sorted by title": the
        cursor's place in the list, the done count (counted again only when the store may have
        changed, not at every cursor move), the status filter and the sort."""
        if recount or not self._counts:
            self._counts = self.session.store.status_counts()
        counts = self._counts
        total = sum(counts.values())
        if not total:
            line = "No articles yet: import some with `hasiye import PATH`."
        else:
            listing = self.article_list
            listed = len(listing.ids) if self._coming is None else self._coming
            where = f"{listing.cursor + 1} of {listed}" if listing.ids else "0 of 0"
            line = f"{where}   {counts[Status.DONE]} / {total} done   "
            line += self._shown_order.describe()
            if self.filter_text:
                line += f"   title {self.filter_text!r}"
        self.query_one("#progress", Static).update(line)
