"""No traceback reaches a user (issue 17): an unexpected error in the CLI is one line naming the
crash log (platformdirs' user log directory) and a non-zero exit; in the app an error inside an
action is a notification and the app keeps running; an app that dies anyway exits non-zero."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.app import App

from annotations import interruptions
from annotations.model import Article
from annotations.store import Store
from tui.app import HasiyeApp, make_app
from tui.cli import main


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state" / "hasiye" / "log"


def test_an_unexpected_error_in_a_command_is_one_line_naming_the_crash_log(
    db_path: Path, log_dir: Path, monkeypatch
):
    import annotations.dates

    def broken(*arguments: object) -> None:
        raise RuntimeError("a bug\nwith a second line \x1b]0;T\x07")

    monkeypatch.setattr(annotations.dates, "find_dates", broken)
    result = CliRunner().invoke(main, ["--db", str(db_path), "dates", "bugün"])
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    (log,) = log_dir.iterdir()
    assert line == f"Error: unexpected error (RuntimeError: a bug); the traceback is in {log}"
    written = log.read_text()
    assert written.startswith("Traceback (most recent call last)")
    assert "RuntimeError: a bug" in written and "find_dates" not in line


def test_a_damaged_database_is_one_line_on_export(db_path: Path, log_dir: Path):
    runner = CliRunner()
    runner.invoke(main, ["--db", str(db_path), "import", str(Path(__file__).parents[2] / "seeds")])
    import sqlite3

    connection = sqlite3.connect(db_path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    connection.close()
    with db_path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    result = runner.invoke(main, ["--db", str(db_path), "export", "--status", "any"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {db_path}: the database cannot be used (database disk image is malformed)"
    ]
    assert not log_dir.exists()


def test_the_installed_command_prints_no_traceback_for_a_bug(tmp_path: Path):
    """The real entry point, in a fresh interpreter: a failure deep inside is one line and exit
    status 1."""
    script = (
        "import sys, annotations.dates as d\n"
        "def boom(*a): raise MemoryError('boom')\n"
        "d.find_dates = boom\n"
        "from tui.cli import main\n"
        "sys.argv = ['hasiye', '--db', sys.argv[1], 'dates', 'bugün']\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        env={"XDG_STATE_HOME": str(tmp_path / "state"), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Error: unexpected error (MemoryError: boom); the traceback is in")
    assert len(done.stderr.splitlines()) == 1


# The app ----------------------------------------------------------------------------------------


async def test_an_error_inside_an_action_is_a_notification_and_the_app_keeps_running(
    store: Store, log_dir: Path, monkeypatch
):
    from tui.screens.library import LibraryScreen

    store.save_articles([(Article("a1", "Birinci", "Ali geldi."), None)])

    def broken(self) -> None:
        raise ValueError("something [/] broke")

    monkeypatch.setattr(LibraryScreen, "action_cycle_sort", broken)
    app = make_app(store, "ayse")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        (log,) = log_dir.iterdir()
        (notification,) = [n for n in app._notifications if "unexpected" in n.message]
        assert notification.message == (
            f"unexpected error (ValueError: something [/] broke); the traceback is in {log}"
        )
        assert notification.severity == "error"
        assert app.is_running and app.return_code is None
        await pilot.press("f")  # the screen still answers
        await pilot.pause()
        assert "status todo" in str(app.screen.query_one("#progress").render())
    assert "ValueError: something [/] broke" in log.read_text()


async def test_a_background_task_that_breaks_is_a_notification_and_the_app_keeps_running(
    store: Store, log_dir: Path, monkeypatch
):
    """A worker's error (here the agreement screen's measurement) used to end the app, and the
    crash log held only Textual's WorkerFailed line, not where the task broke."""
    import tui.screens.agreement
    from tui.screens.library import LibraryScreen

    store.save_articles([(Article("a1", "Birinci", "Ali geldi."), None)])

    def broken(*arguments: object, **options: object) -> None:
        raise OSError("a task [b]broke[/b]")

    monkeypatch.setattr(tui.screens.agreement, "measure", broken)
    app = make_app(store, "ayse")
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("I")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (log,) = log_dir.iterdir()
        (notification,) = [n for n in app._notifications if "unexpected" in n.message]
        assert notification.message == (
            f"unexpected error (OSError: a task [b]broke[/b]); the traceback is in {log}"
        )
        assert app.is_running and app.return_code is None
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
    logged = log.read_text()
    assert "in broken" in logged and "OSError: a task [b]broke[/b]" in logged


def test_an_app_that_dies_exits_non_zero_with_one_line(db_path: Path, log_dir: Path, monkeypatch):
    def die(self) -> None:
        raise RuntimeError("the app died")

    def run_headless(self, *arguments: object, **options: object) -> None:
        App.run(self, headless=True)

    monkeypatch.setattr(HasiyeApp, "on_mount", die)
    monkeypatch.setattr(HasiyeApp, "run", run_headless)
    result = CliRunner().invoke(main, ["--db", str(db_path)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    (log,) = log_dir.iterdir()
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"hasiye: unexpected error (RuntimeError: the app died); the traceback is in {log}"
    )


@pytest.mark.parametrize(
    ("handler", "signum", "status", "said"),
    [
        (interruptions.keyboard_interrupt, signal.SIGINT, 1, "\nAborted!\n"),
        (interruptions.exit_on_terminate, signal.SIGTERM, 143, ""),
    ],
)
def test_a_signal_inside_an_sql_function_ends_as_the_signal_says(
    db_path: Path, tmp_path: Path, monkeypatch, handler, signum, status, said
):
    """Ctrl+c (or SIGTERM) while SQLite runs hasiye_fold in a trigger: the handler raises inside
    the function and sqlite3 turns that into "user-defined function raised exception"; the CLI
    still ends as the signal says, not with "the database cannot be used"."""
    import annotations.store.connection

    path = tmp_path / "a.txt"
    path.write_text("Başlık\n\nİlk metin.", encoding="utf-8")
    assert CliRunner().invoke(main, ["--db", str(db_path), "import", str(path)]).exit_code == 0
    path.write_text("Başlık\n\nİkinci metin.", encoding="utf-8")  # re-indexed by a trigger

    def signalled(text: str) -> str:
        handler(signum, None)  # what the signal's handler does, there
        return text

    monkeypatch.setattr(annotations.store.connection, "fold", signalled)
    result = CliRunner().invoke(main, ["--db", str(db_path), "import", str(path)])
    assert (result.exit_code, result.stderr) == (status, said)
    assert "cannot be used" not in result.output
    monkeypatch.undo()
    with Store(db_path) as store:  # nothing half written
        assert "İlk metin." in store.get_article("a").text
