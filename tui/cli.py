"""The command line: a thin click layer over the annotations library.

Imports of textual, rich, sqlite-utils and the store stay inside the commands, so that
``hasiye --help`` and ``hasiye --version`` start in well under a second.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotations import __version__
from annotations.errors import HasiyeError

if TYPE_CHECKING:
    from annotations.store import Store

STATUS_CHOICES = ("todo", "in progress", "done")


@dataclass
class Settings:
    db_path: Path
    annotator: str
    labels_path: Path | None = None


class HasiyeGroup(click.Group):
    """Turns a user's mistake (a HasiyeError) into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except HasiyeError as error:
            raise click.ClickException(str(error)) from None


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("hasiye") / "hasiye.db"


def open_store(settings: Settings) -> Store:
    from annotations.store import Store

    def say(old: int, new: int) -> None:
        click.echo(
            f"hasiye: upgrading {settings.db_path} (schema {old} to {new}; building the search "
            "index can take a minute on a large corpus)...",
            err=True,
        )

    return Store(settings.db_path, on_upgrade=say)


pass_settings = click.make_pass_decorator(Settings)


@click.group(
    cls=HasiyeGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="HASIYE_DB",
    show_envvar=True,
    help="Database file (created if missing). Default: hasiye.db in the user data directory.",
)
@click.option(
    "--annotator",
    metavar="NAME",
    help="Name recorded on every span you make. Default: your OS user name.",
)
@click.option(
    "--labels",
    "labels_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file with the label set (name, key, color). Default: PER p, ORG o, LOC l, DATE d.",
)
@click.version_option(__version__, "--version", "-V", prog_name="hasiye")
@click.pass_context
def main(
    ctx: click.Context,
    db_path: Path | None,
    annotator: str | None,
    labels_path: Path | None,
) -> None:
    """hasiye: gold named-entity datasets from Turkish news, by keyboard.

    With no command, opens the annotator app (importing the bundled seed articles first when the
    database has no articles).
    """
    from annotations.model import default_annotator

    ctx.obj = Settings(
        db_path=db_path or default_db_path(),
        annotator=annotator or default_annotator(),
        labels_path=labels_path,
    )
    if ctx.invoked_subcommand is None:
        open_app(ctx.obj)


def open_app(settings: Settings) -> None:
    from annotations.labels import load_labels
    from annotations.model import DEFAULT_LABELS
    from annotations.seeds import import_seeds_if_empty

    labels = load_labels(settings.labels_path) if settings.labels_path else DEFAULT_LABELS
    store = open_store(settings)
    notice = None
    report = import_seeds_if_empty(store)
    if report is not None:
        notice = (
            f"The database had no articles: imported the {len(report.added)} bundled seed articles."
        )
        click.echo(f"{notice} ({settings.db_path})", err=True)
    from tui.app import make_app

    make_app(store, settings.annotator, notice=notice, labels=labels).run()
    store.close()


def label_names(settings: Settings) -> tuple[str, ...]:
    from annotations.labels import load_labels
    from annotations.model import DEFAULT_LABELS

    labels = load_labels(settings.labels_path) if settings.labels_path else DEFAULT_LABELS
    return tuple(label.name for label in labels)


@main.command("import")
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
    store.close()
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

    labels = label_names(settings)
    failed = False
    for path in paths:
        report = import_dataset(
            store, path, settings.annotator, labels, add_labels, skip_invalid, replace
        )
        for problem in report.problems:
            click.echo(f"hasiye: {problem}", err=True)
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
        click.echo(f"hasiye: {problem}", err=True)
    summary = (
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.problems)} not imported"
    )
    if report.spans_dropped:
        summary += f"; {report.spans_dropped} span(s) dropped that no longer fit their text"
    click.echo(summary)
    return report.failed


