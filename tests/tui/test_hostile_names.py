"""Names and text from the data in notifications and titles (issue 17, item 2): markup is shown as
written, never parsed (a stray ``[/]`` would kill the app, ``[@click=app.quit]`` would be a live
link) and control characters are drawn as visible symbols (``\\x1b]0;T\\x07`` would set the
terminal's title). Asserted on what the toasts and titles draw, and on the app still running."""

from __future__ import annotations

import pytest
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets._toast import Toast

from annotations.model import Article, Span
from annotations.safe_text import visible_text
from annotations.store import Store
from tui.app import make_app
from tui.dialogs.review import ReviewScreen
from tui.screens.annotator import AnnotatorScreen
from tui.screens.entities import EntitiesScreen
from tui.widgets.span_text import SpanText

NAMES = ["Stray[/]Entity", "[@click=app.quit]X[/]", "Evil\x1b]0;TITLE\x07Name\x9b"]
TEXT = "Hayye geldi. Hayye gitti."
ONE_MENTION = "Hayye geldi."


def drawn(widget: Widget) -> tuple[str, list[object]]:
    """The text a widget draws and the actions (``@click``) of its segments."""
    lines, actions = [], []
    for y in range(widget.size.height):
        strip = widget.render_line(y)
        lines.append(strip.text)
        actions += [segment.style.meta.get("@click") for segment in strip if segment.style]
    return "\n".join(line.strip() for line in lines), [action for action in actions if action]


def toasts(app) -> list[str]:
    """What every toast on the screen draws; none may carry a raw control or a live action."""
    shown = []
    for toast in app.screen.query(Toast):
        text, actions = drawn(toast)
        assert actions == []
        assert not any(character in text for character in "\x1b\x07\x9b")
        shown.append(" ".join(text.split()))
    return shown


def said(app, start: str) -> str:
    """The last toast drawn that starts with ``start``."""
    found = [text for text in toasts(app) if text.startswith(start)]
    assert found, (start, toasts(app))
    return found[-1]


async def settle(pilot, app) -> None:
    await app.workers.wait_for_complete()
    for _ in range(3):  # the toast rack is refreshed later, then laid out
        await pilot.pause()


@pytest.mark.parametrize("name", NAMES, ids=["stray-close", "click-action", "escape-title"])
async def test_an_entity_named_like_markup_is_shown_literally_in_every_notification(
    store: Store, name: str
):
    store.save_articles([(Article("a1", "Birinci", ONE_MENTION), None)])
    entity = store.add_entity(name, "PER")
    store.add_alias(entity.id, "Hayye")
    other = store.add_entity("Başka Biri", "PER")
    shown = " ".join(visible_text(name).split())
    app = make_app(store, "ayse")
    async with app.run_test(size=(170, 40), notifications=True) as pilot:
        app.push_screen(AnnotatorScreen("a1"))
        await settle(pilot, app)
        app.screen.query_one(SpanText).select_range(0, 5)
        await pilot.press("p")
        await settle(pilot, app)
        assert store.spans_for("a1")[0].entity_id == entity.id
        assert said(app, "Linked to") == f"Linked to {shown} (u undoes)"

        app.screen.query_one(SpanText).put_cursor(1)
        await pilot.press("a")
        await settle(pilot, app)
        assert said(app, "No unannotated") == f"No unannotated mentions of {shown}"

        await pilot.press("u")
        await settle(pilot, app)
        assert shown in said(app, "Undone")
        await pilot.press("ctrl+r")
        await settle(pilot, app)

        await pilot.press("e")
        await settle(pilot, app)
        assert isinstance(app.screen, EntitiesScreen)
        rows = [row.entity.id for row in store.entity_rows()]
        await pilot.press(*(["down"] * rows.index(other.id)), "space")
        await pilot.press(*(["up"] * rows.index(other.id)), "m")
        await settle(pilot, app)
        assert said(app, "Merged") == f"Merged 1 into {shown} (u undoes)"
        await pilot.press("x")
        await settle(pilot, app)
        assert said(app, "Deleted") == f"Deleted {shown}; its spans stay (u undoes)"
        await pilot.press("u")
        await settle(pilot, app)
        assert shown in said(app, "Undone")
        assert store.get_entity(entity.id).canonical == name
        assert app.is_running and app.return_code is None


