"""Import gold datasets: native JSONL, YAML, CoNLL (IOB or IOB2, any columns), doccano JSONL,
Prodigy JSONL and spaCy DocBin.

Each record is checked (malformed line, offsets out of range, surface mismatch, crossing spans,
unknown labels, ids repeated in the file or already stored) and every problem is reported as
``FILE:LINE: what is wrong``. A file is one transaction: by default nothing from a file with a
problem is written; with ``skip_invalid`` the sound records go in and the others are listed.
Texts are kept exactly as in the file, since the offsets refer to them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from annotations.conll import ConllProblem, read_documents, rebuild
from annotations.dataset import (
    GoldRecord,
    GoldSpan,
    RecordProblem,
    from_doccano,
    from_native,
    problems_of,
)
from annotations.dates import parse_anchor, span_value
from annotations.docbin import SpacyMissing, from_docbin
from annotations.errors import ImportFileError
from annotations.model import Article, Entity, Span
from annotations.prodigy import from_prodigy, is_prodigy
from annotations.store import Store
from annotations.tokenizing import TOKENISED_TAG

SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".conll": "conll",
    ".iob": "conll",
    ".iob2": "conll",
    ".bio": "conll",
    ".spacy": "spacy",
}


def dataset_format(path: Path) -> str | None:
    """The dataset format a file's name says (jsonl covers native and doccano); None: plain text."""
    return SUFFIX_FORMATS.get(path.suffix.lower())


@dataclass
class LineProblem:
    line: int
    why: str


@dataclass
class Skipped:
    """A record the file holds but that is not gold (a Prodigy answer "reject" or "ignore")."""

    line: int
    why: str


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
    skipped: dict[str, int] = field(default_factory=dict)  # why -> records (Prodigy's rejects)

    @property
    def records(self) -> int:
        return self.added + self.replaced


