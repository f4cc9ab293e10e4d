"""``hasiye export``: the annotations as a gold dataset, and the entity table."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotations.export_formats import FORMATS

from tui.cli.group import (
    STATUS_CHOICES,
    Settings,
    echo_err,
    open_store,
    pass_settings,
    processes_option,
)

if TYPE_CHECKING:
    from annotations.store import Store


@click.command("export")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl: one article per line with its spans; yaml: one reviewable document; conll: "
    "IOB2 token<TAB>tag (conll-flair: with flair's -DOCSTART- line); doccano: doccano's JSONL; "
    "label-studio: Label Studio tasks with the "
    "spans as annotations (label-studio-predictions: as pre-annotations); brat: a folder of "
    ".txt/.ann pairs; xmi: a folder of UIMA CAS XMI files for INCEpTION / WebAnno; prodigy: "
    "Prodigy's JSONL with tokens; spacy: spaCy's DocBin (.spacy, needs spaCy: pip install "
    "'hasiye[spacy]').",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE",
    help="Where to write; - is standard output. A file is replaced whole, or not at all; a link "
    "is followed (its target written); a device or a fifo is streamed to; brat and xmi write a "
    "new (or empty) folder.",
)
@click.option(
    "--status",
    type=click.Choice([*STATUS_CHOICES, "any"]),
    default="done",  # annotations.exporting.DEFAULT_EXPORT_STATUS (a literal keeps --help fast)
    show_default=True,
    help="Only articles with this status; any: every article. The summary says how many "
    "unfinished articles the default left out.",
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
    "--layers",
    type=click.Choice(["gold", "all"]),
    default="gold",
    show_default=True,
    help="gold: an article's gold layer, or its one layer; an article with several layers and "
    "no gold layer is left out (and named). all: every layer, each span with its annotator.",
)
@click.option(
    "--gold", "gold", metavar="NAME",
    help="The annotator name of the gold layer. Default: hasiye's --gold (gold).",
)  # fmt: skip
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
@click.option(
    "--proposals",
    "proposals_format",
    type=click.Choice(["jsonl", "label-studio"]),
    is_flag=False,
    flag_value="jsonl",
    default=None,
    help="Export the model's proposals (`hasiye preannotate` wrote them) instead of the gold: "
    "--proposals (or --proposals jsonl) gives a layer, one article per line; --proposals "
    "label-studio gives Label Studio tasks with predictions.",
)
@processes_option(
    "How many processes write a JSON-lines export (jsonl, doccano, prodigy) to a file at once",
    "articles",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="The summary as one JSON object: on standard output when -o names a file, on standard "
    "error when the dataset itself goes to standard output.",
)
@pass_settings
def export_command(
    settings: Settings,
    format_name: str,
    output: str,
    status: str,
    labels: tuple[str, ...],
    only_annotator: str | None,
    layers: str,
    gold: str | None,
    article_ids: tuple[str, ...],
    entities_path: Path | None,
    proposals_format: str | None,
    processes: int | None,
    as_json: bool,
) -> None:
    """Export the annotations as a gold dataset.

    Every span is checked first (inside the text, its text equal to what it covers, label known);
    a failing span stops the export, names the article and span, and nothing is written. CoNLL
    cannot nest: the outermost span wins and the export says how many inner spans it left out.
    """
    from annotations.exporting import ExportSelection, export, export_entities
    from annotations.model import Status
    from tui.cli.output import echo_json

    gold = gold or settings.gold

    store = open_store(settings)
    destination = None if output == "-" else Path(output)
    if proposals_format is not None:
        _export_proposals(store, settings.annotator, proposals_format, destination, article_ids)
        return
    selection = ExportSelection(
        status=None if status == "any" else Status(status),
        labels=labels,
        annotator=only_annotator,
        article_ids=article_ids,
        layers=layers,
        gold=gold,
    )
    if destination is None and format_name == "spacy" and sys.stdout.isatty():
        raise click.UsageError("a .spacy DocBin is binary: write it to a file with -o FILE")
    total = len(set(article_ids)) if article_ids else store.article_count(selection.status)
    with click.progressbar(
        length=total, label="exporting", file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:
        report = export(
            store,
            format_name,
            destination,
            selection,
            settings.label_names(),
            stdout=sys.stdout,
            on_article=lambda _: bar.update(1),
            processes=processes,
        )
    entity_count = None if entities_path is None else export_entities(store, entities_path)
    # Of the unfinished left out, those the gold layer has done (the statuses are the exporting
    # annotator's, not the gold layer's): what a plain export after adjudication misses.
    adjudicated = (
        store.done_by_only(gold)
        if report.unfinished_left_out and not article_ids and settings.annotator != gold
        else 0
    )
    if as_json:
        summary_record = {
            "format": format_name,
            "output": output,
            "articles": report.articles,
            "spans": report.spans,
            "left_out": report.left_out,
            "left_out_by_article": report.left_out_by_article,
            "unfinished_left_out": report.unfinished_left_out,
            "adjudicated_left_out": adjudicated,
            "unsettled_left_out": report.unsettled_left_out,
            "entities": entity_count,
            "entities_output": None if entities_path is None else str(entities_path),
        }
        echo_json(summary_record, err=destination is None)
        return
    where = "standard output" if destination is None else str(destination)
    summary = f"exported {report.articles} article(s), {report.spans} span(s) to {where}"
    if report.left_out:
        summary += (
            f"; CoNLL cannot nest: {report.left_out} inner span(s) left out in "
            f"{len(report.left_out_by_article)} article(s)"
        )
    if report.unfinished_left_out:
        summary += (
            f"; left out {report.unfinished_left_out} unfinished article(s) "
            "(--status any takes them)"
        )
        if adjudicated:
            summary += (
                f"; {adjudicated} of them adjudicated: hasiye --annotator {gold} export takes "
                "those"
            )
    if report.unsettled_left_out:
        first = ", ".join(report.unsettled_left_out[:5])
        more = ", ..." if len(report.unsettled_left_out) > 5 else ""
        summary += (
            f"; left out {len(report.unsettled_left_out)} article(s) with several layers and no "
            f"{gold} layer ({first}{more}; adjudicate them, or --annotator NAME or --layers all)"
        )
    echo_err(summary)
    if entity_count is not None:
        count = entity_count
        echo_err(f"exported {count} entit{'y' if count == 1 else 'ies'} to {entities_path}")


def _export_proposals(
    store: Store,
    annotator: str,
    format_name: str,
    destination: Path | None,
    article_ids: tuple[str, ...],
) -> None:
    from annotations.preannotating import export_proposals

    report = export_proposals(
        store, annotator, format_name, destination, list(article_ids) or None, sys.stdout
    )
    where = "standard output" if destination is None else str(destination)
    done = (
        f"; left out the proposals of {report.done_left_out} article(s) marked done since"
        if report.done_left_out
        else ""
    )
    echo_err(f"exported {report.spans} proposal(s) in {report.articles} article(s) to {where}{done}")
