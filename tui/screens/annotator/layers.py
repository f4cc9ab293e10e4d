"""Other annotators' layers in the annotator, read-only: L cycles yours → each other layer of the
article → the differences between yours and each other layer → yours. While another layer or a
comparison shows, the line under the title says which, and every key that would edit is off
(moving, finding and leaving work).

The comparison (diff) groups the two layers' spans as adjudication does (spans that share a
character, annotations.adjudication.clusters): where both agree the text is drawn on grey; where
they differ, your spans are drawn in their label's colour as always and theirs underlined in their
label's colour on top. The span panel lists each difference (its kind, then your version | theirs,
``-`` for none); enter goes there."""

from __future__ import annotations

from textual.widgets import Static

from annotations.adjudication import Bucket, Cluster, clusters, span_words
from annotations.model import Span
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
# Editing the gold layer (opened from adjudication): its status follows what is left to settle,
# and the next article is not being adjudicated.
GOLD_LAYER_OFF = {"cycle_status", "finish", "neighbour"}
AGREED_STYLE = "#101010 on #8a8a8a"
KINDS = {
    Bucket.LINK: "link",
    Bucket.VALUE: "value",
    Bucket.LABEL: "label",
    Bucket.BOUNDARY: "range",
    Bucket.SOME: "only",
}


class LayerKeys(AnnotatorBase):
    # The annotator whose layer shows instead of yours (None: yours).
    showing: str | None = None
    # True: the differences between yours and ``showing``'s show, not their layer.
    comparing: bool = False

    def action_cycle_layer(self) -> None:
        mine = self.layer
        others = sorted(
            {span.annotator for span in self.store.spans_for(self.article_id)} - {mine}
        )
        if not others:
            self.showing, self.comparing = None, False
            self.notify("No other layer in this article", timeout=2)
            return
        order: list[tuple[str | None, bool]] = [
            (None, False),
            *((name, False) for name in others),
            *((name, True) for name in others),
        ]
        now = (self.showing, self.comparing)
        index = order.index(now) if now in order else 0
        self.showing, self.comparing = order[(index + 1) % len(order)]
        self._reload_spans()
        self._show_meta()
        if self.showing is None:
            shown = "yours"
        elif self.comparing:
            shown = f"yours and {self.showing}'s compared (read-only)"
        else:
            shown = f"{self.showing}'s (read-only)"
        self.notify(visible_text(f"Layer: {shown}"), timeout=2)

    def _reload_spans(self) -> None:
        super()._reload_spans()
        area = self.query_one(SpanText)
        if self.showing is None:
            area.set_comparison(None)
            return
        theirs = [
            span for span in self.store.spans_for(self.article_id) if span.annotator == self.showing
        ]
        names = self.store.canonical_names(span.entity_id for span in theirs if span.entity_id)
        if not self.comparing:
            area.set_comparison(None)
            area.set_spans(theirs)
            self.query_one(SpanPanel).show_spans(theirs, names)
            return
        found = clusters({self.layer: self.spans, self.showing: theirs})
        area.set_comparison(self._comparison_styles(found))
        names.update(
            self.store.canonical_names(span.entity_id for span in self.spans if span.entity_id)
        )
        self.query_one(SpanPanel).show_differences(
            [
                self._difference(cluster, names)
                for cluster in found
                if cluster.bucket is not Bucket.AGREE
            ]
        )

    def _comparison_styles(self, found: list[Cluster]) -> list[tuple[int, int, str]]:
        colors = self.query_one(SpanText).label_colors
        mine, theirs = self.layer, self.showing or ""
        styles: list[tuple[int, int, str]] = []
        for cluster in found:
            if cluster.bucket is Bucket.AGREE:
                styles += [(start, end, AGREED_STYLE) for start, end, *_ in cluster.versions[0][0]]
                continue
            for start, end, label, *_ in sorted(cluster.version_of(mine) or (), key=_outer_first):
                styles.append((start, end, f"#101010 on {colors.get(label, '#808080')}"))
            for start, end, label, *_ in sorted(cluster.version_of(theirs) or (), key=_outer_first):
                styles.append((start, end, f"bold underline {colors.get(label, '#808080')}"))
        return styles

    def _difference(self, cluster: Cluster, names: dict[int, str]) -> tuple[int, str, str]:
        text = self.article.text

        def side(annotator: str | None) -> str:
            version = cluster.version_of(annotator or "") or ()
            shown = (span_words(text, span, names, cluster.bucket) for span in version)
            return "; ".join(shown) or "-"

        # Yours, then theirs: the line under the title names them; the panel is narrow.
        what = f"{side(self.layer)} | {side(self.showing)}"
        return cluster.start, KINDS[cluster.bucket], visible_text(what.replace("\n", " "))

    def _show_meta(self) -> None:
        super()._show_meta()
        if self.showing is not None:
            article = self.article
            which = (
                f"yours and {self.showing}'s compared" if self.comparing else f"layer of {self.showing}"
            )
            line = f"{article.title}\n{which} (read-only; L: next)  [{article.status.value}]"
            self.query_one("#meta", Static).update(visible_text(line))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.showing is not None and action not in READ_ONLY_ACTIONS:
            return False
        if self.other_layer is not None and action in GOLD_LAYER_OFF:
            return False
        return super().check_action(action, parameters)


def _outer_first(item: tuple) -> tuple[int, int]:
    return item[0], -item[1]
