"""Pilot tests: every key of the annotator, asserted on the store and on the screen."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.widgets import Static

from annotations.model import Article, Label, Span, Status
from annotations.store import Store
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen
from tui.dialogs.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.span_panel import SpanPanel
from tui.widgets.span_text import SpanText

TEXT = (
    "Cumhurbaşkanı Recep Tayyip Erdoğan'a ve Halil Hayye'nin heyeti 5 Kasım 2025'te "
    "İstanbul'da buluştu.\nMısır Genel İstihbarat Servisi ve Erdoğan yine konuştu."
)


@pytest.fixture
def store(store: Store) -> Store:
    store.save_articles(
        [
            (Article("a1", "Birinci", TEXT, date="2025-11-05", source="DHA"), None),
            (Article("a2", "İkinci", "İkinci haber metni."), None),
            (Article("a0", "Sıfırıncı", "Sıfırıncı haber."), None),
        ]
    )
    return store


@asynccontextmanager
async def annotating(store: Store, article_id: str = "a1", labels=None):
    app = make_app(store, "ayse", **({"labels": labels} if labels else {}))
    async with app.run_test(size=(170, 30)) as pilot:  # wide enough not to wrap TEXT
        app.push_screen(AnnotatorScreen(article_id))
        await pilot.pause()
        yield app, pilot


def area(app) -> SpanText:
    return app.screen.query_one(SpanText)


def surfaces(store: Store, article_id: str = "a1") -> list[tuple[str, str]]:
    return [(span.label, span.surface) for span in store.spans_for(article_id)]


def panel_lines(app) -> list[str]:
    panel = app.screen.query_one(SpanPanel)
    return [panel.row_text(index, width=40).strip() for index in range(panel.row_count)]


async def put(pilot, app, offset: int) -> None:
    area(app).put_cursor(offset)
    await pilot.pause()


def meta(app) -> str:
    return str(app.screen.query_one("#meta", Static).render())


async def test_opening_changes_no_status_and_the_first_edit_starts_the_article(store: Store):
    async with annotating(store) as (app, pilot):
        assert store.get_article("a1").status is Status.TODO
        assert meta(app) == "Birinci\n2025-11-05  DHA  [todo]  article 2 of 3"
        assert area(app).text == TEXT
        await put(pilot, app, TEXT.index("Halil"))
        await pilot.press("p")
        assert store.get_article("a1").status is Status.IN_PROGRESS
        assert meta(app) == "Birinci\n2025-11-05  DHA  [in progress]  article 2 of 3"
        await pilot.press("u")  # undo keeps the status: the article was worked on
        await pilot.pause()
        assert surfaces(store) == [] and store.get_article("a1").status is Status.IN_PROGRESS
        assert meta(app).endswith("[in progress]  article 2 of 3")


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["right", "right"], 2),
        (["w"], 13),
        (["w", "w", "b"], 14),
        (["end"], TEXT.index("\n")),
        (["end", "home"], 0),
        (["down"], None),
        (["j"], None),
        (["j", "up"], 0),
        (["right", "h"], 0),
        (["G"], len(TEXT)),
        (["G", "g"], 0),
        (["pagedown"], None),
        (["pagedown", "pageup"], 0),
    ],
)
async def test_movement_keys(store: Store, keys, expected):
    async with annotating(store) as (app, pilot):
        await pilot.press(*keys)
        offset = area(app).cursor_offset
        if expected is None:
            assert offset > TEXT.index("\n")  # moved to the second line
        else:
            assert offset == expected


async def test_l_moves_right_when_no_label_uses_it(store: Store):
    labels = (Label("PER", "p", "#d75f5f"), Label("EVENT", "t", "#af87d7"))
    async with annotating(store, labels=labels) as (app, pilot):
        await pilot.press("l", "l", "l")
        assert area(app).cursor_offset == 3
        await pilot.press("w", "v", "w", "w", "w", "t")
        assert surfaces(store) == [("EVENT", "Recep Tayyip Erdoğan")]


async def test_v_selects_and_p_labels_the_trimmed_selection(store: Store):
    async with annotating(store) as (app, pilot):
        await put(pilot, app, TEXT.index("Recep"))
        await pilot.press("v", "w", "w", "w", "v", "p")  # "Recep Tayyip Erdoğan'a " selected
        assert surfaces(store) == [("PER", "Recep Tayyip Erdoğan")]
        assert panel_lines(app) == ["PER    Recep Tayyip Erdoğan"]
        saved = str(app.screen.query_one("#saved", Static).render())
        assert saved.startswith("saved ") and "PER Recep Tayyip Erdoğan" in saved
        assert area(app).selected_range is None


async def test_shift_arrows_select_too(store: Store):
    async with annotating(store) as (app, pilot):
        await put(pilot, app, TEXT.index("İstanbul"))
        await pilot.press(*["shift+right"] * 11, "l")  # "İstanbul'da"
        assert surfaces(store) == [("LOC", "İstanbul")]


async def test_label_keys_without_selection_take_the_name_under_the_cursor(store: Store):
    async with annotating(store) as (app, pilot):
        await put(pilot, app, TEXT.index("Hayye") + 2)
        await pilot.press("p")
        await put(pilot, app, TEXT.index("Mısır"))
        await pilot.press("o")
        await put(pilot, app, TEXT.index("Kasım"))
        await pilot.press("v", "right", "right", "right", "right", "right", "d")
        await put(pilot, app, TEXT.index("Mısır"))
        await pilot.press("v", "right", "right", "right", "right", "right", "l")
        assert surfaces(store) == [
            ("PER", "Halil Hayye"),
            ("DATE", "Kasım"),
            ("ORG", "Mısır Genel İstihbarat Servisi"),
            ("LOC", "Mısır"),
        ]
        assert len(panel_lines(app)) == 4


async def test_find_is_turkish_aware_and_n_N_step_through_matches(store: Store):
    async with annotating(store) as (app, pilot):
        await pilot.press("slash")
        await pilot.press(*"erdogan", "enter")
        await pilot.pause()
        first = TEXT.index("Erdoğan")
        second = TEXT.index("Erdoğan", first + 1)
        assert area(app).selected_range == (first, first + 7)
        await pilot.press("n")
        assert area(app).selected_range == (second, second + 7)
        await pilot.press("N")
        assert area(app).selected_range == (first, first + 7)
        await pilot.press("p")
        assert surfaces(store) == [("PER", "Erdoğan")]


async def test_q_typed_into_find_is_a_letter_not_quit(store: Store):
    async with annotating(store) as (app, pilot):
        await pilot.press("slash", *"İstanbul'q")
        await pilot.pause()
        assert not app._exit
        await pilot.press("backspace", "enter")
        await pilot.pause()
        start = TEXT.index("İstanbul'")
        assert area(app).selected_range == (start, start + len("İstanbul'"))


async def test_find_nothing_notifies(store: Store):
    async with annotating(store) as (app, pilot):
        await pilot.press("slash", *"yokboyle", "enter")
        await pilot.pause()
        assert any("Not found: yokboyle" in n.message for n in app._notifications)


async def seed_span(store: Store, surface: str, label: str = "PER", occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(surface, start + 1)
    return store.add_span(Span("a1", start, start + len(surface), label, surface, "ayse"))


@pytest.mark.parametrize("key", ["x", "delete"])
async def test_x_and_delete_remove_the_span_under_the_cursor(store: Store, key: str):
    span = await seed_span(store, "Halil Hayye")
    async with annotating(store) as (app, pilot):
        assert panel_lines(app) == ["PER    Halil Hayye"]
        await put(pilot, app, span.start + 3)
        await pilot.press(key)
        assert surfaces(store) == []
        assert panel_lines(app) == []


async def test_grow_and_shrink(store: Store):
    span = await seed_span(store, "Recep")
    async with annotating(store) as (app, pilot):
        await put(pilot, app, span.start)
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert surfaces(store) == [("PER", "Recep Tayyip Erdoğan")]  # suffix 'a left out
        await pilot.press("less_than_sign")
        assert surfaces(store) == [("PER", "Recep Tayyip")]


async def test_r_relabels(store: Store):
    span = await seed_span(store, "Halil Hayye")
    async with annotating(store) as (app, pilot):
        await put(pilot, app, span.start)
        await pilot.press("r", "o")
        assert surfaces(store) == [("ORG", "Halil Hayye")]
        assert panel_lines(app) == ["ORG    Halil Hayye"]


async def test_labelling_an_exact_span_with_another_label_relabels_it(store: Store):
    span = await seed_span(store, "İstanbul", "PER")
    async with annotating(store) as (app, pilot):
        await put(pilot, app, span.start)
        await pilot.press("l")
        assert surfaces(store) == [("LOC", "İstanbul")]


async def test_same_label_overlap_resizes_and_crossing_another_label_is_refused(store: Store):
    await seed_span(store, "Tayyip Erdoğan")
    async with annotating(store) as (app, pilot):
        await put(pilot, app, TEXT.index("Recep"))
        await pilot.press("v", "w", "w", "p")  # "Recep Tayyip " overlaps the PER span
        assert surfaces(store) == [("PER", "Recep Tayyip")]
        await put(pilot, app, TEXT.index("Cumhurbaşkanı"))
        await pilot.press("v", "w", "w", "o")  # "Cumhurbaşkanı Recep " crosses it
        await pilot.pause()
        assert surfaces(store) == [("PER", "Recep Tayyip")]
        assert any("crosses PER span" in n.message for n in app._notifications)


async def test_undo_and_redo_are_saved(store: Store):
    async with annotating(store) as (app, pilot):
        await put(pilot, app, TEXT.index("Hayye"))
        await pilot.press("p", "r", "o")
        assert surfaces(store) == [("ORG", "Halil Hayye")]
        await pilot.press("u")
        assert surfaces(store) == [("PER", "Halil Hayye")]
        await pilot.press("u")
        assert surfaces(store) == []
        await pilot.press("ctrl+r", "ctrl+r")
        assert surfaces(store) == [("ORG", "Halil Hayye")]
        await pilot.press("x", "u")
        assert surfaces(store) == [("ORG", "Halil Hayye")]
        assert panel_lines(app) == ["ORG    Halil Hayye"]


async def test_tab_moves_focus_and_enter_in_the_panel_moves_the_cursor(store: Store):
    span = await seed_span(store, "Erdoğan", occurrence=1)
    async with annotating(store) as (app, pilot):
        assert app.focused is area(app)
        await pilot.press("tab")
        assert isinstance(app.focused, SpanPanel)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is area(app)
        assert area(app).cursor_offset == span.start


async def test_m_cycles_the_status(store: Store):
    async with annotating(store) as (app, pilot):
        await pilot.press("m")
        assert store.get_article("a1").status is Status.IN_PROGRESS
        await pilot.press("m")
        assert store.get_article("a1").status is Status.DONE
        assert meta(app).endswith("[done]  article 2 of 3")
        await pilot.press("m")
        assert store.get_article("a1").status is Status.TODO


async def test_a_status_change_is_an_undo_step(store: Store):
    """u after m puts the status back (before, u undid the edit made before the m)."""
    async with annotating(store) as (app, pilot):
        await pilot.press("m", "m")
        assert store.get_article("a1").status is Status.DONE
        await pilot.press("u")
        assert store.get_article("a1").status is Status.IN_PROGRESS
        assert meta(app).endswith("[in progress]  article 2 of 3")
        await pilot.press("u")
        assert store.get_article("a1").status is Status.TODO
        await pilot.press("ctrl+r")
        assert store.get_article("a1").status is Status.IN_PROGRESS


async def test_u_after_capital_m_goes_back_to_the_article_and_its_status(store: Store):
    async with from_the_library(store) as (app, pilot):
        first = app.screen.article_id
        await pilot.press("M")
        await pilot.pause()
        assert app.screen.article_id != first and store.get_article(first).status is Status.DONE
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen) and app.screen.article_id == first
        assert store.get_article(first).status is Status.TODO
        assert "[todo]" in meta(app)


@asynccontextmanager
async def from_the_library(store: Store, *keys: str):
    """The library after these keys (o sorts, f filters), then enter on its first row."""
    app = make_app(store, "ayse")
    async with app.run_test(size=(170, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("g", "enter")  # the cursor stays on its article when sorting: go up
        await pilot.pause()
        yield app, pilot


async def test_capital_m_marks_done_and_opens_the_next_unfinished_in_the_librarys_order(
    store: Store,
):
    # Sorted by date (undated last, then by id): a1, a0, a2; in id order a2 would follow a1.
    async with from_the_library(store, "o", "o") as (app, pilot):
        assert app.screen.article_id == "a1"
        assert meta(app) == "Birinci\n2025-11-05  DHA  [todo]  article 1 of 3"
        await pilot.press("M")
        await pilot.pause()
        assert store.get_article("a1").status is Status.DONE
        assert isinstance(app.screen, AnnotatorScreen) and app.screen.article_id == "a0"
        assert meta(app) == "Sıfırıncı\n[todo]  article 2 of 3"
        store.set_status("a2", Status.DONE)  # finished meanwhile (ayse, in another window): skipped
        await pilot.press("M")
        await pilot.pause()
        assert store.get_article("a0").status is Status.DONE
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one(ArticleList).current_id == "a0"  # the last one shown
        assert any("Every article listed is done" in n.message for n in app._notifications)
        progress = str(app.screen.query_one("#progress", Static).render())
        assert "3 / 3 done" in progress and "sorted by date" in progress


async def test_brackets_follow_the_librarys_filter_and_order(store: Store):
    store.set_status("a2", Status.IN_PROGRESS)
    # Todo only, by date: a1 then a0 (a2 is in progress, not listed); id order: a0 a1 a2.
    async with from_the_library(store, "f", "o", "o") as (app, pilot):
        assert app.screen.article_id == "a1"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.article_id == "a0"
        assert meta(app) == "Sıfırıncı\n[todo]  article 2 of 2"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.article_id == "a0"
        assert any("No more articles" in n.message for n in app._notifications)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.article_id == "a1"


async def test_brackets_go_to_the_next_and_previous_article(store: Store):
    async with annotating(store) as (app, pilot):
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.article_id == "a2"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert app.screen.article_id == "a0"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.article_id == "a0"
        assert any("No more articles" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_question_mark_shows_every_binding(store: Store):
    async with annotating(store) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = {description for _, description in app.screen.rows}
        assert {
            "Label PER",
            "Label LOC",
            "Undo",
            "Redo",
            "Find",
            "Grow span",
            "Relabel",
        } <= descriptions
        [delete_keys] = [
            keys for keys, description in app.screen.rows if description == "Delete span"
        ]
        assert set(delete_keys.split()) == {"x", "del"}
        assert "Cut" not in descriptions and "Delete character left" not in descriptions
        order = [description for _, description in app.screen.rows]
        assert order[0] == "Label PER"  # the screen's own keys lead, Textual's come last
        assert order.index("Focus Next") > order.index("Undo") > order.index("Relabel")
        assert order[-2:] == ["Focus Next", "Focus Previous"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen)


async def test_q_quits_from_the_annotator(store: Store):
    async with annotating(store) as (app, pilot):
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


async def test_injection_article_is_shown_literally(store: Store):
    evil = "[bold]x[/] [@click=app.quit]tık[/] [/] \x1b[31mkırmızı\x07\x08\x0b\x0c\x7f\x85 Kalın"
    store.save_articles([(Article("evil", "[/]", evil), None)])
    async with annotating(store, "evil") as (app, pilot):
        shown = area(app).text
        assert len(shown) == len(evil)
        assert shown.startswith("[bold]x[/] [@click=app.quit]tık[/] [/] ␛[31mkırmızı␇␈␋␌␡\ufffd")
        await pilot.click(SpanText, offset=(15, 0))
        await pilot.pause()
        assert not app._exit
        await put(pilot, app, evil.index("Kalın"))
        await pilot.press("p")
        assert surfaces(store, "evil") == [("PER", "Kalın")]


def test_annotator_snapshot(snap_compare, store: Store):
    for surface, label in (("Halil Hayye", "PER"), ("Mısır Genel İstihbarat Servisi", "ORG")):
        start = TEXT.index(surface)
        store.add_span(Span("a1", start, start + len(surface), label, surface, "ayse"))
    for surface, label in (("İstanbul", "LOC"), ("Mısır", "LOC"), ("5 Kasım 2025", "DATE")):
        start = TEXT.index(surface)
        value = "2025-11-05" if label == "DATE" else None
        store.add_span(Span("a1", start, start + len(surface), label, surface, "ayse", value=value))
    app = make_app(store, "ayse")

    async def open_annotator(pilot):
        app.sub_title = "corpus.db"
        app.push_screen(AnnotatorScreen("a1"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(110, 20), run_before=open_annotator)


def test_help_snapshot(snap_compare, store: Store):
    app = make_app(store, "ayse")

    async def open_help(pilot):
        app.sub_title = "corpus.db"
        app.push_screen(AnnotatorScreen("a1"))
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(110, 44), run_before=open_help)
