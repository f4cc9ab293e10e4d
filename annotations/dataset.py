"""Gold records: an article with its spans, as they travel in and out of hasiye.

Pure functions: a record to the native JSON object (also the base of YAML) and doccano's, the
checks every record passes before it is written or imported, and the reverse conversions that
report what is wrong with a line of a file instead of raising deep inside.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotations.dates import DATE_LABEL, check_value
from annotations.model import Article, Status, blank_edge


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    label: str
    text: str
    annotator: str
    entity_id: int | None = None
    canonical: str | None = None
    value: str | None = None
    # The record said what the value is, a null included: an import keeps it instead of
    # computing one (a DATE value cleared on purpose stays cleared).
    has_value: bool = False


@dataclass
class GoldRecord:
    """One article and its spans; ``line`` is where it starts in the file it came from."""

    article: Article
    spans: list[GoldSpan] = field(default_factory=list)
    line: int = 0
    # Whose answer the record is, when one annotator's (Prodigy's): their layer even if empty.
    annotator: str | None = None


class RecordProblem(ValueError):
    """What is wrong with one record; the caller adds the file and line."""


def span_order(span: GoldSpan) -> tuple:
    """Text order, outer before inner, then a fixed order for the rest: exports are reproducible."""
    return (span.start, -span.end, span.label, span.annotator, span.entity_id or 0)


# Checks ------------------------------------------------------------------------------------------


def problems_of(record: GoldRecord, labels: Iterable[str] | None) -> list[str]:
    """Everything wrong with the record's spans, one sentence each (empty: the record is sound).

    Offsets inside the text, surface equal to the text it covers, label known (unless ``labels``
    is None), no exact duplicates and no crossing spans within one annotator's layer.
    """
    known = None if labels is None else set(labels)
    text = record.article.text
    found: list[str] = []
    # Every span of an export passes here: a sentence is made only for a span with a problem.
    for span in record.spans:
        start, end, surface = span.start, span.end, span.text
        if not (0 <= start < end <= len(text)):
            found.append(f"{_where(span)}: offsets outside the text (length {len(text)}) or empty")
            continue
        if text[start:end] != surface:
            found.append(
                f"{_where(span)}: text {surface!r} does not match the article text there "
                f"({text[start:end]!r})"
            )
        elif surface[0].isspace() or surface[-1].isspace():  # not empty: it is the text there
            found.append(f"{_where(span)}: text {surface!r} {blank_edge(surface)}; a span cannot")
        if known is not None and span.label not in known:
            found.append(f"{_where(span)}: unknown label {span.label!r}")
        if span.value is not None and span.label == DATE_LABEL:
            why = check_value(span.value)
            if why is not None:
                found.append(f"{_where(span)}: value {span.value!r} is not a date value ({why})")
    found.extend(_layer_problems(record.spans))
    return found


def linked_dates(record: GoldRecord) -> list[str]:
    """A problem for each DATE span of the record that names an entity: DATE spans are never
    linked (what an import refuses; an export writes what the store holds)."""
    return [
        f"{_where(span)}: a DATE span is not linked to an entity (entity "
        f"{span.entity_id if span.canonical is None else repr(span.canonical)})"
        for span in record.spans
        if span.label == DATE_LABEL and (span.entity_id is not None or span.canonical is not None)
    ]


def _where(span: GoldSpan) -> str:
    return f"span {span.start}-{span.end} {span.label}"


def _layer_problems(spans: list[GoldSpan]) -> list[str]:
    """Duplicates and crossings within each annotator's spans, by a sweep over the sorted spans."""
    found: list[str] = []
    layers: dict[str, list[GoldSpan]] = {}
    for span in spans:
        if span.start < span.end:
            layers.setdefault(span.annotator, []).append(span)
    for layer in layers.values():
        layer.sort(key=lambda span: (span.start, -span.end))
        open_spans: list[GoldSpan] = []
        previous: GoldSpan | None = None
        for span in layer:
            if previous is not None and (previous.start, previous.end) == (
                span.start,
                span.end,
            ):
                found.append(
                    f"span {span.start}-{span.end} {span.label}: a second span over exactly "
                    f"{span.text!r} (already {previous.label})"
                )
                continue
            previous = span
            while open_spans and open_spans[-1].end <= span.start:
                open_spans.pop()
            if open_spans and span.end > open_spans[-1].end:
                other = open_spans[-1]
                found.append(
                    f"span {span.start}-{span.end} {span.label} crosses span "
                    f"{other.start}-{other.end} {other.label}"
                )
                continue
            open_spans.append(span)
    return found


# Native JSON ------------------------------------------------------------------------------------


