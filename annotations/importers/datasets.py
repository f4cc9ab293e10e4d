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

from annotations.dataset import GoldRecord, GoldSpan, linked_dates, problems_of
from annotations.dates import parse_anchor, span_value
from annotations.errors import ImportFileError
from annotations.importers.dataset_readers import Item, Skipped, dataset_format, read_dataset
from annotations.importers.repeats import FirstRecord, annotators_of
from annotations.importers.yaml_dataset import LineProblem
from annotations.model import Article, Entity, Span
from annotations.store import Store

BATCH_RECORDS = 500
BATCH_SECONDS = 0.2


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
        found = problems_of(record, None if self.add_labels else self.known) + linked_dates(record)
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
        found = problems_of(record, None if self.add_labels else self.known) + linked_dates(record)
        if not self._sound(record, found):
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
    # Now, not at the first search; also what an import killed before this left undone.
    store.search_vocabulary_ready()
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
