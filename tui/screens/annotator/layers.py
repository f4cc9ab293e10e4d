"""Another annotator's layer in the annotator, read-only: L cycles yours → each other layer of the
article → yours. While another layer shows, the text and the span panel are theirs, the line under
the title says whose, and every key that would edit is off (moving, finding and leaving work)."""

from __future__ import annotations

from textual.widgets import Static

from annotations.safe_text import visible_text
from tui.screens.annotator.base import AnnotatorBase
from tui.widgets.span_panel import SpanPanel
from tui.widgets.span_text import SpanText

# What the annotator may do while it shows another layer: nothing that writes.
READ_ONLY_ACTIONS = {
    "text",
    "find",
    "find_next",
    "next_name",
    "toggle_selection",
    "search",
    "entities",
    "back",
    "neighbour",
    "cycle_layer",
}


class LayerKeys(AnnotatorBase):
    # The annotator whose layer shows instead of yours (None: yours).
    showing: str | None = None

    def action_cycle_layer(self) -> None:
        mine = self.session.annotator
        others = sorted(
            {span.annotator for span in self.store.spans_for(self.article_id)} - {mine}
        )
        if not others:
            self.showing = None
            self.notify("No other layer in this article", timeout=2)
            return
        order: list[str | None] = [None, *others]
        index = order.index(self.showing) if self.showing in order else 0
        self.showing = order[(index + 1) % len(order)]
        self._reload_spans()
        self._show_meta()
        shown = "yours" if self.showing is None else f"{self.showing}'s (read-only)"
        self.notify(visible_text(f"Layer: {shown}"), timeout=2)

    def _reload_spans(self) -> None:
        super()._reload_spans()
        if self.showing is None:
            return
        theirs = [
            span for span in self.store.spans_for(self.article_id) if span.annotator == self.showing
        ]
        names = self.store.canonical_names(span.entity_id for span in theirs if span.entity_id)
        self.query_one(SpanText).set_spans(theirs)
        self.query_one(SpanPanel).show_spans(theirs, names)

    def _show_meta(self) -> None:
        super()._show_meta()
        if self.showing is not None:
            article = self.article
            line = (
                f"{article.title}\nlayer of {self.showing} (read-only; L: yours)  "
                f"[{article.status.value}]"
            )
            self.query_one("#meta", Static).update(visible_text(line))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.showing is not None and action not in READ_ONLY_ACTIONS:
            return False
        return super().check_action(action, parameters)
