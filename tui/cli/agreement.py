"""``hasiye agree``: how far the annotators' layers agree, per pair, label and article."""

from __future__ import annotations

import json
from typing import Any

import click

from tui.cli.group import Settings, echo_err, open_store, pass_settings, processes_option


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


@click.command("agree")
@click.option(
    "--annotators",
    "-a",
    "annotators",
    multiple=True,
    metavar="NAME",
    help="An annotator to compare (repeat: -a ayse -a ali). Default: every annotator but gold.",
)
@click.option("--label", metavar="LABEL", help="Only spans of this label.")
@click.option("--article", "article_id", metavar="ID", help="Only this article.")
@click.option(
    "--worst",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many articles to list, worst first (0: none).",
)
@processes_option("How many processes measure at once", "articles")
@click.option("--json", "as_json", is_flag=True, help="Print every figure as one JSON object.")
@pass_settings
def agree_command(
    settings: Settings,
    annotators: tuple[str, ...],
    label: str | None,
    article_id: str | None,
    worst: int,
    processes: int | None,
    as_json: bool,
) -> None:
    """Agreement between annotators: for every pair, per label and overall, exact-span F1,
    overlap F1, token-level Cohen's kappa, entity-link and date-value agreement; Krippendorff's
    alpha over all of them; the articles that agree least.

    Over the articles where both annotators of a pair have a layer (a span or a status). Tokens
    are the runs of non-space characters; each takes the label of the annotator's outermost
    span touching it, or O. One snapshot of the database is measured (a large one by several
    processes at once; again by one when another process wrote to it meanwhile).
    """
    from annotations.agreement_report import measure, report

    figures = report(
        measure(open_store(settings), annotators, label, article_id, processes), worst
    )
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    print_report(figures)


def print_report(figures: dict[str, Any]) -> None:
    from tui.cli.output import print_table

    rows: list[list[object]] = []
    for pair in figures["pairs"]:
        name = " / ".join(pair["annotators"])
        for label, record in [*pair["labels"].items(), ("all", pair["overall"])]:
            rows.append(
                [
                    name,
                    label,
                    record["spans"][0],
                    record["spans"][1],
                    record["exact_matches"],
                    _figure(record["exact_f1"]),
                    _figure(record["overlap_f1"]),
                    _figure(record["kappa"]),
                    _figure(figures["alpha"]["labels"].get(label))
                    if label != "all"
                    else _figure(figures["alpha"]["overall"]),
                ]
            )
    columns = ["pair", "label", "spans 1", "spans 2", "exact", "exact F1", "overlap F1", "kappa"]
    numeric = set(columns[2:]) | {"alpha (all)"}
    print_table([*columns, "alpha (all)"], rows, numeric)
    click.echo()
    print_table(
        ["pair", "articles", "tokens", "links equal", "link agreement", "dates equal",
         "date agreement"],
        [
            [
                " / ".join(pair["annotators"]),
                pair["articles"],
                pair["tokens"],
                f"{pair['links']['equal']} of {pair['links']['compared']}",
                _figure(pair["links"]["agreement"]),
                f"{pair['dates']['equal']} of {pair['dates']['compared']}",
                _figure(pair["dates"]["agreement"]),
            ]
            for pair in figures["pairs"]
        ],
        {"articles", "tokens"},
    )
    if figures["articles"]:
        click.echo()
        pair_names = [" / ".join(pair["annotators"]) for pair in figures["pairs"]]
        print_table(
            ["article (worst first)", *(f"exact F1 {name}" for name in pair_names)],
            [
                [article["id"], *(_figure(article["exact_f1"].get(name)) for name in pair_names)]
                for article in figures["articles"]
            ],
            {f"exact F1 {name}" for name in pair_names},
        )
    echo_err(
        f"{figures['article_count']} article(s) with layers of at least two of "
        f"{', '.join(figures['annotators'])}"
    )
