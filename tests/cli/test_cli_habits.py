"""CLI habits: --json on every command that prints records, progress bars on a terminal only,
a quiet end when the reader of a pipe goes away, the new formats and --tag-column."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.store import Store
from tui.cli import main

REAL = Path(__file__).parent.parent / "data" / "sadedegel_ner.conll"
HASIYE = [sys.executable, "-c", "from tui.cli import main; main()"]


@pytest.fixture
def run(db_path: Path):
    runner = CliRunner()

    def invoke(*arguments: str):
        return runner.invoke(main, ["--db", str(db_path), "--annotator", "ayse", *arguments])

    return invoke


@pytest.fixture
def imported(run, db_path: Path) -> Path:
    assert run("import", str(REAL)).exit_code == 0
    return db_path


def test_list_json_is_one_object_per_article(run, imported):
    result = run("list", "--json", "--per-page", "3")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["id"] for record in records] == [f"sadedegel_ner-000{n}" for n in (1, 2, 3)]
    assert records[0]["tags"] == ["tokenised"] and records[0]["spans"] == 57
    assert set(records[0]) == {"id", "title", "date", "source", "tags", "spans", "status"}
    assert "page 1 of 5" in result.stderr


def test_show_json_gives_the_text_and_every_span(run, imported):
    record = json.loads(run("show", "sadedegel_ner-0001", "--json").stdout)
    with Store(imported) as store:
        spans = store.spans_for("sadedegel_ner-0001")
        assert record["text"] == store.get_article("sadedegel_ner-0001").text
    assert len(record["spans"]) == len(spans) == 57
    assert all(record["text"][s["start"] : s["end"]] == s["text"] for s in record["spans"])


def test_json_never_carries_a_raw_control_byte(run, tmp_path: Path):
    path = tmp_path / "evil.jsonl"
    path.write_text(json.dumps({"id": "e", "title": "a\x9b31mb\x1b", "text": "x"}) + "\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    out = run("list", "--json").stdout
    assert "\x9b" not in out and "\x1b" not in out
    assert json.loads(out)["title"] == "a\x9b31mb\x1b"


def test_import_and_export_summaries_as_json(run, db_path: Path, tmp_path: Path):
    imported = run("import", "--json", str(REAL))
    [summary] = [json.loads(line) for line in imported.stdout.splitlines()]
    assert summary["added"] == 14 and summary["spans"] == 728 and summary["format"] == "conll"
    target = tmp_path / "out.conll"
    exported = run("export", "--status", "any", "--format", "conll", "-o", str(target), "--json")
    assert json.loads(exported.stdout) == {
        "format": "conll", "output": str(target), "articles": 14, "spans": 728, "left_out": 0,
        "left_out_by_article": {}, "unfinished_left_out": 0, "adjudicated_left_out": 0,
        "unsettled_left_out": [],
        "entities": None, "entities_output": None,
    }  # fmt: skip
    assert target.read_text(encoding="utf-8") == REAL.read_text(encoding="utf-8")
    to_stdout = run("export", "--status", "any", "--json")
    assert json.loads(to_stdout.stderr.splitlines()[-1])["articles"] == 14
    texts = run("import", "--json", str(Path(__file__).parent.parent.parent / "seeds"))
    assert len(json.loads(texts.stdout)["added"]) == 2


def test_prodigy_and_spacy_formats_from_the_command_line(run, imported, tmp_path: Path):
    pytest.importorskip("spacy")
    for format_name, name in (("prodigy", "p.jsonl"), ("spacy", "d.spacy")):
        target = tmp_path / name
        result = run("export", "--status", "any", "--format", format_name, "-o", str(target))
        assert result.exit_code == 0, result.output
        again = CliRunner().invoke(main, ["--db", str(tmp_path / f"{name}.db"), "import", str(target)])
        assert again.exit_code == 0 and "14 added, 0 replaced, 728 span(s)" in again.stdout


def test_prodigy_rejects_are_counted_in_the_summary(run, tmp_path: Path):
    path = tmp_path / "answers.jsonl"
    lines = [{"text": "Ankara", "answer": "accept", "meta": {"id": "a"}}, {"text": "İzmir", "answer": "reject"}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0
    assert 'skipped (not gold): 1 answer "reject"' in result.stdout


def test_tag_column_on_the_command_line(run, tmp_path: Path):
    path = tmp_path / "columns.conll"
    path.write_text("# columns = word ner pos\nAnkara B-LOC NNP\ngüzel O JJ\n", encoding="utf-8")
    refused = run("import", str(path))
    assert refused.exit_code == 1 and "--tag-column chooses another column" in refused.stderr
    assert run("import", "--tag-column", "ner", str(path)).exit_code == 0
    bad = run("import", "--tag-column", "0", str(path))
    assert bad.exit_code == 2 and "count from 1" in bad.stderr


def test_export_into_a_closed_pipe_ends_quietly(imported):
    """`hasiye export | head -1`: no traceback, the status a tool stopped by SIGPIPE has."""
    exporter = subprocess.Popen(
        [*HASIYE, "--db", str(imported), "export", "--status", "any", "--format", "conll"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert exporter.stdout is not None and exporter.stderr is not None
    first = exporter.stdout.readline()
    exporter.stdout.close()  # what head does after its line
    errors = exporter.stderr.read()
    assert exporter.wait() == 141
    assert first == b"-DOCSTART- -X- O O\n"
    assert b"Traceback" not in errors and b"BrokenPipe" not in errors and b"Exception ignored" not in errors


def run_with_terminal_stderr(arguments: list[str], stdout_path: Path) -> str:
    leader, follower = pty.openpty()
    with stdout_path.open("wb") as out:
        process = subprocess.Popen(
            [*HASIYE, *arguments], stdout=out, stderr=follower, env={**os.environ, "COLUMNS": "120"}
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
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bars_on_a_terminal_and_never_in_a_pipe(db_path: Path, tmp_path: Path):
    on_terminal = run_with_terminal_stderr(["--db", str(db_path), "import", str(REAL)], tmp_path / "o")
    assert "importing sadedegel_ner.conll" in on_terminal and "100%" in on_terminal
    exported = run_with_terminal_stderr(
        ["--db", str(db_path), "export", "--status", "any", "--format", "conll"], tmp_path / "e"
    )
    assert "exporting" in exported and "100%" in exported
    assert (tmp_path / "e").read_text(encoding="utf-8") == REAL.read_text(encoding="utf-8")
    piped = subprocess.run(
        [*HASIYE, "--db", str(tmp_path / "p.db"), "import", str(REAL)], capture_output=True
    )
    assert piped.returncode == 0 and b"importing" not in piped.stderr and b"%" not in piped.stderr