@main.command("export")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["jsonl", "yaml", "conll", "doccano"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one article per line with its spans; yaml: one reviewable document; conll: "
    "IOB2 token<TAB>tag; doccano: doccano's JSONL.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE",
    help="Where to write; - is standard output. A file is replaced whole, or not at all.",
)
@click.option(
    "--status",
    type=click.Choice(STATUS_CHOICES),
    help="Only articles with this status.",
)
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="LABEL",
    help="Only spans with this label (repeatable).",
)
@click.option("--annotator", "only_annotator", metavar="NAME", help="Only this annotator's spans.")
@click.option(
    "--article",
    "article_ids",
    multiple=True,
    metavar="ID",
    help="Only this article (repeatable).",
)
@click.option(
    "--entities",
    "entities_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the entity table (id, canonical, label, aliases, external id) as JSONL here.",
)
@pass_settings
def export_command(
    settings: Settings,
    format_name: str,
    output: str,
    status: str | None,
    labels: tuple[str, ...],
    only_annotator: str | None,
    article_ids: tuple[str, ...],
    entities_path: Path | None,
) -> None:
    """Export the annotations as a gold dataset.

    Every span is checked first (inside the text, its text equal to what it covers, label known);
    a failing span stops the export, names the article and span, and nothing is written. CoNLL
    cannot nest: the outermost span wins and the export says how many inner spans it left out.
    """
    from annotations.exporting import ExportSelection, export, export_entities
    from annotations.model import Status

    store = open_store(settings)
    selection = ExportSelection(
        status=Status(status) if status else None,
        labels=labels,
        annotator=only_annotator,
        article_ids=article_ids,
    )
    destination = None if output == "-" else Path(output)
    report = export(
        store,
        format_name,
        destination,
        selection,
        label_names(settings),
        stdout=sys.stdout,
    )
    where = "standard output" if destination is None else str(destination)
    summary = f"exported {report.articles} article(s), {report.spans} span(s) to {where}"
    if report.left_out:
        summary += (
            f"; CoNLL cannot nest: {report.left_out} inner span(s) left out in "
            f"{len(report.left_out_by_article)} article(s)"
        )
    click.echo(summary, err=True)
    if entities_path is not None:
        count = export_entities(store, entities_path)
        click.echo(
            f"exported {count} entit{'y' if count == 1 else 'ies'} to {entities_path}",
            err=True,
        )
    store.close()


@main.command("dates")
@click.argument("text", required=False)
@click.option(
    "--anchor",
    metavar="YYYY-MM-DD",
    help="The date relative expressions count from (an article's date). Without it, "
    "'bugün' and the like get no value and are marked as needing an anchor.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per expression.")
def dates_command(text: str | None, anchor: str | None, as_json: bool) -> None:
    """Print the date expressions found in TEXT (or standard input) with their values.

    Columns: start, end, the expression, its value (or why it has none).
    """
    import json
    from datetime import date

    from annotations.dates import find_dates

    anchor_date = None
    if anchor is not None:
        try:
            anchor_date = date.fromisoformat(anchor)
        except ValueError:
            raise click.BadParameter(f"{anchor!r} is not a date YYYY-MM-DD", param_hint="--anchor")
    if text is None:
        text = sys.stdin.read()
    found = find_dates(text, anchor_date)
    for item in found:
        value = item.value
        if as_json:
            record = {
                "start": item.start,
                "end": item.end,
                "text": item.surface,
                "value": value.value,
                "reason": value.reason,
                "needs_anchor": value.needs_anchor,
            }
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            shown = value.value or (
                "needs anchor" if value.needs_anchor else f"no value: {value.reason}"
            )
            click.echo(f"{item.start}\t{item.end}\t{item.surface}\t{shown}")
    if not found:
        sys.exit(1)


