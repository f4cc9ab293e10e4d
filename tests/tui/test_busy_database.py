"""Another process holds the database's write lock (an import): the app keeps the keystroke, shows
that it waits, never freezes, and saves when the lock is free (issue 17, item 3)."""

from __future__ import annotations

import sqlite3
import time
from contextlib import asynccontextmanager, contextmanager

import pytest
from textual.widgets import Static

from annotations.model import Article, Span
from annotations.store import Store
from tui.app import make_app
from tui.screens.adjudication import AdjudicationScreen
from tui.screens.annotator import AnnotatorScreen
from tui.screens.clusters import ClustersScreen
from tui.screens.entities import EntitiesScreen
from tui.session_of import database_wait_of

TEXT = "Halil Hayye dün Ankara'da görüştü."


@pytest.fixture
def store(store: Store) -> Store:
    store.save_articles([(Article("a1", "Birinci", TEXT), None)])
    return store


@contextmanager
def write_lock_held(store: Store):
    """Another connection (another process's import) holding the write lock until released."""
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


@asynccontextmanager
async def annotating(store: Store):
    app = make_app(store, "ayse")
    async with app.run_test(size=(120, 24)) as pilot:
        app.push_screen(AnnotatorScreen("a1"))
        await pilot.pause()
        app.screen.text_area.put_cursor(TEXT.index("Halil"))
        await pilot.pause()
        yield app, pilot


def saved_line(app) -> str:
    return str(app.screen.query_one("#saved", Static).render())


