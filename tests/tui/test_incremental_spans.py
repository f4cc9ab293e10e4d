"""The annotator after its own edit redraws only what the edit touched (a relabel among 100,000
spans): what it draws must be exactly what a full reload draws, through edits, undo and redo;
and a change by another process makes it read everything again."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from annotations.model import Article, Span
from annotations.store import Store
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen
from tui.widgets.span_panel import SpanPanel
from tui.widgets.span_text import SpanText

TEXT = (
    "Halil Hayye'nin heyeti İstanbul'da buluştu.\n"
    "Mısır Genel İstihbarat Servisi ve Erdoğan Kahire'de konuştu, Erdoğan da geldi."
)


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


@pytest.fixture
def store(store: Store) -> Store:
    store.save_articles([(Article("a1", "Birinci", TEXT), None)])
    spans = [
        ("Halil Hayye'nin heyeti", "ORG"),
        ("Halil Hayye", "PER"),
        ("İstanbul", "LOC"),
        ("İstanbul'da buluştu.\nMısır Genel İstihbarat Servisi", "ORG"),  # two paragraphs
        ("Mısır Genel İstihbarat Servisi", "ORG"),
        ("Mısır", "LOC"),
        ("Erdoğan", "PER"),
    ]
    for surface, label in spans:
        start, end = at(surface)
        store.add_span(Span("a1", start, end, label, surface, "ayse"))
    start, end = at("Erdoğan", 1)
    store.add_span(Span("a1", start, end, "PER", "Erdoğan", "ayse"))
    store.add_span(Span("a1", *at("Mısır"), "PER", "Mısır", "other"))  # not ayse's: not drawn
    return store


@asynccontextmanager
async def annotating(store: Store):
    app = make_app(store, "ayse")
    async with app.run_test(size=(60, 30)) as pilot:  # narrow: the paragraphs wrap
        app.push_screen(AnnotatorScreen("a1"))
        await pilot.pause()
        yield app, pilot


def drawn(app, painted) -> tuple:
    """Everything the spans make on the screen: the drawn colours, each paragraph's styles, the
    panel's rows, and the spans the keys act on (with their versions)."""
    panel = app.screen.query_one(SpanPanel)
    return (
        painted(app),
        dict(app.screen.query_one(SpanText)._line_styles),
        [panel.row_text(index, width=50).strip() for index in range(panel.row_count)],
        [(span.id, span.start, span.end, span.label, span.version) for span in app.screen.spans],
    )


class Reads:
    """Counts the full reads of the article's spans."""

    def __init__(self, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        spans_for = store.spans_for

        def counting(article_id: str) -> list[Span]:
            self.count += 1
            return spans_for(article_id)

        monkeypatch.setattr(store, "spans_for", counting)


async def press_and_compare(app, pilot, painted, reads: Reads, *keys: str) -> tuple:
    """Press the keys (one edit): nothing is read whole, and what is drawn is what a full
    reload then draws."""
    reads.count = 0
    await pilot.press(*keys)
    await pilot.pause()
    assert reads.count == 0
    after_edit = drawn(app, painted)
    app.screen._reload_spans()
    await pilot.pause()
    assert drawn(app, painted) == after_edit
    return after_edit


async def put(pilot, app, offset: int) -> None:
    app.screen.query_one(SpanText).put_cursor(offset)
    await pilot.pause()


async def test_edits_undo_and_redo_draw_what_a_full_reload_draws(
    store: Store, painted, monkeypatch: pytest.MonkeyPatch
):
    async with annotating(store) as (app, pilot):
        reads = Reads(store, monkeypatch)
        second = at("Erdoğan", 1)[0]
        await put(pilot, app, second)
        before = drawn(app, painted)
        shown = await press_and_compare(app, pilot, painted, reads, "r", "o")
        assert ("Erdoğan", "ORG") in shown[0] and shown != before
        assert [s.label for s in store.spans_for("a1") if s.start == second] == ["ORG"]
        undone = await press_and_compare(app, pilot, painted, reads, "u")
        assert undone[:3] == before[:3]  # drawn as before (the row's version rose)
        # The undo raised the row's version: the next relabel must not be refused as stale.
        await put(pilot, app, second)
        await press_and_compare(app, pilot, painted, reads, "r", "l")
        await press_and_compare(app, pilot, painted, reads, "u")
        redone = await press_and_compare(app, pilot, painted, reads, "ctrl+r")
        assert ("Erdoğan", "LOC") in redone[0]
        # The span over two paragraphs, relabelled, then a nested one deleted.
        await put(pilot, app, at("buluştu")[0])
        shown = await press_and_compare(app, pilot, painted, reads, "r", "p")
        assert [s.label for s in store.spans_for("a1") if s.surface.startswith("İstanbul'da")] == [
            "PER"
        ]
        await put(pilot, app, at("Hayye")[0])
        await press_and_compare(app, pilot, painted, reads, "x")
        assert "Halil Hayye" not in [s.surface for s in store.spans_for("a1")]
        await press_and_compare(app, pilot, painted, reads, "u")
        # A new span, and its undo.
        await put(pilot, app, at("Kahire")[0])
        shown = await press_and_compare(app, pilot, painted, reads, "l")
        # The name under the cursor is "Erdoğan Kahire": over the span "Erdoğan", drawn on top.
        assert ("Erdoğan Kahire", "LOC") in [(s.surface, s.label) for s in store.spans_for("a1")]
        assert any("Kahire" in run and label == "LOC" for run, label in shown[0])
        await press_and_compare(app, pilot, painted, reads, "u")
        await press_and_compare(app, pilot, painted, reads, "u")


async def test_a_change_by_another_process_is_read_whole(
    store: Store, db_path: Path, painted, monkeypatch: pytest.MonkeyPatch
):
    async with annotating(store) as (app, pilot):
        reads = Reads(store, monkeypatch)
        with Store(db_path, annotator="ayse") as other:
            span = next(s for s in other.spans_for("a1") if s.surface == "İstanbul")
            other.change_span(span, label="PER")
        await put(pilot, app, at("Erdoğan")[0])
        await pilot.press("r", "o")
        await pilot.pause()
        assert reads.count == 1  # the whole article read again: another process wrote
        runs = painted(app)
        assert ("İstanbul", "PER") in runs and ("Erdoğan", "ORG") in runs
