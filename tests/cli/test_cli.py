from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from annotations import __version__
from annotations.model import Span
from annotations.store import Store
from tests.conftest import SEEDS
from tui.cli import main

SEED_004 = "004_6b0b2ef26e7569ca"


@pytest.fixture
def run(db_path: Path):
    runner = CliRunner()

    def invoke(*arguments: str, env: dict | None = None):
        return runner.invoke(main, ["--db", str(db_path), *arguments], env=env)

    return invoke


def test_list_shows_both_seeds_with_their_metadata(run):
    assert run("import", str(SEEDS)).exit_code == 0
    result = run("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "id\ttitle\tdate\tsource\ttags\tspans\tstatus\tdone by"
    assert lines[1].split("\t") == [
        "000_32c02bc332455d9c",
        "MİT Başkanı Kalın, Katar ve Mısırlı Mevkidaşlarıyla Gazze Görüşmeleri İçin Kahire'de Buluştu",
        "",
        "",
        "",
        "0",
        "todo",
        "",
    ]
    assert lines[2].split("\t") == [
        SEED_004,
        "MİT Başkanı Kalın'dan Hamas'la kritik görüşme",
        "2025-11-05",
        "Yeni Şafak",
        "Hamas, MİT Başkanı, İbrahim Kalın",
        "0",
        "todo",
        "",
    ]
    assert "page 1 of 1, 2 article(s)" in result.stderr


def test_list_pages(run, tmp_path: Path):
    for number in range(7):
        (tmp_path / f"h{number}.txt").write_text(f"Haber {number}\nmetin", encoding="utf-8")
    run("import", str(tmp_path))
    result = run("list", "--per-page", "3", "--page", "2")
    assert [line.split("\t")[0] for line in result.stdout.splitlines()[1:]] == ["h3", "h4", "h5"]
    assert "page 2 of 3, 7 article(s); --page 3 for more" in result.stderr
    assert len(run("list", "--all").stdout.splitlines()) == 8


def test_import_reports_counts_and_reimport_changes_nothing(run):
    first = run("import", str(SEEDS))
    assert first.stdout.strip() == "2 added, 0 updated, 0 unchanged, 0 not imported"
    again = run("import", str(SEEDS / f"{SEED_004}.txt"))
    assert again.exit_code == 0
    assert again.stdout.strip() == "0 added, 0 updated, 1 unchanged, 0 not imported"


def test_import_of_bad_files_names_them_and_exits_1(run, tmp_path: Path, db_path: Path):
    (tmp_path / "good.txt").write_text("Başlık\nmetin", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes("Başlık ş".encode("cp1254"))
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("import", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path / 'bad.txt'}: not valid UTF-8 at byte 2" in result.stderr
    assert f"{tmp_path / 'empty.txt'}: empty file, skipped" in result.stderr
    assert "1 added, 0 updated, 0 unchanged, 2 not imported" in result.stdout
    with Store(db_path) as store:
        assert [row.id for row in store.list_articles()] == ["good"]


def test_changed_annotated_article_is_refused_then_replaced(run, tmp_path: Path, db_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("Başlık\nHalil Hayye konuştu.", encoding="utf-8")
    run("import", str(path))
    with Store(db_path) as store:
        store.add_span(Span("a", 7, 18, "PER", "Halil Hayye", "ayse"))
    path.write_text("Başlık\nDün Halil Hayye konuştu.", encoding="utf-8")
    refused = run("import", str(path))
    assert refused.exit_code == 1
    assert "article a changed but has 1 span(s)" in refused.stderr
    replaced = run("import", "--replace", str(path))
    assert replaced.exit_code == 0
    assert "1 updated" in replaced.stdout and "1 span(s) dropped" in replaced.stdout


def test_a_folder_without_text_files_and_an_empty_query_are_said(run, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "a.txt").write_text("Başlık\nMetin.", encoding="utf-8")
    result = run("import", str(empty), str(tmp_path / "full"))
    assert result.exit_code == 1
    assert result.stderr == f"hasiye: {empty}: no file to import in it; nothing imported\n"
    assert "1 added" in result.stdout  # the other folder went in
    for query in ("  ", "*", "-", '""'):
        nothing = run("search", query)
        assert nothing.exit_code == 1
        assert nothing.stderr == "Error: the query has no word: give the words to search for\n"


def test_missing_path_exits_2(run):
    result = run("import", "/no/such/file.txt")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_not_a_database_is_refused_and_untouched(tmp_path: Path):
    notes = tmp_path / "notes.md"
    notes.write_text("# notes\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(notes), "list"])
    assert result.exit_code == 1
    assert f"{notes}: not a hasiye database (it is not an SQLite file)" in result.stderr
    assert "Traceback" not in result.output
    assert notes.read_text(encoding="utf-8") == "# notes\n"


def test_hasiye_db_environment_variable_chooses_the_database(tmp_path: Path):
    chosen = tmp_path / "from-env.db"
    result = CliRunner().invoke(main, ["import", str(SEEDS)], env={"HASIYE_DB": str(chosen)})
    assert result.exit_code == 0
    with Store(chosen) as store:
        assert store.article_count() == 2


def test_show_marks_spans_for_a_pipe(run, db_path: Path):
    run("import", str(SEEDS))
    with Store(db_path) as store:
        text = store.get_article(SEED_004).text
        start = text.index("Halil Hayye")
        store.add_span(Span(SEED_004, start, start + 11, "PER", "Halil Hayye", "ayse"))
        start = text.index("Hamas Siyasi Bürosu")
        store.add_span(Span(SEED_004, start, start + 19, "ORG", "Hamas Siyasi Bürosu", "ayse"))
        store.add_span(Span(SEED_004, start, start + 5, "ORG", "Hamas", "ayse"))
    result = run("show", SEED_004)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        f"{SEED_004}  MİT Başkanı Kalın'dan Hamas'la kritik görüşme",
        "2025-11-05  Yeni Şafak",
        "tags: Hamas, MİT Başkanı, İbrahim Kalın",
        "status: todo, 3 span(s)",
    ]
    assert "[[Hamas]ORG Siyasi Bürosu]ORG Müzakere Heyeti Başkanı [Halil Hayye]PER ve" in (
        result.stdout
    )


def test_show_unknown_article_is_one_clear_line(run):
    result = run("show", "nope")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no article with id 'nope'"


def test_show_masks_control_characters_on_a_terminal(run, tmp_path: Path, db_path: Path):
    (tmp_path / "evil.txt").write_text("Başlık\n\x1b[31mkırmızı\x9b", encoding="utf-8")
    run("import", str(tmp_path))
    output = run_in_terminal(["--db", str(db_path), "show", "evil", "--no-color"])
    assert "\x1b[31m" not in output
    assert "\u241b[31mkırmızı\ufffd" in output


def run_in_terminal(arguments: list[str]) -> str:
    """Run hasiye with stdout and stderr on a pseudo-terminal; return what it printed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", "from tui.cli import main; main()", *arguments],
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "200", "TERM": "xterm"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_import_shows_progress_on_a_terminal(tmp_path: Path, db_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(300):
        (corpus / f"h{number}.txt").write_text(f"Haber {number}\nmetin", encoding="utf-8")
    output = run_in_terminal(["--db", str(db_path), "import", str(corpus)])
    assert "importing" in output and "100%" in output
    assert "300 added" in output


def test_no_progress_when_piped(run, tmp_path: Path):
    for number in range(5):
        (tmp_path / f"h{number}.txt").write_text(f"Haber {number}\nmetin", encoding="utf-8")
    result = run("import", str(tmp_path))
    assert "importing" not in result.output


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.stdout.strip() == f"hasiye, version {__version__}"


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    yield prefix
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


def test_every_command_and_option_has_help():
    commands = list(all_commands(main))
    assert {("import",), ("list",), ("show",)} <= set(commands)
    for path in commands:
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Usage: " in result.stdout
        command = main
        for name in path:
            command = command.commands[name]
        assert command.help, path
        for parameter in command.params:
            if isinstance(parameter, click.Option) and parameter.name not in ("help", "version"):
                assert parameter.help, (path, parameter.name)


def test_the_database_is_closed_when_a_command_ends_however_it_ends(run, monkeypatch):
    opened: list[Store] = []
    closed: list[Store] = []
    original_init, original_close = Store.__init__, Store.close

    def init(self: Store, *arguments, **options) -> None:
        original_init(self, *arguments, **options)
        opened.append(self)

    def close(self: Store) -> None:
        closed.append(self)
        original_close(self)

    monkeypatch.setattr(Store, "__init__", init)
    monkeypatch.setattr(Store, "close", close)
    assert run("import", str(SEEDS)).exit_code == 0
    assert run("list").exit_code == 0
    assert run("search", "zzzzqqqq").exit_code == 1  # nothing found
    failed = run("entities", "rename", "Nobody", "X")  # a user's mistake
    assert failed.exit_code == 1 and failed.stderr.startswith("Error: ")
    assert len(opened) == 4
    assert all(store in closed for store in opened)


def test_a_directory_as_the_database_is_one_line(tmp_path: Path):
    # click's own check gave its three-line usage error (exit 2) here, unlike every other bad --db.
    result = CliRunner().invoke(main, ["--db", str(tmp_path), "list"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path}: not a hasiye database (it is a directory); it was left untouched"
    ]
