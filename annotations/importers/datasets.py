"""Import gold datasets: native JSONL, YAML, CoNLL (IOB or IOB2) and doccano JSONL.

Each record is checked (malformed line, offsets out of range, surface mismatch, crossing spans,
unknown labels, ids repeated in the file or already stored) and every problem is reported as
``FILE:LINE: what is wrong``. A file is read twice: first checked without writing anything (by
default nothing from a file with a problem is written; with ``skip_invalid`` the sound records go
in and the others are listed), then written in batches of at most ``BATCH_RECORDS`` records or
``BATCH_SECONDS``, each one transaction, with room between them for another writer (the app
saving a label must not wait for a 60,000-article import). A process killed half way leaves
whole articles of the batches committed; importing the file again with ``replace`` finishes it.
Texts are kept exactly as in the file, since the offsets refer to them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotations.conll import ConllProblem, read_documents, rebuild
from annotations.dataset import (
    GoldRecord,
    GoldSpan,
    RecordProblem,
    from_doccano,
    from_native,
    problems_of,
    record_kind,
)
from annotations.dates import parse_anchor, span_value
from annotations.errors import ImportFileError
from annotations.input_limits import not_a_regular_file, problem_in
from annotations.model import Article, Entity, Span
from annotations.interop import brat, uima_xmi
from annotations.interop.detection import SUFFIX_FORMATS, refuse_foreign_records
from annotations.interop.json_records import NotJson, json_records
from annotations.interop.label_studio import from_task
from annotations.importers.yaml_dataset import LineProblem, yaml_items
from annotations.store import Store

BATCH_RECORDS = 500
BATCH_SECONDS = 0.2


def dataset_format(path: Path) -> str | None:
    """The dataset format a file's name says (jsonl covers native, doccano and Label Studio);
    None: plain text."""
    return SUFFIX_FORMATS.get(path.suffix.lower())


@dataclass
class DatasetReport:
    path: Path
    format_name: str = ""
    added: int = 0
    replaced: int = 0
    spans: int = 0
    problems: list[str] = field(default_factory=list)
    written: bool = False
    new_labels: set[str] = field(default_factory=set)

    @property
    def records(self) -> int:
        return self.added + self.replaced


def _open_lines(path: Path) -> Iterator[str]:
    why = not_a_regular_file(path)
    if why:
        raise ImportFileError(path, why)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from handle
    except UnicodeDecodeError as error:
        raise ImportFileError(
            path, f"not valid UTF-8 at byte {error.start} ({error.reason})"
        ) from None


def _jsonl(
    path: Path, annotator: str, kind: str | None = None
) -> Iterator[GoldRecord | LineProblem]:
    """JSON Lines, one JSON object or a JSON array; each record read as its shape says (native,
    doccano, Label Studio), or as ``kind`` when the format was given."""
    count = 0
    for number, data in json_records(_open_lines(path)):
        if isinstance(data, NotJson):
            yield LineProblem(data.line, data.why)
            continue
        why = problem_in(data)
        if why:
            yield LineProblem(number, f"not read: {why}")
            continue
        count += 1
        if count == 1:
            refuse_foreign_records(path, data)
        try:
            shape = kind or record_kind(data)
            fallback_id = f"{path.stem}-{count:04d}"
            if shape == "doccano":
                yield from_doccano(data, annotator, fallback_id, number)
            elif shape == "label-studio":
                yield from_task(data, annotator, fallback_id, number)
            else:
                yield from_native(data, annotator, number)
        except RecordProblem as problem:
            yield LineProblem(number, str(problem))


def _yaml(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem | Entity]:
    return yaml_items("".join(_open_lines(path)), annotator)


def _conll(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem]:
    try:
        for number, document in enumerate(read_documents(_open_lines(path)), start=1):
            text, spans = rebuild(document, annotator)
            article = Article(
                id=f"{path.stem}-{number:04d}",
                title=text.split("\n", 1)[0][:120],
                text=text,
            )
            yield GoldRecord(article, spans, document.line)
    except ConllProblem as problem:
        yield LineProblem(problem.line, str(problem))


def _brat(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem]:
    for text_path, ann_path in brat.pairs(path):
        if not text_path.is_file() or not ann_path.is_file():
            missing = text_path if not text_path.is_file() else ann_path
            yield LineProblem(0, f"brat: {missing.name} is missing beside its pair")
            continue
        try:
            text = brat.read_text(text_path)
            with ann_path.open(encoding="utf-8", newline="") as handle:
                ann_lines = handle.read().split("\n")
            yield brat.from_ann(ann_lines, text, brat.article_id_of(text_path.stem), annotator)
        except UnicodeDecodeError as error:
            yield LineProblem(0, f"{text_path.name} / {ann_path.name}: not valid UTF-8 ({error})")
        except RecordProblem as problem:
            yield LineProblem(0, f"{ann_path.name}: {problem}")


def _xmi(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem]:
    files = sorted(path.rglob("*.xmi")) if path.is_dir() else [path]
    for file in files:
        try:
            yield uima_xmi.from_xmi(file, annotator)
        except RecordProblem as problem:
            yield LineProblem(0, f"{file.name}: {problem}")


def read_dataset(
    path: Path, format_name: str, annotator: str
) -> Iterator[GoldRecord | LineProblem | Entity]:
    if format_name in ("doccano", "label-studio"):
        return _jsonl(path, annotator, format_name)
    readers = {"jsonl": _jsonl, "yaml": _yaml, "conll": _conll, "brat": _brat, "xmi": _xmi}
    return readers[format_name](path, annotator)


@dataclass
class _FileImport:
    """One file's import: what it has seen so far, and how each record goes in. ``checking``:
    only find the problems (and the new labels), write nothing."""

    store: Store
    report: DatasetReport
    known: set[str]
    add_labels: bool
    replace: bool
    checking: bool = False
    seen: dict[str, int] = field(default_factory=dict)  # article id -> line
    entity_ids: dict[tuple, int] = field(default_factory=dict)  # as named in the file -> here
    # The file's entities: section: its id -> (the id here, the canonical name).
    declared: dict[int | None, tuple[int, str]] = field(default_factory=dict)

    def problem(self, line: int, why: str) -> None:
        where = f"{self.report.path}:{line}" if line else str(self.report.path)  # 0: the file
        self.report.problems.append(f"{where}: {why}")

    def entity(self, entity: Entity) -> None:
        if self.checking:
            return
        self.declared[entity.id] = (self.store.put_entity(entity), entity.canonical)

    def record(self, record: GoldRecord) -> None:
        article = record.article
        if article.id in self.seen:
            why = f"article id {article.id!r} repeats the one on line {self.seen[article.id]}"
            self.problem(record.line, why)
            return
        self.seen[article.id] = record.line
        found = problems_of(record, None if self.add_labels else self.known)
        exists = self.store.has_article(article.id)
        if exists and not self.replace:
            found.append(
                f"article {article.id!r} is already in the database (use --replace to overwrite "
                "it with this file's text and spans)"
            )
        for why in found:
            self.problem(record.line, f"article {article.id}: {why}")
        if found:
            return
        if self.checking:
            self.report.new_labels.update(
                span.label for span in record.spans if span.label not in self.known
            )
            return
        anchor = parse_anchor(article.date)
        spans = [self._span(article, span, anchor) for span in record.spans]
        self.store.replace_article(article, spans, str(self.report.path))
        if exists:
            self.report.replaced += 1
        else:
            self.report.added += 1
        self.report.spans += len(spans)

    def _span(self, article: Article, span: GoldSpan, anchor) -> Span:
        entity_id = None
        if span.entity_id is not None or span.canonical is not None:
            # An id names one entity whatever the span's label (after a merge one entity links
            # spans of several labels); a name alone names one per label ("Ankara" LOC and ORG).
            key: tuple = (
                (span.entity_id, span.canonical)
                if span.entity_id is not None
                else (None, span.canonical, span.label)
            )
            if key not in self.entity_ids:
                declared = self.declared.get(span.entity_id)
                if declared is not None and span.canonical in (None, declared[1]):
                    self.entity_ids[key] = declared[0]
                else:
                    self.entity_ids[key] = self.store.put_entity(
                        Entity(span.entity_id, span.canonical or span.text, span.label),
                        any_label=True,
                    )
            entity_id = self.entity_ids[key]
            self.store.add_alias(entity_id, span.text)
        if span.label not in self.known:
            self.report.new_labels.add(span.label)
        # A DATE span that arrives without a value gets one; one with a value, or a null, keeps it.
        value = span.value if span.has_value else span_value(span.label, span.text, anchor)
        return Span(
            article.id,
            span.start,
            span.end,
            span.label,
            span.text,
            span.annotator,
            entity_id,
            value,
        )


def import_dataset(
    store: Store,
    path: Path,
    annotator: str,
    labels: Iterable[str],
    add_labels: bool = False,
    skip_invalid: bool = False,
    replace: bool = False,
    format_name: str | None = None,
    shown_as: Path | None = None,
) -> DatasetReport:
    """Check one dataset file, then import it in batches (see the module's docstring).

    ``shown_as`` is the name messages give the file (``<stdin>`` for standard input spooled to a
    temporary file)."""
    try:
        return _import_dataset(
            store, path, annotator, labels, add_labels, skip_invalid, replace, format_name,
            shown_as or path,
        )
    except ImportFileError as error:
        if shown_as is None or error.path == shown_as:
            raise
        raise ImportFileError(shown_as, error.why) from None  # not the spooled file's name


def _import_dataset(
    store: Store,
    path: Path,
    annotator: str,
    labels: Iterable[str],
    add_labels: bool,
    skip_invalid: bool,
    replace: bool,
    format_name: str | None,
    shown_as: Path,
) -> DatasetReport:
    format_name = format_name or dataset_format(path)
    if format_name is None:
        raise ImportFileError(path, "not a dataset file (.jsonl, .yaml, .conll)")
    known = set(labels) | store.extra_labels()
    checked = DatasetReport(shown_as, format_name)
    checking = _FileImport(store, checked, known, add_labels, replace, checking=True)
    with store.reading():  # no write lock while checking: the app goes on saving meanwhile
        for item in read_dataset(path, format_name, annotator):
            _take(checking, item)
    if checked.problems and not skip_invalid:
        return checked
    report = DatasetReport(shown_as, format_name)
    work = _FileImport(store, report, known, add_labels, replace)
    items = iter(read_dataset(path, format_name, annotator))
    with store.indexing_later():
        finished = False
        while not finished:
            with store.transaction():
                if checked.new_labels:  # before the first span that carries one
                    store.add_extra_labels(sorted(checked.new_labels))
                finished = _write_a_batch(work, items)
            store.leave_room()  # the app, waiting to save a label, gets in here
    report.written = True
    if report.records:
        store.refresh_search_vocabulary()  # now, not at the first search
    return report


def _take(work: _FileImport, item: GoldRecord | LineProblem | Entity) -> None:
    if isinstance(item, LineProblem):
        work.problem(item.line, item.why)
    elif isinstance(item, Entity):
        work.entity(item)
    else:
        work.record(item)


def _write_a_batch(work: _FileImport, items: Iterator[GoldRecord | LineProblem | Entity]) -> bool:
    """Write records until the batch is full; True when the file is done."""
    began = time.monotonic()
    for count, item in enumerate(items, start=1):
        _take(work, item)
        if count >= BATCH_RECORDS or time.monotonic() - began > BATCH_SECONDS:
            return False
    return True
