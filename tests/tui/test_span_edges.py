"""Pilot: a span never starts or ends with whitespace (issue 17, item 8). The app trims a selection
before making the span; a selection of whitespace alone makes nothing and says so."""

from __future__ import annotations

from annotations.model import Article
from annotations.store import Store
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen
from tui.widgets.span_text import SpanText

TEXT = "Dün  Halil Hayye\u2028 Kahire'de konuştu."


async def _open(store: Store):
    store.save_articles([(Article("a1", "Birinci", TEXT), None)])
    app = make_app(store, "ayse")
    return app


async def test_a_selection_with_blanks_around_a_name_is_trimmed_before_the_span(store: Store, painted):
    app = await _open(store)
    async with app.run_test(size=(120, 20)) as pilot:
        app.push_screen(AnnotatorScreen("a1"))
        await pilot.pause()
        area = app.screen.query_one(SpanText)
        area.put_cursor(TEXT.index("  Halil"))  # from the two spaces to the line separator's end
        await pilot.press("v", *["right"] * len("  Halil Hayye\u2028 "), "p")
        await pilot.pause()
        assert [(s.label, s.surface) for s in store.spans_for("a1")] == [("PER", "Halil Hayye")]
        assert painted(app) == [("Halil Hayye", "PER")]


async def test_a_selection_of_whitespace_alone_is_refused_with_a_notification(store: Store, painted):
    app = await _open(store)
    async with app.run_test(size=(120, 20)) as pilot:
        app.push_screen(AnnotatorScreen("a1"))
        await pilot.pause()
        area = app.screen.query_one(SpanText)
        area.put_cursor(TEXT.index("  Halil"))
        await pilot.press("v", "right", "right", "o")
        await pilot.pause()
        assert store.spans_for("a1") == [] and painted(app) == []
        assert any("nothing to label there" in n.message for n in app._notifications)