async def until(pilot, condition) -> None:
    """Let the app's timers run until the condition holds (a few retries; not a timing test)."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.05)


async def test_a_label_key_waits_for_the_lock_visibly_and_is_saved_when_it_is_free(
    store: Store, painted
) -> None:
    async with annotating(store) as (app, pilot):
        with write_lock_held(store):
            started = time.monotonic()
            await pilot.press("p")
            pressed_for = time.monotonic() - started
            await pilot.pause()
            assert "waiting for the database" in saved_line(app)
            assert "PER Halil Hayye" in saved_line(app)
            assert app.screen.query_one("#saved", Static).has_class("waiting")
            assert store.spans_for("a1") == [] and painted(app) == []
            # The app stays alive: keys still move the cursor while the write waits.
            await pilot.press("w")
            assert pressed_for < 5  # nowhere near the 30 s busy timeout of the CLI
            await pilot.pause(0.3)  # a few retries find it still busy
            assert store.spans_for("a1") == []
        await until(pilot, lambda: store.spans_for("a1"))
        await pilot.pause()
        assert [(s.label, s.surface) for s in store.spans_for("a1")] == [("PER", "Halil Hayye")]
        assert painted(app) == [("Halil Hayye", "PER")]
        assert saved_line(app).startswith("saved ")
        assert not app.screen.query_one("#saved", Static).has_class("waiting")


async def test_escape_cancels_the_waiting_write(store: Store) -> None:
    async with annotating(store) as (app, pilot):
        with write_lock_held(store):
            await pilot.press("p")
            await pilot.press("escape")
            await pilot.pause()
            assert "not saved" in saved_line(app)
            assert isinstance(app.screen, AnnotatorScreen)  # escape cancelled, did not leave
        await pilot.pause(0.6)  # the retry timer is gone: nothing goes in later
        assert store.spans_for("a1") == []
        assert app.database_wait.waiting is None


async def test_a_second_edit_while_one_waits_is_refused_not_queued(store: Store) -> None:
    async with annotating(store) as (app, pilot):
        with write_lock_held(store):
            await pilot.press("p")
            app.screen.text_area.put_cursor(TEXT.index("Ankara"))
            await pilot.press("l")  # refused while p waits
            await pilot.pause()
            assert app.database_wait.waiting == "PER Halil Hayye"
        await until(pilot, lambda: store.spans_for("a1"))
        await pilot.pause(0.3)
        assert [(s.label, s.surface) for s in store.spans_for("a1")] == [("PER", "Halil Hayye")]


async def test_undo_waits_for_the_lock_too(store: Store) -> None:
    store_span = Span("a1", TEXT.index("Ankara"), TEXT.index("Ankara") + 6, "LOC", "Ankara", "ayse")
    async with annotating(store) as (app, pilot):
        app.session.history.add(store_span)
        with write_lock_held(store):
            await pilot.press("u")
            await pilot.pause()
            assert len(store.spans_for("a1")) == 1
            assert app.database_wait.waiting == "undo"
        await until(pilot, lambda: not store.spans_for("a1"))
        assert store.spans_for("a1") == []


async def test_x_while_the_label_waits_says_it_waits_not_that_there_is_no_span(
    store: Store,
) -> None:
    """Found by a user: the span just labelled is the waiting write, so x found nothing."""
    async with annotating(store) as (app, pilot):
        shown: list[str] = []
        notify = app.notify
        app.notify = lambda message, **options: (shown.append(message), notify(message, **options))  # type: ignore[method-assign]
        with write_lock_held(store):
            await pilot.press("p", "x")
            await pilot.pause()
            assert not any("No span under the cursor" in message for message in shown)
            assert any("PER Halil Hayye" in message for message in shown[-1:])
            assert app.database_wait.waiting == "PER Halil Hayye"
        await until(pilot, lambda: store.spans_for("a1"))
        assert [s.surface for s in store.spans_for("a1")] == ["Halil Hayye"]  # x did nothing


# The other screens that write wait the same way (before, they said "Not saved" at once).


async def test_an_entity_rename_waits_for_the_lock_and_escape_gives_it_up(store: Store) -> None:
    entity = store.add_entity("Halil Hayye", "PER")
    app = make_app(store, "ayse")
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, EntitiesScreen)
        with write_lock_held(store):
            await pilot.press("n", "end", "x", "enter")  # "Halil Hayyex"
            await pilot.pause()
            assert app.database_wait.waiting == "rename Halil Hayye to Halil Hayyex"
            assert store.get_entity(entity.id).canonical == "Halil Hayye"
        await until(pilot, lambda: store.get_entity(entity.id).canonical != "Halil Hayye")
        assert store.get_entity(entity.id).canonical == "Halil Hayyex"
        with write_lock_held(store):
            await pilot.press("n", "end", "y", "enter")
            await pilot.pause()
            assert app.database_wait.waiting is not None
            await pilot.press("escape")  # gives the rename up, stays here
            await pilot.pause()
            assert isinstance(app.screen, EntitiesScreen) and app.database_wait.waiting is None
        await pilot.pause(0.6)
        assert store.get_entity(entity.id).canonical == "Halil Hayyex"


async def test_a_version_taken_in_adjudication_waits_for_the_lock(store: Store) -> None:
    start = TEXT.index("Ankara")
    for label, annotator in (("LOC", "ayse"), ("ORG", "ali")):
        store.add_span(Span("a1", start, start + 6, label, "Ankara", annotator))
    app = make_app(store, "hakem")
    async with app.run_test(size=(140, 20)) as pilot:
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AdjudicationScreen)
        with write_lock_held(store):
            await pilot.press("1")
            await pilot.pause()
            assert app.database_wait.waiting == "take version 1 into gold"
            assert [s for s in store.spans_for("a1") if s.annotator == "gold"] == []
        await until(pilot, lambda: any(s.annotator == "gold" for s in store.spans_for("a1")))
        gold = [(s.surface, s.label) for s in store.spans_for("a1") if s.annotator == "gold"]
        assert gold == [("Ankara", "ORG")]  # version 1: ali's


async def test_a_cluster_merge_waits_for_the_lock(store: Store) -> None:
    store.add_entity("Halil Hayye", "PER")
    store.add_entity("Khalil al-Hayya", "PER")
    app = make_app(store, "ayse")
    async with app.run_test(size=(140, 20)) as pilot:
        await pilot.press("e", "c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ClustersScreen)
        with write_lock_held(store):
            await pilot.press("m")
            await pilot.pause()
            assert app.database_wait.waiting == "merge 1 into Halil Hayye"
            assert len(store.entity_rows()) == 2
        await until(pilot, lambda: len(store.entity_rows()) == 1)
        assert [row.entity.canonical for row in store.entity_rows()] == ["Halil Hayye"]


async def test_a_label_that_goes_in_after_its_article_was_left_is_not_drawn_there(
    store: Store,
) -> None:
    """`]` while a label waits: the next article's screen replaces this one, whose widgets go
    while it is still attached. The label, saved when the lock is free, is not drawn on it (the
    app crashed there: no SpanPanel), and the app goes on with the next article."""
    store.save_articles([(Article("a2", "İkinci", TEXT), None)])
    async with annotating(store) as (app, pilot):
        left = app.screen
        drawn: list[str] = []
        left._saved = drawn.append  # type: ignore[method-assign]
        with write_lock_held(store):
            await pilot.press("p")
            await pilot.pause()
            assert "waiting for the database" in saved_line(app)
        app.switch_screen(AnnotatorScreen("a2"))  # what `]` does; its removal not awaited yet
        assert left.is_attached and left not in app.screen_stack
        database_wait_of(app)._retry()  # the lock is free: the waiting label goes in now
        assert drawn == []
        await pilot.pause()
        assert [(s.label, s.surface) for s in store.spans_for("a1")] == [("PER", "Halil Hayye")]
        assert app.screen.article_id == "a2" and not left.is_attached