def to_native(record: GoldRecord) -> dict:
    """The JSONL object (and the YAML article): fields in a fixed order."""
    article = record.article
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "tags": list(article.tags),
        "status": article.status.value,
        "summary": article.summary,
        "text": article.text,
        "spans": [
            {
                "start": span.start,
                "end": span.end,
                "label": span.label,
                "text": span.text,
                "entity_id": span.entity_id,
                "canonical": span.canonical,
                "value": span.value,
                "annotator": span.annotator,
            }
            for span in sorted(record.spans, key=span_order)
        ],
    }


def _field(data: dict, name: str, kinds: tuple[type, ...], required: bool, default=None):
    if name not in data or data[name] is None:
        if required:
            raise RecordProblem(f"missing field {name!r}")
        return default
    value = data[name]
    # bool is an int in Python; an offset of `true` is still a mistake.
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        names = " or ".join(kind.__name__ for kind in kinds)
        raise RecordProblem(f"field {name!r} must be {names}, not {type(value).__name__}")
    return value


def from_native(data: object, annotator: str, line: int = 0) -> GoldRecord:
    """A native JSON object (or YAML article) back to a record; RecordProblem names what is wrong."""
    if not isinstance(data, dict):
        raise RecordProblem(
            f"expected an object with id, text and spans, not {type(data).__name__}"
        )
    article_id = _field(data, "id", (str, int), required=True)
    text = _field(data, "text", (str,), required=True)
    status_value = _field(data, "status", (str,), required=False, default=Status.TODO.value)
    try:
        status = Status(status_value)
    except ValueError:
        raise RecordProblem(
            f"status {status_value!r} is not one of {', '.join(s.value for s in Status)}"
        ) from None
    tags = _field(data, "tags", (list,), required=False, default=[])
    if not all(isinstance(tag, str) for tag in tags):
        raise RecordProblem("every tag must be a string")
    article = Article(
        id=str(article_id),
        title=_field(data, "title", (str,), required=False, default=""),
        text=text,
        summary=_field(data, "summary", (str,), required=False, default=""),
        date=_field(data, "date", (str,), required=False),
        source=_field(data, "source", (str,), required=False),
        tags=tuple(tags),
        status=status,
    )
    if not str(article_id).strip():
        raise RecordProblem("the article id is empty")
    raw_spans = _field(data, "spans", (list,), required=False, default=[])
    spans = []
    for number, raw in enumerate(raw_spans, start=1):
        quick = _quick_span(raw, text, annotator)
        if quick is not None:
            spans.append(quick)
            continue
        if not isinstance(raw, dict):
            raise RecordProblem(f"span {number}: expected an object with start, end and label")
        try:
            start = _field(raw, "start", (int,), required=True)
            end = _field(raw, "end", (int,), required=True)
            label = _field(raw, "label", (str,), required=True)
            surface = _field(raw, "text", (str,), required=False)
            if surface is None:
                surface = text[start:end] if 0 <= start < end <= len(text) else ""
            spans.append(
                GoldSpan(
                    start,
                    end,
                    label,
                    surface,
                    _field(raw, "annotator", (str,), required=False, default=annotator),
                    _field(raw, "entity_id", (int,), required=False),
                    _field(raw, "canonical", (str,), required=False),
                    _field(raw, "value", (str,), required=False),
                    "value" in raw,
                )
            )
        except RecordProblem as problem:
            raise RecordProblem(f"span {number}: {problem}") from None
    return GoldRecord(article, spans, line)


_OPTIONAL_SPAN_FIELDS = (("text", str), ("annotator", str), ("canonical", str), ("value", str))


def _quick_span(raw: object, text: str, annotator: str) -> GoldSpan | None:
    """The span when every field has its plain type (nearly always); None sends it through the
    field-by-field reading that says what is wrong."""
    if type(raw) is not dict:
        return None
    start, end, label = raw.get("start"), raw.get("end"), raw.get("label")
    if type(start) is not int or type(end) is not int or type(label) is not str:
        return None
    for name, kind in _OPTIONAL_SPAN_FIELDS:
        value = raw.get(name)
        if value is not None and type(value) is not kind:
            return None
    entity_id = raw.get("entity_id")
    if entity_id is not None and type(entity_id) is not int:
        return None
    surface = raw.get("text")
    if surface is None:
        surface = text[start:end] if 0 <= start < end <= len(text) else ""
    return GoldSpan(
        start,
        end,
        label,
        surface,
        annotator if raw.get("annotator") is None else raw["annotator"],
        entity_id,
        raw.get("canonical"),
        raw.get("value"),
        "value" in raw,
    )


# doccano ----------------------------------------------------------------------------------------


