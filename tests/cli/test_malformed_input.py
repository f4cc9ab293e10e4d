"""The malformed-input corpus (issue 17): several hundred hostile inputs, made in code, over
every importer (native JSONL, doccano, YAML, CoNLL, text: ``tests/cli/malformed_inputs.py``),
``--labels``, ``--db``, ``search``, ``dates``, display and arguments. Each must end with a non-zero
exit status, an error that names the file, line, article or argument, no traceback, nothing raw on
the terminal (no control character but newline and tab) and the database exactly as it was."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.store import Store
from tests.cli.malformed_inputs import CASES, Case, with_span
from tests.conftest import SEEDS
from tui.cli import main

RAW = {chr(code) for code in range(0x20) if chr(code) not in "\n\t"} | {
    chr(code) for code in range(0x7F, 0xA0)
}

# --db ------------------------------------------------------------------------------------------
# These use another database path; the corpus database beside them must stay as it was.


def db_case(make_path: Callable[[Path], str], names: str | None = None) -> Case:
    return Case(lambda folder: ["--db", make_path(folder), "list"], names)


def _write(folder: Path, name: str, content: bytes) -> str:
    (folder / name).write_bytes(content)
    return str(folder / name)


def _foreign(folder: Path) -> str:
    connection = sqlite3.connect(folder / "other.db")
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    return str(folder / "other.db")


def _newer(folder: Path) -> str:
    path = folder / "newer.db"
    with Store(path):
        pass
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 9999")
    connection.commit()
    connection.close()
    return str(path)


def _fifo_db(folder: Path) -> str:
    os.mkfifo(folder / "fifo.db")
    return str(folder / "fifo.db")


CASES["db-empty-path"] = db_case(lambda folder: "", "empty")
CASES["db-directory"] = db_case(lambda folder: str(folder), "directory")
CASES["db-missing-directory"] = db_case(lambda folder: str(folder / "no" / "such" / "x.db"), "no/such")
CASES["db-proc"] = db_case(lambda folder: "/proc/self/status", "/proc/self/status")
CASES["db-dev-null"] = db_case(lambda folder: "/dev/null", "/dev/null")
CASES["db-fifo"] = db_case(_fifo_db, "fifo.db")
CASES["db-text-file"] = db_case(lambda folder: _write(folder, "notes.db", b"hello\n"), "notes.db")
CASES["db-random-bytes"] = db_case(lambda folder: _write(folder, "r.db", os.urandom(4096)), "r.db")
CASES["db-truncated-header"] = db_case(
    lambda folder: _write(folder, "t.db", b"SQLite format 3\x00" + b"\x00" * 20), "t.db"
)
CASES["db-foreign"] = db_case(_foreign, "other.db")
CASES["db-newer"] = db_case(_newer, "newer.db")
CASES["db-escape-name"] = db_case(lambda folder: str(folder / "no\x1b]0;T\x07" / "x.db"), "x.db")

# search ----------------------------------------------------------------------------------------

SEARCHES = {
    "limit-negative": (["search", "Kalın", "--limit", "-5"], "--limit"),
    "limit-word": (["search", "Kalın", "--limit", "çok"], "--limit"),
    "limit-float": (["search", "Kalın", "--limit", "1.5"], "--limit"),
    "status-unknown": (["search", "Kalın", "--status", "bitti"], "--status"),
    "label-unknown": (["search", "Kalın", "--label", "KİŞİ"], None),
    "entity-huge": (["search", "Kalın", "--entity", str(10**30)], str(10**30)),
    "entity-unknown": (["search", "", "--entity", "Kimse Yok"], "Kimse Yok"),
    "entity-escape": (["search", "", "--entity", "\x1b]0;T\x07"], "0;T"),
    "nothing-found": (["search", "zzqqxxyy"], None),
    "page-zero": (["list", "--page", "0"], "--page"),
    "per-page-word": (["list", "--per-page", "x"], "--per-page"),
    "suggest-limit-zero": (["entities", "suggest", "Kalın", "--limit", "0"], "--limit"),
}
for key, (arguments, names) in SEARCHES.items():
    CASES[f"search-{key}"] = Case((lambda arguments: lambda folder: list(arguments))(arguments), names)

# dates -----------------------------------------------------------------------------------------

DATES = {
    "anchor-month-13": (["dates", "bugün", "--anchor", "2025-13-01"], "--anchor"),
    "anchor-feb-30": (["dates", "bugün", "--anchor", "2025-02-30"], "--anchor"),
    "anchor-word": (["dates", "bugün", "--anchor", "dün"], "--anchor"),
    "anchor-empty": (["dates", "bugün", "--anchor", ""], "--anchor"),
    "anchor-five-digit-year": (["dates", "bugün", "--anchor", "99999-01-01"], "--anchor"),
    "anchor-escape": (["dates", "bugün", "--anchor", "\x1b]0;T\x07"], "--anchor"),
    "many-days-ago": (["dates", "999999 gün önce", "--anchor", "2025-11-05"], "999999 gün önce"),
    "many-days-later": (["dates", "9999999 gün sonra", "--anchor", "2025-11-05"], "gün sonra"),
    "many-weeks": (["dates", "999999 hafta önce", "--anchor", "2025-11-05"], "hafta önce"),
    "many-months": (["dates", "999999 ay sonra", "--anchor", "2025-11-05"], "ay sonra"),
    "many-years": (["dates", "3024 yıl önce", "--anchor", "2025-11-05"], "yıl önce"),
    "long-number": (["dates", "9" * 5000 + " gün önce", "--anchor", "2025-11-05"], "gün önce"),
    "tomorrow-at-the-end": (["dates", "yarın", "--anchor", "9999-12-31"], "yarın"),
    "next-week-at-the-end": (["dates", "gelecek hafta", "--anchor", "9999-12-31"], "gelecek hafta"),
    "next-month-at-the-end": (["dates", "gelecek ay", "--anchor", "9999-12-31"], "gelecek ay"),
    "next-year-at-the-end": (["dates", "gelecek yıl", "--anchor", "9999-12-31"], "gelecek yıl"),
    "next-friday-at-the-end": (["dates", "gelecek Cuma", "--anchor", "9999-12-31"], "gelecek Cuma"),
    "yesterday-at-the-start": (["dates", "dün", "--anchor", "0001-01-01"], "dün"),
    "last-week-at-the-start": (["dates", "geçen hafta", "--anchor", "0001-01-01"], "geçen hafta"),
    "last-month-at-the-start": (["dates", "geçen ay", "--anchor", "0001-01-01"], "geçen ay"),
    "last-year-at-the-start": (["dates", "geçen yıl", "--anchor", "0001-01-01"], "geçen yıl"),
    "last-friday-at-the-start": (["dates", "geçen Cuma", "--anchor", "0001-01-01"], "geçen Cuma"),
    "nothing": (["dates", "hiçbir tarih yok"], None),
    "nothing-escape": (["dates", "\x1b]0;T\x07"], None),
}
for key, (arguments, names) in DATES.items():
    CASES[f"dates-{key}"] = Case((lambda arguments: lambda folder: list(arguments))(arguments), names)

# Display ---------------------------------------------------------------------------------------

DISPLAY = {
    "show-unknown": (["show", "yok"], "yok"),
    "show-escape": (["show", "\x1b]0;T\x07"], "0;T"),
    "show-markup": (["show", "[/]"], "[/]"),
    "show-c1": (["show", "x\x9b31m"], "31m"),
    "entity-huge": (["entities", "show", str(10**30)], str(10**30)),
    "entity-superscript": (["entities", "show", "²"], "²"),
    "entity-markup": (["entities", "show", "[@click=app.quit]X[/]"], "[@click=app.quit]X[/]"),
    "entity-escape": (["entities", "show", "\x1b]0;T\x07"], "0;T"),
    "entity-delete-huge": (["entities", "delete", str(2**63)], str(2**63)),
    "entity-rename-huge": (["entities", "rename", str(2**64), "x"], str(2**64)),
    "entity-merge-huge": (["entities", "merge", str(10**25), str(10**26)], str(10**25)),
    "propagate-huge": (["propagate", str(10**30)], str(10**30)),
    "propagate-unknown": (["propagate", "Kimse"], "Kimse"),
    "export-unknown-article": (["export", "--article", "\x1b]0;T\x07"], "0;T"),
    "export-bad-format": (["export", "--format", "xml"], "xml"),
}
for key, (arguments, names) in DISPLAY.items():
    CASES[f"display-{key}"] = Case((lambda arguments: lambda folder: list(arguments))(arguments), names)


# Arguments that are not text (bytes that are not UTF-8 arrive as lone surrogates) ----------------

NOT_TEXT = os.fsdecode(b"\xff\xfe")
ARGUMENTS = {
    "show": ["show", NOT_TEXT],
    "search": ["search", NOT_TEXT],
    "dates": ["dates", NOT_TEXT],
    "anchor": ["dates", "bugün", "--anchor", NOT_TEXT],
    "entities-show": ["entities", "show", NOT_TEXT],
    "propagate": ["propagate", NOT_TEXT],
    "export-article": ["export", "--article", NOT_TEXT],
}
for key, arguments in ARGUMENTS.items():
    CASES[f"argument-{key}"] = Case(
        (lambda arguments: lambda folder: list(arguments))(arguments), "not valid UTF-8"
    )


def _annotator(folder: Path) -> list[str]:
    (folder / "ok.jsonl").write_text(json.dumps(with_span()) + "\n")
    return ["--annotator", NOT_TEXT, "import", str(folder / "ok.jsonl")]


def _file_name(folder: Path) -> list[str]:
    path = folder / os.fsdecode(b"haber\xff.txt")
    path.write_text("Ali geldi.\n")
    return ["import", str(path)]


CASES["argument-annotator"] = Case(_annotator, "not valid UTF-8")
CASES["text-file-name-not-utf8"] = Case(_file_name, "not valid UTF-8")


def test_the_corpus_holds_at_least_200_inputs():
    assert len(CASES) >= 200


# The run ---------------------------------------------------------------------------------------


def dump(path: Path) -> list[str]:
    """Every row of the database, in SQL (the FTS tables included)."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    """The seed articles with a linked span, made once; each case works on a copy."""
    path = tmp_path_factory.mktemp("corpus") / "base.db"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(path), "import", str(SEEDS)]).exit_code == 0
    return path


@pytest.mark.parametrize("key", sorted(CASES))
def test_malformed_input_is_refused_in_one_line_and_changes_nothing(
    key: str, corpus_db: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    # What a terminal would get: hasiye masks text from data on a terminal (in a pipe records
    # stay exact; tests/cli/test_terminal_output.py runs a real pseudo-terminal).
    monkeypatch.setattr("annotations.safe_text.is_terminal", lambda stream: True)
    db = tmp_path / "corpus.db"
    db.write_bytes(corpus_db.read_bytes())
    before = dump(db)
    case = CASES[key]
    arguments = case.make(tmp_path)
    result = CliRunner().invoke(main, ["--db", str(db), *arguments])
    shown = result.stdout + result.stderr
    assert result.exit_code != 0, shown
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in shown and "unexpected error" not in shown, shown
    assert not (RAW & set(shown)), [line for line in shown.splitlines() if RAW & set(line)]
    errors = result.stderr.strip().splitlines()
    if case.names is not None:
        assert errors, shown
        assert case.names in errors[0] or case.names in shown, shown
        # Every problem is one line: the first line names the file, line, article or argument.
        assert len(errors[0]) < 2_000
    assert dump(db) == before
    assert not (tmp_path / "state").exists(), "a crash log was written"
