"""``hasiye import``: text files and gold datasets into the database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotations.safe_text import visible_text
from tui.cli.group import Settings, open_store, pass_settings

if TYPE_CHECKING:
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
@pass_settings
def import_command(
    settings: Settings,
    paths: tuple[Path, ...],
    replace: bool,
    add_labels: bool,
    skip_invalid: bool,
) -> None:
    """Import articles: text files (or directories of *.txt) and gold datasets.

    Datasets are recognised by their name: *.jsonl / *.json (hasiye's JSONL, or doccano's when the
    records carry "label"), *.yaml / *.yml, *.conll / *.iob / *.iob2 / *.bio (CoNLL, IOB or IOB2).
    Each problem is printed as FILE:LINE: what is wrong, and exit status is 1.

    A text file's article id is its file stem. Re-importing an unchanged text file changes nothing;
    a changed one whose article already has spans is refused unless --replace is given.
    """
    from annotations.importers import discover_files
    from annotations.importers.datasets import dataset_format

    datasets = [path for path in paths if path.is_file() and dataset_format(path)]
    texts = [path for path in paths if path not in datasets]
    store = open_store(settings)
    failed = False
    if datasets:
        failed |= import_datasets(settings, store, datasets, replace, add_labels, skip_invalid)
    if texts:
        failed |= import_texts(store, discover_files(texts), replace)
    if failed:
        sys.exit(1)


def import_datasets(
    settings: Settings,
    store: Store,
    paths: list[Path],
    replace: bool,
    add_labels: bool,
    skip_invalid: bool,
) -> bool:
    from annotations.importers.datasets import import_dataset

    labels = settings.label_names()
    failed = False
    for path in paths:
        report = import_dataset(
            store, path, settings.annotator, labels, add_labels, skip_invalid, replace
        )
        for problem in report.problems:
            click.echo(f"hasiye: {visible_text(str(problem))}", err=True)
        if report.written:
            line = (
                f"{path}: {report.added} added, {report.replaced} replaced, {report.spans} span(s)"
            )
            if report.problems:
                line += f"; {len(report.problems)} problem(s), those records skipped"
            if report.new_labels:
                line += f"; new labels: {', '.join(sorted(report.new_labels))}"
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
        failed |= bool(report.problems)
    return failed


def import_texts(store: Store, files: list[Path], replace: bool) -> bool:
    from annotations.importers import import_files

    show_progress = sys.stderr.isatty() and len(files) > 1
    with click.progressbar(
        length=len(files), label="importing", file=sys.stderr, hidden=not show_progress
    ) as bar:
        report = import_files(store, files, replace=replace, on_file=lambda _: bar.update(1))
    for problem in report.problems:
        click.echo(f"hasiye: {visible_text(str(problem))}", err=True)
    summary = (
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.problems)} not imported"
    )
    if report.spans_dropped:
        summary += f"; {report.spans_dropped} span(s) dropped that no longer fit their text"
    click.echo(summary)
    return report.failed
