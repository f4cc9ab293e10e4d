"""Export the store as a gold dataset: JSONL (native), YAML, CoNLL (IOB2), doccano JSONL, Label
Studio tasks, brat standoff or UIMA CAS XMI (the last three in ``annotations.interop``), Prodigy
JSONL or spaCy DocBin.

Articles stream from the store a batch at a time, so memory does not grow with the corpus. Every
span is checked before it is written (inside the text, surface equal to the text it covers, label
known); a failing span stops the export with ExportError naming the article and the span, and
nothing is written: a file is written beside its destination and renamed at the end, and standard
output, a device or a fifo is only written after a first pass has checked everything. Both
passes read one snapshot (one read transaction): an import committing meanwhile is seen whole or
not at all.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from json.encoder import encode_basestring as _quoted  # json.dumps's, ensure_ascii=False
from pathlib import Path
from typing import TextIO

import yaml

from annotations.conll import to_conll, write_document
from annotations.dataset import (
    GoldRecord,
    GoldSpan,
    problems_of,
    span_order,
    to_doccano,
    to_native,
)
from annotations.docbin import SpacyMissing, to_docbin
from annotations.destinations import replaced_whole, write_destination
from annotations.errors import ExportError, HasiyeError
from annotations.export_formats import FORMATS
from annotations.interop import writers
from annotations.model import DEFAULT_GOLD, Entity, Status
from annotations.process_runs import ignore_interrupts, processes_for, runs_after
from annotations.prodigy import to_prodigy
from annotations.safe_text import terminal_safe
from annotations.store import Store
from annotations.tokenizing import is_tokenised

# What the CLI and the export dialog take unless told otherwise: a gold dataset holds finished
# articles, not work in progress.
DEFAULT_EXPORT_STATUS = Status.DONE
# The annotator name of the layer adjudication settles into.


@dataclass
class ExportSelection:
    """Which articles and spans go out; None or empty means all."""

    status: Status | None = None
    labels: tuple[str, ...] = ()
    annotator: str | None = None
    article_ids: tuple[str, ...] = ()
    # Without an annotator: "gold" takes an article's gold layer when it has one, its one layer
    # when it has only one, and leaves out (and counts) an article with several layers and no
    # gold; "all" takes every layer, each span with its annotator.
    layers: str = "gold"
    gold: str = DEFAULT_GOLD


@dataclass
class ExportReport:
    articles: int = 0
    spans: int = 0
    left_out: int = 0  # nested spans CoNLL cannot hold
    left_out_by_article: dict[str, int] = field(default_factory=dict)
    unfinished_left_out: int = 0  # articles not done that an export of done ones did not take
    done_left_out: int = 0  # proposals export: done articles whose old proposals stayed out
    # Articles with several layers and no gold layer, left out (ids in export order).
    unsettled_left_out: list[str] = field(default_factory=list)


def unfinished_left_out(store: Store, selection: ExportSelection) -> int:
    """How many articles the selection leaves out because they are not done yet (todo or in
    progress), when it takes done ones only: what an export should say it did not take."""
    if selection.status is not Status.DONE:
        return 0
    if selection.article_ids:
        statuses = store.statuses(list(dict.fromkeys(selection.article_ids))).values()
        return sum(1 for status in statuses if status is not Status.DONE)
    counts = store.status_counts()
    return counts[Status.TODO] + counts[Status.IN_PROGRESS]


def chosen_layer(rows: list[tuple], selection: ExportSelection) -> list[tuple] | None:
    """The span rows (annotator fifth) an export takes from an article, None to leave it out:
    see ``ExportSelection.layers``."""
    if selection.annotator is not None:
        return [row for row in rows if row[4] == selection.annotator]
    if selection.layers == "all":
        return rows
    annotators = {row[4] for row in rows}
    if selection.gold in annotators:
        return [row for row in rows if row[4] == selection.gold]
    return rows if len(annotators) <= 1 else None


def gold_records(
    store: Store,
    selection: ExportSelection,
    known_labels: Iterable[str],
    left_out: list[str] | None = None,
    run: tuple[str, str | None] = ("", None),
) -> Iterator[GoldRecord]:
    """The selected articles with their selected spans, each checked; ExportError on the first
    bad one. The ids of articles left out for want of a gold layer go to ``left_out``. ``run``:
    only the articles with an id after its first and up to its second (when not None)."""
    known = set(known_labels) | store.extra_labels()
    names = store.entity_names()
    wanted_labels = set(selection.labels)
    article_ids = list(selection.article_ids) or None
    if article_ids is not None:
        missing = [id_ for id_ in article_ids if not store.has_article(id_)]
        if missing:
            raise ExportError(f"no article with id {missing[0]!r}; nothing was written")
    for batch in store.iter_articles(selection.status, article_ids, after=run[0], upto=run[1]):
        rows_by_article = store.span_rows_of_articles([article.id for article in batch])
        for article in batch:
            rows = chosen_layer(rows_by_article[article.id], selection)
            if rows is None:
                if left_out is not None:
                    left_out.append(article.id)
                continue
            spans = [
                GoldSpan(
                    start,
                    end,
                    label,
                    surface,
                    annotator,
                    entity_id,
                    names.get(entity_id, (None,))[0],
                    value,
                )
                for start, end, label, surface, annotator, entity_id, value in rows
                if not wanted_labels or label in wanted_labels
            ]
            record = GoldRecord(article, spans)
            problems = problems_of(record, known)
            if problems:
                raise ExportError(f"article {article.id}: {problems[0]}; nothing was written")
            yield record


# Writers: each takes the records and a text stream ---------------------------------------------


class _BlockDumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks (``|``), the way a person reads an article."""


