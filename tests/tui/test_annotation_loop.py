"""The annotation loop: the text draws the stored spans after every kind of change, the name
under the cursor leaves titles out, selecting and resizing are cheap, k links the outer span."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.widgets import Input

from annotations.model import Article, Span
from annotations.store import Store
from tui.app import make_app
from tui.dialogs.find import FindDialog
from tui.dialogs.link import LinkPicker
from tui.dialogs.review import ReviewScreen
from tui.screens.annotator import AnnotatorScreen
from tui.screens.entities import EntitiesScreen
from tui.widgets.span_text import SpanText

TEXT = (
    "MİT Başkanı İbrahim Kalın, Katar Başbakanı ve Mısır Genel İstihbarat Servisi Başkanı "
    "Hasan Reşat ile Kahire'de görüştü.\n"
    "Kalın daha sonra Katar ve Kahire üzerinden döndü."
)


@pytest.fixture
def store(store: Store) -> Store:
    store.save_articles([(Article("a", "Kahire", TEXT), None)])
    return store


@asynccontextmanager
async def annotating(store: Store, size: tuple[int, int] = (170, 30)):
    app = make_app(store, "ayse")
    async with app.run_test(size=size) as pilot:
        app.push_screen(AnnotatorScreen("a"))
        await pilot.pause()
        yield app, pilot


async def cursor_on(app, pilot, word: str, occurrence: int = 0) -> None:
    position = -1
    for _ in range(occurrence + 1):
        position = TEXT.index(word, position + 1)
    app.screen.query_one(SpanText).put_cursor(position)
    await pilot.pause()


def stored(store: Store) -> list[tuple[str, str]]:
    return [(span.surface, span.label) for span in store.spans_for("a")]


async def test_the_text_draws_the_stored_spans_after_every_kind_of_change(store: Store, painted):
    async with annotating(store) as (app, pilot):
        await cursor_on(app, pilot, "Katar")
        await pilot.press("l")  # label
        assert painted(app) == [("Katar", "LOC")]
        await cursor_on(app, pilot, "Katar")
        await pilot.press("r", "p")  # relabel: the colour follows at once
        assert stored(store) == [("Katar", "PER")] and painted(app) == [("Katar", "PER")]
        await cursor_on(app, pilot, "Katar")
        await pilot.press("greater_than_sign")  # grow: the whole span coloured
        assert painted(app) == [("Katar Başbakanı", "PER")]
        await cursor_on(app, pilot, "Katar")
        await pilot.press("less_than_sign")  # shrink
        assert painted(app) == [("Katar", "PER")]
        await pilot.press("u")  # undo
        await pilot.pause()
        assert painted(app) == [("Katar Başbakanı", "PER")]
        await pilot.press("ctrl+r")  # redo
        await pilot.pause()
        assert painted(app) == [("Katar", "PER")]
        await cursor_on(app, pilot, "Katar")
        await pilot.press("x")  # delete
        assert store.spans_for("a") == [] and painted(app) == []


async def test_accepted_propagation_and_another_screens_change_show_in_the_text(
    store: Store, painted
):
    kalin = store.add_entity("İbrahim Kalın", "PER", ["Kalın"])
    async with annotating(store) as (app, pilot):
        await cursor_on(app, pilot, "İbrahim")
        await pilot.press("p")  # linked at once: written like an alias
        await pilot.pause()
        assert store.spans_for("a")[0].entity_id == kalin.id
        await cursor_on(app, pilot, "İbrahim")
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("A")  # accept the rest of this article: the queue closes, empty
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen)
        assert painted(app) == [("İbrahim Kalın", "PER"), ("Kalın", "PER")]
        await pilot.press("e")  # the entities screen: relabel the entity (and its spans)
        await pilot.pause()
        assert isinstance(app.screen, EntitiesScreen)
        await pilot.press("r", "o", "escape")
        await pilot.pause()
        assert painted(app) == [("İbrahim Kalın", "ORG"), ("Kalın", "ORG")]


async def test_a_soft_wrapped_name_is_drawn_once_and_whole(store: Store, painted):
    filler = "Toplantıya " * 9
    text = f"Kısa.\n{filler}Katar Başbakanı Şeyh Mohammed bin Abdulrahman Al Thani katıldı."
    store.save_articles([(Article("w", "W", text), None)])
    name = "Mohammed bin Abdulrahman Al Thani"
    start = text.index(name)
    store.add_span(Span("w", start, start + len(name), "PER", name, "ayse"))
    app = make_app(store, "ayse")
    async with app.run_test(size=(140, 20)) as pilot:
        app.push_screen(AnnotatorScreen("w"))
        await pilot.pause()
        area = app.screen.query_one(SpanText)
        drawn = [area.render_line(y).text.rstrip() for y in range(4)]
        assert drawn[0] == "Kısa."
        assert drawn[1] == filler.rstrip()  # wrapped: the paragraph is not drawn whole first
        assert drawn[2].startswith("Katar Başbakanı Şeyh Mohammed")
        assert "".join(drawn).count("Mohammed") == 1
        assert painted(app) == [(name, "PER")]


@pytest.mark.parametrize(
    ("word", "key", "expected"),
    [
        ("MİT", "o", ("MİT", "ORG")),  # an acronym before a title stays alone
        ("İbrahim", "p", ("İbrahim Kalın", "PER")),  # the title is left out
        ("Başkanı", "p", ("İbrahim Kalın", "PER")),  # on the title: the name after it
        ("Mısır", "o", ("Mısır Genel İstihbarat Servisi", "ORG")),  # Genel is not a title here
        ("Hasan", "p", ("Hasan Reşat", "PER")),
    ],
)
async def test_a_label_key_takes_the_name_under_the_cursor_without_its_title(
    store: Store, painted, word, key, expected
):
    async with annotating(store) as (app, pilot):
        await cursor_on(app, pilot, word)
        await pilot.press(key)
        assert stored(store) == [expected]
        assert painted(app) == [expected]


async def test_the_same_key_again_takes_the_title_back_and_the_cursor_waits_past_the_span(
    store: Store, painted
):
    async with annotating(store) as (app, pilot):
        await cursor_on(app, pilot, "İbrahim")
        await pilot.press("p")
        area = app.screen.query_one(SpanText)
        assert area.cursor_offset == TEXT.index("Katar")  # on the next word, past ", "
        await pilot.press("p")
        assert stored(store) == [("MİT Başkanı İbrahim Kalın", "PER")]
        assert painted(app) == [("MİT Başkanı İbrahim Kalın", "PER")]
        await pilot.press("l")  # the cursor waits on Katar: the next name, one key
        assert ("Katar", "LOC") in stored(store)


async def test_with_no_title_to_take_back_the_same_key_labels_the_name_the_cursor_waits_on(
    store: Store, painted
):
    text = "Sivil Askeri Koordinasyon Merkezi (CMCC) ile Türkiye'nin Filistin davası görüşüldü."
    store.save_articles([(Article("c", "CMCC", text), None)])
    app = make_app(store, "ayse")
    async with app.run_test(size=(170, 30)) as pilot:
        app.push_screen(AnnotatorScreen("c"))
        await pilot.pause()
        await pilot.press("o")  # the name at the start
        assert app.screen.query_one(SpanText).cursor_offset == text.index("CMCC")
        await pilot.press("o")  # no title before it: the acronym the cursor waits on
        app.screen.query_one(SpanText).put_cursor(text.index("Türkiye"))
        await pilot.press("l", "l")
        assert [(span.surface, span.label) for span in store.spans_for("c")] == [
            ("Sivil Askeri Koordinasyon Merkezi", "ORG"),
            ("CMCC", "ORG"),
            ("Türkiye", "LOC"),
            ("Filistin", "LOC"),
        ]
        assert painted(app) == [
            ("Sivil Askeri Koordinasyon Merkezi", "ORG"),
            ("CMCC", "ORG"),
            ("Türkiye", "LOC"),
            ("Filistin", "LOC"),
        ]


async def test_span_keys_act_on_the_span_just_made_and_its_start_moves_too(store: Store, painted):
    async with annotating(store) as (app, pilot):
        await cursor_on(app, pilot, "Hasan")
        await pilot.press("p", "greater_than_sign")  # the span just made grows at its end
        assert stored(store) == [("Hasan Reşat ile", "PER")]
        await pilot.press("less_than_sign")
        assert stored(store) == [("Hasan Reşat", "PER")]
        await pilot.press("left_parenthesis")  # grow the start by one word
        assert stored(store) == [("Başkanı Hasan Reşat", "PER")]
        assert painted(app) == [("Başkanı Hasan Reşat", "PER")]
        await pilot.press("right_parenthesis")  # shrink it back
        assert stored(store) == [("Hasan Reşat", "PER")]
        await pilot.press("x")  # and x removes the span just made
        assert stored(store) == [] and painted(app) == []


async def test_v_on_a_find_match_takes_the_match(store: Store, painted):
    async with annotating(store) as (app, pilot):
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, FindDialog)
        app.screen.query_one(Input).value = "katar başbakanı"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("v", "w", "w")  # take the match, extend it by two words
        await pilot.press("p")
        assert stored(store) == [("Katar Başbakanı ve Mısır", "PER")]


async def test_k_links_the_outer_span_of_nested_spans_that_start_together(store: Store):
    async with annotating(store) as (app, pilot):
        await cursor_on(app, pilot, "Mısır")
        await pilot.press("o")  # Mısır Genel İstihbarat Servisi
        await cursor_on(app, pilot, "Mısır")
        app.screen.query_one(SpanText).select_range(
            TEXT.index("Mısır"), TEXT.index("Mısır") + len("Mısır")
        )
        await pilot.press("l")  # the LOC inside it
        assert sorted(stored(store)) == [("Mısır", "LOC"), ("Mısır Genel İstihbarat Servisi", "ORG")]
        await cursor_on(app, pilot, "Mısır")
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, LinkPicker)
        assert app.screen.span.surface == "Mısır Genel İstihbarat Servisi"


async def test_f_jumps_to_the_next_name_no_span_covers_and_F_back(store: Store):
    async with annotating(store) as (app, pilot):
        area = app.screen.query_one(SpanText)
        await pilot.press("f")  # from MİT (the start) past the title Başkanı to İbrahim
        assert area.cursor_offset == TEXT.index("İbrahim")
        await pilot.press("p")  # PER İbrahim Kalın; the cursor waits on Katar
        await pilot.press("f")  # Katar is free, Başbakanı a title: f goes on to Mısır
        assert area.cursor_offset == TEXT.index("Mısır")
        await pilot.press("F")
        assert area.cursor_offset == TEXT.index("Katar")
        await pilot.press("F")  # İbrahim Kalın is covered now: back to MİT
        assert area.cursor_offset == TEXT.index("MİT")
