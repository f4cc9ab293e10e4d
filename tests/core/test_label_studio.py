"""Label Studio tasks in and out, checked with label-studio-sdk: its converter reads every
annotation of hasiye's export with exact offsets, and its labelling interface accepts every
annotation and every prediction region."""

from __future__ import annotations

import json
from pathlib import Path

from label_studio_sdk.converter import Converter
from label_studio_sdk.label_interface import LabelInterface

from annotations.exporting import ExportSelection, export
from annotations.importers.datasets import import_dataset
from annotations.interop.label_studio import labeling_config
from annotations.store import Store

LABELS = ["PER", "ORG", "LOC", "DATE"]


def expected_spans(store: Store) -> dict[str, set[tuple]]:
    return {
        article_id: {(s.start, s.end, s.label, s.surface) for s in store.spans_for(article_id)}
        for article_id in store.article_ids()
    }


def test_every_gold_span_loads_in_label_studios_converter_with_its_exact_offsets(
    gold_store: Store, tmp_path: Path
):
    path = tmp_path / "tasks.json"
    export(gold_store, "label-studio", path, ExportSelection(), LABELS)
    converter = Converter(labeling_config(LABELS), str(tmp_path), download_resources=False)
    interface = LabelInterface(labeling_config(LABELS))
    got: dict[str, set[tuple]] = {}
    for item in converter.iter_from_json_file(str(path)):
        text = item["input"]["text"]
        for region in item["output"]["label"]:
            assert text[region["start"] : region["end"]] == region["text"]
            got.setdefault(item["input"]["id"], set()).add(
                (region["start"], region["end"], region["labels"][0], region["text"])
            )
    assert got == expected_spans(gold_store)
    assert sum(map(len, got.values())) == 93
    for task in json.loads(path.read_text(encoding="utf-8")):
        for annotation in task["annotations"]:
            assert interface.validate_annotation(annotation)


def test_predictions_are_valid_pre_annotations_with_exact_offsets(gold_store: Store, tmp_path):
    path = tmp_path / "predictions.json"
    export(gold_store, "label-studio-predictions", path, ExportSelection(), LABELS)
    interface = LabelInterface(labeling_config(LABELS))
    tasks = json.loads(path.read_text(encoding="utf-8"))
    got = {}
    for task in tasks:
        assert "annotations" not in task
        (prediction,) = task["predictions"]
        assert prediction["model_version"] == "hasiye:gold"
        assert interface.validate_prediction(prediction, return_errors=True) == []
        text = task["data"]["text"]
        got[task["data"]["id"]] = {
            (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0], r["value"]["text"])
            for r in prediction["result"]
            if text[r["value"]["start"] : r["value"]["end"]] == r["value"]["text"]
        }
    assert got == expected_spans(gold_store)


def test_an_export_reads_back_spans_entities_and_layers(gold_store: Store, tmp_path: Path):
    path = tmp_path / "tasks.json"
    export(gold_store, "label-studio", path, ExportSelection(), LABELS)
    with Store(tmp_path / "again.db") as again:
        report = import_dataset(again, path, "someone", LABELS)
        assert report.written and report.added == 2 and report.spans == 93, report.problems
        assert expected_spans(again) == expected_spans(gold_store)
        assert {s.annotator for a in again.article_ids() for s in again.spans_for(a)} == {"gold"}
        assert sorted(name for name, _ in again.entity_names().values()) == sorted(
            name for name, _ in gold_store.entity_names().values()
        )


def test_a_task_from_label_studio_imports(store: Store, tmp_path: Path):
    """A task as Label Studio exports it: numbered task and user, a cancelled annotation."""
    text = "Erdoğan, MİT Başkanı İbrahim Kalın ile görüştü."
    region = {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 7, "text": "Erdoğan", "labels": ["PER"]}}  # fmt: skip
    task = {
        "id": 17,
        "data": {"text": text},
        "annotations": [
            {"id": 1, "completed_by": 3, "result": [region], "was_cancelled": False},
            {"id": 2, "completed_by": 4, "result": [], "was_cancelled": True},
        ],
        "predictions": [],
    }
    path = tmp_path / "project-1.json"
    path.write_text(json.dumps([task], ensure_ascii=False, indent=2), encoding="utf-8")
    report = import_dataset(store, path, "ayse", LABELS)
    assert report.written and report.added == 1, report.problems
    (span,) = store.spans_for("17")
    assert (span.start, span.end, span.label, span.annotator) == (0, 7, "PER", "ayse")
    assert store.get_article("17").status.value == "done"


def test_regions_of_other_kinds_are_refused(store: Store, tmp_path: Path):
    task = {"data": {"text": "Merhaba"}, "annotations": [{"result": [
        {"from_name": "sentiment", "to_name": "text", "type": "choices",
         "value": {"choices": ["Positive"]}}]}]}  # fmt: skip
    path = tmp_path / "choices.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    report = import_dataset(store, path, "ayse", LABELS)
    assert not report.written
    assert report.problems == [
        f"{path}:1: region 1: a 'choices' region; hasiye reads only span labels (type 'labels'): "
        "remove the others to import the spans"
    ]


def test_the_models_proposals_are_pre_annotations_label_studio_accepts(
    trained_store: Store, tmp_path: Path
):
    """``export --proposals label-studio``: every region valid for Label Studio's labelling
    interface, at the exact offsets of the stored proposal, with the model's score."""
    from annotations.preannotating import export_proposals, preannotate
    from tests.conftest import CRF_ANNOTATOR

    preannotate(trained_store, CRF_ANNOTATOR)
    stored = trained_store.model_proposals(None, CRF_ANNOTATOR)
    assert sum(map(len, stored.values())) > 20
    path = tmp_path / "predictions.json"
    export_proposals(trained_store, CRF_ANNOTATOR, "label-studio", path)
    interface = LabelInterface(labeling_config(LABELS))
    got = {}
    for task in json.loads(path.read_text(encoding="utf-8")):
        assert "annotations" not in task
        (prediction,) = task["predictions"]
        assert interface.validate_prediction(prediction, return_errors=True) == []
        assert prediction["model_version"].startswith("hasiye-crf-")
        text = task["data"]["text"]
        got[task["data"]["id"]] = {
            (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
            for r in prediction["result"]
            if text[r["value"]["start"] : r["value"]["end"]] == r["value"]["text"]
        }
    assert got == {
        article_id: {(p.start, p.end, p.label) for p in proposals}
        for article_id, proposals in stored.items()
    }
