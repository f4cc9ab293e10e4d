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
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

import yaml

from annotations.conll import DOCSTART_LINE, FLAIR_DOCSTART_LINE, to_conll, write_document
from annotations.dataset import GoldRecord, to_native
from annotations.docbin import SpacyMissing, to_docbin
from annotations.destinations import write_destination
from annotations.errors import ExportError
from annotations.export_formats import FORMATS
from annotations.export_in_runs import export_in_runs
from annotations.gold_records import (
    DEFAULT_EXPORT_STATUS,
    ExportReport,
    ExportSelection,
    gold_records,
    unfinished_left_out,
    write_lines,
)
from annotations.interop import writers
from annotations.json_lines import JSON_LINES
from annotations.model import Entity
from annotations.safe_text import terminal_safe
from annotations.store import Store
from annotations.tokenizing import is_tokenised

__all__ = [
    "DEFAULT_EXPORT_STATUS",
    "ExportReport",
    "ExportSelection",
    "export",
    "export_entities",
    "gold_records",
    "unfinished_left_out",
]

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


def write_conll(
    records: Iterable[GoldRecord], out: TextIO, report: ExportReport, docstart: str = DOCSTART_LINE
) -> None:
    for record in records:
        exported = to_conll(
            record.article.text, record.spans, is_tokenised(record.article.tags)
        )
        for piece in write_document(exported.sentences, docstart):
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
    ``annotations.export_in_runs``)."""
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

    if destination is not None and processes != 1:
        written = export_in_runs(
            store, format_name, destination, processes, selection, known, records_for, on_article
        )
        if written is not None:
            return written

    def write(out: TextIO) -> ExportReport:
        report = ExportReport(unfinished_left_out=unfinished_left_out(store, selection))

        def records() -> Iterator[GoldRecord]:
            return records_for(report)

        if format_name in JSON_LINES:
            write_lines(records(), out, report, JSON_LINES[format_name])
        elif format_name == "conll":
            write_conll(records(), out, report)
        elif format_name == "conll-flair":
            write_conll(records(), out, report, FLAIR_DOCSTART_LINE)
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
