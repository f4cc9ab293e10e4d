"""The annotator: the article text with its spans, the span panel, and every labelling key.

Each key is a Binding with a description (the footer and the help screen are generated from
them). Every edit goes through ``History``, which writes it to the store before the screen shows
it; the header then says "saved".
"""

from __future__ import annotations

import itertools
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from annotations.annotating import decide_label, grown, innermost_at, name_at, shrunk
from annotations.dates import DATE_LABEL, parse_anchor, parse_date
from annotations.errors import HasiyeError
from annotations.history import History
from annotations.model import Span, Status
from annotations.propagation import propagation_proposals
from annotations.review import Proposal, date_proposals
from annotations.safe_text import visible_text
from annotations.turkish import find_all
from tui.screens.find import FindDialog
from tui.screens.link import NEW, UNLINK, LinkChoice, LinkPicker
from tui.screens.review import ReviewScreen
from tui.screens.value import ValueDialog
from tui.widgets.span_panel import SpanPanel
from tui.widgets.span_text import SpanText

# Vim-style movement; a key that the label set uses (l for LOC by default) labels instead.
# k is not among them: it links a span to its entity (the up arrow moves up).
VIM_MOVES = {"h": ("cursor_left", "Left"), "j": ("cursor_down", "Down")}
VIM_MOVES.update({"l": ("cursor_right", "Right")})
# Right after labelling, the link picker opens when an entity of the label scores at least this.
PICKER_AFTER_LABEL_SCORE = 80.0
PROPAGATION_PAGE = 500  # proposals per review queue


