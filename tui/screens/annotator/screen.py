"""The annotator: the article text with its spans, the span panel, and every labelling key.

Its keys are declared in ``annotations.keymap`` (the footer and the help screen are generated from
the bindings). Every edit goes through the session's one ``History``, which writes it to the store
before the screen shows it; the header then says "saved". Undo and redo are the app's keys.
"""

from __future__ import annotations

from collections.abc import Callable

from annotations import keymap
from annotations.annotating import (
    decide_label,
    grown,
    grown_start,
    name_at,
    next_name,
    shrunk,
    shrunk_start,
    with_title,
)
from annotations.dates import DATE_LABEL, parse_date
from annotations.model import Span, Status
from annotations.turkish import find_all
from tui.dialogs.find import FindDialog
from tui.dialogs.value import ValueDialog
from tui.keys import bindings
from tui.messages import ArticleFinished, OpenArticle, OpenEntities, OpenSearch
from tui.screens.annotator.layers import LayerKeys
from tui.screens.annotator.links import LinkKeys
from tui.screens.annotator.model_proposals import ModelProposalKeys
from tui.widgets.span_panel import SpanPanel


class AnnotatorScreen(LinkKeys, ModelProposalKeys, LayerKeys):
    BINDINGS = bindings(keymap.ANNOTATOR)

    # Movement and selection ---------------------------------------------------------------------

    def action_text(self, action: str) -> None:
        getattr(self.text_area, f"action_{action}")()

    def action_next_name(self, step: int) -> None:
        """To the next (or previous) capitalised word no span covers yet."""
        area = self.text_area
        found = next_name(
            self.article.text, area.cursor_offset, self.spans, step, self.session.titles
        )
        if found is None:
            self.notify("No unlabelled name that way", timeout=2)
            return
        if area.selecting:  # v is on: the selection grows to there
            area.move_cursor(area.location_of(found), select=True)
        else:
            area.put_cursor(found)

    def action_toggle_selection(self) -> None:
        area = self.text_area
        if area.selecting:
            area.selecting = False
            self.notify("Selection ended: press a label key", timeout=2)
        else:
            # On a find match (or any selection) v takes it: movement then extends it.
            area.selecting = True
            if area.selected_range is None:
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
        text, history = self.article.text, self.history
        just_made = self._span_just_made()
        if area.selected_range is None and just_made is not None and just_made.label == label:
            # The same key again takes back the title the name was cut from; with no title to
            # take back, it labels the name the cursor waits on ("Türkiye'nin Filistin",
            # "Sivil Askeri Koordinasyon Merkezi (CMCC)").
            wanted = with_title(text, just_made.start, just_made.end, self.session.titles)
            if wanted is not None:
                self._grow_over_title(just_made, wanted)
                return
        chosen = area.selected_range or name_at(
            text, area.cursor_offset, self.spans, label, self.session.titles
        )
        if chosen is None:
            self.notify("Nothing to label: select text with v, or put the cursor on a name")
            return
        decision = decide_label(text, self.spans, *chosen, label)
        if decision.kind == "refuse":
            self.notify(f"Not labelled: {decision.why}", severity="warning")
            return
        if decision.kind == "unchanged":
            self.notify(decision.why, timeout=2)
            area.selecting = False
            area.put_cursor(decision.start)
        elif decision.kind == "create":
            span = Span(
                self.article_id,
                decision.start,
                decision.end,
                label,
                text[decision.start : decision.end],
                self.layer,
            )

            def made(added: Span) -> None:
                self._wait_after(added)
                self._link_new_span(added)

            self._attempt(f"{label} {span.surface}", lambda: history.add(span), made)
        else:
            changed = decision.span
            assert changed is not None
            self._attempt(
                f"{label} {text[decision.start : decision.end]}",
                lambda: history.change(changed, decision.start, decision.end, label, text),
                self._wait_after,
            )

    def _grow_over_title(self, span: Span, wanted: tuple[int, int]) -> None:
        """The same label key again on the span just made: the span takes back the title the
        name was cut from ("İbrahim Kalın" → "MİT Başkanı İbrahim Kalın")."""
        text = self.article.text
        start, end = wanted
        self._attempt(
            f"{span.label} {text[start:end]}",
            lambda: self.history.change(span, start, end, span.label, text),
            self._wait_after,
        )

    def _relabel(self, label: str) -> None:
        span = self._span_under_cursor()
        if span is None:
            self._no_span_here()
            return
        self._attempt(
            f"{span.surface} is now {label}",
            lambda: self.history.change(span, span.start, span.end, label, self.article.text),
        )

    def action_relabel(self) -> None:
        if self._span_under_cursor() is None:
            self._no_span_here()
            return
        self.relabel_pending = True
        keys = " ".join(label.key for label in self.labels)
        self.notify(f"Relabel: press a label key ({keys})", timeout=3)

    def action_delete_span(self) -> None:
        span = self._span_under_cursor()
        if span is None:
            self._no_span_here()
            return
        self._attempt(f"deleted {span.label} {span.surface}", lambda: self.history.delete(span))

    def _resize(self, compute: Callable[[str, Span], tuple[int, int] | None], verb: str) -> None:
        """Grow or shrink the span under the cursor (or the span just made, which stays so)."""
        span = self._span_under_cursor()
        if span is None:
            self._no_span_here()
            return
        wanted = compute(self.article.text, span)
        if wanted is None:
            self.notify(f"Cannot {verb} {span.surface!r} further", severity="warning")
            return
        text, (start, end) = self.article.text, wanted
        was_fresh = self._span_just_made() == span
        self._attempt(
            f"{span.label} {text[start:end]}",
            lambda: self.history.change(span, start, end, span.label, text),
            self._wait_after if was_fresh else None,
        )

    def action_grow(self) -> None:
        self._resize(grown, "grow")

    def action_shrink(self) -> None:
        self._resize(shrunk, "shrink")

    def action_grow_start(self) -> None:
        self._resize(grown_start, "grow")

    def action_shrink_start(self) -> None:
        self._resize(shrunk_start, "shrink")

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

    def action_entities(self) -> None:
        self.post_message(OpenEntities())

    # Article ------------------------------------------------------------------------------------

    def action_cycle_status(self) -> None:
        status = self.article.status.next()
        self._attempt(
            f"status {status.value}",
            lambda: self.history.set_status(self.article_id, status, self.store.annotator),
        )
        self.article = self.store.get_article(self.article_id)
        self._show_meta()

    def action_finish(self) -> None:
        """Done with this article: mark it done and open the next unfinished one the library
        lists (its filter and order); with none left, say so and go back."""

        def mark_done() -> None:
            self.history.set_status(self.article_id, Status.DONE, self.store.annotator)

        def go_on(_: None) -> None:
            self.post_message(ArticleFinished())
            following = self.session.next_unfinished(self.article_id)
            if following is None:
                self.notify("Every article listed is done", title="Done", timeout=5)
                self.app.pop_screen()
                return
            self.post_message(OpenArticle(following, replace=True))

        self._attempt("status done", mark_done, go_on)

    def action_neighbour(self, step: int) -> None:
        neighbour = self.session.neighbour(self.article_id, step)
        if neighbour is None:
            self.notify("No more articles that way", severity="warning")
            return
        self.post_message(OpenArticle(neighbour, replace=True))

    def action_back(self) -> None:
        if self._cancel_waiting_write():
            return
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

    def on_span_panel_offset_chosen(self, event: SpanPanel.OffsetChosen) -> None:
        self.text_area.put_cursor(event.offset)
        self.text_area.focus()
