"""The annotator: the article text with its spans, the span panel, and every labelling key.

Its keys are declared in ``annotations.keymap`` (the footer and the help screen are generated from
the bindings). Every edit goes through the session's one ``History``, which writes it to the store
before the screen shows it; the header then says "saved". Undo and redo are the app's keys.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from annotations import keymap
from annotations.annotating import decide_label, grown, innermost_at, name_at, shrunk
from annotations.dates import DATE_LABEL, parse_date
from annotations.errors import HasiyeError
from annotations.history import History
from annotations.linking import auto_link_target, picker_is_likely, span_from_proposal
from annotations.model import Entity, Label, Span, Status
from annotations.propagation import propagation_proposals
from annotations.review import Proposal, date_proposals
from annotations.safe_text import visible_text
from annotations.session import Session
from annotations.store import Store
from annotations.turkish import find_all
from tui.dialogs.find import FindDialog
from tui.dialogs.link import NEW, UNLINK, LinkChoice, LinkPicker
from tui.dialogs.review import ReviewScreen
from tui.dialogs.value import ValueDialog
from tui.keys import bindings, label_bindings
from tui.messages import OpenArticle, OpenEntities, OpenSearch, StoreChanged
from tui.session_of import session_of
from tui.widgets.span_panel import SpanPanel
from tui.widgets.span_text import SpanText

PROPAGATION_PAGE = 500  # proposals per review queue
Result = TypeVar("Result")


class AnnotatorScreen(Screen[None]):
    BINDINGS = bindings(keymap.ANNOTATOR)

    def __init__(self, article_id: str, start_at: int | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.start_at = start_at  # where the cursor starts (a search hit), else the beginning
        self.spans: list[Span] = []
        self.matches: list[tuple[int, int]] = []
        self.match_index = -1
        self.query_text = ""
        self.relabel_pending = False
        # The label keys, then the vim moves whose key no label takes (l is LOC by default).
        # Label keys first: the footer and the help screen list them before the other keys.
        label_keys = label_bindings(self.labels)
        taken = {binding.key for binding in label_keys}
        moves = Binding.make_bindings(bindings(keymap.ANNOTATOR_MOVES))
        ordered: dict[str, list[Binding]] = {}
        for binding in [*label_keys, *(move for move in moves if move.key not in taken)]:
            ordered.setdefault(binding.key, []).append(binding)
        for key, fixed in self._bindings.key_to_bindings.items():
            ordered.setdefault(key, []).extend(fixed)
        self._bindings.key_to_bindings = ordered

    @property
    def session(self) -> Session:
        return session_of(self)

    @property
    def history(self) -> History:
        return self.session.history

    @property
    def store(self) -> Store:
        return self.session.store

    @property
    def labels(self) -> tuple[Label, ...]:
        return self.session.labels

    @property
    def label_colors(self) -> dict[str, str]:
        return {label.name: label.color for label in self.labels}

    def compose(self) -> ComposeResult:
        store = self.store
        self.article = store.get_article(self.article_id)
        if self.article.status is Status.TODO:
            store.set_status(self.article_id, Status.IN_PROGRESS)
            self.article = store.get_article(self.article_id)
        # Relative dates take their value from it (not `anchor`: that is Widget.anchor()).
        self.article_date = self.history.anchor(self.article_id)
        yield Header()
        with Horizontal(id="top"):
            yield Static(id="meta", markup=False)
            yield Static(id="saved", markup=False)
        with Horizontal(id="workspace"):
            yield SpanText(self.article.text, self.label_colors, id="text")
            yield SpanPanel(self.label_colors, article_date=self.article_date, id="spans")
        yield Static(self._legend(), id="legend")
        yield Footer()

    def on_mount(self) -> None:
        self._show_meta()
        self._reload_spans()
        self.query_one(SpanText).focus()
        if self.start_at is not None:
            # After the first layout, so that the text knows its width and can scroll there.
            self.call_after_refresh(self.text_area.put_cursor, self.start_at)

    # Display ------------------------------------------------------------------------------------

    def _legend(self) -> Text:
        legend = Text()
        for label in self.labels:
            legend.append(f" {label.key} ", style="bold")
            legend.append(f" {label.name} ", style=f"#101010 on {label.color}")
            legend.append("  ")
        return legend

    def _show_meta(self) -> None:
        article = self.article
        details = [article.date, article.source, f"[{article.status.value}]"]
        line = article.title + "\n" + "  ".join(value for value in details if value)
        self.query_one("#meta", Static).update(visible_text(line))

    def _reload_spans(self) -> None:
        annotator = self.session.annotator
        store = self.store
        self.spans = [
            span for span in store.spans_for(self.article_id) if span.annotator == annotator
        ]
        names = store.canonical_names(span.entity_id for span in self.spans if span.entity_id)
        self.query_one(SpanText).set_spans(self.spans)
        self.query_one(SpanPanel).show_spans(self.spans, names)

    def on_screen_resume(self) -> None:
        if self.is_mounted:  # back from the entities screen: links may have changed
            self._reload_spans()

    def on_store_changed(self, message: StoreChanged) -> None:
        self._saved(message.what)

    def _saved(self, what: str) -> None:
        self._reload_spans()
        # A fixed-size field updated without a layout pass: the repaint stays as small as the change.
        self.query_one("#saved", Static).update(
            visible_text(f"saved {datetime.now():%H:%M:%S}\n{what}"), layout=False
        )

    @property
    def text_area(self) -> SpanText:
        return self.query_one(SpanText)

    def _span_under_cursor(self) -> Span | None:
        return innermost_at(self.spans, self.text_area.cursor_offset)

    def _attempt(self, what: str, action: Callable[[], Result]) -> Result | None:
        """Run one store action and return its result; a refused one becomes a notification
        (and None), never a crash."""
        try:
            result = action()
        except HasiyeError as error:
            self.notify(str(error), severity="error", title="Not saved")
            self._reload_spans()
            return None
        self._saved(what)
        return result

    # Movement and selection ---------------------------------------------------------------------

    def action_text(self, action: str) -> None:
        getattr(self.text_area, f"action_{action}")()

    def action_toggle_selection(self) -> None:
        area = self.text_area
        if area.selecting:
            area.selecting = False
            self.notify("Selection ended: press a label key", timeout=2)
        else:
            area.selecting = True
            area.move_cursor(area.cursor_location)

    def action_find(self) -> None:
        self.app.push_screen(FindDialog(self.query_text), self._found)

    def _found(self, query: str | None) -> None:
        if not query:
            return
        self.query_text = query
        length = len(query.strip())
        self.matches = [(start, start + length) for start in find_all(self.article.text, query)]
        if not self.matches:
            self.notify(f"Not found: {query}", severity="warning")
            return
        cursor = self.text_area.cursor_offset
        self.match_index = (
            next((index for index, (start, _) in enumerate(self.matches) if start >= cursor), 0) - 1
        )
        self.action_find_next(1)

    def action_find_next(self, step: int) -> None:
        if not self.matches:
            self.notify("Nothing to find: press / first", severity="warning")
            return
        self.match_index = (self.match_index + step) % len(self.matches)
        self.text_area.selecting = False
        self.text_area.select_range(*self.matches[self.match_index])
        self.notify(f"match {self.match_index + 1} of {len(self.matches)}", timeout=1.5)

    # Editing spans ------------------------------------------------------------------------------

    def action_label(self, label: str) -> None:
        if self.relabel_pending:
            self.relabel_pending = False
            self._relabel(label)
            return
        area = self.text_area
        chosen = area.selected_range or name_at(self.article.text, area.cursor_offset)
        if chosen is None:
            self.notify("Nothing to label: select text with v, or put the cursor on a name")
            return
        decision = decide_label(self.article.text, self.spans, *chosen, label)
        text, history = self.article.text, self.history
        if decision.kind == "refuse":
            self.notify(f"Not labelled: {decision.why}", severity="warning")
            return
        if decision.kind == "unchanged":
            self.notify(decision.why, timeout=2)
        elif decision.kind == "create":
            span = Span(
                self.article_id,
                decision.start,
                decision.end,
                label,
                text[decision.start : decision.end],
                self.session.annotator,
            )
            added = self._attempt(f"{label} {span.surface}", lambda: history.add(span))
            if added is not None:
                self._link_new_span(added)
        else:
            changed = decision.span
            assert changed is not None
            self._attempt(
                f"{label} {text[decision.start : decision.end]}",
                lambda: history.change(changed, decision.start, decision.end, label, text),
            )
        area.selecting = False
        area.put_cursor(decision.start)

    def _relabel(self, label: str) -> None:
        span = self._span_under_cursor()
        if span is None:
            self.notify("No span under the cursor to relabel", severity="warning")
            return
        self._attempt(
            f"{span.surface} is now {label}",
            lambda: self.history.change(span, span.start, span.end, label, self.article.text),
        )

    def action_relabel(self) -> None:
        if self._span_under_cursor() is None:
            self.notify("No span under the cursor to relabel", severity="warning")
            return
        self.relabel_pending = True
        keys = " ".join(label.key for label in self.labels)
        self.notify(f"Relabel: press a label key ({keys})", timeout=3)

    def action_delete_span(self) -> None:
        span = self._span_under_cursor()
        if span is None:
            self.notify("No span under the cursor", severity="warning")
            return
        self._attempt(f"deleted {span.label} {span.surface}", lambda: self.history.delete(span))

    def _resize(
        self, compute: Callable[[str, Span], tuple[int, int] | None], verb: str
    ) -> None:
        span = self._span_under_cursor()
        if span is None:
            self.notify("No span under the cursor", severity="warning")
            return
        wanted = compute(self.article.text, span)
        if wanted is None:
            self.notify(f"Cannot {verb} {span.surface!r} further", severity="warning")
            return
        text, (start, end) = self.article.text, wanted
        self._attempt(
            f"{span.label} {text[start:end]}",
            lambda: self.history.change(span, start, end, span.label, text),
        )

    def action_grow(self) -> None:
        self._resize(grown, "grow")

    def action_shrink(self) -> None:
        self._resize(shrunk, "shrink")

    # Dates --------------------------------------------------------------------------------------

    def action_edit_value(self) -> None:
        span = self._span_under_cursor()
        if span is None or span.label != DATE_LABEL:
            self.notify("Put the cursor on a DATE span to edit its value", severity="warning")
            return
        suggestion = span.value or parse_date(span.surface, self.article_date).value

        def done(value: str | None) -> None:
            if value is None or value == (span.value or ""):
                return
            what = f"value of {span.surface}: {value or 'cleared'}"
            self._attempt(what, lambda: self.history.set_value(span, value or None))

        self.app.push_screen(ValueDialog(span.surface, suggestion), done)

    def action_find_dates(self) -> None:
        rejected = self.store.rejected_proposals(self.article_id, self.session.annotator)
        proposals = date_proposals(self.article.text, self.spans, self.article_date, rejected)
        if not proposals:
            self.notify("No new date expressions in this article", timeout=3)
            return
        self.app.push_screen(ReviewScreen("Dates found", proposals, self._accept, self._reject))

    def _accept(self, proposal: Proposal) -> bool:
        """A proposal (a found date, a mention) becomes a span of the annotator: one undo step."""
        span = span_from_proposal(proposal, self.article_id, self.session.annotator)
        where = "" if span.article_id == self.article_id else f" in {span.article_id}"
        added = self._attempt(
            f"{span.label} {span.surface}{where}", lambda: self.history.add(span)
        )
        return added is not None

    def _reject(self, proposal: Proposal) -> None:
        self.store.reject_proposal(
            proposal.article_id or self.article_id,
            self.session.annotator,
            proposal.start,
            proposal.end,
            proposal.label,
        )

    # Entities -----------------------------------------------------------------------------------

    def _link_new_span(self, span: Span) -> None:
        """A new span written like one alias of exactly one entity of its label is linked at once
        (its own undo step); else, when an entity of the label is a likely match, the picker opens."""
        entities = self.session.entities()
        target = auto_link_target(entities.index, span)
        if target is not None:
            name = entities.names[target]
            self._attempt(f"{span.surface} → {name}", lambda: self.history.link(span, target))
            self.notify(f"Linked to {name} (u undoes)", timeout=3)
        elif picker_is_likely(entities.index, span):
            self._open_picker(span)

    def action_link(self) -> None:
        span = self._span_under_cursor()
        if span is None:
            self.notify("Put the cursor on a span to link it to an entity", severity="warning")
            return
        self._open_picker(span)

    def _open_picker(self, span: Span) -> None:
        entities = self.session.entities()

        def chosen(choice: LinkChoice | None) -> None:
            if choice is None:
                return
            try:
                current = self.store.get_span(span.key)
            except HasiyeError as error:  # gone meanwhile (undone from another screen)
                self.notify(str(error), severity="error", title="Not linked")
                return
            entity_id = choice.entity_id
            if entity_id == NEW:
                self._attempt(
                    f"{span.surface} → new entity {choice.name}",
                    lambda: self.history.link_new(current, choice.name),
                )
            elif entity_id == UNLINK:
                self._attempt(f"{span.surface} unlinked", lambda: self.history.link(current, None))
            elif isinstance(entity_id, int) and entity_id != current.entity_id:
                self._attempt(
                    f"{span.surface} → {entities.names.get(entity_id, '')}",
                    lambda: self.history.link(current, entity_id),
                )

        self.app.push_screen(LinkPicker(span, entities.index, entities.names), chosen)

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
        with Store(self.store.path) as store:
            found = propagation_proposals(
                store, entity, label, self.session.annotator, first_article=self.article_id
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
        articles = len({proposal.article_id for proposal in proposals})
        title = f"Mentions of {entity.canonical} in {articles} article(s)"
        if more:
            title += f" (the first {PROPAGATION_PAGE}: a again for more)"
        self.app.push_screen(ReviewScreen(title, proposals, self._accept, self._reject))

    def action_entities(self) -> None:
        self.post_message(OpenEntities())

    # Article ------------------------------------------------------------------------------------

    def action_cycle_status(self) -> None:
        status = self.article.status.next()
        self._attempt(
            f"status {status.value}", lambda: self.store.set_status(self.article_id, status)
        )
        self.article = self.store.get_article(self.article_id)
        self._show_meta()

    def action_neighbour(self, step: int) -> None:
        neighbour = self.store.neighbour_article(self.article_id, step)
        if neighbour is None:
            self.notify("No more articles that way", severity="warning")
            return
        self.post_message(OpenArticle(neighbour, replace=True))

    def action_back(self) -> None:
        running = [
            worker
            for worker in self.workers
            if worker.group == "propagation" and worker.node is self and worker.is_running
        ]
        if running:
            self.workers.cancel_group(self, "propagation")
            self.notify("Propagation cancelled", timeout=2)
            return
        self.app.pop_screen()

    def action_search(self) -> None:
        self.post_message(OpenSearch(self.query_text))

    def on_span_panel_span_chosen(self, event: SpanPanel.SpanChosen) -> None:
        self.text_area.put_cursor(event.span.start)
        self.text_area.focus()
