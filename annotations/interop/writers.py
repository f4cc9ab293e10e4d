"""Writing brat, Label Studio and UIMA CAS XMI exports.

Label Studio tasks are one JSON array, streamed. brat and XMI are folders (one or two files per
article); a folder is written beside its destination and renamed into place at the end, so an
export that fails leaves nothing half-written. The destination must be new or an empty folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from annotations.dataset import GoldRecord, RecordProblem
from annotations.errors import ExportError
from annotations.interop import brat, label_studio, uima_xmi

if TYPE_CHECKING:
    from annotations.gold_records import ExportReport

FOLDER_FORMATS = ("brat", "xmi")
# What XML 1.0 cannot carry at all, not even as a character reference.
_NOT_XML_1_0 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_label_studio(
    records: Iterable[GoldRecord], out: TextIO, report: ExportReport, as_predictions: bool
) -> None:
    out.write("[")
    separator = "\n"
    for number, record in enumerate(records, start=1):
        out.write(separator)
        task = label_studio.to_task(record, as_predictions, number)
        out.write(json.dumps(task, ensure_ascii=False))
        separator = ",\n"
        report.articles += 1
        report.spans += len(record.spans)
    out.write("\n]\n")


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def write_brat(records: Iterable[GoldRecord], folder: Path, report: ExportReport) -> None:
    labels: set[str] = set()
    for record in records:
        try:
            ann = brat.to_ann(record)
        except RecordProblem as problem:
            raise ExportError(f"article {record.article.id}: {problem}; nothing was written") from None
        stem = brat.file_stem(record.article.id)
        _write_text(folder / f"{stem}.txt", record.article.text)
        _write_text(folder / f"{stem}.ann", ann)
        labels.update(span.label for span in record.spans)
        report.articles += 1
        report.spans += len(record.spans)
    _write_text(folder / "annotation.conf", brat.annotation_conf(labels))


def write_xmi(records: Iterable[GoldRecord], folder: Path, report: ExportReport) -> None:
    (folder / uima_xmi.TYPE_SYSTEM_FILE).write_bytes(uima_xmi.type_system_xml())
    for record in records:
        bad = _NOT_XML_1_0.search(record.article.text)
        if bad is not None:
            raise ExportError(
                f"article {record.article.id}: its text holds U+{ord(bad.group()):04X} at offset "
                f"{bad.start()}, which XML 1.0 cannot carry; XMI cannot hold this article "
                "(name the other articles with --article ID to export them, or use another "
                "format: JSONL keeps it); nothing was written"
            )
        _write_text(folder / f"{brat.file_stem(record.article.id)}.xmi", uima_xmi.to_xmi(record))
        report.articles += 1
        report.spans += len(record.spans)


def write_folder(destination: Path, write: Callable[[Path], ExportReport]) -> ExportReport:
    """Write into a fresh folder beside ``destination``, then rename it into place."""
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise ExportError(
            f"{destination} exists and is not an empty folder: this format writes a folder of "
            "files; give a new or empty folder"
        )
    parent = destination.parent if str(destination.parent) else Path(".")
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", suffix=".partial", dir=parent))
    except OSError as error:
        raise ExportError(f"cannot write {destination}: {error.strerror}") from None
    try:
        report = write(folder)
        os.chmod(folder, 0o777 & ~_umask())
        if destination.exists():
            destination.rmdir()
        os.replace(folder, destination)
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise ExportError(f"cannot write {destination}: {error.strerror}") from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return report


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
