"""``hasiye train``, ``hasiye preannotate`` and ``export --proposals``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.store import Store
from tui.cli import main


@pytest.fixture
def run(db_path: Path):
    runner = CliRunner()

    def invoke(*arguments: str):
        return runner.invoke(main, ["--db", str(db_path), "--annotator", "ayse", *arguments])

    return invoke


def test_train_prints_scores_per_label_and_stores_the_model(crf_gold_store: Store, run):
    result = run("train")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("model 1: 6 article(s),")
    assert "held back: 5-fold" in lines
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:7]}
    assert set(rows) == {"LOC", "ORG", "PER", "micro"}
    assert float(rows["micro"][2]) > 0.9
    assert lines[-1].startswith("training ")
    assert crf_gold_store.latest_model("ayse") is not None
    again = run("train", "--json")
    assert json.loads(again.stdout)["gold_unchanged"] is True  # versioned with its gold


def test_train_json_and_one_label(crf_gold_store: Store, run):
    result = run("train", "--label", "PER", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["labels"] == ["PER"] and set(summary["scores"]) == {"PER", "micro"}
    assert summary["training_seconds"] > 0 and summary["sentences"] > 100


def test_train_without_gold_says_so_in_one_line(crf_gold_store: Store, db_path: Path):
    result = CliRunner().invoke(main, ["--db", str(db_path), "--annotator", "nobody", "train"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: no gold to learn from: 'nobody' has marked no article done; annotate an "
        "article and mark it done first"
    ]


def test_preannotate_and_export_proposals(trained_store: Store, run, tmp_path: Path):
    spans = trained_store.span_count()
    result = run("preannotate", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["articles"] == 2 and summary["proposals"] > 20
    assert trained_store.span_count() == spans  # never gold

    exported = run("export", "--proposals")
    assert exported.exit_code == 0, exported.output
    layers = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(layers) == 2 and sum(len(layer["spans"]) for layer in layers) == summary["proposals"]

    target = tmp_path / "tasks.json"
    studio = run("export", "--proposals", "label-studio", "-o", str(target))
    assert studio.exit_code == 0, studio.output
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 2


def test_preannotate_without_a_model_or_with_an_unknown_article(crf_gold_store: Store, run):
    result = run("preannotate")
    assert result.exit_code == 1 and "run `hasiye train` first" in result.stderr
    assert run("train", "--json").exit_code == 0
    unknown = run("preannotate", "--article", "nope")
    assert unknown.exit_code == 1 and "nope" in unknown.stderr
