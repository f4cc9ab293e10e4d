"""A CLI write that finds the database locked for longer than its busy timeout says so in one
line and exits 1: never `database is locked` with a traceback (issue 17, item 3)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from annotations.store import Store, connection
from tests.conftest import SEEDS
from tui.cli import main


def test_a_write_on_a_locked_database_is_one_line_and_exit_1(db_path: Path, monkeypatch):
    with Store(db_path):
        pass
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_SECONDS", 0.2)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(main, ["--db", str(db_path), "import", str(SEEDS)])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 1
    assert "the database is busy (another hasiye is writing to it)" in result.output
    assert "Traceback" not in result.output and "database is locked" not in result.output
    with Store(db_path) as store:
        assert store._execute("SELECT count(*) FROM articles").fetchone()[0] == 0
