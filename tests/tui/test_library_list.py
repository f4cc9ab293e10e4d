"""Pilot tests of the library list: every key, the title filter, and a corpus larger than a page."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from annotations.model import Article, Status
from annotations.store import Store
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen
from tui.screens.library import LibraryScreen
from tui.widgets.article_list import PAGE_SIZE, ArticleList

TITLES = [
    "İstanbul'da ateşkes görüşmesi",
    "ISTANBUL BORSASI GÜNE YÜKSELİŞLE BAŞLADI",
    "Ankara'da bütçe oturumu",
    "Işık festivali Kadıköy'de",
    "Kahire'de Hamas'la temas",
]
SIZE = (120, 20)


@pytest.fixture
def store(store: Store) -> Store:
    articles = [
        (Article(f"{number:04d}", TITLES[number % len(TITLES)], f"Metin {number}."), None)
        for number in range(250)
    ]
    store.save_articles(articles)
    store.set_status("0003", Status.DONE)
    return store


def listing(app) -> ArticleList:
    return app.screen.query_one(ArticleList)


def shown(app) -> list[str]:
    """The list's lines as drawn on the screen."""
    widget = listing(app)
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


def progress(app) -> str:
    return str(app.screen.query_one("#progress", Static).render())


async def test_the_list_draws_only_the_visible_rows_and_reads_one_page(store: Store):
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = shown(app)
        assert lines[0].split() == ["id", "date", "source", "spans", "status", "done", "by", "title"]
        assert lines[1].split()[:3] == ["0000", "0", "todo"]
        assert lines[4].split()[:4] == ["0003", "0", "done", "ayse"]
        assert len(lines) < 20 and len(listing(app).ids) == 250
        assert list(listing(app)._pages) == [0]  # one page of PAGE_SIZE rows read, not 250
        assert progress(app) == "1 of 250   1 / 250 done   status all   sorted by id"


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["down"], 1),
        (["j", "j"], 2),
        (["down", "down", "up"], 1),
        (["j", "j", "k"], 1),
        (["G"], 249),
        (["end"], 249),
        (["G", "g"], 0),
        (["end", "home"], 0),
        (["pagedown"], None),  # one screenful down
        (["pagedown", "pageup"], 0),
    ],
)
async def test_movement_keys(store: Store, keys: list[str], expected: int | None):
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        widget = listing(app)
        if expected is None:
            expected = widget.visible_rows
        assert widget.cursor == expected
        # The cursor row is on screen, drawn with its article's id.
        assert any(line.split()[:1] == [f"{expected:04d}"] for line in shown(app)[1:])


async def test_g_capital_reads_the_last_page_and_enter_opens_it(store: Store):
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("G")
        assert shown(app)[-1].split()[0] == "0249"
        assert (249 // PAGE_SIZE) in listing(app)._pages
        assert progress(app).startswith("250 of 250   ")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen) and app.screen.article_id == "0249"
        assert store.get_article("0249").status is Status.TODO  # opening is not an edit
        await pilot.press("escape")
        await pilot.pause()
        assert listing(app).cursor == 249
        assert shown(app)[-1].split()[:3] == ["0249", "0", "todo"]


async def test_back_from_another_screen_the_cursor_stays_where_the_user_left_it(store: Store):
    """The cursor goes to the article the annotator showed last once, when the annotator closes;
    back from the entities, search or agreement screen it stayed on that article (the user's
    place lost each time)."""
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen) and app.screen.article_id == "0002"
        await pilot.press("escape")
        await pilot.pause()
        assert listing(app).cursor == 2
        await pilot.press("G")
        for screen_key in ("e", "I", "s"):
            await pilot.press(screen_key)
            await pilot.pause()
            assert not isinstance(app.screen, LibraryScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)
            assert listing(app).cursor == 249, screen_key
            assert progress(app).startswith("250 of 250   ")


async def test_slash_filters_titles_the_turkish_way(store: Store):
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"istanbul")
        await app.workers.wait_for_complete()
        await pilot.pause()
        widget = listing(app)
        # "istanbul" keeps İstanbul'da and ISTANBUL (İ→i, I→i), and nothing else.
        assert len(widget.ids) == 100
        assert {TITLES.index(widget.row(index).title) for index in range(len(widget.ids))} == {0, 1}
        assert progress(app) == (
            "1 of 100   1 / 250 done   status all   sorted by id   title 'istanbul'"
        )
        assert "İstanbul'da ateşkes görüşmesi" in shown(app)[1]


@pytest.mark.parametrize(
    ("query", "title_numbers"),
    [
        ("hamasla", {4}),  # the apostrophe is ignored
        ("kadikoy isik", {3}),  # every word, in any order, ASCII spelling
        ("IŞIK", {3}),
        ("bütçe ankara", {2}),
        ("yok böyle", set()),
    ],
)
async def test_filter_words(store: Store, query: str, title_numbers: set[int]):
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *query)
        await app.workers.wait_for_complete()
        await pilot.pause()
        widget = listing(app)
        found = {TITLES.index(widget.row(index).title) for index in range(len(widget.ids))}
        assert found == title_numbers
        assert len(widget.ids) == 50 * len(title_numbers)


