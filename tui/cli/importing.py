"""``hasiye import``: text files and gold datasets into the database."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click

from annotations import interruptions
from annotations.errors import ForeignFormat, HasiyeError, ImportFileError
from annotations.input_limits import is_standard_input, not_a_regular_file
from annotations.interop.detection import IMPORT_FORMATS
from tui.cli.group import Settings, echo_err, open_store, pass_settings, processes_option

if TYPE_CHECKING:
    from annotations.importers.datasets import DatasetReport
    from annotations.store import Store


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=click.Choice(list(IMPORT_FORMATS)),
    help="Read every PATH as this format instead of telling it by name and content (text: a "
    "plain text article).",
)
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
@processes_option(
    "Text files: how many processes read and parse them while this one writes", "files"
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
    format_name: str | None,
    replace: bool,
    add_labels: bool,
    skip_invalid: bool,
    tag_column: str | None,
    processes: int | None,
    as_json: bool,
) -> None:
    """Import articles: text files (or directories of *.txt) and gold datasets.

    The format is told by name, then by content: *.jsonl / *.json (hasiye's JSONL, doccano's
    either shape, Label Studio tasks, Prodigy's tasks: answers "reject" and "ignore" are skipped and
    counted), *.yaml / *.yml, *.spacy (spaCy's DocBin; needs spaCy), *.conll / *.iob / *.iob2 / *.bio, brat
    pairs (*.ann, or a *.txt with a *.ann beside it), *.xmi (UIMA CAS XMI). A file that looks like
    a format hasiye does not read (WebAnno TSV, spaCy v2 JSON...) is refused with one line.
    --format overrides this. - reads standard input (its format told by content, or --format).
    Each problem is printed as FILE:LINE: what is wrong, and exit status is 1.

    A text file's article id is its file stem. Re-importing an unchanged text file changes nothing;
    a changed one whose article already has spans is refused unless --replace is given.
    """
    from annotations.conll import tag_column as parse_tag_column

    try:
        column = None if tag_column is None else parse_tag_column(tag_column)
    except ValueError as wrong:
        raise click.BadParameter(str(wrong), param_hint="--tag-column") from None

    missing = [path for path in paths if str(path) != "-" and not path.exists()]
    if missing:
        raise click.BadParameter(f"Path '{missing[0]}' does not exist.", param_hint="PATHS")
    store = open_store(settings)
    failed = False
    # SIGTERM ends it as an exception would: the -importing file goes, the spool too.
    with interruptions.terminating(), tempfile.TemporaryDirectory(prefix="hasiye-stdin-") as spool:
        datasets, texts, refused = sort_paths(paths, format_name, Path(spool))
        for error in refused:
            echo_err(f"hasiye: {error}")
        failed |= bool(refused)
        if datasets:
            options = DatasetOptions(replace, add_labels, skip_invalid, column, as_json)
            failed |= import_datasets(settings, store, datasets, options)
        if texts:
            # A .txt found in a folder may be a dataset: without --format, only plain text
            # articles are taken (told by the reading processes, file by file). A fifo or a
            # dangling link found there is refused by its reading, with its line.
            only_plain = format_name is None
            failed |= import_texts(store, texts, replace, processes, only_plain, as_json)
    if failed:
        sys.exit(1)


def sort_paths(
    paths: tuple[Path, ...], format_name: str | None, spool: Path
) -> tuple[list[tuple[Path, str, Path]], list[Path], list[HasiyeError]]:
    """(datasets as (file, format, name to show), text files, refusals) for the paths given.

    Standard input (``-``, or its name /dev/stdin) is spooled to a file first, so
    its content can be looked at before it is read."""
    from annotations.interop import detection

    datasets: list[tuple[Path, str, Path]] = []
    texts: list[Path] = []
    refused: list[HasiyeError] = []
    for path in paths:
        try:
            if is_standard_input(path):
                shown = Path("<stdin>") if str(path) == "-" else path
                spooled = spool / str(len(datasets)) / "stdin"  # ids stdin-0001, ...
                spooled.parent.mkdir()
                _spool(path, spooled)
                kind = format_name or detection.detect_stream(spooled, shown)
                if kind in ("text", "brat"):
                    needs = "its name is its id" if kind == "text" else "a .txt and an .ann"
                    raise ForeignFormat(
                        shown, "standard input", f"--format {kind} reads files ({needs}); name them"
                    )
                datasets.append((spooled, kind, shown))
            elif (unreadable := not_a_regular_file(path)) and not path.is_dir():
                raise ImportFileError(path, f"{unreadable}; pipe it into `hasiye import -` instead")
            elif path.is_dir():
                found = len(texts) + len(datasets)
                texts.extend(_folder_split(path, format_name, datasets))
                if len(texts) + len(datasets) == found:  # said, not silently nothing
                    raise ImportFileError(path, "no file to import in it; nothing imported")
            else:
                kind = format_name or detection.detect(path)
                if kind == "text":
                    texts.append(path)
                else:
                    datasets.append((path, kind, path))
        except HasiyeError as error:
            refused.append(error)
    return datasets, texts, refused


def _spool(path: Path, spooled: Path) -> None:
    """Copy standard input to a file that can be read twice."""
    with spooled.open("wb") as target:
        if str(path) == "-":
            source: BinaryIO = sys.stdin.buffer
            shutil.copyfileobj(source, target)
        else:
            with path.open("rb") as opened:
                shutil.copyfileobj(opened, target)


def _folder_split(
    folder: Path, format_name: str | None, datasets: list[tuple[Path, str, Path]]
) -> list[Path]:
    """A folder's brat pairs and XMI files are datasets; its other *.txt files text articles."""
    if format_name not in (None, "text", "brat", "xmi"):
        raise ForeignFormat(folder, "a folder", f"--format {format_name} reads files; name them")
    from annotations.importers import files_under

    found = files_under(folder, (".txt", ".ann", ".xmi"))
    has_brat = format_name in (None, "brat") and bool(found[".ann"])
    if has_brat:
        datasets.append((folder, "brat", folder))
    if format_name in (None, "xmi") and found[".xmi"]:
        datasets.append((folder, "xmi", folder))
    if format_name not in (None, "text"):
        return []
    # A fifo or a dangling link named .txt is listed: reading it refuses it with its line.
    annotated = {ann.with_suffix(".txt") for ann in found[".ann"]} if has_brat else set()
    return [text for text in found[".txt"] if text not in annotated]


@dataclass
class DatasetOptions:
    replace: bool
    add_labels: bool
    skip_invalid: bool
    tag_column: str | int | None
    as_json: bool


def import_datasets(
    settings: Settings,
    store: Store,
    datasets: list[tuple[Path, str, Path]],
    options: DatasetOptions,
) -> bool:
    from annotations.importers.datasets import import_dataset
    from tui.cli.output import echo_json

    labels = settings.label_names()
    failed = False
    replace, add_labels, skip_invalid = options.replace, options.add_labels, options.skip_invalid
    for source, format_name, path in datasets:
        try:
            with line_progress(source, path) as advance:
                report = import_dataset(
                    store,
                    source,
                    settings.annotator,
                    labels,
                    add_labels,
                    skip_invalid,
                    replace,
                    format_name=format_name,
                    shown_as=path,
                    tag_column=options.tag_column,
                    on_record=advance,
                )
        except HasiyeError as error:
            echo_err(f"hasiye: {error}")
            failed = True
            continue
        for problem in report.problems:
            echo_err(f"hasiye: {problem}")
        failed |= bool(report.problems)
        if options.as_json:
            echo_json(dataset_summary(report))
            continue
        if report.written:
            line = (
                f"{path}: {report.added} added, {report.replaced} replaced, {report.spans} span(s)"
            )
            if report.layers_added:
                line += f"; {report.layers_added} more layer(s) of those articles"
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
            echo_err(f"{path}: nothing imported: {len(report.problems)} problem(s){hint}")
    return failed


def dataset_summary(report: DatasetReport) -> dict:
    return {
        "path": str(report.path),
        "format": report.format_name,
        "written": report.written,
        "added": report.added,
        "replaced": report.replaced,
        "spans": report.spans,
        "layers_added": report.layers_added,
        "skipped": report.skipped,
        "new_labels": sorted(report.new_labels),
        "problems": report.problems,
    }


@contextmanager
def line_progress(source: Path, shown: Path) -> Iterator[Callable[[int], None]]:
    """A progress bar over a dataset file's lines, on a terminal only (never in a pipe)."""
    if not sys.stderr.isatty() or not source.is_file() or source.suffix.lower() == ".spacy":
        yield lambda line: None
        return
    with source.open("rb") as handle:
        total = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    total = max(total, 1)
    with click.progressbar(length=total, label=f"importing {shown.name}", file=sys.stderr) as bar:
        yield lambda line: bar.update(max(0, line - bar.pos))
        bar.update(max(0, total - bar.pos))  # the lines after the last record's start


def import_texts(
    store: Store,
    files: list[Path],
    replace: bool,
    processes: int | None,
    only_plain: bool,
    as_json: bool,
) -> bool:
    from annotations.importers import import_files
    from tui.cli.output import echo_json

    show_progress = sys.stderr.isatty() and len(files) > 1
    with click.progressbar(
        length=len(files), label="importing", file=sys.stderr, hidden=not show_progress
    ) as bar:

        def indexing() -> None:  # the bar is full; the import's last part has no steps to show
            bar.label = "indexing for search"
            bar.render_progress()

        report = import_files(
            store,
            files,
            replace=replace,
            on_file=lambda _: bar.update(1),
            processes=processes,
            only_plain=only_plain,
            on_indexing=indexing,
        )
    for problem in report.problems:
        echo_err(f"hasiye: {problem}")
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