@pytest.mark.parametrize("name", NAMES, ids=["stray-close", "click-action", "escape-title"])
async def test_the_review_title_shows_an_entity_named_like_markup_literally(
    store: Store, name: str
):
    store.save_articles([(Article("a1", "Birinci", TEXT), None)])
    entity = store.add_entity(name, "PER")
    store.add_alias(entity.id, "Hayye")
    store.add_span(Span("a1", 0, 5, "PER", "Hayye", "ayse", entity_id=entity.id))
    app = make_app(store, "ayse")
    async with app.run_test(size=(170, 40), notifications=True) as pilot:
        app.push_screen(AnnotatorScreen("a1"))
        await settle(pilot, app)
        app.screen.query_one(SpanText).put_cursor(1)
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewScreen)
        title, actions = drawn(app.screen.query_one("#review-title", Static))
        assert actions == [] and not any(c in title for c in "\x1b\x07\x9b")
        assert title.startswith(f"Mentions of {visible_text(name)} (PER): 1 left")
        assert app.is_running


@pytest.mark.parametrize("name", NAMES, ids=["stray-close", "click-action", "escape-title"])
async def test_cannot_shrink_names_a_surface_like_markup_literally(store: Store, name: str):
    text = f"{name} geldi."
    store.save_articles([(Article("a1", "Birinci", text), None)])
    store.add_span(Span("a1", 0, len(name), "PER", name, "ayse"))
    app = make_app(store, "ayse")
    async with app.run_test(size=(170, 40), notifications=True) as pilot:
        app.push_screen(AnnotatorScreen("a1"))
        await settle(pilot, app)
        for _ in range(len(name)):
            app.screen.query_one(SpanText).put_cursor(store.spans_for("a1")[0].start)
            await pilot.press("less_than_sign")
            await settle(pilot, app)
            if any(toast.startswith("Cannot shrink") for toast in toasts(app)):
                break
        surface = store.spans_for("a1")[0].surface
        assert said(app, "Cannot shrink") == f"Cannot shrink {visible_text(repr(surface))} further"
        assert app.is_running


async def test_a_selection_crossing_a_span_with_markup_is_refused_in_plain_words(store: Store):
    text = "Kahire[/] ile Ankara görüştü."
    store.save_articles([(Article("a1", "t", text), None)])
    store.add_span(Span("a1", 0, 9, "LOC", "Kahire[/]", "tester"))
    store.add_span(Span("a1", 0, 9, "LOC", "Kahire[/]", "ayse"))
    app = make_app(store, "ayse")
    async with app.run_test(size=(170, 40), notifications=True) as pilot:
        app.push_screen(AnnotatorScreen("a1"))
        await settle(pilot, app)
        area = app.screen.query_one(SpanText)
        area.put_cursor(3)  # inside "Kahire[/]", selecting into "ile"
        await pilot.press("v", *(["right"] * 9), "p")
        await settle(pilot, app)
        assert "crosses LOC span 'Kahire[/]'" in said(app, "Not labelled")
        assert [span.surface for span in store.spans_for("a1")] == ["Kahire[/]", "Kahire[/]"]
        assert app.is_running and app.return_code is None


async def test_a_database_path_like_markup_is_the_literal_sub_title(tmp_path, store: Store):
    path = tmp_path / "[@click=app.quit]x[bold]\x1b]0;T\x07.db"
    with Store(path) as odd:
        app = make_app(odd, "ayse")
        async with app.run_test(size=(170, 40), notifications=True) as pilot:
            await pilot.pause()
            assert app.sub_title.endswith("[@click=app.quit]x[bold]␛]0;T␇.db")
            from textual.widgets._header import HeaderTitle

            header, actions = drawn(app.screen.query_one(HeaderTitle))
            assert "[@click=app.quit]x[bold]␛]0;T␇.db" in header and actions == []
            assert app.is_running


