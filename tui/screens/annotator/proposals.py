"""Proposals in the annotator: D finds the article's dates, a finds an entity's unannotated
mentions across the corpus (in a worker: it reads every article that may mention it). Both open
the review queue; an accepted proposal is an ordinary span of the annotator, one undo step."""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from annotations.dates import DATE_LABEL
from annotations.linking import span_from_proposal
from annotations.model import Entity
from annotations.propagation import propagation_proposals
from annotations.review import Proposal, date_proposals
from annotations.store import Store
from tui.dialogs.review import ReviewScreen
from tui.screens.annotator.base import AnnotatorBase

PROPAGATION_PAGE = 500  # proposals per review queue


class ProposalKeys(AnnotatorBase):
    def action_find_dates(self) -> None:
        if DATE_LABEL not in {label.name for label in self.session.labels}:
            # Accepting one would make a span of a label the set does not have: export refuses it.
            self.notify(
                f"This label set has no {DATE_LABEL} label: dates are not looked for",
                severity="warning",
                timeout=4,
            )
            return
        rejected = self.store.rejected_proposals(self.article_id, self.layer)
        proposals = date_proposals(self.article.text, self.spans, self.article_date, rejected)
        if not proposals:
            self.notify("No new date expressions in this article", timeout=3)
            return
        self.app.push_screen(ReviewScreen("Dates found", proposals, self._accept, self._reject))

    def _accept(self, proposal: Proposal) -> bool:
        """A proposal (a found date, a mention) becomes a span of the annotator: one undo step."""
        span = span_from_proposal(proposal, self.article_id, self.layer)
        where = "" if span.article_id == self.article_id else f" in {span.article_id}"
        added = self._attempt(f"{span.label} {span.surface}{where}", lambda: self.history.add(span))
        return added is not None

    def _reject(self, proposal: Proposal) -> None:
        """Rejected for good, one undo step. Through _attempt: with the database busy (an import)
        the rejection waits, never freezes."""
        key = (
            proposal.article_id or self.article_id,
            self.layer,
            proposal.start,
            proposal.end,
            proposal.label,
        )
        what = f"rejected {proposal.label} {proposal.surface}"
        self._attempt(what, lambda: self.history.reject(key, what))

    def action_propagate(self) -> None:
        span = self._span_under_cursor()
        if span is None or span.entity_id is None:
            self.notify(
                "Put the cursor on a linked span (k links) to propagate it", severity="warning"
            )
            return
        entity = self.store.get_entity(span.entity_id)
        self.notify(f"Looking for mentions of {entity.canonical} (escape cancels)", timeout=2)
        self._find_mentions(entity, span.label)

    @work(thread=True, exclusive=True, group="propagation")
    def _find_mentions(self, entity: Entity, label: str) -> None:
        """Propagation reads every article that may mention the entity: off the UI thread, with
        its own connection, a page of proposals at a time (accepted and rejected ones are not
        proposed again, so a again goes on)."""
        worker = get_current_worker()
        proposals: list[Proposal] = []
        with Store(self.store.path, annotator=self.layer) as store:
            found = propagation_proposals(
                store, entity, label, self.layer, first_article=self.article_id
            )
            for proposal in found:
                if worker.is_cancelled:
                    return
                proposals.append(proposal)
                if len(proposals) > PROPAGATION_PAGE:
                    break
        if not worker.is_cancelled:
            self.app.call_from_thread(self._review_mentions, entity, proposals)

    def _review_mentions(self, entity: Entity, proposals: list[Proposal]) -> None:
        more = len(proposals) > PROPAGATION_PAGE
        proposals = proposals[:PROPAGATION_PAGE]
        if not proposals:
            self.notify(f"No unannotated mentions of {entity.canonical}", timeout=3)
            return
        # The queue counts what is left itself; it is told what it reviews.
        subject = f"Mentions of {entity.canonical} ({entity.label})"
        note = f"the first {PROPAGATION_PAGE}: a again for more" if more else ""
        self.app.push_screen(ReviewScreen(subject, proposals, self._accept, self._reject, note))