def to_doccano(record: GoldRecord) -> dict:
    """doccano's sequence-labelling JSONL: ``text`` and ``label: [[start, end, "LBL"], ...]``."""
    return {
        "id": record.article.id,
        "text": record.article.text,
        "label": [
            [span.start, span.end, span.label] for span in sorted(record.spans, key=span_order)
        ],
    }


def from_doccano(data: object, annotator: str, fallback_id: str, line: int = 0) -> GoldRecord:
    """Either of doccano's sequence-labelling shapes: ``label: [[start, end, "LABEL"], ...]`` or
    ``entities: [{"start_offset", "end_offset", "label"}, ...]`` (its relation-extraction export,
    whose relations hasiye does not keep: a record with relations is refused)."""
    if not isinstance(data, dict):
        raise RecordProblem(f"expected an object with text and label, not {type(data).__name__}")
    text = _field(data, "text", (str,), required=True)
    article_id = str(_field(data, "id", (str, int), required=False, default=fallback_id))
    if "entities" in data:
        spans = _doccano_entities(data, text, annotator)
    else:
        spans = _doccano_labels(data, text, annotator)
    title = text.split("\n", 1)[0][:120]
    return GoldRecord(Article(id=article_id, title=title, text=text), spans, line)


def _doccano_labels(data: dict, text: str, annotator: str) -> list[GoldSpan]:
    raw_labels = _field(data, "label", (list,), required=False, default=[])
    spans = []
    for number, raw in enumerate(raw_labels, start=1):
        valid = (
            isinstance(raw, list)
            and len(raw) == 3
            and all(isinstance(x, int) and not isinstance(x, bool) for x in raw[:2])
            and isinstance(raw[2], str)
        )
        if not valid:
            raise RecordProblem(f'label {number}: expected [start, end, "LABEL"], got {raw!r}')
        start, end, label = raw
        surface = text[start:end] if 0 <= start < end <= len(text) else ""
        spans.append(GoldSpan(start, end, label, surface, annotator))
    return spans


def _doccano_entities(data: dict, text: str, annotator: str) -> list[GoldSpan]:
    relations = data.get("relations") or []
    if relations:
        raise RecordProblem(
            f"{len(relations)} doccano relation(s): hasiye keeps no relations; remove the "
            "relations field to import the entities alone"
        )
    spans = []
    for number, raw in enumerate(_field(data, "entities", (list,), required=True), start=1):
        if not isinstance(raw, dict):
            raise RecordProblem(f"entity {number}: expected an object, got {raw!r}")
        try:
            start = _field(raw, "start_offset", (int,), required=True)
            end = _field(raw, "end_offset", (int,), required=True)
            label = _field(raw, "label", (str,), required=True)
        except RecordProblem as problem:
            raise RecordProblem(f"entity {number}: {problem}") from None
        surface = text[start:end] if 0 <= start < end <= len(text) else ""
        spans.append(GoldSpan(start, end, label, surface, annotator))
    return spans


# Which reader a JSON record needs --------------------------------------------------------------

NATIVE_FIELDS = {"id", "title", "date", "source", "tags", "status", "summary", "text", "spans"}
# Fields of other tools that carry no annotations hasiye would lose (Prodigy's tokens and hashes,
# doccano's and Label Studio's bookkeeping).
_HARMLESS_FIELDS = {"tokens", "meta", "_input_hash", "_task_hash", "answer", "_view_id",
                    "_session_id", "_timestamp", "comments", "Comments", "priority"}  # fmt: skip


def record_kind(data: object) -> str:
    """``native``, ``doccano`` or ``label-studio`` for a JSON record; RecordProblem for a record
    whose annotations are in fields hasiye does not know, rather than reading it without them."""
    if not isinstance(data, dict):
        return "native"  # from_native says what is wrong
    if isinstance(data.get("data"), dict) and ("annotations" in data or "predictions" in data
                                               or "text" not in data):  # fmt: skip
        return "label-studio"
    if "spans" not in data:
        if isinstance(data.get("label"), list):
            return "doccano"
        entities = data.get("entities")
        if isinstance(entities, list) and all(
            isinstance(item, dict) and "start_offset" in item for item in entities
        ):
            return "doccano"
    unknown = [
        name
        for name, value in data.items()
        if name not in NATIVE_FIELDS
        and name not in _HARMLESS_FIELDS
        and isinstance(value, list)
        and value
        and isinstance(value[0], (list, dict))  # annotation-like; metadata objects pass
    ]
    if unknown:
        fields = ", ".join(repr(name) for name in unknown)
        raise RecordProblem(
            f"unknown annotation field(s) {fields}: hasiye reads spans as 'spans' "
            "(start, end, label), doccano's 'label' or 'entities' (start_offset, end_offset, "
            "label), or Label Studio tasks; convert the record to one of these"
        )
    return "native"
