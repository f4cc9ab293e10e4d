"""The search screen (key s): results update as you type, the first hit highlighted; enter goes to
the list on it and down to the next one; enter in the list opens the article at the hit.

The search is ``annotations.search.search``, the same as ``hasiye search``. It runs in a worker
thread with its own connection (a connection belongs to its thread), so typing never waits; a newer
query cancels the older one. A word's near spellings are asked of the database (the few thousand
terms filed near it), so the first search of a big corpus is as quick as the next.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from annotations import keymap
from annotations.errors import HasiyeError
from annotations.search import Hit, Vocabulary, search
from annotations.store import Store
from tui.keys import bindings
from tui.messages import OpenArticle
from tui.session_of import session_of
from tui.widgets.row_list import Cell, RowList

RESULTS = 100


class HitList(RowList):
    BINDINGS = bindings(keymap.OPEN_ROW)
    HEADER = ("score", "article", "first match")

    class Chosen(Message):
        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []

    def show(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.rows_changed(cursor=0)

    @property
    def row_count(self) -> int:
        return len(self.hits)

    def column_widths(self) -> list[int]:
        return [7, 40]

    def row_cells(self, index: int) -> list[Cell]:
        hit = self.hits[index]
        snippet = f"…{hit.snippets[0].text}…" if hit.snippets else ""
        return [
            (f"{hit.score:g}", None),
            (f"{hit.title}  ({hit.article_id})", None),
            (snippet, None),
        ]

    def choose(self, index: int) -> None:
        self.post_message(self.Chosen(self.hits[index]))


class SearchScreen(Screen[None]):
    BINDINGS = bindings(keymap.SEARCH)

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.initial,
            placeholder='search: halil hayya, erdogan, "siyasi bürosu", kahir*',
            id="query",
        )
        yield Static("", id="count", markup=False)
        yield HitList(id="hits")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        if self.initial:
            self.run_search(self.initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the query: to the list, on the hit highlighted while typing."""
        event.stop()
        hits = self.query_one(HitList)
        if hits.row_count:
            hits.focus()

    def action_next_result(self) -> None:
        """Down in the query: the highlighted hit is the one enter opens, so down goes on to the
        next one (as in the link picker) and the list takes the keys from there."""
        hits = self.query_one(HitList)
        if hits.row_count:
            hits.focus()
            hits.move_cursor(hits.cursor + 1)

    def run_search(self, query: str) -> None:
        if not query.strip():
            self.workers.cancel_group(self, "search")
            self._show(query, [])
            return
        self._search(query, session_of(self).store.path)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str, database: Path) -> None:
        worker = get_current_worker()
        try:
            with Store(database, annotator=session_of(self).annotator) as store:
                # The first search after the index changed brings its vocabulary up to date: a
                # write, which waits for another process's (an import) and may give up.
                hits = search(store, query, limit=RESULTS, vocabulary=Vocabulary(store))
        except HasiyeError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", title="No search")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, hits)

    def _show(self, query: str, hits: list[Hit]) -> None:
        self.query_one(HitList).show(hits)
        count = "" if not query.strip() else f"{len(hits)} article(s) match {query!r}"
        if query.strip() and len(hits) == RESULTS:
            count += f" (the best {RESULTS})"
        self.query_one("#count", Static).update(count)

    def on_hit_list_chosen(self, event: HitList.Chosen) -> None:
        hit = event.hit
        start = hit.snippets[0].matches[0][0] if hit.snippets and hit.snippets[0].matches else 0
        self.post_message(OpenArticle(hit.article_id, start_at=start))

    def action_back(self) -> None:
        self.app.pop_screen()
