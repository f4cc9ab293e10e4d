"""One session, one history: undo follows the user across articles and screens."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.widgets import Static

from annotations.model import Article, Label
from annotations.store import Store
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen
from tui.screens.entities import EntitiesScreen
from tui.screens.library import LibraryScreen
from tui.widgets.span_text import SpanText

FIRST = "Kahire'de Halil Hayye ile görüşüldü."
SECOND = "Ankara'da İbrahim Kalın konuştu."


@pytest.fixture
def store(store: Store) -> Store:
    store.save_articles(
        [(Article("a1", "Bir", FIRST), None), (Article("a2", "İki", SECOND), None)]
    )
    return store


@asynccontextmanager
async def app_on(store: Store, open_first: bool = True):
    """The app on the library; with ``open_first``, enter has opened the first article (a1)."""
    app = make_app(store, "ayse")
    async with app.run_test(size=(120, 24)) as pilot:
        if open_first:
            await pilot.press("enter")
            await pilot.pause()
        yield app, pilot


async def test_u_after_moving_on_and_back_undoes_the_label_of_that_article(store: Store, painted):
    async with app_on(store) as (app, pilot):
        assert isinstance(app.screen, AnnotatorScreen) and app.screen.article_id == "a1"
        app.screen.query_one(SpanText).put_cursor(FIRST.index("Kahire"))
        await pilot.press("l")
        assert [(s.label, s.surface) for s in store.spans_for("a1")] == [("LOC", "Kahire")]
        await pilot.press("right_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert app.screen.article_id == "a1"
        assert painted(app) == [("Kahire", "LOC")]
        await pilot.press("u")
        await pilot.pause()
        assert store.spans_for("a1") == []
        assert painted(app) == []


async def test_u_in_another_article_opens_the_article_of_the_step_and_undoes_it(
    store: Store, painted
):
    async with app_on(store) as (app, pilot):
        app.screen.query_one(SpanText).put_cursor(FIRST.index("Halil"))
        await pilot.press("p")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.article_id == "a2"
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen) and app.screen.article_id == "a1"
        assert store.spans_for("a1") == [] and painted(app) == []
        saved = str(app.screen.query_one("#saved", Static).render())
        assert saved.startswith("saved ") and saved.endswith("undo")  # it was blank
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [(s.label, s.surface) for s in store.spans_for("a1")] == [("PER", "Halil Hayye")]
        assert painted(app) == [("Halil Hayye", "PER")]


async def test_undo_works_on_the_entities_screen_opened_from_the_library(store: Store):
    kalin = store.add_entity("İbrahim Kalın", "PER")
    other = store.add_entity("Kalın", "PER")
    async with app_on(store, open_first=False) as (app, pilot):
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EntitiesScreen)
        await pilot.press("down", "space", "up", "m")  # mark Kalın, merge it into İbrahim Kalın
        await pilot.pause()
        assert [entity.id for entity in store.entities()] == [kalin.id]
        await pilot.press("u")
        await pilot.pause()
        assert [entity.id for entity in store.entities()] == [kalin.id, other.id]
        assert len(app.screen.listing.rows) == 2  # the screen shows the store as it is now
        await pilot.press("escape", "u")  # the library: nothing left to undo, and no crash
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_the_entity_index_follows_links_without_being_built_again(store: Store):
    entity = store.add_entity("Halil Hayye", "PER")
    async with app_on(store) as (app, pilot):
        session = app.session
        await pilot.pause()
        index_before = session.entities().index
        app.screen.query_one(SpanText).put_cursor(FIRST.index("Kahire"))
        await pilot.press("l", "k")  # link Kahire to a new entity
        await pilot.pause()
        await pilot.press("enter")  # the only row: + new LOC: Kahire
        await pilot.pause()
        linked = store.spans_for("a1")[0]
        assert linked.entity_id is not None and linked.entity_id != entity.id
        entities = session.entities()
        assert entities.index is index_before  # the same index, updated in place
        assert entities.names[linked.entity_id] == "Kahire"
        assert entities.index.rank("Kahire", label="LOC")[0].entity_id == linked.entity_id
        await pilot.press("u")  # the new entity goes, and out of the index with it
        await pilot.pause()
        assert session.entities().index.rank("Kahire", label="LOC") == []


def test_a_label_set_cannot_take_the_link_key(tmp_path):
    from annotations.labels import LabelFileError, load_labels

    path = tmp_path / "labels.yaml"
    path.write_text("- {name: KURUM, key: k, color: '#abcdef'}\n")
    with pytest.raises(LabelFileError, match="key 'k' is taken by hasiye \\(Link entity\\)"):
        load_labels(path)
    path.write_text("- {name: KURUM, key: K, color: '#abcdef'}\n")
    assert load_labels(path) == (Label("KURUM", "K", "#abcdef"),)
