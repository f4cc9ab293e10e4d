"""`hasiye entities ...` and `hasiye propagate` on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.model import Span
from annotations.store import Store
from tests.conftest import SEEDS
from tui.cli import main

SEED_000 = "000_32c02bc332455d9c"
SEED_004 = "004_6b0b2ef26e7569ca"


@pytest.fixture
def run(db_path: Path):
    runner = CliRunner()

    def invoke(*arguments: str):
        return runner.invoke(main, ["--db", str(db_path), "--annotator", "ayse", *arguments])

    assert invoke("import", str(SEEDS)).exit_code == 0
    return invoke


@pytest.fixture
def entities(run, db_path: Path) -> dict[str, int]:
    with Store(db_path) as store:
        text = store.get_article(SEED_004).text
        start = text.index("Halil Hayye")
        hayye = store.add_entity("Halil Hayye", "PER")
        store.add_span(
            Span(SEED_004, start, start + 11, "PER", "Halil Hayye", "ayse", entity_id=hayye.id)
        )
        kalin = store.add_entity("İbrahim Kalın", "PER", ["Kalın"])
        khalil = store.add_entity("Khalil al-Hayya", "PER")
        return {"hayye": hayye.id, "kalin": kalin.id, "khalil": khalil.id}


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_list_shows_label_counts_and_aliases(run, entities):
    result = run("entities", "list")
    assert result.exit_code == 0
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert lines[0] == ["id", "label", "mentions", "articles", "canonical", "aliases"]
    assert lines[1] == [str(entities["hayye"]), "PER", "1", "1", "Halil Hayye", ""]
    assert lines[2] == [str(entities["kalin"]), "PER", "0", "0", "İbrahim Kalın", "Kalın"]
    records = json_lines(run("entities", "list", "--json").stdout)
    assert [r["canonical"] for r in records] == ["Halil Hayye", "İbrahim Kalın", "Khalil al-Hayya"]


def test_suggest_puts_the_person_first_for_variant_spellings(run, entities):
    for surface in ("Hayye'nin", "Khalil al-Hayya", "HALİL HAYYE", "Halil el-Hayye"):
        records = json_lines(run("entities", "suggest", surface, "--label", "PER", "--json").stdout)
        assert records[0]["id"] in (entities["hayye"], entities["khalil"]), surface
    records = json_lines(run("entities", "suggest", "İ. Kalın", "--json").stdout)
    assert records[0] == {
        "id": entities["kalin"],
        "canonical": "İbrahim Kalın",
        "label": "PER",
        "score": 90.0,
        "alias": "İbrahim Kalın",
    }
    nothing = run("entities", "suggest", "Ankara")
    assert nothing.exit_code == 1


def test_suggest_refuses_an_unknown_label(run, entities):
    result = run("entities", "suggest", "Kalın", "--label", "KIŞI")
    assert result.exit_code == 2
    assert "unknown label 'KIŞI'" in result.output


def test_show_lists_the_linked_spans(run, entities):
    record = json.loads(run("entities", "show", "halil hayye", "--json").stdout)
    assert record["mentions"] == 1
    assert record["spans"][0]["article"] == SEED_004
    assert record["spans"][0]["surface"] == "Halil Hayye"


def test_rename_merge_and_delete(run, entities, db_path):
    assert run("entities", "rename", "Kalın", "İbrahim KALIN").exit_code == 0
    result = run("entities", "merge", "Halil Hayye", "Khalil al-Hayya")
    assert result.exit_code == 0, result.output
    with Store(db_path) as store:
        assert store.get_entity(entities["kalin"]).canonical == "İbrahim KALIN"
        merged = store.get_entity(entities["hayye"])
        assert "Khalil al-Hayya" in merged.aliases
        assert [row.entity.id for row in store.entity_rows()] == [
            entities["hayye"],
            entities["kalin"],
        ]
    result = run("entities", "delete", str(entities["hayye"]))
    assert "1 span(s) kept, unlinked" in result.stdout
    with Store(db_path) as store:
        assert [span.entity_id for span in store.spans_for(SEED_004)] == [None]


def test_ambiguous_and_unknown_names_are_clear_errors(run, entities, db_path):
    with Store(db_path) as store:
        store.add_entity("Kalın Holding", "ORG", ["Kalın"])
    result = run("entities", "rename", "kalin", "X")
    assert result.exit_code == 1
    assert "names several entities" in result.output
    assert "Traceback" not in result.output
    result = run("entities", "merge", "Nobody", "Kalın Holding")
    assert result.exit_code == 1 and "no entity named 'Nobody'" in result.output
    result = run("entities", "merge", "Kalın Holding", "Kalın Holding")
    assert result.exit_code == 1 and "into itself" in result.output


def test_cluster_groups_the_transliteration(run, entities):
    result = run("entities", "cluster", "--json")
    assert result.exit_code == 0
    groups = [record["ids"] for record in json_lines(result.stdout)]
    assert [entities["hayye"], entities["khalil"]] in groups


def test_propagate_lists_then_applies_every_mention_of_kalin(run, entities, db_path):
    dates = run("propagate", "Kalın", "--label", "DATE", "--apply")
    assert dates.exit_code == 2 and "DATE spans are never linked to an entity" in dates.stderr
    result = run("propagate", "Kalın", "--json")
    assert result.exit_code == 0
    records = json_lines(result.stdout)
    assert {record["surface"] for record in records} == {"İbrahim Kalın", "Kalın"}
    assert {record["article"] for record in records} == {SEED_000, SEED_004}
    with Store(db_path) as store:
        for record in records:
            text = store.get_article(record["article"]).text
            assert text[record["start"] : record["end"]] == record["surface"]
    applied = run("propagate", "Kalın", "--apply")
    assert applied.exit_code == 0
    with Store(db_path) as store:
        linked = store.spans_of_entity(entities["kalin"])
        assert len(linked) == len(records)
        assert all(span.label == "PER" and span.annotator == "ayse" for span in linked)
    again = run("propagate", "Kalın", "--json")
    assert again.stdout == ""
