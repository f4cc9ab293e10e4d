"""Import gold datasets: native JSONL, YAML, CoNLL (IOB or IOB2, any columns), doccano JSONL,
Prodigy JSONL, spaCy DocBin (and, through annotations.interop, Label Studio, brat, UIMA XMI).

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
from collections.abc import Callable, Iterable, Iterator
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
from annotations.docbin import SpacyMissing, from_docbin
from annotations.errors import ImportFileError
from annotations.input_limits import not_a_regular_file, problem_in
from annotations.model import Article, Entity, Span
from annotations.interop import brat, uima_xmi
from annotations.interop.detection import SUFFIX_FORMATS, refuse_foreign_records
from annotations.interop.json_records import NotJson, json_records
from annotations.interop.label_studio import from_task
from annotations.importers.repeats import FirstRecord, annotators_of
from annotations.importers.yaml_dataset import LineProblem, yaml_items
from annotations.prodigy import from_prodigy, is_prodigy
from annotations.store import Store
from annotations.tokenizing import TOKENISED_TAG

BATCH_RECORDS = 500
BATCH_SECONDS = 0.2


def dataset_format(path: Path) -> str | None:
    """The dataset format a file's name says (jsonl covers native, doccano and Label Studio);
    None: plain text."""
    return SUFFIX_FORMATS.get(path.suffix.lower())


@dataclass
class Skipped:
    """A record the file holds but that is not gold (a Prodigy answer "reject" or "ignore")."""

    line: int
    why: str


Item = GoldRecord | LineProblem | Entity | Skipped


@dataclass
class DatasetReport:
    path: Path
    format_name: str = ""
    added: int = 0
    replaced: int = 0
    spans: int = 0
    layers_added: int = 0  # records that were another annotator's layer of an article above
    problems: list[str] = field(default_factory=list)
    written: bool = False
    new_labels: set[str] = field(default_factory=set)
    skipped: dict[str, int] = field(default_factory=dict)  # why -> records (Prodigy's rejects)

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
) -> Iterator[GoldRecord | LineProblem | Skipped]:
    """JSON Lines, one JSON object or a JSON array; each record read as its shape says (native,
    doccano, Label Studio), or as ``kind`` when the format was given."""
    count = 0
    inputs: dict[int, str] = {}  # Prodigy's _input_hash -> the article id its first answer got
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
            shape = kind or ("prodigy" if is_prodigy(data) else record_kind(data))
            fallback_id = f"{path.stem}-{count:04d}"
            if shape == "prodigy":
                # Answers of several annotators to one input without an id: one article.
                key = data.get("_input_hash") if isinstance(data, dict) else None
                if isinstance(key, int) and not isinstance(key, bool):
                    fallback_id = inputs.setdefault(key, fallback_id)
                answer = data.get("answer", "accept") if isinstance(data, dict) else "accept"
                if answer in ("reject", "ignore"):
                    yield Skipped(number, f'answer "{answer}"')
                    continue
                yield from_prodigy(data, annotator, fallback_id, number)
            elif shape == "doccano":
                yield from_doccano(data, annotator, fallback_id, number)
            elif shape == "label-studio":
                yield from_task(data, annotator, fallback_id, number)
            else:
                yield from_native(data, annotator, number)
        except RecordProblem as problem:
            yield LineProblem(number, str(problem))


def _yaml(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem | Entity]:
    return yaml_items("".join(_open_lines(path)), annotator)


def _conll(
    path: Path, annotator: str, column: str | int | None = None
) -> Iterator[GoldRecord | LineProblem]:
    try:
        for number, document in enumerate(read_documents(_open_lines(path), column), start=1):
            text, spans = rebuild(document, annotator)
            article = Article(
                id=f"{path.stem}-{number:04d}",
                title=text.split("\n", 1)[0][:120],
                text=text,
                tags=(TOKENISED_TAG,),  # its words are the file's tokens, its lines its sentences
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


def _docbin(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem]:
    why = not_a_regular_file(path)
    if why:
        raise ImportFileError(path, why)
    try:
        yield from from_docbin(path.read_bytes(), annotator, path.stem)
    except SpacyMissing as error:
        raise ImportFileError(path, str(error)) from None
    except (ValueError, LookupError, TypeError, OSError) as error:  # what spaCy says of bad bytes
        raise ImportFileError(path, f"not a spaCy DocBin ({error})") from None


def read_dataset(
    path: Path, format_name: str, annotator: str, tag_column: str | int | None = None
) -> Iterator[Item]:
    if format_name in ("doccano", "label-studio", "prodigy"):
        return _jsonl(path, annotator, format_name)
    if format_name == "conll":
        return _conll(path, annotator, tag_column)
    if format_name == "spacy":
        return _docbin(path, annotator)
    readers: dict[str, Callable[[Path, str], Iterator[Item]]] = {
        "jsonl": _jsonl, "yaml": _yaml, "brat": _brat, "xmi": _xmi,
    }  # fmt: skip
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
    on_record: Callable[[int], None] | None = None
    seen: dict[str, FirstRecord] = field(default_factory=dict)  # by article id
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
        first = self.seen.get(article.id)
        if first is not None:
            self._another_layer(record, first)
            return
        first = self.seen[article.id] = FirstRecord.of(record)
        found = problems_of(record, None if self.add_labels else self.known)
        exists = self.store.has_article(article.id)
        if exists and not self.replace:
            found.append(
                f"article {article.id!r} is already in the database (use --replace to overwrite "
                "it with this file's text and spans)"
            )
        if not self._sound(record, found):
            return
        first.taken = True
        if self.checking:
            return
        spans = self._spans(record)
        self.store.replace_article(article, spans, str(self.report.path))
        if exists:
            self.report.replaced += 1
        else:
            self.report.added += 1
        self.report.spans += len(spans)

    def _another_layer(self, record: GoldRecord, first: FirstRecord) -> None:
        why = first.problem_with(record)
        if why is not None:
            self.problem(record.line, why)
            return
        if not self._sound(record, problems_of(record, None if self.add_labels else self.known)):
            return
        annotators = annotators_of(record)
        first.annotators |= annotators
        if self.checking:
            return
        spans = self._spans(record)
        self.store.add_layer(record.article, spans, annotators)
        self.report.layers_added += 1
        self.report.spans += len(spans)

    def _sound(self, record: GoldRecord, found: list[str]) -> bool:
        """Report the record's problems; when it has none, note the labels it brings."""
        for why in found:
            self.problem(record.line, f"article {record.article.id}: {why}")
        if not found and self.checking:
            self.report.new_labels.update(
                span.label for span in record.spans if span.label not in self.known
            )
        return not found

    def _spans(self, record: GoldRecord) -> list[Span]:
        anchor = parse_anchor(record.article.date)
        return [self._span(record.article, span, anchor) for span in record.spans]

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
    tag_column: str | int | None = None,
    on_record: Callable[[int], None] | None = None,
) -> DatasetReport:
    """Check one dataset file, then import it in batches (see the module's docstring).

    ``shown_as`` is the name messages give the file (``<stdin>`` for standard input spooled to a
    temporary file)."""
    try:
        return _import_dataset(
            store, path, annotator, labels, add_labels, skip_invalid, replace, format_name,
            shown_as or path, tag_column, on_record,
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
    tag_column: str | int | None = None,
    on_record: Callable[[int], None] | None = None,
) -> DatasetReport:
    format_name = format_name or dataset_format(path)
    if format_name is None:
        raise ImportFileError(path, "not a dataset file (.jsonl, .yaml, .conll)")
    known = set(labels) | store.extra_labels()
    checked = DatasetReport(shown_as, format_name)
    checking = _FileImport(store, checked, known, add_labels, replace, checking=True)
    with store.reading():  # no write lock while checking: the app goes on saving meanwhile
        for item in read_dataset(path, format_name, annotator, tag_column):
            _take(checking, item)
    if checked.problems and not skip_invalid:
        return checked
    report = DatasetReport(shown_as, format_name)
    work = _FileImport(store, report, known, add_labels, replace, on_record=on_record)
    items = iter(read_dataset(path, format_name, annotator, tag_column))
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


def _take(work: _FileImport, item: Item) -> None:
    if isinstance(item, LineProblem):
        work.problem(item.line, item.why)
    elif isinstance(item, Skipped):
        work.report.skipped[item.why] = work.report.skipped.get(item.why, 0) + 1
    elif isinstance(item, Entity):
        work.entity(item)
    else:
        work.record(item)
        if work.on_record is not None:
            work.on_record(item.line)  # where in the file: a progress bar's position


def _write_a_batch(work: _FileImport, items: Iterator[Item]) -> bool:
    """Write records until the batch is full; True when the file is done."""
    began = time.monotonic()
    for count, item in enumerate(items, start=1):
        _take(work, item)
        if count >= BATCH_RECORDS or time.monotonic() - began > BATCH_SECONDS:
            return False
    return True
