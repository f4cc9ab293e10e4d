"""Pilot tests of the search screen (s in the library and the annotator)."""

from __future__ import annotations

from textual.widgets import Input, Static

from annotations.store import Store
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen
from tui.screens.library import LibraryScreen
from tui.screens.search import HitList, SearchScreen
from tui.widgets.span_text import SpanText

SEED_004 = "004_6b0b2ef26e7569ca"


async def typed(app, pilot, text: str) -> None:
    for character in text:
        await pilot.press(character if character != " " else "space")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_s_searches_as_you_type_and_enter_opens_at_the_hit(seeded_store: Store):
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await typed(app, pilot, "halil hayya")
        hits = app.screen.query_one(HitList)
        assert [hit.article_id for hit in hits.hits] == [SEED_004]
        assert (
            str(app.screen.query_one("#count", Static).render())
            == "1 article(s) match 'halil hayya'"
        )
        assert "Halil Hayye" in hits.row_text(0, width=200)
        await pilot.press("enter")  # to the results
        await pilot.press("enter")  # open
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen) and app.screen.article_id == SEED_004
        await pilot.pause()
        text = seeded_store.get_article(SEED_004).text
        area = app.screen.query_one(SpanText)
        assert text[area.cursor_offset :].startswith("Halil Hayye")


async def test_a_query_that_matches_nothing_shows_nothing(seeded_store: Store):
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await typed(app, pilot, "xyzzy")
        assert app.screen.query_one(HitList).row_count == 0
        assert "0 article(s) match 'xyzzy'" in str(app.screen.query_one("#count", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_s_in_the_annotator_starts_from_the_last_find(seeded_store: Store):
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        app.push_screen(AnnotatorScreen(SEED_004))
        await pilot.pause()
        await pilot.press("slash", *"kahire", "enter")
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query", Input).value == "kahire"
        assert [hit.article_id for hit in app.screen.query_one(HitList).hits] == [
            "000_32c02bc332455d9c"
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen)


async def test_down_from_the_query_goes_to_the_next_hit_enter_to_the_highlighted_one(
    seeded_store: Store,
):
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await typed(app, pilot, "kalın")
        hits = app.screen.query_one(HitList)
        found = [hit.article_id for hit in hits.hits]
        assert len(found) == 2
        # While typing, the first hit is highlighted: enter would open it.
        assert isinstance(app.focused, Input) and hits.cursor == 0
        await pilot.press("down")  # into the list, on the next hit
        assert app.focused is hits and hits.cursor == 1
        cursor = hits.get_component_rich_style("row-list--cursor").bgcolor
        painted = [
            any(piece.style and piece.style.bgcolor == cursor for piece in hits.render_line(y))
            for y in (1, 2)  # the two hits, under the header
        ]
        assert painted == [False, True]
        drawn = "".join(segment.text for segment in hits.render_line(2))
        assert drawn.rstrip() == hits.row_text(1, width=len(drawn))
        assert hits.hits[1].title[:30] in drawn
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen) and app.screen.article_id == found[1]
        await pilot.press("escape")  # from the library: back to the hits
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#query", Input).focus()
        await pilot.press("enter")  # enter from the query: the list, on the highlighted hit
        assert app.focused is hits and hits.cursor == 1


async def test_a_hit_opened_from_an_article_takes_its_place_so_escape_goes_to_the_library(
    seeded_store: Store,
):
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first article, from the library
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen) and app.screen.article_id != SEED_004
        await pilot.press("s")
        await pilot.pause()
        await typed(app, pilot, "halil hayya")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen) and app.screen.article_id == SEED_004
        assert [type(screen) for screen in app.screen_stack[1:]] == [LibraryScreen, AnnotatorScreen]
        footer = [binding.description for (_, binding, *_) in app.active_bindings.values()]
        assert "Library" in footer
        await pilot.press("escape")  # one escape, as the footer says
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_a_busy_database_says_so_and_the_search_goes_on(seeded_store: Store, monkeypatch):
    """The first search after the index changed writes its vocabulary: when another process
    holds the database that long, the screen says so and the next search works."""
    from annotations.errors import DatabaseBusy
    from annotations.store.search_index import SearchIndex

    def busy(store) -> None:
        raise DatabaseBusy(store.path)

    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        with monkeypatch.context() as patched:
            patched.setattr(SearchIndex, "search_vocabulary_ready", busy)
            await typed(app, pilot, "hayye")
            assert app.is_running and isinstance(app.screen, SearchScreen)
            assert any("database is busy" in n.message for n in app._notifications)
        await typed(app, pilot, "s")  # "hayyes": the database free again
        await pilot.press("backspace")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [hit.article_id for hit in app.screen.query_one(HitList).hits] == [SEED_004]
