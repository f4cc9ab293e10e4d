"""The annotator's ground: the article, its spans as the store has them, the "saved" line and
``_attempt`` (a refused edit becomes a notification). The keys live in the classes built on it:
``links`` (k and automatic links), ``proposals`` (found dates, propagation) and ``screen``.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from annotations import keymap
from annotations.annotating import innermost_at, next_word_start
from annotations.errors import HasiyeError, StillWaiting
from annotations.history import History
from annotations.model import Label, Span
from annotations.safe_text import visible_text
from annotations.session import Session
from annotations.store import Store
from tui.keys import bindings, label_bindings
from tui.messages import DatabaseWaiting, StoreChanged
from tui.session_of import database_wait_of, give_up_waiting_write, session_of
from tui.widgets.span_panel import SpanPanel
from tui.widgets.span_text import SpanText

Result = TypeVar("Result")


def _order(span: Span) -> tuple[int, int, int]:
    """The store's order of an article's spans (``spans_for``): start, outer first, id."""
    return (span.start, -span.end, span.id or 0)


class AnnotatorBase(Screen[None]):
    showing: str | None = None  # another annotator's layer shown instead (LayerKeys)

    def __init__(
        self, article_id: str, start_at: int | None = None, layer: str | None = None
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.start_at = start_at  # where the cursor starts (a search hit), else the beginning
        # Whose spans it shows and edits when not the session's annotator's: the gold layer,
        # opened from adjudication (e) to edit what no annotator's version has.
        self.other_layer = layer
        self.spans: list[Span] = []
        self.matches: list[tuple[int, int]] = []
        self.match_index = -1
        self.query_text = ""
        self.relabel_pending = False
        # What the drawn spans are up to date with: the history's change count and the
        # database's data_version (another process's commits). See _catch_up_spans.
        self._drawn_at: tuple[int, int] = (-1, -1)
        # The span the last label key made, and where the cursor then waited (past it, on the
        # next word): until the cursor moves, the span keys act on that span.
        self.fresh: Span | None = None
        self.fresh_cursor = -1
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
    def layer(self) -> str:
        """The annotator whose spans this screen shows and edits."""
        return self.other_layer or self.session.annotator

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
        # Opening changes nothing: the first edit makes a todo article in progress (History).
        self.article = self.store.get_article(self.article_id)
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
        self.session.last_opened = self.article_id
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
        position = self.session.position(self.article_id)
        if position is not None:
            details.append(f"article {position[0]} of {position[1]}")
        if self.other_layer is not None:
            details.insert(0, f"editing the {self.other_layer} layer (escape: back)")
        line = article.title + "\n" + "  ".join(value for value in details if value)
        self.query_one("#meta", Static).update(visible_text(line))

    def _reload_spans(self) -> None:
        annotator = self.layer
        store = self.store
        self._drawn_at = (self.history.changes, store.data_version())
        self.spans = [
            span for span in store.spans_for(self.article_id) if span.annotator == annotator
        ]
        names = store.canonical_names(span.entity_id for span in self.spans if span.entity_id)
        self.query_one(SpanText).set_spans(self.spans)
        self.query_one(SpanPanel).show_spans(self.spans, names)

    def _catch_up_spans(self) -> None:
        """After an edit: when the session's own last change is the only one since the spans were
        drawn (no other process committed, no other change of the history), only the rows it
        touched are read and drawn again (a relabel among 100,000 spans); else everything."""
        history, store = self.history, self.store
        rows = history.last_rows
        if (
            rows is None
            or self._drawn_at != (history.changes - 1, store.data_version())
            or self.showing is not None
            or getattr(self, "model_proposals", None)  # they are dropped where spans now are
        ):
            self._reload_spans()
            return
        self._drawn_at = (history.changes, self._drawn_at[1])
        # Read again: an undo's restore raised the rows' versions past the step's snapshot.
        now = store.snapshot(list(rows.spans), list(rows.entities))
        annotator = self.layer
        removed = [span for span in self.spans if span.id in now.spans]
        added = [
            span
            for span in now.spans.values()
            if span is not None and span.article_id == self.article_id
            and span.annotator == annotator
        ]
        if not removed and not added and not now.entities:
            return  # the change was elsewhere (another article)
        spans = self.spans
        first_changed = len(spans)
        for span in removed:
            at = bisect_left(spans, _order(span), key=_order)
            while spans[at].id != span.id:
                at += 1
            del spans[at]
            first_changed = min(first_changed, at)
        for span in added:
            insort(spans, span, key=_order)
            first_changed = min(first_changed, bisect_left(spans, _order(span), key=_order))
        panel = self.query_one(SpanPanel)
        names = dict(panel.names)
        if now.entities:
            first_changed = 0  # a rename shows in every row linked to it
            for entity_id, entity in now.entities.items():
                names.pop(entity_id, None)
                if entity is not None:
                    names[entity_id] = entity.canonical
        linked = {span.entity_id for span in added if span.entity_id is not None} - names.keys()
        names.update(store.canonical_names(linked))
        self.query_one(SpanText).update_spans(removed, added)
        panel.spans_changed(spans, names, first_changed)

    def on_screen_resume(self) -> None:
        if self.is_mounted:  # back from the entities screen: links may have changed
            self._reload_spans()

    def on_store_changed(self, message: StoreChanged) -> None:
        self._saved(message.what)

    def _saved(self, what: str) -> None:
        self._catch_up_spans()
        self._show_status()
        # A fixed-size field updated without a layout pass: the repaint stays as small as the change.
        self.query_one("#saved", Static).update(
            visible_text(f"saved {datetime.now():%H:%M:%S}\n{what}"), layout=False
        )

    def _show_status(self) -> None:
        """The status as the store has it now (a first edit made the article in progress)."""
        status = self.store.status_of(self.article_id)
        if status is not self.article.status:
            self.article = replace(self.article, status=status)
            self._show_meta()

    @property
    def text_area(self) -> SpanText:
        return self.query_one(SpanText)

    def _span_just_made(self) -> Span | None:
        """The span the last label key made, while the cursor waits where labelling put it."""
        if self.fresh is None or self.text_area.cursor_offset != self.fresh_cursor:
            return None
        return next((span for span in self.spans if span.id == self.fresh.id), None)

    def _span_under_cursor(self) -> Span | None:
        """The span just made, else the innermost span at the cursor."""
        return self._span_just_made() or innermost_at(self.spans, self.text_area.cursor_offset)

    def _no_span_here(self) -> None:
        """A span key with no span at the cursor; while a write waits (the span just labelled
        may be that write), the waiting refusal instead."""
        waiting = database_wait_of(self).waiting
        if waiting is not None:
            self.notify(str(StillWaiting(waiting)), severity="error", title="Not saved")
        else:
            self.notify("No span under the cursor", severity="warning")

    def _wait_after(self, span: Span) -> None:
        """After labelling: the cursor goes to the next word, ready for the next name, and the
        span stays the one the span keys act on until the cursor moves."""
        self.fresh = span
        self.fresh_cursor = next_word_start(self.article.text, span.end)
        self.text_area.put_cursor(self.fresh_cursor)

    def _attempt(
        self,
        what: str,
        action: Callable[[], Result],
        then: Callable[[Result], None] | None = None,
    ) -> Result | None:
        """Run one store action, then ``then(result)``; a refused one becomes a notification,
        never a crash. With the database busy (another hasiye writing) the action waits, the
        screen says so, and it runs (and ``then``) when the lock is free or never (escape).
        Returns the result of an action done at once; None when refused or waiting."""
        finished: list[Result] = []

        def done(result: Result) -> None:
            finished.append(result)
            if not self._still_shown():
                return  # the screen was left while the write waited; it is saved all the same
            self._saved(what)
            if then is not None:
                then(result)

        def failed(error: HasiyeError) -> None:
            self.notify(str(error), severity="error", title="Not saved")
            if self._still_shown():
                self._reload_spans()

        database_wait_of(self).run(what, action, done, failed)
        return finished[0] if finished else None

    def _still_shown(self) -> bool:
        """Whether this screen is still one of the app's: ``[`` or ``]`` replaces it with the
        next article's, and its widgets go while it is still attached (a write that waited
        and then went in found no SpanPanel to draw on, and the app crashed)."""
        return self.is_attached and self in self.app.screen_stack

    def on_database_waiting(self, message: DatabaseWaiting) -> None:
        saved = self.query_one("#saved", Static)
        saved.set_class(message.what is not None, "waiting")
        if message.what is not None:
            line = f"waiting for the database…\n{message.what} (escape cancels)"
            saved.update(visible_text(line), layout=False)

    def _cancel_waiting_write(self) -> bool:
        """Escape while a write waits: give it up (nothing of it was written)."""
        cancelled = give_up_waiting_write(self)
        if cancelled is None:
            return False
        self.query_one("#saved", Static).update(visible_text(f"not saved\n{cancelled}"))
        return True
