"""Pilot tests of the adjudication screen (A in the library): every key, on the store and on what
the screen draws."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from annotations.model import Article, Span, Status
from annotations.store import Store
from tui.app import make_app
from tui.screens.adjudication import AdjudicationScreen, DifferenceList
from tui.screens.library import LibraryScreen

TEXT = "Halil Hayye ve Hakan Fidan Kahire'de görüştü."


def span(surface: str, label: str, annotator: str) -> Span:
    start = TEXT.index(surface)
    return Span("a", start, start + len(surface), label, surface, annotator)


@pytest.fixture
def store(store: Store) -> Store:
    store.save_articles([(Article("a", "t", TEXT), None)])
    for surface, label, annotator in [
        ("Halil Hayye", "PER", "ayse"),  # all agree
        ("Halil Hayye", "PER", "ali"),
        ("Kahire", "LOC", "ayse"),  # label differs
        ("Kahire", "ORG", "ali"),
        ("Hakan Fidan", "PER", "ali"),  # only some
    ]:
        store.add_span(span(surface, label, annotator))
    return store


def gold(store: Store) -> list[tuple[str, str]]:
    return [(s.surface, s.label) for s in store.spans_for("a") if s.annotator == "gold"]


def drawn(app) -> list[str]:
    listing = app.screen.query_one(DifferenceList)
    return [listing.render_line(y).text.rstrip() for y in range(listing.size.height)]


def settled_style(app, row: int):
    """The style of the 'settled' cell drawn on a row (1: the first difference)."""
    strip = app.screen.query_one(DifferenceList).render_line(row)
    cells = [segment for segment in strip if segment.text.strip() in ("yes", "no")]
    return cells[0].style


def title(app) -> str:
    return str(app.screen.query_one("#adjudication-title", Static).render())


async def open_adjudication(app, pilot) -> None:
    await pilot.pause()
    assert isinstance(app.screen, LibraryScreen)
    await pilot.press("A")
    await pilot.pause()
    assert isinstance(app.screen, AdjudicationScreen)


async def test_A_opens_it_and_what_all_agree_on_is_taken_at_once(store: Store):
    app = make_app(store, "hakem")
    async with app.run_test(size=(140, 20)) as pilot:
        await open_adjudication(app, pilot)
        assert gold(store) == [("Halil Hayye", "PER")]
        lines = drawn(app)
        assert lines[1].split()[:4] == ["1", "all", "agree", "yes"]
        assert "PER Halil Hayye (ali, ayse)" in lines[1]
        assert lines[2].split()[:4] == ["2", "only", "some", "no"]
        assert "1 ali: PER Hakan Fidan   2 ayse: none" in lines[2]
        assert lines[3].split()[:4] == ["3", "label", "differs", "no"]
        assert settled_style(app, 1).color.name == "green"
        assert settled_style(app, 2).color.name == "yellow"
        assert title(app).startswith("a into gold: 3 difference(s), 2 difference(s) left")
        assert store.statuses_by_annotator("a")["gold"] is Status.IN_PROGRESS


async def test_escape_at_once_leaves_before_the_agreed_spans_are_taken_and_nothing_breaks(
    store: Store,
):
    """The screen paints first and takes what all agree on after: leaving in between is safe."""
    app = make_app(store, "hakem")
    async with app.run_test(size=(140, 20)) as pilot:
        await pilot.pause()
        await pilot.press("A", "escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.is_running
        assert gold(store) == [("Halil Hayye", "PER")]  # taken before the escape was read
        await pilot.press("A")
        await pilot.pause()
        assert gold(store) == [("Halil Hayye", "PER")]  # and not twice


async def test_digits_take_a_version_0_takes_none_and_u_undoes(store: Store):
    app = make_app(store, "hakem")
    async with app.run_test(size=(140, 20)) as pilot:
        await open_adjudication(app, pilot)
        await pilot.press("down", "1")  # only some: ali's Hakan Fidan
        await pilot.pause()
        assert gold(store) == [("Halil Hayye", "PER"), ("Hakan Fidan", "PER")]
        assert "PER Hakan Fidan (ali)" in drawn(app)[2]
        assert settled_style(app, 2).color.name == "green"
        assert app.screen.query_one(DifferenceList).cursor == 2  # on to the next unsettled
        await pilot.press("9")  # no version 9: nothing changes
        await pilot.press("0")  # label differs: none
        await pilot.pause()
        assert gold(store) == [("Halil Hayye", "PER"), ("Hakan Fidan", "PER")]
        assert title(app).startswith("a into gold: 3 difference(s), adjudicated")
        assert drawn(app)[3].split()[3:5] == ["yes", "none"]
        assert store.statuses_by_annotator("a")["gold"] is Status.DONE
        await pilot.press("u")  # "none" undone: that difference is open again, and the status
        await pilot.pause()
        assert drawn(app)[3].split()[3] == "no"
        assert settled_style(app, 3).color.name == "yellow"
        assert title(app).startswith("a into gold: 3 difference(s), 1 difference(s) left")
        assert store.statuses_by_annotator("a")["gold"] is Status.IN_PROGRESS
        assert store.rejected_proposals("a", "gold") == set()
        await pilot.press("up", "u")  # the take of Hakan Fidan undone
        await pilot.pause()
        assert gold(store) == [("Halil Hayye", "PER")]
        assert drawn(app)[2].split()[3] == "no"
        assert settled_style(app, 2).color.name == "yellow"
        await pilot.press("ctrl+r")  # redo: Hakan Fidan again
        await pilot.pause()
        assert gold(store) == [("Halil Hayye", "PER"), ("Hakan Fidan", "PER")]


async def test_2_takes_the_second_version_tab_finds_the_unsettled_escape_goes_back(store: Store):
    app = make_app(store, "hakem")
    async with app.run_test(size=(140, 20)) as pilot:
        await open_adjudication(app, pilot)
        listing = app.screen.query_one(DifferenceList)
        await pilot.press("tab")
        assert listing.cursor == 1
        await pilot.press("tab")
        assert listing.cursor == 2
        await pilot.press("2")  # label differs: ayse's LOC
        await pilot.pause()
        assert ("Kahire", "LOC") in gold(store)
        assert "LOC Kahire (ayse)" in drawn(app)[3]
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_I_shows_the_agreement_and_escape_goes_back(store: Store):
    from tui.screens.agreement import AgreementList, AgreementScreen

    app = make_app(store, "hakem")
    async with app.run_test(size=(140, 20)) as pilot:
        await pilot.pause()
        await pilot.press("I")
        await pilot.pause()
        assert isinstance(app.screen, AgreementScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        listing = app.screen.query_one(AgreementList)
        lines = [listing.render_line(y).text.split() for y in range(listing.size.height)]
        # ali: Halil Hayye PER, Kahire ORG, Hakan Fidan PER; ayse: Halil Hayye PER, Kahire LOC
        assert ["ali", "/", "ayse", "all", "3/2", "0.400"] == lines[4][:6]
        assert lines[1][:4] == ["ali", "/", "ayse", "LOC"]
        assert lines[5] == ["a", "ali", "/", "ayse", "0.400"]  # the article, the pair, its exact F1
        assert str(app.screen.query_one("#agreement-title", Static).render()).startswith(
            "agreement of ali, ayse over 1 article(s)"
        )
        assert gold(store) == []  # looking changes nothing
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_e_edits_the_gold_layer_in_the_annotator_and_back_the_difference_is_settled(
    store: Store, painted
):
    from tui.screens.annotator import AnnotatorScreen

    app = make_app(store, "hakem")
    async with app.run_test(size=(140, 20)) as pilot:
        await open_adjudication(app, pilot)
        await pilot.press("down", "down", "e")  # label differs: Kahire LOC (ayse) / ORG (ali)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AnnotatorScreen) and screen.layer == "gold"
        assert "editing the gold layer" in str(screen.query_one("#meta", Static).render())
        assert screen.text_area.cursor_offset == TEXT.index("Kahire")
        assert painted(app) == [("Halil Hayye", "PER")]  # the gold layer, not hakem's
        await pilot.press("v", *["right"] * 6, "p")  # "Kahire" as neither version has it: PER
        await pilot.press("m", "M")  # no status keys here: the gold status follows the differences
        await pilot.pause()
        assert ("Kahire", "PER") in gold(store)
        assert "hakem" not in {s.annotator for s in store.spans_for("a")}
        assert "hakem" not in store.statuses_by_annotator("a")  # a gold edit starts no own work
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AdjudicationScreen)
        assert "PER Kahire (edited)" in drawn(app)[3]
        assert settled_style(app, 3).color.name == "green"
        assert store.statuses_by_annotator("a")["gold"] is Status.IN_PROGRESS  # one left
        await pilot.press("up", "1")  # only some: Hakan Fidan, the last
        await pilot.pause()
        assert title(app).startswith("a into gold: 3 difference(s), adjudicated")
        assert store.statuses_by_annotator("a")["gold"] is Status.DONE


async def test_the_gold_layers_name_comes_from_the_app(store: Store):
    app = make_app(store, "hakem", gold="kesin")
    async with app.run_test(size=(140, 20)) as pilot:
        await open_adjudication(app, pilot)
        assert title(app).startswith("a into kesin: 3 difference(s)")
        assert [(s.surface, s.annotator) for s in store.spans_for("a") if s.annotator == "kesin"] == [
            ("Halil Hayye", "kesin")
        ]
        assert store.statuses_by_annotator("a")["kesin"] is Status.IN_PROGRESS
