"""Label Studio tasks JSON: a JSON array of tasks, in and out.

A task is ``{"data": {"text": ...}, "annotations": [{"result": [...]}], "predictions": [...]}``;
each region of a result is ``{"from_name": "label", "to_name": "text", "type": "labels",
"value": {"start", "end", "text", "labels": [LABEL]}}``, offsets in code points (Label Studio
counts code points since its fix for text with emoji). hasiye writes the spans as annotations (one
per annotator, finished work) or as predictions (pre-annotations to review), with the labelling
configuration :func:`labeling_config` describes.

Reading: every annotation that was not cancelled becomes a layer of its own, named as hasiye wrote
it (``data.annotators``), else by its ``completed_by`` e-mail, else the importer's name (``NAME:2``,
``NAME:3`` for the second and third); a
task with no annotation takes its first prediction's regions as the importer's spans to review.
Regions of other kinds (choices, relations, text areas) are refused with a message.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotations.dataset import GoldRecord, GoldSpan, RecordProblem, span_order
from annotations.model import Article, Status

FROM_NAME = "label"
TO_NAME = "text"


def labeling_config(labels: Iterable[str]) -> str:
    """The labelling configuration of a project that shows hasiye's tasks."""
    choices = "".join(f'<Label value="{label}"/>' for label in labels)
    return (
        f'<View><Labels name="{FROM_NAME}" toName="{TO_NAME}">{choices}</Labels>'
        f'<Text name="{TO_NAME}" value="$text"/></View>'
    )


def _region(number: int, span: GoldSpan) -> dict:
    region: dict = {
        "id": f"s{number}",
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "origin": "manual",
        "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [span.label]},
    }
    if span.canonical:
        region["meta"] = {"text": [span.canonical]}
    return region


def to_task(record: GoldRecord, as_predictions: bool, number: int) -> dict:
    """One task (``number`` from 1, as Label Studio numbers the tasks of an export): the article
    in ``data`` (its id as ``data.id``), its spans as annotations or as predictions."""
    article = record.article
    layers: dict[str, list[dict]] = {}
    for number, span in enumerate(sorted(record.spans, key=span_order), start=1):
        layers.setdefault(span.annotator, []).append(_region(number, span))
    data: dict[str, object] = {
        "text": article.text,
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
    }
    if as_predictions:
        predictions = [
            {"model_version": f"hasiye:{annotator}", "result": result}
            for annotator, result in layers.items()
        ]
        return {"id": number, "data": data, "predictions": predictions}
    # completed_by is a user number inside Label Studio: the names travel in data.annotators.
    data["annotators"] = list(layers)
    annotations = [{"result": result} for result in layers.values()]
    return {"id": number, "data": data, "annotations": annotations}


def _spans(result: object, annotator: str) -> list[GoldSpan]:
    if not isinstance(result, list):
        raise RecordProblem("an annotation's result must be a list of regions")
    spans = []
    for number, region in enumerate(result, start=1):
        if not isinstance(region, dict):
            raise RecordProblem(f"region {number}: expected an object")
        kind = region.get("type")
        if kind != "labels":
            raise RecordProblem(
                f"region {number}: a {kind!r} region; hasiye reads only span labels "
                "(type 'labels'): remove the others to import the spans"
            )
        value = region.get("value")
        if not isinstance(value, dict):
            raise RecordProblem(f"region {number}: no value")
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        if type(start) is not int or type(end) is not int:
            raise RecordProblem(
                f"region {number}: start and end must be whole numbers (a span of a Text "
                "object); got {start!r} and {end!r}"
            )
        if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
            raise RecordProblem(f"region {number}: expected one label, got {labels!r}")
        surface = value.get("text")
        meta = region.get("meta")
        canonical = None
        if isinstance(meta, dict) and isinstance(meta.get("text"), list) and meta["text"]:
            canonical = str(meta["text"][0])
        spans.append(
            GoldSpan(
                start,
                end,
                labels[0],
                surface if isinstance(surface, str) else "",
                annotator,
                canonical=canonical,
            )
        )
    return spans


def _annotator(completed_by: object, fallback: str) -> str:
    if isinstance(completed_by, str) and completed_by.strip():
        return completed_by
    if isinstance(completed_by, dict) and isinstance(completed_by.get("email"), str):
        return completed_by["email"]
    return fallback


def from_task(task: object, annotator: str, fallback_id: str, line: int = 0) -> GoldRecord:
    """One task back to an article with its spans; RecordProblem names what is wrong."""
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise RecordProblem("expected a Label Studio task: an object with data.text")
    data = task["data"]
    text = data.get("text")
    if not isinstance(text, str):
        fields = ", ".join(sorted(map(str, data))) or "none"
        raise RecordProblem(
            f"task data has no 'text' (fields: {fields}); hasiye reads tasks of a Text object "
            "named text"
        )
    article_id = data.get("id", task.get("id", fallback_id))
    if not isinstance(article_id, (str, int)) or isinstance(article_id, bool):
        article_id = fallback_id
    annotations = task.get("annotations") or task.get("completions") or []
    if not isinstance(annotations, list):
        raise RecordProblem("annotations must be a list")
    spans: list[GoldSpan] = []
    kept = [
        item
        for item in annotations
        if isinstance(item, dict) and not item.get("was_cancelled") and not item.get("skipped")
    ]
    names = data.get("annotators")
    if not (isinstance(names, list) and len(names) == len(kept)):
        names = [None] * len(kept)
    for number, (item, name) in enumerate(zip(kept, names)):
        fallback = annotator if number == 0 else f"{annotator}:{number + 1}"
        who = name if isinstance(name, str) and name else _annotator(item.get("completed_by"), fallback)
        spans.extend(_spans(item.get("result", []), who))
    predictions = task.get("predictions") or []
    if not kept and isinstance(predictions, list) and predictions:
        first = predictions[0]
        spans.extend(_spans(first.get("result", []) if isinstance(first, dict) else None, annotator))
    title = data.get("title")
    article = Article(
        id=str(article_id),
        title=title if isinstance(title, str) and title else text.split("\n", 1)[0][:120],
        text=text,
        date=data["date"] if isinstance(data.get("date"), str) else None,
        source=data["source"] if isinstance(data.get("source"), str) else None,
        status=Status.DONE if kept else Status.TODO,
    )
    return GoldRecord(article, spans, line)
