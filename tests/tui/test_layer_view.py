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
        assert "layer of ali (read-only; L: yours)" in meta(app)
        await pilot.press("g", "f", "p")  # f: on Hakan; labelling is off meanwhile
        await pilot.pause()
        assert [(s.surface, s.annotator) for s in store.spans_for("a")] == [
            ("Halil Hayye", "ayse"), ("Kahire", "ali")
        ]  # fmt: skip
        await pilot.press("L")  # back to ayse's
        await pilot.pause()
        assert painted(app) == [("Halil Hayye", "PER")]
        assert "layer of" not in meta(app)
