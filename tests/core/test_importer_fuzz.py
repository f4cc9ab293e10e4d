"""Fuzzing every importer (and the label file) with arbitrary Unicode: lone surrogates, C0/C1
controls, bidi overrides, BOMs, line separators, markup and YAML/JSON punctuation, deep nesting.
Nothing may escape but hasiye's named errors (``HasiyeError``), and a file that is not written
leaves the database as it was."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import HasiyeError
from annotations.importers import import_files
from annotations.importers.datasets import import_dataset
from annotations.labels import LabelFileError, load_labels, load_titles
from annotations.store import Store

LABELS = ("PER", "ORG", "LOC", "DATE")
AWKWARD = [
    *(chr(code) for code in range(0x20)), "\x7f", *(chr(code) for code in range(0x80, 0xA0)),
    "\ud800", "\udfff", "\udc80", "\ufeff", "\u2028", "\u2029", "\u202e", "\u2066", "\u200b",
    "\u0307", "İ", "ı", "[", "]", "[/]", "[@click=app.quit]", "{", "}", '"', "'", "\\", ":", "-",
    "&a", "*a", "!!python/name:os.system", "---", "- ", "\t", "\n", "\r\n", "B-PER", "I-LOC", "O",
]  # fmt: skip
PIECES = st.one_of(st.characters(exclude_categories=()), st.sampled_from(AWKWARD))
TEXT = st.lists(PIECES, max_size=30).map("".join)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63), st.floats(), TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(TEXT, st.sampled_from(
            ["id", "text", "spans", "label", "start", "end", "entity_id", "aliases", "value"]
        )), inner, max_size=5)
    ),
    max_leaves=20,
)
SPAN = st.fixed_dictionaries(
    {"start": st.integers(-5, 40), "end": st.integers(-5, 40), "label": st.sampled_from([*LABELS, "X"])},
    optional={"text": TEXT, "entity_id": st.integers(), "canonical": TEXT, "value": SCALARS, "annotator": TEXT},
)
NATIVE = st.fixed_dictionaries(
    {"id": st.one_of(TEXT, st.integers()), "text": TEXT},
    optional={"title": SCALARS, "date": SCALARS, "status": SCALARS, "tags": VALUES,
              "spans": st.lists(st.one_of(SPAN, VALUES), max_size=4)},
)  # fmt: skip
DOCCANO = st.fixed_dictionaries(
    {"text": TEXT, "label": st.lists(st.lists(st.one_of(st.integers(-5, 40), TEXT), max_size=4), max_size=4)}
)
DEEP = st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8", errors="surrogatepass"))
    return path


def import_one(name: str, content: str) -> None:
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "fuzz.db") as store:
        path = write(Path(folder), name, content)
        try:
            report = import_dataset(store, path, "ayse", LABELS)
        except HasiyeError:
            report = None
        if report is None or not report.written:
            assert store.article_ids() == [] and store.entity_rows() == []


def json_line(value: object) -> str:
    """JSON with every non-ASCII character escaped: a lone surrogate arrives as ``\\ud800``,
    the way a hostile file carries one past the UTF-8 decoder."""
    return json.dumps(value, ensure_ascii=True)


@FUZZ
@given(st.lists(st.one_of(NATIVE.map(json_line), VALUES.map(json_line), TEXT, DEEP), min_size=1, max_size=4))
def test_native_jsonl(lines: list[str]):
    import_one("fuzz.jsonl", "\n".join(lines) + "\n")


@FUZZ
@given(st.lists(st.one_of(DOCCANO.map(json_line), TEXT), min_size=1, max_size=4))
def test_doccano_jsonl(lines: list[str]):
    import_one("fuzz.jsonl", "\n".join(lines) + "\n")


YAML_PIECES = st.lists(
    st.one_of(
        TEXT,
        st.sampled_from(["articles:\n", "entities:\n", "- id: a1\n", "  text: ", "  spans:\n",
                         "  - {start: 0, end: 3, label: PER}\n", "x: &a [1, 2]\n", "y: *a\n",
                         "- {id: 1, canonical: Ali, label: PER, aliases: ", "]\n", "[", "!!binary ",
                         "!!python/object/apply:os.system ['true']\n", "? ", "|\n", ">-\n"]),
        DEEP,
    ),
    max_size=12,
).map("".join)  # fmt: skip


@FUZZ
@given(YAML_PIECES)
def test_yaml(content: str):
    import_one("fuzz.yaml", content)


CONLL_LINES = st.lists(
    st.one_of(
        st.tuples(TEXT, st.sampled_from(["O", "B-PER", "I-PER", "B-LOC", "I-ORG", "B-", "X-PER", ""]))
        .map(lambda pair: f"{pair[0]}\t{pair[1]}"),
        st.sampled_from(["", "-DOCSTART- -X- O O", "-DOCSTART-\tO"]),
        TEXT,
    ),
    max_size=12,
).map("\n".join)  # fmt: skip


@FUZZ
@given(CONLL_LINES)
def test_conll(content: str):
    import_one("fuzz.conll", content)


@FUZZ
@given(st.one_of(TEXT, st.binary(max_size=200).map(lambda raw: raw.decode("latin-1"))))
def test_text_files(content: str):
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "fuzz.db") as store:
        path = write(Path(folder), "fuzz.txt", content)
        report = import_files(store, [path])
        if report.failed:
            assert store.article_ids() == []


LABEL_FILES = st.one_of(
    YAML_PIECES,
    st.lists(
        st.fixed_dictionaries({"name": SCALARS, "key": SCALARS, "color": SCALARS}), max_size=3
    ).map(lambda labels: json_line(labels)),
)


@FUZZ
@given(LABEL_FILES)
def test_label_files(content: str):
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "labels.yaml", content)
        for load in (load_labels, load_titles):
            try:
                load(path)
            except LabelFileError:
                pass