# A YAML reader takes these for line breaks and folds them into a space or a newline in every style
# but the double-quoted one, where they are escaped.
_FOLDED_BREAKS = ("\x85", "\u2028", "\u2029")


def _text_style(value: str) -> str | None:
    """Double quotes (escaped, exact) for text a reader would fold; a literal block for other
    multi-line text, unless it ends in blank lines (a ``|+`` block ends the YAML document: ``...``);
    otherwise PyYAML's choice, which quotes and escapes what a plain scalar cannot hold."""
    if any(brk in value for brk in _FOLDED_BREAKS):
        return '"'
    if "\n" in value:
        return "|" if value.strip("\n") and not value.endswith("\n\n") else '"'
    return None


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=_text_style(value))


_BlockDumper.add_representer(str, _represent_text)


def _yaml(data: object) -> str:
    return yaml.dump(data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100_000)


def entity_record(entity: Entity) -> dict:
    return {
        "id": entity.id,
        "canonical": entity.canonical,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "external_id": entity.external_id,
    }


def _json_or_null(value: str | int | None) -> str:
    return "null" if value is None else _quoted(value) if isinstance(value, str) else str(value)


def native_json_line(record: GoldRecord) -> str:
    """``json.dumps(to_native(record), ensure_ascii=False)``'s characters written field by field:
    ~30% faster than building the dicts and encoding them (an export writes a million spans)."""
    article = record.article
    spans = ", ".join(
        f'{{"start": {span.start}, "end": {span.end}, "label": {_quoted(span.label)}, '
        f'"text": {_quoted(span.text)}, "entity_id": {_json_or_null(span.entity_id)}, '
        f'"canonical": {_json_or_null(span.canonical)}, "value": {_json_or_null(span.value)}, '
        f'"annotator": {_quoted(span.annotator)}}}'
        for span in sorted(record.spans, key=span_order)
    )
    return (
        f'{{"id": {_quoted(article.id)}, "title": {_quoted(article.title)}, '
        f'"date": {_json_or_null(article.date)}, "source": {_json_or_null(article.source)}, '
        f'"tags": [{", ".join(map(_quoted, article.tags))}], '
        f'"status": {_quoted(article.status.value)}, "summary": {_quoted(article.summary)}, '
        f'"text": {_quoted(article.text)}, "spans": [{spans}]}}'
    )


def doccano_json_line(record: GoldRecord) -> str:
    return json.dumps(to_doccano(record), ensure_ascii=False)


def prodigy_json_line(record: GoldRecord) -> str:
    return json.dumps(to_prodigy(record), ensure_ascii=False)


# The formats that are one JSON object per article and line: a large export of them to a file is
# written by several processes at once (``_export_in_runs``).
JSON_LINES: dict[str, Callable[[GoldRecord], str]] = {
    "jsonl": native_json_line,
    "doccano": doccano_json_line,
    "prodigy": prodigy_json_line,
}


def _write_lines(
    records: Iterable[GoldRecord],
    out: TextIO,
    report: ExportReport,
    as_line: Callable[[GoldRecord], str],
) -> None:
    for record in records:
        out.write(as_line(record) + "\n")
        report.articles += 1
        report.spans += len(record.spans)


