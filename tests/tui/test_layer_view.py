"""L in the annotator: another annotator's layer, read-only, on the screen and in the store."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from annotations.model import Article, Span
from annotations.store import Store
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen

TEXT = "Halil Hayye ve Hakan Fidan Kahire'de görüştü."


@pytest.fixture
def store(store: Store) -> Store:
    store.save_articles([(Article("a", "t", TEXT), None)])
    store.add_span(Span("a", 0, 11, "PER", "Halil Hayye", "ayse"))
    store.add_span(Span("a", 27, 33, "LOC", "Kahire", "ali"))
    return store


def meta(app) -> str:
    return str(app.screen.query_one("#meta", Static).render())


async def test_L_shows_the_other_layer_read_only_and_back(store: Store, painted):
    app = make_app(store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the library's only article
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen)
        assert painted(app) == [("Halil Hayye", "PER")]
        await pilot.press("L")
        await pilot.pause()
        assert painted(app) == [("Kahire", "LOC")]
        assert "layer of ali (read-only; L: next)" in meta(app)
        await pilot.press("g", "f", "p")  # f: on Hakan; labelling is off meanwhile
        await pilot.pause()
        assert [(s.surface, s.annotator) for s in store.spans_for("a")] == [
            ("Halil Hayye", "ayse"), ("Kahire", "ali")
        ]  # fmt: skip
        await pilot.press("L", "L")  # the comparison, then back to ayse's
        await pilot.pause()
        assert painted(app) == [("Halil Hayye", "PER")]
        assert "layer of" not in meta(app) and "compared" not in meta(app)


def on_grey(app) -> str:
    from tui.widgets.span_text import SpanText

    area = app.screen.query_one(SpanText)
    area.put_cursor(len(area.text))  # the cursor's cell is drawn in the cursor's colours
    return "".join(
        segment.text
        for y in range(area.size.height)
        for segment in area.render_line(y)
        if segment.style and segment.style.bgcolor and segment.style.bgcolor.triplet
        and segment.style.bgcolor.triplet.hex == "#8a8a8a"
    )


async def test_the_third_L_compares_the_layers_and_the_panel_lists_each_difference(
    store: Store, painted, underlined
):
    from tui.widgets.span_panel import SpanPanel

    store.add_span(Span("a", 0, 11, "PER", "Halil Hayye", "ali"))  # both: agreed
    store.add_span(Span("a", 15, 26, "PER", "Hakan Fidan", "ali"))  # only ali
    store.add_span(Span("a", 27, 33, "LOC", "Kahire", "ayse"))  # ayse LOC, ali ORG...
    store.delete_span(next(s.key for s in store.spans_for("a") if s.annotator == "ali" and s.surface == "Kahire"))
    store.add_span(Span("a", 27, 33, "ORG", "Kahire", "ali"))
    app = make_app(store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "L", "L")
        await pilot.pause()
        assert "yours and ali's compared (read-only; L: next)" in meta(app)
        assert painted(app) == [("Kahire", "LOC")]  # yours where you differ: as always
        assert underlined(app) == [("Hakan Fidan", "PER"), ("Kahire", "ORG")]  # theirs
        assert on_grey(app) == "Halil Hayye"  # agreed
        panel = app.screen.query_one(SpanPanel)
        assert panel.differences == [
            (15, "only", "- | PER Hakan Fidan"),
            (27, "label", "LOC Kahire | ORG Kahire"),
        ]
        panel.focus()
        panel.move_cursor(1)
        await pilot.press("enter")  # to the difference
        await pilot.pause()
        assert app.screen.text_area.cursor_offset == 27
        await pilot.press("p")  # labelling is off while comparing
        await pilot.press("L")  # back to yours
        await pilot.pause()
        assert painted(app) == [("Halil Hayye", "PER"), ("Kahire", "LOC")]
        assert underlined(app) == [] and on_grey(app) == ""
        assert [s.label for s in store.spans_for("a") if s.annotator == "ayse"] == ["PER", "LOC"]
