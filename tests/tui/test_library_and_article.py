from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from textual.widgets import Static

from annotations.importers import import_files
from annotations.safe_text import visible_text
from annotations.store import Store
from tui.app import HasiyeApp, make_app
from tui.cli import main
from tui.screens.annotator import AnnotatorScreen
from tui.screens.library import LibraryScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.span_text import SpanText

SEED_000 = "000_32c02bc332455d9c"
SEED_004 = "004_6b0b2ef26e7569ca"


def table_rows(app: HasiyeApp) -> list[list[str]]:
    listing = app.screen.query_one(ArticleList)
    return [
        [text.strip() for text, _ in listing.row_cells(index)] for index in range(len(listing.ids))
    ]


async def test_library_lists_articles_with_progress(seeded_store: Store):
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)):
        assert isinstance(app.screen, LibraryScreen)
        rows = table_rows(app)
        assert [row[0] for row in rows] == [SEED_000, SEED_004]
        assert rows[1][1:] == [
            "2025-11-05",
            "Yeni Şafak",
            "0",
            "todo",
            "",
            "MİT Başkanı Kalın'dan Hamas'la kritik görüşme",
        ]
        assert str(app.screen.query_one("#progress", Static).render()) == (
            "1 of 2   0 / 2 done   status all   sorted by id"
        )


async def test_enter_opens_the_article_and_escape_goes_back(seeded_store: Store):
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnotatorScreen)
        article = seeded_store.get_article(SEED_004)
        assert app.screen.query_one(SpanText).text == article.text
        meta = str(app.screen.query_one("#meta", Static).render())
        assert meta == (
            "MİT Başkanı Kalın'dan Hamas'la kritik görüşme\n"
            "2025-11-05  Yeni Şafak  [todo]  article 2 of 2"
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one(ArticleList).cursor == 1


async def test_q_quits(seeded_store: Store):
    app = make_app(seeded_store, "ayse")
    async with app.run_test() as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


async def test_markup_and_escape_bytes_are_shown_literally(store: Store, tmp_path: Path):
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "[bold]Başlık[/] [@click=app.quit]x[/]\nmetin \x1b[31m kırmızı \x9b son [/]",
        encoding="utf-8",
    )
    import_files(store, [evil])
    app = make_app(store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        assert table_rows(app)[0][-1] == "[bold]Başlık[/] [@click=app.quit]x[/]"
        await pilot.press("enter")
        await pilot.pause()
        shown = app.screen.query_one(SpanText).text
        assert "\x1b" not in shown and "\x9b" not in shown
        assert shown == visible_text(store.get_article("evil").text)
        assert len(shown) == len(store.get_article("evil").text)
        assert str(app.screen.query_one("#meta", Static).render()).startswith("[bold]Başlık[/]")


async def test_seed_notice_is_shown(seeded_store: Store):
    app = make_app(seeded_store, "ayse", notice="imported the 2 bundled seed articles")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["imported the 2 bundled seed articles"]


def test_hasiye_without_a_command_seeds_an_empty_database(db_path: Path, monkeypatch):
    opened: list[HasiyeApp] = []
    monkeypatch.setattr(HasiyeApp, "run", lambda self: opened.append(self))
    result = CliRunner().invoke(main, ["--db", str(db_path), "--annotator", "zeynep"])
    assert result.exit_code == 0
    assert "imported the 2 bundled seed articles" in result.stderr
    [app] = opened
    assert app.annotator == "zeynep"
    with Store(db_path) as store:
        assert store.article_count() == 2
    again = CliRunner().invoke(main, ["--db", str(db_path)])
    assert "seed" not in again.stderr and len(opened) == 2


def test_library_snapshot(snap_compare, seeded_store: Store):
    app = make_app(seeded_store, "ayse")
    app.sub_title = "corpus.db"  # the temporary path differs per run
    assert snap_compare(app, terminal_size=(110, 16))
