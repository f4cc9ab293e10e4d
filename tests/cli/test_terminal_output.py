"""On a terminal, every string the CLI prints from data shows control characters (C0, C1, the
escape of an OSC title sequence), bidi overrides and zero-width characters as visible symbols; in a
pipe, the records stay exact (issue 17, item 10).

The commands run in a child process whose standard output and error are a real pseudo-terminal.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from tui.cli import main

TITLE = "\x1b]0;PWNED\x07"  # sets the terminal's title when printed raw
TEXT = "Ali Veli\u202e dün\u200b geldi \x9b31m. Sonra Ali Veli yine geldi\x85 ve gitti."
ARTICLE = f"a{TITLE}1"
CANONICAL = f"Ali Veli{TITLE}\u202e"
DATE = "2025-11-05\x1b[2J"
SURFACE_START, SURFACE_END = TEXT.index("dün"), TEXT.index("31m") + 3  # "dün\u200b geldi \x9b31m"
# What must never reach the terminal raw: the title sequence and the bell, a C1 CSI, NEL, the
# bidi override and the zero-width space of the data.
RAW = ["\x1b]0;", "\x07", "\x9b", "\x85", "\u202e", "\u200b", "\x1b[2J"]


def run_in_terminal(*arguments: str, cwd: Path | None = None) -> str:
    """Standard output and standard error of ``hasiye ARGUMENTS``, both a terminal."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "400", "LINES": "50"}
    env["PYTHONPATH"] = str(REPO)  # this checkout's hasiye, whatever the working directory
    child = subprocess.Popen(
        [sys.executable, "-c", "from tui.cli import main; main()", *arguments],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=cwd,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    child.wait(timeout=60)
    return b"".join(chunks).decode("utf-8", errors="replace")


def assert_masked(output: str) -> None:
    for raw in RAW:
        assert raw not in output, f"{raw!r} reached the terminal raw: {output!r}"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("terminal")
    path = directory / "corpus.db"
    dataset = directory / "in.jsonl"
    record = {
        "id": ARTICLE,
        "title": f"Başlık {TITLE}\u202e",
        "date": DATE,
        "status": "done",
        "text": TEXT,
        "spans": [
            {"start": 0, "end": 8, "label": "PER", "canonical": CANONICAL},
            {"start": SURFACE_START, "end": SURFACE_END, "label": "PER", "canonical": CANONICAL},
        ],
    }
    dataset.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(path), "import", str(dataset)])
    assert result.exit_code == 0, result.output
    return path


def test_propagate_masks_the_context(db):
    output = run_in_terminal("--db", str(db), "propagate", "Ali Veli")
    assert_masked(output)
    assert "yine geldi\ufffd ve" in output and f"a{'␛]0;PWNED␇'}1" in output


def test_entities_show_masks_names_aliases_surfaces_and_ids(db):
    output = run_in_terminal("--db", str(db), "entities", "show", "Ali Veli")
    assert_masked(output)
    assert "Ali Veli␛]0;PWNED␇" in output and "a␛]0;PWNED␇1" in output
    assert "dün\ufffd geldi \ufffd31m" in output  # a surface with a zero-width space and a C1


def test_entities_list_and_json_mask_on_a_terminal(db):
    for arguments in (["entities", "list"], ["entities", "list", "--json"]):
        output = run_in_terminal("--db", str(db), *arguments)
        assert_masked(output)
        assert "PWNED" in output


def test_search_masks_the_date_and_the_title(db):
    output = run_in_terminal("--db", str(db), "search", "sonra")
    assert_masked(output)
    assert "2025-11-05␛[2J" in output
    assert_masked(run_in_terminal("--db", str(db), "search", "sonra", "--json"))


def test_export_to_a_terminal_masks_c1_and_bidi_but_a_pipe_gets_the_records_exactly(db):
    for format_name in ("jsonl", "yaml", "conll", "doccano"):
        output = run_in_terminal("--db", str(db), "export", "--format", format_name)
        assert_masked(output)
        assert "PWNED" in output or format_name == "conll"
    piped = subprocess.run(
        [sys.executable, "-c", "from tui.cli import main; main()", "--db", str(db), "export"],
        capture_output=True,
        check=True,
    )
    # One record per "\n" line (str.splitlines would also split at the NEL inside the text).
    [record] = [json.loads(line) for line in piped.stdout.decode("utf-8").rstrip("\n").split("\n")]
    assert record["text"] == TEXT and record["id"] == ARTICLE and record["date"] == DATE


def piped(*arguments: str) -> str:
    """Standard output of ``hasiye ARGUMENTS`` into a pipe."""
    done = subprocess.run(
        [sys.executable, "-c", "from tui.cli import main; main()", *arguments],
        capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout.decode("utf-8")


def test_list_show_and_search_into_a_pipe_give_the_data_exactly(db):
    """click took escape sequences it read as colours out of lines to a pipe: the title's OSC
    and the date's "erase screen" went missing from list and show, while the bell stayed."""
    listed = piped("--db", str(db), "list")
    assert f"Başlık {TITLE}\u202e" in listed and DATE in listed
    shown = piped("--db", str(db), "show", ARTICLE)
    assert f"{ARTICLE}  Başlık {TITLE}\u202e" in shown and DATE in shown
    assert "\x9b31m" in shown and "\u200b" in shown
    found = piped("--db", str(db), "search", "sonra ali veli")
    assert ARTICLE in found and "\x85" in found  # the context as it is


def test_import_problem_lines_mask_the_file_name(tmp_path: Path):
    named = tmp_path / f"{TITLE}.txt"
    named.write_bytes(b"")  # empty: reported as a problem naming the file
    output = run_in_terminal("--db", str(tmp_path / "x.db"), "import", named.name, cwd=tmp_path)
    assert_masked(output)
    assert "␛]0;PWNED␇.txt" in output
    missing = run_in_terminal("--db", str(tmp_path / "x.db"), "import", f"{TITLE}-gone.txt", cwd=tmp_path)
    assert_masked(missing)
    assert "Error" in missing


def test_an_error_naming_an_article_is_masked(db):
    output = run_in_terminal("--db", str(db), "show", f"no{TITLE}")
    assert_masked(output)
    assert "Error: no article with id" in output