def write_yaml(
    records: Iterable[GoldRecord],
    out: TextIO,
    report: ExportReport,
    entities: list[Entity],
) -> None:
    """One document: ``entities:`` then ``articles:``, each article dumped as it comes."""
    if entities:
        out.write("entities:\n")
        out.write(_yaml([entity_record(entity) for entity in entities]))
    else:
        out.write("entities: []\n")
    wrote_any = False
    for record in records:
        if not wrote_any:
            out.write("articles:\n")
            wrote_any = True
        out.write(_yaml([to_native(record)]))
        report.articles += 1
        report.spans += len(record.spans)
    if not wrote_any:
        out.write("articles: []\n")


def write_conll(records: Iterable[GoldRecord], out: TextIO, report: ExportReport) -> None:
    for record in records:
        exported = to_conll(
            record.article.text, record.spans, is_tokenised(record.article.tags)
        )
        for piece in write_document(exported.sentences):
            out.write(piece)
        report.articles += 1
        report.spans += len(record.spans) - exported.left_out
        if exported.left_out:
            report.left_out += exported.left_out
            report.left_out_by_article[record.article.id] = exported.left_out


def write_docbin(records: Iterable[GoldRecord], out: TextIO, report: ExportReport) -> None:
    """spaCy's DocBin is bytes: they go to the text stream's binary buffer."""
    try:
        data, report.articles, report.spans = to_docbin(records)
    except SpacyMissing as error:
        raise ExportError(f"{error}; nothing was written") from None
    out.flush()
    out.buffer.write(data)
    out.buffer.flush()


def export(
    store: Store,
    format_name: str,
    destination: Path | None,
    selection: ExportSelection,
    known_labels: Iterable[str],
    stdout: TextIO | None = None,
    on_article: Callable[[str], None] | None = None,
    processes: int | None = None,
) -> ExportReport:
    """Write the dataset to ``destination`` or, when None, to ``stdout``.

    A file is replaced whole or not at all; a link is followed; a device or a fifo is streamed to
    (``annotations.destinations``). A terminal gets control and invisible characters as visible
    symbols; a file or a pipe gets the records exactly. A large export of JSON lines to a file
    is written by ``processes`` processes at once (default: ``processes_for``;
    ``_export_in_runs``)."""
    if format_name not in FORMATS:
        raise ExportError(f"unknown format {format_name!r}; one of {', '.join(FORMATS)}")
    known = tuple(known_labels)

    def records_for(
        report: ExportReport, run: tuple[str, str | None] = ("", None)
    ) -> Iterator[GoldRecord]:
        """The records, each reported to ``on_article``; those left out for want of a gold
        layer are noted in the report."""
        for record in gold_records(store, selection, known, report.unsettled_left_out, run):
            if on_article is not None:
                on_article(record.article.id)
            yield record

    if (
        processes != 1
        and destination is not None
        and format_name in JSON_LINES
        and not selection.article_ids
        and replaced_whole(destination)
    ):
        processes = processes or processes_for(store.article_count(selection.status))
        written = processes > 1 and _export_in_runs(
            store, destination, processes, JSON_LINES[format_name], selection, known, records_for,
            on_article,
        )  # fmt: skip
        if written:
            return written

    def write(out: TextIO) -> ExportReport:
        report = ExportReport(unfinished_left_out=unfinished_left_out(store, selection))

        def records() -> Iterator[GoldRecord]:
            return records_for(report)

        if format_name in JSON_LINES:
            _write_lines(records(), out, report, JSON_LINES[format_name])
        elif format_name == "conll":
            write_conll(records(), out, report)
        elif format_name == "spacy":
            write_docbin(records(), out, report)
        elif format_name.startswith("label-studio"):
            as_predictions = format_name == "label-studio-predictions"
            writers.write_label_studio(records(), out, report, as_predictions)
        else:
            write_yaml(records(), out, report, list(store.entities()))
        return report

    def check() -> None:
        for _ in gold_records(store, selection, known):
            pass  # check everything first: what reaches a pipe or a device cannot be taken back

    # One read transaction: the checking pass and the writing pass see one snapshot, so an import
    # committing meanwhile can neither tear an article from its spans nor change what was checked.
    with store.reading():
        if format_name in writers.FOLDER_FORMATS:
            return _export_folder(store, format_name, destination, selection, records_for)
        if destination is None:
            check()
            return write(terminal_safe(stdout or sys.stdout))
        return write_destination(destination, write, before_streaming=check)


class _WrittenMeanwhile(Exception):
    """Another process wrote to the store while the runs of an export were read."""


