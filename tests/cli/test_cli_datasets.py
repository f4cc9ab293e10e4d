"""hasiye export and hasiye import of datasets, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.model import Span, Status
from annotations.store import Store
from tests.conftest import SEEDS
from tui.cli import main

SEED_004 = "004_6b0b2ef26e7569ca"


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(db: Path, *arguments: str):
        return runner.invoke(main, ["--db", str(db), "--annotator", "ayse", *arguments])

    return invoke


@pytest.fixture
def annotated_db(run, tmp_path: Path) -> Path:
    db = tmp_path / "first.db"
    assert run(db, "import", str(SEEDS)).exit_code == 0
    with Store(db, annotator="ayse") as store:
        text = store.get_article(SEED_004).text
        bureau = text.index("Hamas Siyasi Bürosu")
        for surface, label, start in (
            ("Halil Hayye", "PER", text.index("Halil Hayye")),
            ("Hamas Siyasi Bürosu", "ORG", bureau),
            ("Hamas", "ORG", bureau),  # nested in the bureau
        ):
            store.add_span(Span(SEED_004, start, start + len(surface), label, surface, "ayse"))
        for article_id in store.article_ids():  # export takes done articles by default
            store.set_status(article_id, Status.DONE)
    return db


def test_export_to_stdout_then_import_into_an_empty_database(run, annotated_db, tmp_path: Path):
    result = run(annotated_db, "export")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["id"] for record in records][1] == SEED_004
    assert "exported 2 article(s), 3 span(s) to standard output" in result.stderr
    dataset = tmp_path / "gold.jsonl"
    dataset.write_text(result.stdout, encoding="utf-8")
    second = tmp_path / "second.db"
    imported = run(second, "import", str(dataset))
    assert imported.exit_code == 0
    assert f"{dataset}: 2 added, 0 replaced, 3 span(s)" in imported.stdout
    assert run(second, "export").stdout == result.stdout


@pytest.mark.parametrize("format_name", ["yaml", "conll", "doccano"])
def test_export_formats_to_a_file(run, annotated_db, tmp_path: Path, format_name: str):
    target = tmp_path / f"out.{format_name}"
    result = run(annotated_db, "export", "--format", format_name, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    content = target.read_text(encoding="utf-8")
    expected_start = {"yaml": "entities: []\narticles:\n", "conll": "-DOCSTART- -X- O O\n", "doccano": '{"id": '}
    assert content.startswith(expected_start[format_name])
    if format_name == "conll":
        assert "Halil\tB-PER\nHayye\tI-PER\n" in content
        assert "1 inner span(s) left out in 1 article(s)" in result.stderr


def test_export_in_two_processes_writes_what_one_writes(run, annotated_db, tmp_path: Path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run(annotated_db, "export", "-o", str(one), "--processes", "1").exit_code == 0
    result = run(annotated_db, "export", "-o", str(two), "--processes", "2")
    assert result.exit_code == 0, result.output
    assert "exported 2 article(s), 3 span(s)" in result.stderr
    assert two.read_bytes() == one.read_bytes() and one.read_text(encoding="utf-8").count("\n") == 2
    refused = run(annotated_db, "export", "-o", str(two), "--processes", "0")
    assert refused.exit_code == 2 and "--processes" in refused.stderr


def test_filters_choose_articles_and_spans(run, annotated_db):
    result = run(annotated_db, "export", "--label", "PER", "--article", SEED_004)
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert [span["text"] for span in record["spans"]] == ["Halil Hayye"]
    none = run(annotated_db, "export", "--status", "todo")
    assert none.exit_code == 0 and none.stdout == ""
    missing = run(annotated_db, "export", "--article", "nope")
    assert missing.exit_code == 1 and "no article with id 'nope'" in missing.stderr


def test_export_takes_done_articles_and_says_how_many_unfinished_it_left_out(
    run, annotated_db
):
    with Store(annotated_db, annotator="ayse") as store:
        store.set_status(SEED_004, Status.IN_PROGRESS)
    result = run(annotated_db, "export")
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["000_32c02bc332455d9c"]
    assert result.stderr.splitlines()[-1] == (
        "exported 1 article(s), 0 span(s) to standard output; "
        "left out 1 unfinished article(s) (--status any takes them)"
    )
    every = run(annotated_db, "export", "--status", "any")
    assert len(every.stdout.splitlines()) == 2 and "left out" not in every.stderr
    asked = run(annotated_db, "export", "--article", SEED_004)
    assert asked.stdout == "" and "left out 1 unfinished article(s)" in asked.stderr
    todo = run(annotated_db, "export", "--status", "in progress")
    assert [json.loads(line)["id"] for line in todo.stdout.splitlines()] == [SEED_004]
    assert "left out" not in todo.stderr


def test_export_help_names_the_default_status(run, annotated_db):
    from annotations.exporting import DEFAULT_EXPORT_STATUS

    result = run(annotated_db, "export", "--help")
    assert f"[default: {DEFAULT_EXPORT_STATUS.value}]" in " ".join(result.stdout.split())
    assert "any" in result.stdout


def test_a_bad_span_fails_the_export_naming_it(run, annotated_db, tmp_path: Path):
    with Store(annotated_db, annotator="ayse") as store:
        store._execute("UPDATE spans SET surface = 'Hamaz' WHERE surface = 'Hamas'")
        store.db.conn.commit()
    target = tmp_path / "out.jsonl"
    result = run(annotated_db, "export", "-o", str(target))
    assert result.exit_code == 1
    assert f"article {SEED_004}: span" in result.stderr and "'Hamaz' does not match" in result.stderr
    assert "Traceback" not in result.output and not target.exists()


def test_import_problems_are_file_line_messages_and_exit_1(run, tmp_path: Path):
    dataset = tmp_path / "bad.jsonl"
    good = {"id": "g", "text": "Ankara", "spans": [{"start": 0, "end": 6, "label": "LOC"}]}
    bad = {"id": "b", "text": "Ankara", "spans": [{"start": 0, "end": 6, "label": "YER"}]}
    dataset.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    db = tmp_path / "x.db"
    result = run(db, "import", str(dataset))
    assert result.exit_code == 1
    assert f"hasiye: {dataset}:2: article b: span 0-6 YER: unknown label 'YER'" in result.stderr
    assert "nothing imported: 1 problem(s)" in result.stderr and "--add-labels" in result.stderr
    assert run(db, "export", "--status", "any").stdout == ""
    skipped = run(db, "import", "--skip-invalid", str(dataset))
    assert skipped.exit_code == 1 and "1 added" in skipped.stdout
    added = run(db, "import", "--add-labels", "--replace", str(dataset))
    assert added.exit_code == 0 and "new labels: YER" in added.stdout
    exported = run(db, "export", "--status", "any").stdout
    assert [json.loads(line)["id"] for line in exported.splitlines()] == ["b", "g"]


def test_entities_file(run, annotated_db, tmp_path: Path):
    with Store(annotated_db, annotator="ayse") as store:
        store.add_entity("Halil Hayye", "PER", ["Hayye"])
    entities = tmp_path / "entities.jsonl"
    result = run(annotated_db, "export", "-o", str(tmp_path / "out.jsonl"), "--entities", str(entities))
    assert result.exit_code == 0 and "exported 1 entity to" in result.stderr
    assert json.loads(entities.read_text())["aliases"] == ["Halil Hayye", "Hayye"]


def test_dates_prints_expressions_and_values(tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["dates", "Toplantı dün akşam, 5 Kasım 2025'te.", "--anchor", "2025-11-05"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "9\t18\tdün akşam\t2025-11-04",
        "20\t35\t5 Kasım 2025'te\t2025-11-05",
    ]
    piped = runner.invoke(main, ["dates", "--json"], input="bugün")
    assert json.loads(piped.stdout) == {
        "start": 0,
        "end": 5,
        "text": "bugün",
        "value": None,
        "reason": "relative to the article's date, which it does not have",
        "needs_anchor": True,
    }
    assert runner.invoke(main, ["dates", "tarih yok"]).exit_code == 1
    bad = runner.invoke(main, ["dates", "dün", "--anchor", "dün"])
    assert bad.exit_code == 2 and "'dün' is not a date YYYY-MM-DD" in bad.stderr


def test_search_prints_hits_with_context_and_exits_1_on_nothing(run, annotated_db):
    result = run(annotated_db, "search", "halil hayya")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:3] == [SEED_004, "MİT Başkanı Kalın'dan Hamas'la kritik görüşme", "2025-11-05"]
    assert lines[0].split("\t")[3].startswith("score ")
    assert all(line.startswith("    …") and "Halil Hayye" in line for line in lines[1:])
    assert 1 <= len(lines) - 1 <= 3
    nothing = run(annotated_db, "search", "xyzzy")
    assert nothing.exit_code == 1 and nothing.stdout == ""


def test_search_json_and_filters(run, annotated_db):
    result = run(annotated_db, "search", "kalin", "--json")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {record["id"] for record in records} == {"000_32c02bc332455d9c", SEED_004}
    for record in records:
        for snippet in record["snippets"]:
            for start, end in snippet["matches"]:
                assert snippet["start"] <= start < end <= snippet["end"]
    assert run(annotated_db, "search", "kalin", "--status", "todo").exit_code == 1
    per = run(annotated_db, "search", "hayye", "--label", "PER", "--json")
    assert [json.loads(line)["id"] for line in per.stdout.splitlines()] == [SEED_004]


def test_search_limit_0_gives_every_hit_and_count_their_number(run, annotated_db):
    def ids(*options: str) -> list[str]:
        result = run(annotated_db, "search", "kalin", "--json", *options)
        return [json.loads(line)["id"] for line in result.stdout.splitlines()]

    assert len(ids("--limit", "1")) == 1
    assert set(ids("--limit", "0")) == {"000_32c02bc332455d9c", SEED_004}
    assert run(annotated_db, "search", "kalin", "--count").stdout == "2\n"
    assert run(annotated_db, "search", "kalin", "--count", "--limit", "1").stdout == "2\n"
    assert run(annotated_db, "search", "Khalil al-Hayya", "--count").stdout == "1\n"
    assert run(annotated_db, "search", "hayye", "--count", "--label", "PER").stdout == "1\n"
    nothing = run(annotated_db, "search", "xyzzy", "--count")
    assert nothing.exit_code == 1 and nothing.stdout == "0\n"


def test_search_by_entity_uses_its_aliases(run, annotated_db):
    with Store(annotated_db, annotator="ayse") as store:
        store.add_entity("Halil Hayye", "PER", ["Hayye", "Khalil al-Hayya"])
    result = run(annotated_db, "search", "", "--entity", "halil hayye", "--json")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [SEED_004]
    unknown = run(annotated_db, "search", "x", "--entity", "Kimse")
    assert unknown.exit_code == 1 and "no entity named 'Kimse'" in unknown.stderr


def test_index_rebuild(run, annotated_db):
    result = run(annotated_db, "index", "--rebuild")
    assert result.exit_code == 0 and result.stdout == "indexed 2 article(s)\n"
    assert run(annotated_db, "search", "hayye").exit_code == 0
