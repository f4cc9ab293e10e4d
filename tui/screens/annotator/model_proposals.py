"""The pre-annotation model's proposals in the annotator: drawn underlined in their label's
colour (never on a gold colour), each with the entity it would link to.

y accepts the proposal at the cursor (or the next one after it) and goes on to the next, A
accepts every proposal of the article, X rejects one (remembered, as for propagation: it is not
proposed again), ; and : jump to the next / previous. An accepted proposal becomes an ordinary span
of the annotator through the same path as a reviewed one (``ProposalKeys._accept``), and a
rejection is recorded the same way: one undo step each; after an undo or a redo the model proposes
again. A proposal never overlaps a span of the annotator: one that would is dropped.

The model runs in a worker when the article opens (it loads the newest model the first time),
so opening and typing never wait for it.
"""

from __future__ import annotations

from textual import work

from annotations.errors import HasiyeError
from annotations.pre_annotation import Proposer
from annotations.review import Proposal, keyword_in_context
from annotations.store import Store
from annotations.store.models import ModelProposal
from tui.messages import StoreChanged
from tui.screens.annotator.proposals import ProposalKeys


class ModelProposalKeys(ProposalKeys):
    def __init__(
        self, article_id: str, start_at: int | None = None, layer: str | None = None
    ) -> None:
        super().__init__(article_id, start_at, layer)
        self.model_proposals: list[ModelProposal] = []  # in text order

    def on_mount(self) -> None:
        # Textual calls every class's on_mount (the base's shows the spans): no super() here.
        self.refresh_model_proposals()

    @work(thread=True, exclusive=True, group="model-proposals", exit_on_error=False)
    def refresh_model_proposals(self) -> None:
        """Propose with the newest model of the annotator (none: nothing is drawn). A model
        that cannot be read is said once, and the annotator goes on without proposals."""
        try:
            found = self._propose()
        except HasiyeError as error:
            self.app.call_from_thread(self.notify, str(error), severity="warning")
            return
        if found is not None:
            self.app.call_from_thread(self._show_model_proposals, found)

    def _propose(self) -> list[ModelProposal] | None:
        session = self.session
        with Store(self.store.path, annotator=session.annotator) as store:
            newest = store.latest_model_id(session.annotator)
            proposer = session.proposer
            if newest is None:
                return None
            if proposer is None or proposer.record.id != newest:
                proposer = Proposer.load(store, session.annotator, session.titles, proposer)
                session.proposer = proposer
            else:
                proposer.catch_up(store)  # entities made or changed since
            if proposer is None:
                return None
            article = store.get_article(self.article_id)
            rejected = store.rejected_proposals(self.article_id, self.layer)
            taken = [(span.start, span.end) for span in store.spans_for(self.article_id)
                     if span.annotator == self.layer]  # fmt: skip
            found, uncertainty = proposer.propose(self.article_id, article.text, taken, rejected)
            if proposer.record.id is not None:  # the library's "uncertain" order reads it
                store.save_uncertainty(
                    {self.article_id: uncertainty}, session.annotator, proposer.record.id
                )
            return found

    def _show_model_proposals(self, found: list[ModelProposal]) -> None:
        if not self.is_attached:
            return  # the article was closed while the model ran
        self.model_proposals = found
        self._drop_taken_proposals()

    def on_store_changed(self, message: StoreChanged) -> None:
        """After an undo or a redo the model proposes again: an accepted or rejected proposal
        undone is proposed again (the base class shows the spans: Textual calls both)."""
        if message.what in ("undo", "redo"):
            self.refresh_model_proposals()

    def _reload_spans(self) -> None:
        super()._reload_spans()
        self._drop_taken_proposals()

    def _drop_taken_proposals(self) -> None:
        """Proposals that now overlap a span of the annotator are gone; the rest is drawn."""
        spans = self.spans
        self.model_proposals = [
            proposal
            for proposal in self.model_proposals
            if not any(span.start < proposal.end and proposal.start < span.end for span in spans)
        ]
        self.text_area.set_proposals(
            [(proposal.start, proposal.end, proposal.label) for proposal in self.model_proposals]
        )

    def _proposal_at_or_after(self) -> ModelProposal | None:
        cursor = self.text_area.cursor_offset
        return next((p for p in self.model_proposals if p.end > cursor), None)

    def _as_review_proposal(self, proposal: ModelProposal) -> Proposal:
        before, after = keyword_in_context(self.article.text, proposal.start, proposal.end)
        return Proposal(
            proposal.start, proposal.end, proposal.label, proposal.surface, before, after,
            article_id=self.article_id, entity_id=proposal.entity_id,
        )  # fmt: skip

    def _describe(self, proposal: ModelProposal) -> str:
        entity = ""
        if proposal.entity_id is not None:
            names = self.store.canonical_names([proposal.entity_id])
            entity = f" → {names.get(proposal.entity_id, '?')}"
        return f"proposed {proposal.label} {proposal.surface}{entity} ({proposal.confidence:.0%})"

    def _go_to_proposal(self, proposal: ModelProposal | None) -> None:
        if proposal is None:
            self.notify("No more proposals in this article", timeout=2)
            return
        self.text_area.put_cursor(proposal.start)
        self.notify(self._describe(proposal), timeout=3)

    def _no_proposals(self) -> bool:
        if self.model_proposals:
            return False
        self.notify(
            "No proposals here: `hasiye train` learns a model from the articles marked done",
            severity="warning",
        )
        return True

    def _proposal_for_key(self) -> ModelProposal | None:
        """The proposal an accept or reject key acts on, or None (and the notification why)."""
        if self._no_proposals():
            return None
        proposal = self._proposal_at_or_after()
        if proposal is None:
            self.notify("No proposal at or after the cursor", severity="warning")
        return proposal

    def action_accept_model_proposal(self) -> None:
        proposal = self._proposal_for_key()
        if proposal is None:
            return
        if self._accept(self._as_review_proposal(proposal)):
            self._go_to_proposal(self._proposal_at_or_after())

    def action_accept_all_model_proposals(self) -> None:
        if self._no_proposals():
            return
        accepted = sum(
            self._accept(self._as_review_proposal(proposal))
            for proposal in list(self.model_proposals)
        )
        self.notify(f"accepted {accepted} proposal(s): u undoes them one by one", timeout=3)

    def action_reject_model_proposal(self) -> None:
        proposal = self._proposal_for_key()
        if proposal is None:
            return
        self._reject(self._as_review_proposal(proposal))
        self.model_proposals = [p for p in self.model_proposals if p != proposal]
        self._drop_taken_proposals()
        self.notify(f"rejected {proposal.label} {proposal.surface}", timeout=2)
        following = self._proposal_at_or_after()
        if following is not None:
            self.text_area.put_cursor(following.start)

    def action_next_model_proposal(self, step: int) -> None:
        if self._no_proposals():
            return
        cursor = self.text_area.cursor_offset
        if step > 0:
            found = next((p for p in self.model_proposals if p.start > cursor), None)
        else:
            found = next((p for p in reversed(self.model_proposals) if p.start < cursor), None)
        self._go_to_proposal(found)