def _export_in_runs(
    store: Store,
    destination: Path,
    processes: int,
    as_line: Callable[[GoldRecord], str],
    selection: ExportSelection,
    known: tuple[str, ...],
    records_for: Callable[[ExportReport, tuple[str, str | None]], Iterator[GoldRecord]],
    on_article: Callable[[str], None] | None,
) -> ExportReport | None:
    """JSON lines written by several processes at once: the articles cut into runs by id, each
    but the first written by a process of its own into a part file beside the destination, this
    one writing the first and then joining the parts in id order. Each process reads its own
    snapshot: None, and nothing written, when another process wrote to the store meanwhile
    (the runs may have read different states: the caller exports in one snapshot) or there are
    too few articles to cut."""
    before = store.data_version()
    with store.reading():
        bounds = store.article_id_bounds(processes)
    if not bounds:
        return None
    runs = runs_after(bounds)
    folder = Path(os.path.realpath(destination)).parent

    def write(out: TextIO) -> ExportReport:
        report = ExportReport(unfinished_left_out=unfinished_left_out(store, selection))
        parts: list[Path] = []
        try:
            for _ in runs:
                handle, name = tempfile.mkstemp(
                    dir=folder, prefix=f".{destination.name}.", suffix=".part"
                )
                os.close(handle)
                parts.append(Path(name))
            # Spawned, not forked (see agreement_report.measure); leaving the block ends them.
            with get_context("spawn").Pool(len(runs), initializer=ignore_interrupts) as pool:
                others = [
                    pool.apply_async(
                        _export_run,
                        (store.path, store.annotator, as_line, selection, known, run, part),
                    )
                    for run, part in zip(runs, parts)
                ]
                with store.reading():
                    _write_lines(records_for(report, ("", bounds[0])), out, report, as_line)
                for other, part in zip(others, parts):
                    written, ids = other.get()
                    out.flush()
                    with part.open("rb") as lines:
                        shutil.copyfileobj(lines, out.buffer, 1 << 20)
                    report.articles += written.articles
                    report.spans += written.spans
                    report.unsettled_left_out += written.unsettled_left_out
                    if on_article is not None:
                        for article_id in ids:
                            on_article(article_id)
        finally:
            for part in parts:
                part.unlink(missing_ok=True)
        if store.data_version() != before:
            raise _WrittenMeanwhile
        return report

    try:
        return write_destination(destination, write)
    except _WrittenMeanwhile:
        return None


def _export_run(
    path: Path,
    annotator: str,
    as_line: Callable[[GoldRecord], str],
    selection: ExportSelection,
    known: tuple[str, ...],
    run: tuple[str, str | None],
    part: Path,
) -> tuple[ExportReport, list[str]]:
    """One run of ``_export_in_runs`` written to ``part``: what it wrote, and the articles' ids."""
    report = ExportReport()
    ids: list[str] = []

    def noted(records: Iterable[GoldRecord]) -> Iterator[GoldRecord]:
        for record in records:
            ids.append(record.article.id)
            yield record

    try:
        with (
            Store(path, annotator=annotator) as store,
            store.reading(),
            part.open("w", encoding="utf-8", newline="\n") as out,
        ):
            records = gold_records(store, selection, known, report.unsettled_left_out, run)
            _write_lines(noted(records), out, report, as_line)
    except OSError as error:
        raise ExportError(f"cannot write beside {part.parent}: {error.strerror}") from None
    except HasiyeError as error:  # as a plain ExportError: it crosses a process boundary
        raise ExportError(str(error)) from None
    return report, ids


def _export_folder(
    store: Store,
    format_name: str,
    destination: Path | None,
    selection: ExportSelection,
    records: Callable[[ExportReport], Iterator[GoldRecord]],
) -> ExportReport:
    """brat and XMI: a folder of files per article, written whole or not at all."""
    if destination is None:
        raise ExportError(f"{format_name} writes a folder of files: give -o FOLDER")

    def write(folder: Path) -> ExportReport:
        report = ExportReport(unfinished_left_out=unfinished_left_out(store, selection))
        writer = writers.write_brat if format_name == "brat" else writers.write_xmi
        writer(records(report), folder, report)
        return report

    return writers.write_folder(destination, write)


def export_entities(store: Store, destination: Path) -> int:
    """The entity table as JSONL (id, canonical, label, aliases, external_id); returns the count."""
    count = 0

    def write(out: TextIO) -> ExportReport:
        nonlocal count
        for entity in store.entities():
            out.write(json.dumps(entity_record(entity), ensure_ascii=False) + "\n")
            count += 1
        return ExportReport()

    with store.reading():
        write_destination(destination, write)
    return count