class AnnotatorScreen(Screen[None]):
    BINDINGS = [
        Binding("w", "text('cursor_word_right')", "Next word", show=False),
        Binding("b", "text('cursor_word_left')", "Previous word", show=False),
        Binding("g", "text('document_start')", "Start of article", show=False),
        Binding("G", "text('document_end')", "End of article", show=False),
        Binding("v", "toggle_selection", "Select"),
        Binding("slash", "find", "Find"),
        Binding("n", "find_next(1)", "Next match", show=False),
        Binding("N", "find_next(-1)", "Previous match", show=False),
        Binding("x", "delete_span", "Delete span"),
        # The TextArea binds delete for itself; priority lets the screen have it.
        Binding("delete", "delete_span", "Delete span", show=False, priority=True),
        Binding("greater_than_sign", "grow", "Grow span", show=False),
        Binding("less_than_sign", "shrink", "Shrink span", show=False),
        Binding("r", "relabel", "Relabel", show=False),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo", show=False),
        Binding("m", "cycle_status", "Status"),
        Binding("equals_sign", "edit_value", "Date value", show=False),
        Binding("D", "find_dates", "Find dates"),
        Binding("k", "link", "Link entity"),
        Binding("a", "propagate", "Propagate", show=False),
        Binding("e", "entities", "Entities"),
        Binding("s", "search", "Search"),
        Binding("right_square_bracket", "neighbour(1)", "Next article", show=False),
        Binding("left_square_bracket", "neighbour(-1)", "Previous article", show=False),
        Binding("escape", "back", "Library"),
    ]

    def __init__(self, article_id: str, start_at: int | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.start_at = start_at  # where the cursor starts (a search hit), else the beginning
        self.history: History | None = None
        self.spans: list[Span] = []
        self.matches: list[tuple[int, int]] = []
        self.match_index = -1
        self.query_text = ""
        self.relabel_pending = False
        for label in self.labels:
            self._bindings.bind(label.key, f"label('{label.name}')", f"Label {label.name}")
        label_keys = {label.key for label in self.labels}
        for key, (action, description) in VIM_MOVES.items():
            if key not in label_keys:
                self._bindings.bind(key, f"text('{action}')", description, show=False)

    @property
    def labels(self):
        return self.app.labels

    @property
    def colors(self) -> dict[str, str]:
        return {label.name: label.color for label in self.labels}

    def compose(self) -> ComposeResult:
        store = self.app.store
        self.article = store.get_article(self.article_id)
        if self.article.status is Status.TODO:
            store.set_status(self.article_id, Status.IN_PROGRESS)
            self.article = store.get_article(self.article_id)
        self.anchor = parse_anchor(self.article.date)
        self.history = History(store, anchor=self.anchor)
        yield Header()
        with Horizontal(id="top"):
            yield Static(id="meta", markup=False)
            yield Static(id="saved", markup=False)
        with Horizontal(id="workspace"):
            yield SpanText(self.article.text, self.colors, id="text")
            yield SpanPanel(self.colors, anchor=self.anchor, id="spans")
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
        annotator = self.app.annotator
        store = self.app.store
        self.spans = [
            span for span in store.spans_for(self.article_id) if span.annotator == annotator
        ]
        names = store.canonical_names(span.entity_id for span in self.spans if span.entity_id)
        self.query_one(SpanText).set_spans(self.spans)
        self.query_one(SpanPanel).show_spans(self.spans, names)

    def on_screen_resume(self) -> None:
        if self.history is not None:  # back from the entities screen: links may have changed
            self._reload_spans()

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

    def _attempt(self, what: str, action):
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
                self.app.annotator,
            )
            added = self._attempt(f"{label} {span.surface}", lambda: history.add(span))
            if added is not None and label != DATE_LABEL:
                self._link_new_span(added)
        else:
            self._attempt(
                f"{label} {text[decision.start : decision.end]}",
                lambda: history.change(decision.span, decision.start, decision.end, label, text),
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

    def _resize(self, compute, verb: str) -> None:
        span = self._span_under_cursor()
        if span is None:
            self.notify("No span under the cursor", severity="warning")
            return
        wanted = compute(self.article.text, span)
        if wanted is None:
            self.notify(f"Cannot {verb} {span.surface!r} further", severity="warning")
            return
        text = self.article.text
        self._attempt(
            f"{span.label} {text[wanted[0] : wanted[1]]}",
            lambda: self.history.change(span, *wanted, span.label, text),
        )

    def action_grow(self) -> None:
        self._resize(grown, "grow")

    def action_shrink(self) -> None:
        self._resize(shrunk, "shrink")

    def action_undo(self) -> None:
        if not self.history.done:
            self.notify("Nothing to undo", timeout=2)
            return
        self._attempt("undo", self.history.undo)

    def action_redo(self) -> None:
        if not self.history.undone:
            self.notify("Nothing to redo", timeout=2)
            return
        self._attempt("redo", self.history.redo)

    # Dates --------------------------------------------------------------------------------------

    def action_edit_value(self) -> None:
        span = self._span_under_cursor()
        if span is None or span.label != DATE_LABEL:
            self.notify("Put the cursor on a DATE span to edit its value", severity="warning")
            return
        suggestion = span.value or parse_date(span.surface, self.anchor).value

        def done(value: str | None) -> None:
            if value is None or value == (span.value or ""):
                return
            what = f"value of {span.surface}: {value or 'cleared'}"
            self._attempt(what, lambda: self.history.set_value(span, value or None))

        self.app.push_screen(ValueDialog(span.surface, suggestion), done)

    def action_find_dates(self) -> None:
        store = self.app.store
        rejected = store.rejected_proposals(self.article_id, self.app.annotator)
        proposals = date_proposals(self.article.text, self.spans, self.anchor, rejected)
        if not proposals:
            self.notify("No new date expressions in this article", timeout=3)
            return

        def accept(proposal: Proposal) -> bool:
            span = Span(
                self.article_id,
                proposal.start,
                proposal.end,
                proposal.label,
                proposal.surface,
                self.app.annotator,
                value=proposal.value.value,
            )
            before = len(self.spans)
            self._attempt(f"DATE {proposal.surface}", lambda: self.history.add(span))
            return len(self.spans) > before

        def reject(proposal: Proposal) -> None:
            store.reject_proposal(
                self.article_id, self.app.annotator, proposal.start, proposal.end, proposal.label
            )

        self.app.push_screen(ReviewScreen("Dates found", proposals, accept, reject))

    # Entities -----------------------------------------------------------------------------------

    def _link_new_span(self, span: Span) -> None:
        """A new span written like one alias of exactly one entity of its label is linked at once
        (its own undo step); else, when an entity of the label is a likely match, the picker opens."""
        index, names = self.app.entity_index()
        alike = index.written_alike(span.surface, span.label)
        if len(alike) == 1:
            entity_id = next(iter(alike))
            self._attempt(
                f"{span.surface} → {names[entity_id]}", lambda: self.history.link(span, entity_id)
            )
            self.notify(f"Linked to {names[entity_id]} (u undoes)", timeout=3)
            return
        best = index.rank(span.surface, label=span.label, limit=1)
        if (
            best
            and best[0].score >= PICKER_AFTER_LABEL_SCORE
            and index.labels[best[0].entity_id] == span.label
        ):
            self._open_picker(span)

    def action_link(self) -> None:
        span = self._span_under_cursor()
        if span is None:
            self.notify("Put the cursor on a span to link it to an entity", severity="warning")
            return
        self._open_picker(span)

    def _open_picker(self, span: Span) -> None:
        index, names = self.app.entity_index()

        def chosen(choice: LinkChoice | None) -> None:
            if choice is None:
                return
            try:
                current = self.app.store.get_span(span.id)
            except HasiyeError as error:  # gone meanwhile (undone from another screen)
                self.notify(str(error), severity="error", title="Not linked")
                return
            if choice.entity_id == NEW:
                self._attempt(
                    f"{span.surface} → new entity {choice.name}",
                    lambda: self.history.link_new(current, choice.name),
                )
            elif choice.entity_id == UNLINK:
                self._attempt(f"{span.surface} unlinked", lambda: self.history.link(current, None))
            elif choice.entity_id != current.entity_id:
                self._attempt(
                    f"{span.surface} → {names.get(choice.entity_id, '')}",
                    lambda: self.history.link(current, choice.entity_id),
                )

        self.app.push_screen(LinkPicker(span, index, names), chosen)

    def action_propagate(self) -> None:
        span = self._span_under_cursor()
        if span is None or span.entity_id is None:
            self.notify(
                "Put the cursor on a linked span (k links) to propagate it", severity="warning"
            )
            return
        store = self.app.store
        entity = store.get_entity(span.entity_id)
        found = propagation_proposals(
            store, entity, span.label, self.app.annotator, first_article=self.article_id
        )
        # A page at a time: accepted and rejected ones are not proposed again, so a again goes on.
        proposals = list(itertools.islice(found, PROPAGATION_PAGE + 1))
        more = len(proposals) > PROPAGATION_PAGE
        proposals = proposals[:PROPAGATION_PAGE]
        if not proposals:
            self.notify(f"No unannotated mentions of {entity.canonical}", timeout=3)
            return

        def accept(proposal: Proposal) -> bool:
            new = Span(
                proposal.article_id,
                proposal.start,
                proposal.end,
                proposal.label,
                proposal.surface,
                self.app.annotator,
                entity_id=entity.id,
            )
            where = "" if proposal.article_id == self.article_id else f" in {proposal.article_id}"
            added = self._attempt(
                f"{proposal.label} {proposal.surface}{where}", lambda: self.history.add(new)
            )
            return added is not None

        def reject(proposal: Proposal) -> None:
            store.reject_proposal(
                proposal.article_id,
                self.app.annotator,
                proposal.start,
                proposal.end,
                proposal.label,
            )

        articles = len({proposal.article_id for proposal in proposals})
        title = f"Mentions of {entity.canonical} in {articles} article(s)"
        if more:
            title += f" (the first {PROPAGATION_PAGE}: a again for more)"
        self.app.push_screen(ReviewScreen(title, proposals, accept, reject))

    def action_entities(self) -> None:
        from tui.screens.entities import EntitiesScreen

        self.app.push_screen(EntitiesScreen(self.history))

    # Article ------------------------------------------------------------------------------------

    def action_cycle_status(self) -> None:
        status = self.article.status.next()
        self._attempt(
            f"status {status.value}", lambda: self.app.store.set_status(self.article_id, status)
        )
        self.article = self.app.store.get_article(self.article_id)
        self._show_meta()

    def action_neighbour(self, step: int) -> None:
        neighbour = self.app.store.neighbour_article(self.article_id, step)
        if neighbour is None:
            self.notify("No more articles that way", severity="warning")
            return
        self.app.switch_screen(AnnotatorScreen(neighbour))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.query_text))

    def on_span_panel_span_chosen(self, event: SpanPanel.SpanChosen) -> None:
        self.text_area.put_cursor(event.span.start)
        self.text_area.focus()
