"""doccano's JSONL checked by doccano's own import code: the pipeline of doccano 1.8.4
(``tests/third_party/doccano``, copied unmodified from its wheel, hashes checked below) reads
hasiye's export, and hasiye reads what doccano reads, span for span.

doccano is a Django application; its models (database rows) are replaced by plain objects here,
which is all the pipeline asks of them before it saves. Its JSONL parser, readers, the makers
that validate every example and span (pydantic models), and the cleaning of overlapping spans
run as doccano runs them on an upload (encoding "Auto", detected by chardet, or utf_8).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import sys
import types
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.exporting import ExportSelection, export
from annotations.importers.datasets import import_dataset
from annotations.store import Store

VENDORED = Path(__file__).parents[1] / "third_party" / "doccano"
LABELS = ["PER", "ORG", "LOC", "DATE"]


class _Row:
    """A Django model row, as far as the pipeline uses one before saving: its fields."""

    objects = None

    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)


def _stub_modules() -> dict[str, types.ModuleType]:
    stubs: dict[str, types.ModuleType] = {}
    models = {
        "examples.models": ["Example"],
        "projects.models": ["Project", "ProjectType"],
        "label_types.models": ["CategoryType", "LabelType", "RelationType", "SpanType"],
        "labels.models": ["Category", "Label", "Relation", "Span", "TextLabel"],
    }
    for name, classes in models.items():
        package, _ = name.split(".")
        stubs[package] = types.ModuleType(package)
        stubs[name] = module = types.ModuleType(name)
        for class_name in classes:
            setattr(module, class_name, type(class_name, (_Row,), {}))
    # Only doccano's Excel parser uses pyexcel; the JSONL path never calls it.
    stubs["pyexcel"] = types.ModuleType("pyexcel")
    stubs["pyexcel.exceptions"] = exceptions = types.ModuleType("pyexcel.exceptions")
    exceptions.FileTypeNotSupported = type("FileTypeNotSupported", (Exception,), {})  # type: ignore[attr-defined]
    stubs["pyexcel"].exceptions = exceptions  # type: ignore[attr-defined]
    return stubs


@pytest.fixture(scope="module")
def doccano() -> Iterator[types.SimpleNamespace]:
    stubs = _stub_modules()
    saved = {name: sys.modules.get(name) for name in stubs}
    sys.modules.update(stubs)
    sys.path.insert(0, str(VENDORED))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydantic 1 style validators in doccano's code
            from data_import.pipeline import data, label, labels, makers, parsers, readers
        yield types.SimpleNamespace(
            data=data, label=label, labels=labels, makers=makers, parsers=parsers, readers=readers
        )
    finally:
        sys.path.remove(str(VENDORED))
        for name in [name for name in sys.modules if name.split(".")[0] == "data_import"]:
            del sys.modules[name]
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def doccano_reads(
    doccano, path: Path, column: str, overlapping: bool = True, encoding: str = "Auto"
) -> dict:
    """What doccano's upload of a sequence labelling (``label``) or relation (``entities``) JSONL
    file makes: {text: sorted (start, end, label)}, and the errors it reports."""
    reader = doccano.readers.Reader(
        [doccano.readers.FileName(str(path), path.name, path.name)],
        doccano.parsers.JSONLParser(encoding=encoding),
    )
    examples = doccano.makers.ExampleMaker(
        project=None, data_class=doccano.data.TextData, exclude_columns=[column]
    )
    spans = doccano.makers.LabelMaker(column=column, label_class=doccano.label.SpanLabel)
    found: dict[str, list[tuple]] = {}
    for frame in reader.batch(1000):
        made = {example.uuid: example.text for example in examples.make(frame)}
        cleaned = doccano.labels.Spans(spans.make(frame), types=None)
        cleaned.clean(types.SimpleNamespace(allow_overlapping=overlapping))
        for text in made.values():
            found.setdefault(text, [])
        for span in cleaned.labels:
            if span.example_uuid in made:  # doccano saves only the spans of examples it made
                found[made[span.example_uuid]].append(
                    (span.start_offset, span.end_offset, span.label)
                )
    errors = [str(error) for error in reader.errors + examples.errors + spans.errors]
    return {"spans": {text: sorted(s) for text, s in found.items()}, "errors": errors}


def stored_spans(store: Store) -> dict:
    texts = store.texts_of(store.article_ids())
    return {
        texts[article_id]: sorted((s.start, s.end, s.label) for s in store.spans_for(article_id))
        for article_id in store.article_ids()
    }


def test_the_vendored_pipeline_is_doccanos_own():
    record = (VENDORED / "SOURCE.md").read_text(encoding="utf-8").split("```")[1].split()
    assert len(record) == 14
    for line in record:
        name, digest, size = line.split(",")
        relative = name.removeprefix("backend/")
        if relative.startswith("data_import/tests/data/"):
            kind, _ = relative.removeprefix("data_import/tests/data/").split("/")
            relative = f"examples/{kind}{'' if name.endswith('/example.jsonl') else '_overlapping'}.jsonl"
        content = (VENDORED / relative).read_bytes()
        ours = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
        assert (f"sha256={ours}", len(content)) == (digest, int(size)), relative


def test_doccano_reads_every_span_of_the_export_at_its_offsets(doccano, gold_store, tmp_path):
    path = tmp_path / "doccano.jsonl"
    export(gold_store, "doccano", path, ExportSelection(), LABELS)
    read = doccano_reads(doccano, path, "label")
    assert read["errors"] == []
    assert read["spans"] == stored_spans(gold_store)
    assert sum(map(len, read["spans"].values())) == 93
    # A project without "allow overlapping spans" keeps the outer of nested spans only.
    flat = doccano_reads(doccano, path, "label", overlapping=False)["spans"]
    assert 0 < sum(map(len, flat.values())) < 93


def test_hasiye_reads_doccanos_own_files_as_doccano_does(doccano, store: Store, tmp_path):
    path = VENDORED / "examples" / "sequence_labeling.jsonl"
    read = doccano_reads(doccano, path, "label")
    report = import_dataset(store, path, "ayse", ["LOC", "PER"], skip_invalid=True)
    assert stored_spans(store) == read["spans"] == {"exampleA": [(0, 1, "LOC")], "exampleB": []}
    # The record without text: doccano says so, hasiye refuses it with its line.
    assert read["errors"] == [
        "ParseError: You cannot parse line 3 in sequence_labeling.jsonl: Column text not found in record"
    ]
    assert report.problems == [f"{path}:3: missing field 'text'"]


STORES = itertools.count()
TEXT_PIECES = ["Ankara", "'da", " ", "Halil Hayye", "’nin", "\n", "İstanbul", "ı", "😀", "AA", ". "]


@st.composite
def articles(draw) -> list[tuple[str, list[tuple[int, int, str]]]]:
    made = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        pieces = draw(st.lists(st.sampled_from(TEXT_PIECES), max_size=12))
        text = f"{len(made)}x{''.join(pieces)}y"  # each text its own: spans are compared by text
        spans: set[tuple[int, int, str]] = set()
        for _ in range(draw(st.integers(min_value=0, max_value=4))):
            start = draw(st.integers(min_value=0, max_value=len(text) - 1))
            end = draw(st.integers(min_value=start + 1, max_value=len(text)))
            if text[start].isspace() or text[end - 1].isspace():
                continue
            if any(s < end and start < e for s, e, _ in spans):
                continue  # neither nested nor crossing: doccano's default project
            spans.add((start, end, draw(st.sampled_from(LABELS))))
        made.append((text, sorted(spans)))
    return made


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(made=articles())
def test_both_doccano_shapes_read_the_same_in_doccano_and_in_hasiye(doccano, tmp_path, made):
    """``label`` lists (sequence labelling) and ``entities`` with offsets (relation projects),
    with emoji (doccano counts code points, as hasiye does)."""
    for shape in ("label", "entities"):
        path = tmp_path / f"{shape}.jsonl"
        lines = []
        for number, (text, spans) in enumerate(made):
            if shape == "label":
                record: dict = {"id": number, "text": text, "label": [list(s) for s in spans]}
            else:
                record = {"id": number, "text": text, "relations": [], "entities": [
                    {"id": index, "start_offset": s, "end_offset": e, "label": label}
                    for index, (s, e, label) in enumerate(spans)
                ]}  # fmt: skip
            lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        path.write_text("".join(lines), encoding="utf-8")
        # "Auto" (chardet) can take a short file for windows-1252: choose utf_8 in doccano.
        read = doccano_reads(doccano, path, shape, encoding="utf_8")
        assert read["errors"] == []
        with Store(tmp_path / f"{shape}-{next(STORES)}.db") as store:
            report = import_dataset(store, path, "ayse", LABELS, format_name="doccano")
            assert report.written, report.problems
            assert stored_spans(store) == read["spans"] == {text: s for text, s in made}
