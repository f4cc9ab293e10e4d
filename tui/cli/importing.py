"""``hasiye import``: text files and gold datasets into the database."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tui.cli.group import Settings, open_store, pass_settings

if TYPE_CHECKING:
    from annotations.importers.datasets import DatasetReport
    from annotations.store import Store


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Text files: re-import changed articles even when they have spans (spans that no longer "
    "fit are dropped and counted). Datasets: overwrite articles already in the database with the "
    "file's text and spans.",
)
@click.option(
    "--add-labels",
    is_flag=True,
    help="Datasets: accept labels that are not in the label set (they become known to export).",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Datasets: import the sound records of a file with problems and list the others "
    "(by default nothing from such a file is written).",
)
@click.option(
    "--tag-column",
    metavar="N|NAME",
    help="CoNLL: the column holding the tags, by position (1 is the first, -1 the last, the "
    "default) or by a name from the file's '# columns = ...' header line.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print each file's summary as one JSON object per line on standard output.",
)
@pass_settings
def import_command(
    settings: Settings,
    paths: tuple[Path, ...],
    replace: bool,
    add_labels: bool,
    skip_invalid: bool,
    tag_column: str | None,
    as_json: bool,
) -> None:
    """Import articles: text files (or directories of *.txt) and gold datasets.

    Datasets are recognised by their name: *.jsonl / *.json (hasiye's JSONL, doccano's when the
    records carry "label", Prodigy's when they carry tokens, answer or hashes: answers "reject"
    and "ignore" are skipped and counted), *.yaml / *.yml, *.conll / *.iob / *.iob2 / *.bio (CoNLL,
    IOB or IOB2, any columns), *.spacy (spaCy's DocBin; needs spaCy).
    Each problem is printed as FILE:LINE: what is wrong, and exit status is 1.

    A text file's article id is its file stem. Re-importing an unchanged text file changes nothing;
    a changed one whose article already has spans is refused unless --replace is given.
    """
    from annotations.importers import discover_files
    from annotations.importers.datasets import dataset_format

    from annotations.conll import tag_column as parse_tag_column

    try:
        column = None if tag_column is None else parse_tag_column(tag_column)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--tag-column") from None
    datasets = [path for path in paths if path.is_file() and dataset_format(path)]
    texts = [path for path in paths if path not in datasets]
    store = open_store(settings)
    failed = False
    options = DatasetOptions(replace, add_labels, skip_invalid, column, as_json)
    if datasets:
        failed |= import_datasets(settings, store, datasets, options)
    if texts:
        failed |= import_texts(store, discover_files(texts), replace, as_json)
    if failed:
        sys.exit(1)


@dataclass
class DatasetOptions:
    replace: bool
    add_labels: bool
    skip_invalid: bool
    tag_column: str | int | None
    as_json: bool


def import_datasets(
    settings: Settings, store: Store, paths: list[Path], options: DatasetOptions
) -> bool:
    from annotations.importers.datasets import import_dataset
    from tui.cli.output import echo_json

    labels = settings.label_names()
    failed = False
    replace, add_labels, skip_invalid = options.replace, options.add_labels, options.skip_invalid
    for path in paths:
        with line_progress(path) as advance:
            report = import_dataset(
                store,
                path,
                settings.annotator,
                labels,
                add_labels,
                skip_invalid,
                replace,
                tag_column=options.tag_column,
                on_record=advance,
            )
        for problem in report.problems:
            click.echo(f"hasiye: {problem}", err=True)
        failed |= bool(report.problems)
        if options.as_json:
            echo_json(dataset_summary(report))
            continue
        if report.written:
            line = (
                f"{path}: {report.added} added, {report.replaced} replaced, {report.spans} span(s)"
            )
            if report.problems:
                line += f"; {len(report.problems)} problem(s), those records skipped"
            if report.new_labels:
                line += f"; new labels: {', '.join(sorted(report.new_labels))}"
            if report.skipped:
                counts = ", ".join(f"{n} {why}" for why, n in sorted(report.skipped.items()))
                line += f"; skipped (not gold): {counts}"
            click.echo(line)
        else:
            hint = "" if skip_invalid else " (--skip-invalid imports the sound records)"
            unknown = any("unknown label" in problem for problem in report.problems)
            if unknown and not add_labels:
                hint += "; --add-labels accepts labels outside the label set"
            click.echo(
                f"{path}: nothing imported: {len(report.problems)} problem(s){hint}",
                err=True,
            )
    return failed


def dataset_summary(report: DatasetReport) -> dict:
    return {
        "path": str(report.path),
        "format": report.format_name,
        "written": report.written,
        "added": report.added,
        "replaced": report.replaced,
        "spans": report.spans,
        "skipped": report.skipped,
        "new_labels": sorted(report.new_labels),
        "problems": report.problems,
    }


@contextmanager
def line_progress(path: Path) -> Iterator[Callable[[int], None]]:
    """A progress bar over a dataset file's lines, on a terminal only (never in a pipe)."""
    if not sys.stderr.isatty() or path.suffix.lower() == ".spacy":
        yield lambda line: None
        return
    with path.open("rb") as handle:
        total = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    total = max(total, 1)
    with click.progressbar(length=total, label=f"importing {path.name}", file=sys.stderr) as bar:
        yield lambda line: bar.update(max(0, line - bar.pos))
        bar.update(max(0, total - bar.pos))  # the lines after the last record's start


def import_texts(store: Store, files: list[Path], replace: bool, as_json: bool = False) -> bool:
    from annotations.importers import import_files
    from tui.cli.output import echo_json

    show_progress = sys.stderr.isatty() and len(files) > 1
    with click.progressbar(
        length=len(files), label="importing", file=sys.stderr, hidden=not show_progress
    ) as bar:
        report = import_files(store, files, replace=replace, on_file=lambda _: bar.update(1))
    for problem in report.problems:
        click.echo(f"hasiye: {problem}", err=True)
    if as_json:
        echo_json(
            {
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "problems": [str(problem) for problem in report.problems],
                "spans_dropped": report.spans_dropped,
            }
        )
        return report.failed
    summary = (
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.problems)} not imported"
    )
    if report.spans_dropped:
        summary += f"; {report.spans_dropped} span(s) dropped that no longer fit their text"
    click.echo(summary)
    return report.failed