def _open_lines(path: Path) -> Iterator[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from handle
    except UnicodeDecodeError as error:
        raise ImportFileError(
            path, f"not valid UTF-8 at byte {error.start} ({error.reason})"
        ) from None


def _jsonl(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem | Skipped]:
    kind = None
    count = 0
    for number, line in enumerate(_open_lines(path), start=1):
        if not line.strip():
            continue
        count += 1
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            yield LineProblem(number, f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        if kind is None and isinstance(data, dict):
            kind = "doccano" if "label" in data and "spans" not in data else "native"
            kind = "prodigy" if is_prodigy(data) else kind
        try:
            if kind == "prodigy":
                answer = data.get("answer", "accept") if isinstance(data, dict) else "accept"
                if answer in ("reject", "ignore"):
                    yield Skipped(number, f'answer "{answer}"')
                    continue
                yield from_prodigy(data, annotator, f"{path.stem}-{count:04d}", number)
            elif kind == "doccano":
                yield from_doccano(data, annotator, f"{path.stem}-{count:04d}", number)
            else:
                yield from_native(data, annotator, number)
        except RecordProblem as problem:
            yield LineProblem(number, str(problem))


def _yaml(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem | Entity]:
    text = "".join(_open_lines(path))
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        yield LineProblem(
            mark.line + 1 if mark else 1,
            f"not valid YAML ({getattr(error, 'problem', error)})",
        )
        return
    finally:
        loader.dispose()
    if root is None:
        return
    if not isinstance(root, yaml.MappingNode):
        yield LineProblem(
            root.start_mark.line + 1, "expected a mapping with entities: and articles:"
        )
        return
    for key_node, value_node in root.value:
        key = key_node.value
        if key not in ("entities", "articles"):
            yield LineProblem(key_node.start_mark.line + 1, f"unknown section {key!r}")
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            yield LineProblem(value_node.start_mark.line + 1, f"{key}: expected a list")
            continue
        for item in value_node.value:
            line = item.start_mark.line + 1
            try:
                data = yaml.SafeLoader("").construct_document(item)
            except yaml.YAMLError as error:
                yield LineProblem(line, f"not valid YAML ({error})")
                continue
            try:
                yield (_entity(data) if key == "entities" else from_native(data, annotator, line))
            except RecordProblem as problem:
                yield LineProblem(line, str(problem))


def _entity(data: object) -> Entity:
    if not isinstance(data, dict) or not isinstance(data.get("canonical"), str):
        raise RecordProblem("an entity needs at least canonical and label")
    label = data.get("label")
    aliases = data.get("aliases") or []
    entity_id = data.get("id")
    if not isinstance(label, str) or not isinstance(aliases, list):
        raise RecordProblem("an entity's label must be a string and its aliases a list")
    if entity_id is not None and (not isinstance(entity_id, int) or isinstance(entity_id, bool)):
        raise RecordProblem(f"entity id must be a whole number, not {entity_id!r}")
    return Entity(
        entity_id,
        data["canonical"],
        label,
        tuple(map(str, aliases)),
        data.get("external_id"),
    )


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


def _docbin(path: Path, annotator: str) -> Iterator[GoldRecord | LineProblem]:
    try:
        yield from from_docbin(path.read_bytes(), annotator, path.stem)
    except SpacyMissing as error:
        raise ImportFileError(path, str(error)) from None
    except (ValueError, LookupError, TypeError, OSError) as error:  # what spaCy says of bad bytes
        raise ImportFileError(path, f"not a spaCy DocBin ({error})") from None


def read_dataset(
    path: Path, format_name: str, annotator: str, tag_column: str | int | None = None
) -> Iterator[GoldRecord | LineProblem | Entity | Skipped]:
    if format_name == "conll":
        return _conll(path, annotator, tag_column)
    if format_name == "spacy":
        return _docbin(path, annotator)
    readers = {"jsonl": _jsonl, "yaml": _yaml}
    return readers[format_name](path, annotator)


@dataclass
class _FileImport:
    """One file's import: what it has seen so far, and how each record goes in."""

    store: Store
    report: DatasetReport
    known: set[str]
    add_labels: bool
    replace: bool
    seen: dict[str, int] = field(default_factory=dict)  # article id -> line
    entity_ids: dict[tuple, int] = field(default_factory=dict)  # as named in the file -> here

    def problem(self, line: int, why: str) -> None:
        self.report.problems.append(f"{self.report.path}:{line}: {why}")

    def entity(self, entity: Entity) -> None:
        self.entity_ids[("id", entity.id)] = self.store.put_entity(entity)

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
            key = (span.entity_id, span.canonical, span.label)
            if key not in self.entity_ids:
                declared = self.entity_ids.get(("id", span.entity_id))  # the file's entities:
                if declared is not None and span.canonical is None:
                    self.entity_ids[key] = declared
                else:
                    self.entity_ids[key] = self.store.put_entity(
                        Entity(span.entity_id, span.canonical or span.text, span.label)
                    )
            entity_id = self.entity_ids[key]
            self.store.add_alias(entity_id, span.text)
        if span.label not in self.known:
            self.report.new_labels.add(span.label)
        # A DATE span that arrives without a value gets one; one with a value keeps it.
        value = span.value if span.value is not None else span_value(span.label, span.text, anchor)
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


class _Abandon(Exception):
    """Roll the file's transaction back."""


def import_dataset(
    store: Store,
    path: Path,
    annotator: str,
    labels: Iterable[str],
    add_labels: bool = False,
    skip_invalid: bool = False,
    replace: bool = False,
    format_name: str | None = None,
    tag_column: str | int | None = None,
    on_record: Callable[[int], None] | None = None,
) -> DatasetReport:
    """Check and import one dataset file in one transaction (see the module's docstring)."""
    format_name = format_name or dataset_format(path)
    if format_name is None:
        raise ImportFileError(path, "not a dataset file (.jsonl, .yaml, .conll)")
    report = DatasetReport(path, format_name)
    work = _FileImport(store, report, set(labels) | store.extra_labels(), add_labels, replace)
    try:
        with store.indexing_later(), store.transaction():
            for item in read_dataset(path, format_name, annotator, tag_column):
                if isinstance(item, LineProblem):
                    work.problem(item.line, item.why)
                elif isinstance(item, Skipped):
                    report.skipped[item.why] = report.skipped.get(item.why, 0) + 1
                elif isinstance(item, Entity):
                    work.entity(item)
                else:
                    work.record(item)
                    if on_record is not None:
                        on_record(item.line)  # where in the file: a progress bar's position
            if report.problems and not skip_invalid:
                raise _Abandon
            if report.new_labels:
                store.add_extra_labels(sorted(report.new_labels))
    except _Abandon:
        report.added = report.replaced = report.spans = 0
        return report
    report.written = True
    if report.records:
        store.refresh_search_vocabulary()  # now, not at the first search
    return report
