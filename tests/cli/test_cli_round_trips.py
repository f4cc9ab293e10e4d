"""Round trips as a user runs them (issue 17, item 9): `hasiye entities merge` of a PER and an ORG
entity, export, import into an empty database: still one entity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(db: Path, *arguments: str):
        return runner.invoke(main, ["--db", str(db), "--annotator", "ayse", *arguments])

    return invoke


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_after_entities_merge_of_a_per_and_an_org_jsonl_reimports_one_entity(run, tmp_path: Path):
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    dataset = tmp_path / "in.jsonl"
    record = {
        "id": "m1",
        "status": "done",
        "text": "Koç Holding ve Ali Koç konuştu.",
        "spans": [
            {"start": 0, "end": 11, "label": "ORG", "canonical": "Koç Holding"},
            {"start": 15, "end": 22, "label": "PER", "canonical": "Ali Koç"},
        ],
    }
    dataset.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run(first, "import", str(dataset)).exit_code == 0
    assert run(first, "entities", "merge", "Ali Koç", "Koç Holding").exit_code == 0
    gold = tmp_path / "gold.jsonl"
    assert run(first, "export", "-o", str(gold)).exit_code == 0
    assert run(second, "import", str(gold)).exit_code == 0
    [entity] = _records(run(second, "entities", "list", "--json").stdout)
    assert (entity["mentions"], entity["canonical"]) == (2, "Ali Koç")
    assert run(second, "export").stdout == gold.read_text(encoding="utf-8")