async def test_enter_keeps_the_filter_and_opens_escape_clears_it(store: Store):
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"kahire", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.focused, ArticleList) and len(listing(app).ids) == 50
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.article_id == "0009"  # the second Kahire article
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and len(listing(app).ids) == 50
        await pilot.press("escape")
        await pilot.pause()
        assert len(listing(app).ids) == 250
        assert listing(app).current_id == "0009"  # the cursor stays on the article
        assert not app.screen.query_one("#filter", Input).display
        assert progress(app) == "10 of 250   1 / 250 done   status all   sorted by id"


async def test_q_typed_into_the_filter_is_a_letter_not_quit(store: Store):
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", "q")
        await pilot.pause()
        assert not app._exit
        assert app.screen.query_one("#filter", Input).value == "q"


async def test_an_empty_library_says_how_to_import(db_path):
    with Store(db_path) as empty:
        app = make_app(empty, "ayse")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter", "down", "G")
            assert isinstance(app.screen, LibraryScreen)
            assert "import some with `hasiye import PATH`" in progress(app)


async def settle(app, pilot) -> None:
    """Wait for the workers (the ids are read in one) and the repaint after them."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_f_cycles_the_status_filter(store: Store):
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await settle(app, pilot)
        assert len(listing(app).ids) == 249 and "0003" not in listing(app).ids
        assert [line.split()[0] for line in shown(app)[1:5]] == ["0000", "0001", "0002", "0004"]
        assert progress(app) == "1 of 249   1 / 250 done   status todo   sorted by id"
        await pilot.press("f")
        await settle(app, pilot)
        assert listing(app).ids == [] and shown(app)[1] == ""
        assert progress(app) == "0 of 0   1 / 250 done   status in progress   sorted by id"
        await pilot.press("f")
        await settle(app, pilot)
        assert shown(app)[1].split()[:3] == ["0003", "0", "done"] and shown(app)[2] == ""
        assert progress(app) == "1 of 1   1 / 250 done   status done   sorted by id"
        await pilot.press("f")
        await settle(app, pilot)
        assert len(listing(app).ids) == 250
        assert app.session.listed_ids == listing(app).ids  # the annotator follows this list


async def test_o_cycles_the_sort_and_the_cursor_stays_on_its_article(store: Store):
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down")
        assert progress(app).startswith("4 of 250   ")
        await pilot.press("o")
        await settle(app, pilot)
        # By title, Turkish-aware: Ankara, Işık, ISTANBUL BORSASI, İstanbul'da, Kahire.
        assert listing(app).current_id == "0003"
        assert progress(app) == "51 of 250   1 / 250 done   status all   sorted by title"
        await pilot.press("g")
        lines = shown(app)
        assert [line.split()[0] for line in lines[1:3]] == ["0002", "0007"]
        assert lines[1].endswith("Ankara'da bütçe oturumu")
        for sort in ("date", "spans", "status"):
            await pilot.press("o")
            await settle(app, pilot)
            assert progress(app).endswith(f"sorted by {sort}")
        # By status: in progress (none), todo, then done: 0003 comes last.
        await pilot.press("G")
        assert shown(app)[-1].split()[:3] == ["0003", "0", "done"]
        # By the model's uncertainty (preannotate wrote it): least sure unfinished first.
        store.save_uncertainty({"0100": 0.2, "0042": 0.9}, "ayse", 1)
        await pilot.press("o")
        await settle(app, pilot)
        assert progress(app).endswith("sorted by uncertain")
        await pilot.press("g")
        assert [line.split()[0] for line in shown(app)[1:4]] == ["0042", "0100", "0000"]
        await pilot.press("o")
        await settle(app, pilot)
        assert progress(app).endswith("sorted by id")


async def test_n_jumps_to_the_next_unfinished_article(store: Store):
    for article_id in ("0004", "0005"):
        store.set_status(article_id, Status.DONE)
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "n")
        await pilot.pause()
        assert listing(app).current_id == "0006"  # 0003, 0004, 0005 are done
        assert progress(app).startswith("7 of 250   3 / 250 done")
        for number in range(250):
            store.set_status(f"{number:04d}", Status.DONE)
        await pilot.press("n")
        await pilot.pause()
        assert listing(app).current_id == "0006"
        assert any("Every article listed here is done" in n.message for n in app._notifications)


async def test_the_library_notices_another_process_and_reads_again_only_then(
    db_path, store: Store, monkeypatch
):
    import tui.screens.library as library

    monkeypatch.setattr(library, "POLL_SECONDS", 0.05)
    reads: list[object] = []
    ordered = Store.ordered_article_ids

    def counted(self, order, limit=None):
        reads.append(order)
        return ordered(self, order, limit)

    monkeypatch.setattr(Store, "ordered_article_ids", counted)
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)  # several polls: nobody else wrote, nothing is read again
        await app.workers.wait_for_complete()
        assert len(reads) == 1
        with Store(db_path) as other:  # `hasiye import` in another shell
            other.save_articles([(Article("0250", "Yeni gelen", "Yeni."), None)])
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert len(reads) == 2 and len(listing(app).ids) == 251
        assert progress(app) == "1 of 251   1 / 251 done   status all   sorted by id"
        await pilot.press("G")
        assert shown(app)[-1].split()[0] == "0250" and shown(app)[-1].endswith("Yeni gelen")
        with Store(db_path, annotator="ayse") as other:  # ayse in another window: a row changes
            other.set_status("0250", Status.IN_PROGRESS)
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert shown(app)[-1].split()[:4] == ["0250", "0", "in", "progress"]
        assert len(reads) == 3  # a status changed: the list is read again (a filter may drop it)


async def test_a_longer_id_widens_the_id_column_of_rows_drawn_before(
    db_path, store: Store, monkeypatch
):
    import tui.screens.library as library

    monkeypatch.setattr(library, "POLL_SECONDS", 0.05)
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with Store(db_path) as other:
            other.save_articles([(Article("zz-a-much-longer-id", "Uzun", "Uzun."), None)])
        await pilot.pause(0.3)
        await settle(app, pilot)
        header, first = shown(app)[0], shown(app)[1]
        assert first.startswith(" 0000 ")
        # The status column starts where its header does: the row was drawn again, wider.
        assert first.index("todo") == header.index("status")


async def test_a_list_that_cannot_be_read_is_said_and_the_app_goes_on(store: Store, monkeypatch):
    import sqlite3

    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def broken(self, order):
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(Store, "ordered_article_ids", broken)
        await pilot.press("o")
        await settle(app, pilot)
        assert not app._exit and len(listing(app).ids) == 250
        assert any("Could not read the articles: disk I/O error" in n.message for n in app._notifications)


async def test_the_progress_line_names_the_order_of_the_rows_drawn_not_one_on_its_way(
    store: Store, monkeypatch
):
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pending: list[tuple] = []
        monkeypatch.setattr(
            LibraryScreen, "_read_ids_in_worker", lambda self, *arguments: pending.append(arguments)
        )
        await pilot.press("o", "down")  # the sort is still being read
        assert progress(app) == "2 of 250   1 / 250 done   status all   sorted by id"
        screen = app.screen
        [(database, order, fingerprint)] = pending
        screen._loaded(order, list(reversed(listing(app).ids)), fingerprint)
        await pilot.pause()
        assert progress(app) == "249 of 250   1 / 250 done   status all   sorted by title"


async def test_the_list_shows_who_has_done_each_article_and_the_own_status(store: Store):
    store.annotator = "ali"
    store.set_status("0001", Status.DONE)
    store.set_status("0003", Status.IN_PROGRESS)
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = shown(app)
        assert lines[2].split()[:4] == ["0001", "0", "todo", "ali"]  # ali's done, ayse's to do
        assert lines[4].split()[:4] == ["0003", "0", "done", "ayse"]  # ali's in progress
        assert progress(app) == "1 of 250   1 / 250 done   status all   sorted by id"
        widget = listing(app)
        done_by = [s for s in widget.render_line(2) if s.text.strip() == "ali"]
        assert done_by and done_by[0].style is not None and done_by[0].style.color is not None
        assert done_by[0].style.color.name == "green"


async def test_a_large_library_paints_its_first_page_then_lists_every_article(
    store: Store, monkeypatch: pytest.MonkeyPatch
):
    """Over FIRST_PAGE articles the first paint reads only the first page (start-up); every id
    arrives from the worker, and the progress line counts all of them from the start."""
    import tui.screens.library as library

    monkeypatch.setattr(library, "FIRST_PAGE", 100)
    reads: list[int | None] = []
    ordered = Store.ordered_article_ids

    def counted(self, order, limit=None):
        reads.append(limit)
        return ordered(self, order, limit)

    monkeypatch.setattr(Store, "ordered_article_ids", counted)
    shows: list[tuple[int, str]] = []
    show = LibraryScreen._show

    def showing(self, ids):
        show(self, ids)
        shows.append((len(ids), progress(self.app)))

    monkeypatch.setattr(LibraryScreen, "_show", showing)
    app = make_app(store, "ayse")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reads == [101, None]  # the first page (and one more: is there more?), then all
        assert [count for count, _ in shows] == [100, 250]
        assert all(line.startswith("1 of 250   1 / 250 done") for _, line in shows)
        assert listing(app).ids == [f"{number:04d}" for number in range(250)]
        await pilot.press("G")
        assert listing(app).current_id == "0249"
