"""The review queue: proposed spans as keyword-in-context lines. Move with the list keys; y accepts
and n rejects the row under the cursor, A accepts every row of that row's article, C every row
left (after a y/n question that says how many). The title counts what is left; when nothing is,
the queue closes by itself and says what was done.

The screen that opens it passes what accepting and rejecting do (they go through its undo history
and the store at once); the queue only shows, moves, counts and asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from annotations import keymap
from annotations.review import Proposal
from annotations.safe_text import visible_text
from tui.dialogs.confirm import ConfirmDialog
from tui.keys import bindings
from tui.widgets.row_list import Cell, RowList

VALUE_WIDTH = 22


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


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
    """``subject`` names what is reviewed ("Mentions of İbrahim Kalın (PER)", "Dates found"); the
    counts are the queue's own. ``note`` follows them (there are more than these: a again)."""

    BINDINGS = bindings(keymap.REVIEW)

    def __init__(
        self,
        subject: str,
        proposals: list[Proposal],
        accept: Callable[[Proposal], bool],
        reject: Callable[[Proposal], None],
        note: str = "",
    ) -> None:
        super().__init__()
        self.subject = subject
        self.note = note
        self.proposals = list(proposals)
        self.accept = accept
        self.reject = reject
        self.accepted = 0
        self.rejected = 0
        # Mentions across the corpus carry their article; an article's dates do not.
        self.across_articles = any(proposal.article_id for proposal in proposals)

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static(id="review-title", markup=False)
            yield Static(self._hint(), id="review-hint", markup=False, classes="hint")
            yield ProposalList(self.proposals, id="proposals")
        yield Footer()

    def on_mount(self) -> None:
        self._show_counts()
        self.listing.focus()

    def _hint(self) -> str:
        corpus = "C all in the corpus, " if self.across_articles else ""
        return (
            f"up/down move; y accept, n reject; A all in this article, {corpus}escape close "
            "(accepted spans undo with u)"
        )

    @property
    def listing(self) -> ProposalList:
        return self.query_one(ProposalList)

    @property
    def articles_left(self) -> int:
        return len({proposal.article_id for proposal in self.proposals})

    def _where(self) -> str:
        return f" in {counted(self.articles_left, 'article')}" if self.across_articles else ""

    def title_line(self) -> str:
        line = f"{self.subject}: {len(self.proposals)} left{self._where()}"
        return f"{line} ({self.note})" if self.note else line

    def _show_counts(self) -> None:
        self.query_one("#review-title", Static).update(visible_text(self.title_line()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept_corpus":
            return self.across_articles
        return True

    # Taking rows out ----------------------------------------------------------------------------

    def _current(self) -> Proposal | None:
        if not self.proposals:
            return None
        return self.proposals[self.listing.cursor]

    def _take_out(self, done: Iterable[Proposal]) -> None:
        """Drop the proposals dealt with; the cursor stays on the row after the one it was on.
        With nothing left the queue closes itself."""
        gone = {id(proposal) for proposal in done}
        if not gone:
            return
        cursor = self.listing.cursor
        before_cursor = sum(1 for proposal in self.proposals[:cursor] if id(proposal) not in gone)
        self.proposals = [proposal for proposal in self.proposals if id(proposal) not in gone]
        if not self.proposals:
            self._close(finished=True)
            return
        self.listing.proposals = self.proposals
        self.listing.rows_changed(cursor=before_cursor)
        self._show_counts()

    def _accept_each(self, proposals: list[Proposal]) -> None:
        accepted = [proposal for proposal in proposals if self.accept(proposal)]
        self.accepted += len(accepted)
        self._take_out(accepted)

    def action_accept(self) -> None:
        current = self._current()
        if current is not None:
            self._accept_each([current])

    def action_reject(self) -> None:
        current = self._current()
        if current is not None:
            self.reject(current)
            self.rejected += 1
            self._take_out([current])

    def action_accept_article(self) -> None:
        """Accept every proposal left in the article of the one under the cursor."""
        current = self._current()
        if current is not None:
            article = current.article_id
            self._accept_each([p for p in self.proposals if p.article_id == article])

    def action_accept_corpus(self) -> None:
        """Accept every proposal left, once the question that says how many is answered yes."""
        if not self.proposals:
            return
        question = f"Accept all {counted(len(self.proposals), 'proposal')} left{self._where()}?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._accept_each(list(self.proposals))

        self.app.push_screen(ConfirmDialog(question), answered)

    # Closing ------------------------------------------------------------------------------------

    def _done(self) -> str:
        parts = []
        if self.accepted:
            parts.append(f"accepted {self.accepted}")
        if self.rejected:
            parts.append(f"rejected {self.rejected}")
        return ", ".join(parts)

    def _close(self, finished: bool = False) -> None:
        done = self._done()
        if finished:
            left = "nothing left to review" + (f" ({self.note})" if self.note else "")
            self.notify(f"{self.subject}: {done}; {left}", timeout=4, markup=False)
        elif done:
            left = f"{len(self.proposals)} left"
            self.notify(f"{self.subject}: {done}; {left}", timeout=4, markup=False)
        self.dismiss(None)

    def action_close(self) -> None:
        self._close()