@main.command("search")
@click.argument("query")
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Most hits to show."
)
@click.option("--label", metavar="LABEL", help="Only hits inside spans with this label.")
@click.option(
    "--entity", metavar="NAME", help="Search an entity's aliases (QUERY is added to them)."
)
@click.option("--status", type=click.Choice(STATUS_CHOICES), help="Only articles with this status.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
@pass_settings
def search_command(
    settings: Settings,
    query: str,
    limit: int,
    label: str | None,
    entity: str | None,
    status: str | None,
    as_json: bool,
) -> None:
    """Fuzzy search of the corpus: every word must match, however it is spelled.

    Each word matches its exact, Turkish-folded (İ/I/ı), ASCII (erdogan, baskani) or typo-tolerant
    form (one edit for 4-7 letters, two for longer), with or without an apostrophe suffix;
    "quoted words" must be adjacent; kahir* is a prefix. One hit per article, best first, with
    keyword-in-context lines. Exit status 1 when nothing is found, like grep.
    """
    import json

    from annotations.model import Status
    from annotations.search import Vocabulary, entity_query, search
    from tui.cli_output import print_hits

    store = open_store(settings)
    wanted = Status(status) if status else None
    vocabulary = Vocabulary(store.search_terms())
    queries = [query]
    if entity is not None:
        names = store.entity_names_matching(entity)
        if not names:
            raise click.ClickException(f"no entity named {entity!r}")
        queries = [f"{alias} {query}".strip() for alias in entity_query(names)]
    best: dict[str, object] = {}
    for text in queries:
        for hit in search(store, text, limit, wanted, label, vocabulary):
            if hit.article_id not in best or hit.score > best[hit.article_id].score:
                best[hit.article_id] = hit
    hits = sorted(best.values(), key=lambda hit: (-hit.score, hit.article_id))[:limit]
    store.close()
    if as_json:
        for hit in hits:
            record = {
                "id": hit.article_id,
                "title": hit.title,
                "date": hit.date,
                "score": hit.score,
                "snippets": [
                    {
                        "start": s.start,
                        "end": s.end,
                        "text": s.text,
                        "matches": [list(m) for m in s.matches],
                    }
                    for s in hit.snippets
                ],
            }
            click.echo(json.dumps(record, ensure_ascii=False))
    else:
        print_hits(hits, color=sys.stdout.isatty())
    if not hits:
        sys.exit(1)


@main.command("index")
@click.option("--rebuild", is_flag=True, required=True, help="Index every article again (repair).")
@pass_settings
def index_command(settings: Settings, rebuild: bool) -> None:
    """Rebuild the search index. It is kept in step with every import on its own; this is for
    repair, with a progress bar on a terminal."""
    store = open_store(settings)
    total = store.article_count()
    with click.progressbar(
        length=total, label="indexing", file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:
        done = store.rebuild_search_index(on_batch=bar.update)
    store.close()
    click.echo(f"indexed {done} article(s)")


@main.command("list")
@click.option(
    "--page",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Page to show.",
)
@click.option(
    "--per-page",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Articles per page.",
)
@click.option("--all", "show_all", is_flag=True, help="Every article, no paging.")
@click.option(
    "--status",
    type=click.Choice(STATUS_CHOICES),
    help="Only articles with this status.",
)
@pass_settings
def list_command(
    settings: Settings, page: int, per_page: int, show_all: bool, status: str | None
) -> None:
    """List articles: id, title, date, source, tags, spans, status.

    A table on a terminal; tab-separated lines (with a header line) when piped.
    """
    from annotations.model import Status
    from tui.cli_output import print_article_list

    store = open_store(settings)
    wanted = Status(status) if status else None
    total = store.article_count(wanted)
    offset, limit = (0, None) if show_all else ((page - 1) * per_page, per_page)
    rows = store.list_articles(offset=offset, limit=limit, status=wanted)
    print_article_list(rows)
    if not show_all:
        pages = max(1, -(-total // per_page))
        note = f"page {page} of {pages}, {total} article(s)"
        if page < pages:
            note += f"; --page {page + 1} for more, --all for every article"
        click.echo(note, err=True)
    store.close()


@main.command("show")
@click.argument("article_id", metavar="ID")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the spans. Default: colour on a terminal, plain [surface]LABEL marks in a pipe.",
)
@pass_settings
def show_command(settings: Settings, article_id: str, color: bool | None) -> None:
    """Print an article with its spans marked as [surface]LABEL."""
    from tui.cli_output import print_article

    store = open_store(settings)
    article = store.get_article(article_id)
    spans = store.spans_for(article_id)
    store.close()
    to_terminal = sys.stdout.isatty()
    print_article(article, spans, color=to_terminal if color is None else color, mask=to_terminal)


# The entity commands live in their own module; registered here so that `hasiye --help` lists them.
from tui.cli_entities import entities_group, propagate_command  # noqa: E402

main.add_command(entities_group)
main.add_command(propagate_command)
