"""Adjudication (A in the library): one article's differences between the annotators' layers, in
buckets, settled into the gold layer. What all agree on is taken at once; 1-9 take a version of
the difference under the cursor, 0 takes none, e edits the gold layer there in the annotator; u
undoes like every edit. The gold column says where
each gold span came from. The work is ``annotations.adjudicating``'s.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from annotations import keymap
from annotations.adjudicating import (
    ArticleAdjudication,
    settle_status,
    take,
    take_agreed,
    take_none,
)
from annotations.adjudication import Bucket, Cluster, Version
from annotations.errors import HasiyeError
from annotations.model import DEFAULT_GOLD
from annotations.safe_text import visible_text
from annotations.session import Session
from tui.keys import bindings
from tui.messages import OpenArticle, StoreChanged
from tui.session_of import give_up_waiting_write, session_of, write_when_free
from tui.widgets.row_list import Cell, RowList

SETTLED_STYLES = {True: Style(color="green"), False: Style(color="yellow", bold=True)}


def _side(adjudication: ArticleAdjudication, version: Version, bucket: Bucket) -> str:
    return "; ".join(adjudication.words(span, bucket) for span in version) or "none"


class DifferenceList(RowList):
    HEADER = ("n", "bucket", "settled", "gold (from)", "text   versions: key annotators: spans")

    def __init__(self, adjudication: ArticleAdjudication, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.adjudication = adjudication

    @property
    def row_count(self) -> int:
        return len(self.adjudication.clusters)

    def column_widths(self) -> list[int]:
        return [3, 16, 7, 28]

    def row_cells(self, index: int) -> list[Cell]:
        adjudication = self.adjudication
        cluster = adjudication.clusters[index]
        done = adjudication.is_settled(cluster)
        gold = "; ".join(
            f"{adjudication.words(span, cluster.bucket)} "
            f"({', '.join(adjudication.provenance(span)) or 'edited'})"
            for span in adjudication.gold_in(cluster)
        )
        versions = "   ".join(
            f"{number} {', '.join(names)}: {_side(adjudication, version, cluster.bucket)}"
            for number, (version, names) in enumerate(cluster.versions, 1)
        )
        return [
            (str(index + 1), None),
            (cluster.bucket.value, None),
            ("yes" if done else "no", SETTLED_STYLES[done]),
            (gold or ("none" if done else ""), None),
            (f"{adjudication.text[cluster.start : cluster.end]}   {versions}", None),
        ]


class AdjudicationScreen(Screen[None]):
    BINDINGS = bindings(keymap.ADJUDICATION)

    def __init__(self, article_id: str, gold: str = DEFAULT_GOLD) -> None:
        super().__init__()
        self.article_id = article_id
        self.gold = gold
        self.adjudication = ArticleAdjudication(article_id, "", gold, {}, [], set(), [])
        self._away = False  # another screen was pushed on this one (e edits the gold layer)

    @property
    def session(self) -> Session:
        return session_of(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="adjudication-title", markup=False)
        yield DifferenceList(self.adjudication, id="difference-list")
        yield Footer()

    def on_mount(self) -> None:
        try:
            self._show(ArticleAdjudication.read(self.session.store, self.article_id, self.gold))
        except HasiyeError as error:
            self.notify(str(error), markup=False, severity="error", title="Not saved")
            return
        self.listing.focus()
        # Shown first, then what all agree on is taken (a write of up to thousands of spans).
        self.call_after_refresh(self._take_agreed)

    def _take_agreed(self) -> None:
        if not self.is_attached:  # left at once: the next open takes them
            return
        before = len(self.adjudication.gold_spans)

        def taken(adjudication: ArticleAdjudication) -> None:
            self._show(adjudication)
            count = len(adjudication.gold_spans) - before
            if count:
                message = f"{count} agreed span(s) taken into {self.gold} (u undoes)"
                self.notify(message, markup=False, timeout=3)

        write_when_free(
            self,
            f"take what all agree on into {self.gold}",
            lambda: take_agreed(self.session, self.adjudication),
            taken,
        )

    @property
    def listing(self) -> DifferenceList:
        return self.query_one(DifferenceList)

    def _show(self, adjudication: ArticleAdjudication) -> None:
        self.adjudication = adjudication
        self.listing.adjudication = adjudication
        self.listing.rows_changed()
        left = len(adjudication.unsettled)
        state = "adjudicated" if not left else f"{left} difference(s) left"
        if not adjudication.clusters:  # nothing was settled, nor marked done
            state = "nothing to adjudicate: no annotator has a span in it"
        self.query_one("#adjudication-title", Static).update(
            f"{visible_text(self.article_id)} into {visible_text(self.gold)}: "
            f"{len(adjudication.clusters)} difference(s), "
            f"{state}   (1-9 take a version, 0 none, e edit, u undo, escape back)"
        )

    def on_store_changed(self, message: StoreChanged) -> None:
        self._show(
            ArticleAdjudication.read(
                self.session.store, self.article_id, self.gold, tuple(self.adjudication.layers)
            )
        )

    def _current(self) -> Cluster | None:
        if not self.adjudication.clusters:
            self.notify("No differences: the layers agree", markup=False, timeout=2)
            return None
        return self.adjudication.clusters[self.listing.cursor]

    def action_take(self, number: int) -> None:
        cluster = self._current()
        if cluster is None:
            return
        if not 1 <= number <= len(cluster.versions):
            self.notify(f"No version {number} here", markup=False, timeout=2)
            return
        version = cluster.versions[number - 1][0]
        self._settle(
            f"take version {number} into {self.gold}",
            lambda: take(self.session, self.adjudication, cluster, version),
        )

    def action_take_none(self) -> None:
        cluster = self._current()
        if cluster is not None:
            self._settle(
                f"take none into {self.gold}",
                lambda: take_none(self.session, self.adjudication, cluster),
            )

    def _settle(self, what: str, action: Callable[[], ArticleAdjudication]) -> None:
        def settled(adjudication: ArticleAdjudication) -> None:
            self._show(adjudication)
            if adjudication.adjudicated:
                self.notify(f"{self.article_id} adjudicated", markup=False, timeout=3)
            else:
                self.action_next_unsettled()

        write_when_free(self, what, action, settled)

    def action_edit_gold(self) -> None:
        """The annotator on the gold layer at the difference under the cursor: for a gold span
        no version has (another range, another label, a link). Back here, the difference shows
        as settled by an edit."""
        cluster = self._current()
        if cluster is not None:
            self.post_message(OpenArticle(self.article_id, cluster.start, layer=self.gold))

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        if not self._away:  # shown for the first time: on_mount has just read the article
            return
        self._away = False
        try:  # back from editing the gold layer: its status follows what is left to settle
            self._show(settle_status(self.session.store, self.adjudication))
        except HasiyeError as error:
            self.notify(str(error), markup=False, severity="error", title="Not saved")

    def action_next_unsettled(self) -> None:
        adjudication = self.adjudication
        count = len(adjudication.clusters)
        for step in range(1, count + 1):
            index = (self.listing.cursor + step) % count
            if not adjudication.is_settled(adjudication.clusters[index]):
                self.listing.move_cursor(index)
                return

    def action_back(self) -> None:
        """Back; while a step waits for the database, escape gives that step up instead."""
        if give_up_waiting_write(self) is not None:
            return
        self.app.pop_screen()
