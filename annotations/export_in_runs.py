"""A large export of JSON lines to a file, written by several processes at once (one per core):
the articles cut into runs by id, each but the first written by a process of its own into a part
file beside the destination, the calling process writing the first and joining the parts in id
order. The same bytes as one process writes, and one snapshot: when another process wrote to the
store while the runs were read, nothing is written here and the caller exports in one process."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from annotations.dataset import GoldRecord
from annotations.destinations import replaced_whole, write_destination
from annotations.errors import ExportError, HasiyeError
from annotations.gold_records import (
    ExportReport,
    ExportSelection,
    gold_records,
    unfinished_left_out,
    write_lines,
)
from annotations.json_lines import JSON_LINES
from annotations.process_runs import processes_for, run_pool, runs_after
from annotations.store import Store


class _WrittenMeanwhile(Exception):
    """Another process wrote to the store while the runs of an export were read."""


def export_in_runs(
    store: Store,
    format_name: str,
    destination: Path,
    processes: int | None,
    selection: ExportSelection,
    known: tuple[str, ...],
    records_for: Callable[[ExportReport, tuple[str, str | None]], Iterator[GoldRecord]],
    on_article: Callable[[str], None] | None,
) -> ExportReport | None:
    """The export written in runs (see the module), by ``processes`` processes (default:
    ``processes_for``); None, and nothing written, when it is not one to write so (another
    format, chosen articles, a device, too few articles) or another process wrote to the store
    meanwhile: the caller exports in one process."""
    if (
        format_name not in JSON_LINES
        or selection.article_ids
        or not replaced_whole(destination)
    ):
        return None
    processes = processes or processes_for(store.article_count(selection.status))
    if processes < 2:
        return None
    as_line = JSON_LINES[format_name]
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
            with run_pool(len(runs)) as pool:
                others = [
                    pool.apply_async(
                        _export_run,
                        (store.path, store.annotator, as_line, selection, known, run, part),
                    )
                    for run, part in zip(runs, parts)
                ]
                with store.reading():
                    write_lines(records_for(report, ("", bounds[0])), out, report, as_line)
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
    """One run of ``export_in_runs`` written to ``part``: what it wrote, and the articles' ids."""
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
            write_lines(noted(records), out, report, as_line)
    except OSError as error:
        raise ExportError(f"cannot write beside {part.parent}: {error.strerror}") from None
    except HasiyeError as error:  # as a plain ExportError: it crosses a process boundary
        raise ExportError(str(error)) from None
    return report, ids
