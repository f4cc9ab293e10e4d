"""Agreement (I in the library): the figures of ``hasiye agree`` for every annotator but the gold
layer, read in a worker (a large corpus takes seconds): one row per pair and label, then the
articles that agree least. The figures are ``annotations.agreement_report``'s."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from annotations import keymap
from annotations.agreement_report import measure, report
from annotations.errors import HasiyeError
from annotations.safe_text import visible_text
from annotations.store import Store
from tui.keys import bindings
from tui.session_of import session_of
from tui.widgets.row_list import Cell, RowList

WORST = 20


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


class AgreementList(RowList):
    HEADER = ("pair / article", "label", "spans / pair", "exact F1", "overlap F1", "kappa", "alpha")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[list[str]] = []

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def column_widths(self) -> list[int]:
        return [28, 6, 15, 9, 10, 7]

    def row_cells(self, index: int) -> list[Cell]:
        return [(cell, None) for cell in self.rows[index]]


def table_rows(figures: dict[str, Any]) -> list[list[str]]:
    """The report as rows: each pair's labels and overall, then the worst articles, a row for
    each pair's exact F1 in them."""
    rows = []
    for pair in figures["pairs"]:
        name = " / ".join(pair["annotators"])
        for label, record in [*pair["labels"].items(), ("all", pair["overall"])]:
            alphas = figures["alpha"]
            alpha = alphas["overall"] if label == "all" else alphas["labels"].get(label)
            rows.append(
                [
                    name,
                    label,
                    f"{record['spans'][0]}/{record['spans'][1]}",
                    _figure(record["exact_f1"]),
                    _figure(record["overlap_f1"]),
                    _figure(record["kappa"]),
                    _figure(alpha),
                ]
            )
    for article in figures["articles"]:
        for pair, score in article["exact_f1"].items():
            rows.append([article["id"], "", pair, _figure(score), "", "", ""])
    return rows


class AgreementScreen(Screen[None]):
    BINDINGS = bindings(keymap.AGREEMENT)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("measuring agreement...", id="agreement-title", markup=False)
        yield AgreementList(id="agreement-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(AgreementList).focus()
        self._measure(session_of(self).store.path)

    @work(thread=True, exclusive=True, group="agreement")
    def _measure(self, database: Path) -> None:
        try:
            with Store(database) as store:
                # In one process: multiprocessing cannot start one from inside the app (it hands
                # the child sys.stderr's descriptor, which Textual has replaced).
                figures = report(measure(store, processes=1), WORST)
        except (HasiyeError, sqlite3.Error) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, figures)

    def _failed(self, why: str) -> None:
        self.query_one("#agreement-title", Static).update(f"no agreement: {visible_text(why)}")
        self.notify(why, markup=False, severity="error", title="No agreement")

    def _show(self, figures: dict[str, Any]) -> None:
        listing = self.query_one(AgreementList)
        listing.rows = table_rows(figures)
        listing.rows_changed()
        self.query_one("#agreement-title", Static).update(
            f"agreement of {visible_text(', '.join(figures['annotators']))} over "
            f"{figures['article_count']} "
            f"article(s); then the {min(WORST, figures['article_count'])} that agree least "
            "(exact F1); escape back"
        )

    def action_back(self) -> None:
        self.workers.cancel_group(self, "agreement")
        self.app.pop_screen()