# Dates at the edges of the calendar (issue 17, item 5): d and D used to raise OverflowError.


@pytest.mark.parametrize(
    "article_date, text, surface",
    [
        ("9999-12-31", "Heyet yarın gelecek.", "yarın"),
        ("0001-01-01", "Heyet dün geldi.", "dün"),
        ("2025-11-05", "Heyet 999999 gün önce geldi.", "999999 gün önce"),
    ],
)
async def test_d_and_capital_d_beyond_the_calendar_keep_running_with_no_value(
    store: Store, article_date: str, text: str, surface: str
):
    from tui.dialogs.review import ProposalList

    store.save_articles([(Article("a1", "t", text, date=article_date), None)])
    app = make_app(store, "ayse")
    async with app.run_test(size=(170, 40), notifications=True) as pilot:
        app.push_screen(AnnotatorScreen("a1"))
        await settle(pilot, app)
        await pilot.press("D")
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewScreen)
        listing = app.screen.query_one(ProposalList)
        (row,) = [listing.row_text(index, width=200) for index in range(listing.row_count)]
        assert surface.split()[-1] in row
        await pilot.press("escape")
        await settle(pilot, app)
        start = text.index(surface)
        app.screen.query_one(SpanText).select_range(start, start + len(surface))
        await pilot.press("d")
        await settle(pilot, app)
        assert [(s.label, s.surface, s.value) for s in store.spans_for("a1")] == [
            ("DATE", surface, None)
        ]
        assert app.is_running and app.return_code is None


@pytest.mark.parametrize("name", NAMES, ids=["stray-close", "click-action", "escape-title"])
async def test_the_link_picker_title_names_the_linked_entity_literally(store: Store, name: str):
    from tui.dialogs.link import LinkPicker

    store.save_articles([(Article("a1", "Birinci", ONE_MENTION), None)])
    entity = store.add_entity(name, "PER")
    store.add_span(Span("a1", 0, 5, "PER", "Hayye", "ayse", entity_id=entity.id))
    app = make_app(store, "ayse")
    async with app.run_test(size=(170, 40), notifications=True) as pilot:
        app.push_screen(AnnotatorScreen("a1"))
        await settle(pilot, app)
        app.screen.query_one(SpanText).put_cursor(1)
        await pilot.press("k")
        await settle(pilot, app)
        assert isinstance(app.screen, LinkPicker)
        title, actions = drawn(app.screen.query_one(".title", Static))
        assert actions == [] and not any(c in title for c in "\x1b\x07\x9b")
        assert title == f"Link 'Hayye' (PER), now linked to {visible_text(name)}"
        assert app.is_running


async def test_the_adjudication_and_agreement_titles_show_ids_and_annotators_literally(
    store: Store,
):
    """The adjudication title drew an article id's escape sequence raw (its text turned red), the
    agreement title an annotator's."""
    from tui.screens.adjudication import AdjudicationScreen
    from tui.screens.agreement import AgreementScreen

    article_id, annotator = "id\x1b[31mRED\x1b[0m", "a\x1b[31mRED\x1b[0m"
    store.save_articles([(Article(article_id, "t", TEXT), None)])
    for name in (annotator, "b"):
        store.add_span(Span(article_id, 0, 5, "PER", "Hayye", name))
    app = make_app(store, "ayse")
    async with app.run_test(size=(140, 20)) as pilot:
        await pilot.pause()
        await pilot.press("I")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, AgreementScreen)
        title, _ = drawn(app.screen.query_one("#agreement-title", Static))
        assert title.startswith(f"agreement of {visible_text(annotator)}, b over 1 article(s)")
        await pilot.press("escape", "A")
        await pilot.pause()
        assert isinstance(app.screen, AdjudicationScreen)
        title, _ = drawn(app.screen.query_one("#adjudication-title", Static))
        assert title.startswith(f"{visible_text(article_id)} into gold:")
        assert "\x1b" not in title
