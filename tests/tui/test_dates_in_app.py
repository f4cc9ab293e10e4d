"""Pilot tests of dates in the annotator: values on labelling, = to edit, D to review found dates."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from annotations.model import Article, Span
from annotations.store import Store
from tests.tui.test_annotator import TEXT, annotating, area, panel_lines, put
from tui.dialogs.review import ProposalList, ReviewScreen
from tui.screens.annotator import AnnotatorScreen
from tui.dialogs.value import ValueDialog


@pytest.fixture
def store(store: Store) -> Store:
    store.save_articles(
        [
            (Article("a1", "Birinci", TEXT, date="2025-11-05", source="DHA"), None),
            (Article("nodate", "Tarihsiz", "Toplantı dün yapıldı ve 5 Kasım 2025'te bitti."), None),
        ]
    )
    return store


def dates(store: Store, article_id: str = "a1") -> list[tuple[str, str | None]]:
    return [(s.surface, s.value) for s in store.spans_for(article_id) if s.label == "DATE"]


async def test_labelling_a_date_gives_it_a_value_shown_in_the_panel(store: Store):
    async with annotating(store) as (app, pilot):
        start = TEXT.index("5 Kasım 2025")
        area(app).select_range(start, start + len("5 Kasım 2025'te"))
        await pilot.press("d")
        assert dates(store) == [("5 Kasım 2025", "2025-11-05")]
        assert panel_lines(app) == ["DATE   5 Kasım 2025  = 2025-11-05"]


async def test_a_relative_date_without_an_article_date_needs_an_anchor(store: Store):
    async with annotating(store, "nodate") as (app, pilot):
        text = store.get_article("nodate").text
        area(app).select_range(text.index("dün"), text.index("dün") + 3)
        await pilot.press("d")
        assert dates(store, "nodate") == [("dün", None)]
        assert panel_lines(app) == ["DATE   dün  (needs anchor)"]


async def test_equals_edits_the_value_checked_and_undoable(store: Store):
    start = TEXT.index("5 Kasım 2025")
    store.add_span(
        Span("a1", start, start + 12, "DATE", "5 Kasım 2025", "ayse", value="2025-11-05")
    )
    async with annotating(store) as (app, pilot):
        await put(pilot, app, start + 2)
        await pilot.press("equals_sign")
        await pilot.pause()
        assert isinstance(app.screen, ValueDialog)
        field = app.screen.query_one(Input)
        assert field.value == "2025-11-05"
        field.value = "2025-13-05"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ValueDialog)  # refused, still open
        assert any("no such date: 2025-13-05" in n.message for n in app._notifications)
        field.value = "2025-11"
        await pilot.press("enter")
        await pilot.pause()
        assert dates(store) == [("5 Kasım 2025", "2025-11")]
        assert panel_lines(app) == ["DATE   5 Kasım 2025  = 2025-11"]
        await pilot.press("u")
        assert dates(store) == [("5 Kasım 2025", "2025-11-05")]


async def test_equals_on_a_span_that_is_not_a_date_says_so(store: Store):
    start = TEXT.index("Erdoğan")
    store.add_span(Span("a1", start, start + 7, "PER", "Erdoğan", "ayse"))
    async with annotating(store) as (app, pilot):
        await put(pilot, app, start)
        await pilot.press("equals_sign")
        await pilot.pause()
        assert not isinstance(app.screen, ValueDialog)
        assert any("DATE span" in n.message for n in app._notifications)


async def test_d_reviews_found_dates_y_accepts_n_rejects_for_good(store: Store):
    async with annotating(store) as (app, pilot):
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        listing = app.screen.query_one(ProposalList)
        rows = [listing.row_text(index, width=200) for index in range(listing.row_count)]
        assert len(rows) == 1 and "2025-11-05" in rows[0] and "[5 Kasım 2025]'te" in rows[0]
        title = str(app.screen.query_one("#review-title", Static).render())
        assert title == "Dates found: 1 left"
        await pilot.press("n")  # the last one: the queue closes by itself
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen)
        message = list(app._notifications)[-1].message
        assert message == "Dates found: rejected 1; nothing left to review"
        assert dates(store) == []
        await pilot.press("D")  # rejected: never proposed again
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        assert any("No new date expressions" in n.message for n in app._notifications)


async def test_d_then_y_and_capital_a_accept(store: Store):
    async with annotating(store, "nodate") as (app, pilot):
        await pilot.press("D")
        await pilot.pause()
        listing = app.screen.query_one(ProposalList)
        assert listing.row_count == 2
        assert listing.row_text(0, width=200).split()[:2] == ["needs", "anchor"]
        await pilot.press("C")  # one article's dates: nothing beyond A to accept
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and dates(store, "nodate") == []
        assert "C all in the corpus" not in str(app.screen.query_one("#review-hint").render())
        await pilot.press("y")
        assert dates(store, "nodate") == [("dün", None)]
        await pilot.press("A")
        await pilot.pause()
        assert dates(store, "nodate") == [("dün", None), ("5 Kasım 2025", "2025-11-05")]
        assert isinstance(app.screen, AnnotatorScreen)
        assert panel_lines(app) == [
            "DATE   dün  (needs anchor)",
            "DATE   5 Kasım 2025  = 2025-11-05",
        ]
        assert list(app._notifications)[-1].message == (
            "Dates found: accepted 2; nothing left to review"
        )
        await pilot.press("u")  # accepting is undoable like any edit
        assert dates(store, "nodate") == [("dün", None)]


async def test_d_in_a_label_set_without_date_finds_nothing_to_make(store: Store):
    # Accepting a found date made a DATE span that the label set (and so export) refuses.
    from annotations.model import DEFAULT_LABELS

    without_date = tuple(label for label in DEFAULT_LABELS if label.name != "DATE")
    async with annotating(store, labels=without_date) as (app, pilot):
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen)
        assert "no DATE label" in list(app._notifications)[-1].message
    assert dates(store) == []
