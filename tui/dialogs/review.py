"""The review queue: proposed spans as keyword-in-context lines; y accepts, n rejects, A accepts
the rest of the article under the cursor.

The screen that opens it passes what accepting and rejecting do (they go through its undo history
and the store at once); the queue only shows, moves and asks.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from annotations import keymap
from annotations.review import Proposal
from tui.keys import bindings
from tui.widgets.row_list import Cell, RowList

VALUE_WIDTH = 22
SURFACE_STYLE = Style(bold=True, reverse=True)


class ProposalList(RowList):
    def __init__(self, proposals: list[Proposal], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.proposals = proposals

    @property
    def row_count(self) -> int:
        return len(self.proposals)

    def column_widths(self) -> list[int]:
        return [VALUE_WIDTH]

    def row_cells(self, index: int) -> list[Cell]:
        proposal = self.proposals[index]
        if proposal.value is None:
            value = proposal.article_id or ""
        else:
            value = proposal.value.value or (
                "needs anchor" if proposal.value.needs_anchor else "no value"
            )
        line = f"…{proposal.before}[{proposal.surface}]{proposal.after}…"
        return [(value, None), (line, None)]


class ReviewScreen(ModalScreen[None]):
    BINDINGS = bindings(keymap.REVIEW)

    def __init__(
        self,
        title: str,
        proposals: list[Proposal],
        accept: Callable[[Proposal], bool],
        reject: Callable[[Proposal], None],
    ) -> None:
        super().__init__()
        self.title_text = title
        self.proposals = list(proposals)
        self.accept = accept
        self.reject = reject

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static(id="review-title", markup=False)
            yield ProposalList(self.proposals, id="proposals")
        yield Footer()

    def on_mount(self) -> None:
        self._show_count()
        self.query_one(ProposalList).focus()

    def _show_count(self) -> None:
        left = len(self.proposals)
        self.query_one("#review-title", Static).update(
            f"{self.title_text}: {left} left (y accept, n reject, A accept the rest of this "
            "article, escape close)"
        )

    @property
    def listing(self) -> ProposalList:
        return self.query_one(ProposalList)

    def _take(self) -> Proposal | None:
        if not self.proposals:
            self.notify("Nothing left to review", timeout=2)
            return None
        return self.proposals[self.listing.cursor]

    def _drop(self, proposal: Proposal) -> None:
        self.proposals.remove(proposal)
        self.listing.proposals = self.proposals
        self.listing.rows_changed()
        self._show_count()

    def action_accept(self) -> None:
        proposal = self._take()
        if proposal is not None and self.accept(proposal):
            self._drop(proposal)

    def action_reject(self) -> None:
        proposal = self._take()
        if proposal is not None:
            self.reject(proposal)
            self._drop(proposal)

    def action_accept_all(self) -> None:
        """Accept every proposal left in the article of the one under the cursor."""
        current = self._take()
        if current is None:
            return
        for proposal in list(self.proposals):
            if proposal.article_id == current.article_id and self.accept(proposal):
                self._drop(proposal)

    def action_close(self) -> None:
        self.dismiss(None)
