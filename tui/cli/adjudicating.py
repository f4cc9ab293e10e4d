"""``hasiye adjudicate``: one article's differences between layers, settled into the gold layer."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from tui.cli.group import Settings, echo_err, open_session, pass_settings

if TYPE_CHECKING:
    from annotations.adjudicating import ArticleAdjudication


def _choice(value: str) -> tuple[int, str]:
    number, _, annotator = value.partition(":")
    if not number.isdigit() or not annotator:
        raise click.BadParameter(f"{value!r} is not N:ANNOTATOR (3:ayse)")
    return int(number), annotator


def records(adjudication: ArticleAdjudication) -> list[dict[str, Any]]:
    """Every cluster as plain data: number, bucket, text, versions, settled, the gold spans."""
    text = adjudication.text
    return [
        {
            "number": number,
            "bucket": cluster.bucket.value,
            "start": cluster.start,
            "end": cluster.end,
            "text": text[cluster.start : cluster.end],
            "settled": adjudication.is_settled(cluster),
            "versions": [
                {
                    "annotators": list(annotators),
                    "spans": [
                        {"start": start, "end": end, "label": label, "text": text[start:end],
                         "entity_id": entity_id, "value": value,
                         "shown": adjudication.words((start, end, label, entity_id, value),
                                                     cluster.bucket)}
                        for start, end, label, entity_id, value in version
                    ],
                }  # fmt: skip
                for version, annotators in cluster.versions
            ],
            "gold": [
                {"start": span.start, "end": span.end, "label": span.label, "text": span.surface,
                 "entity_id": span.entity_id, "value": span.value,
                 "shown": adjudication.words(span, cluster.bucket),
                 "from": list(adjudication.provenance(span)) or ["edited"]}
                for span in adjudication.gold_in(cluster)
            ],  # fmt: skip
        }
        for number, cluster in enumerate(adjudication.clusters, 1)
    ]


@click.command("adjudicate")
@click.argument("article_id", metavar="ID")
@click.option(
    "--gold", metavar="NAME",
    help="The gold layer's annotator name. Default: hasiye's --gold (gold).",
)  # fmt: skip
@click.option(
    "--annotators", "-a", multiple=True, metavar="NAME",
    help="Only these annotators' layers (repeat). Default: every layer but the gold one.",
)  # fmt: skip
@click.option(
    "--take", "takes", multiple=True, metavar="N:NAME",
    help="Difference N settled with NAME's version (repeat).",
)  # fmt: skip
@click.option(
    "--none", "nones", multiple=True, type=int, metavar="N",
    help="Difference N settled with no span (repeat).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the differences as one JSON object.")
@pass_settings
def adjudicate_command(
    settings: Settings,
    article_id: str,
    gold: str | None,
    annotators: tuple[str, ...],
    takes: tuple[str, ...],
    nones: tuple[int, ...],
    as_json: bool,
) -> None:
    """The differences between the annotators' layers in article ID, numbered, in buckets: all
    agree (taken into the gold layer at once), link, label, boundary, only some. --take N:NAME
    and --none N settle difference N. The article's gold status is done when none is left.
    Where each gold span came from is printed beside it.
    """
    from annotations.adjudicating import ArticleAdjudication, take, take_agreed, take_none
    from annotations.errors import AdjudicationError

    gold = gold or settings.gold
    session = open_session(settings)
    adjudication = take_agreed(
        session, ArticleAdjudication.read(session.store, article_id, gold, annotators)
    )
    chosen = [(_choice(value), None) for value in takes] + [((n, ""), n) for n in nones]
    # Numbers refer to the clusters as they were listed before any choice.
    listed = list(adjudication.clusters)
    for (number, annotator), none in chosen:
        if not 1 <= number <= len(listed):
            raise AdjudicationError(article_id, f"there is no difference {number}")
        cluster = listed[number - 1]
        if none is not None:
            adjudication = take_none(session, adjudication, cluster)
            continue
        version = cluster.version_of(annotator)
        if version is None:
            raise AdjudicationError(article_id, f"{annotator} has no layer here")
        adjudication = take(session, adjudication, cluster, version)
    found = records(adjudication)
    if as_json:
        click.echo(json.dumps({"id": article_id, "adjudicated": adjudication.adjudicated,
                               "differences": found}, ensure_ascii=False))  # fmt: skip
        return
    print_differences(found)
    left = sum(1 for record in found if not record["settled"])
    state = "adjudicated" if not left else f"{left} difference(s) left"
    if not found:  # no layer has a span here: there was nothing to settle, nothing was marked
        state = "nothing to adjudicate: no annotator has a span in it"
    echo_err(f"{article_id}: {state}")


def print_differences(found: list[dict[str, Any]]) -> None:
    from tui.cli.output import print_table

    def side(spans: list[dict[str, Any]]) -> str:
        return "; ".join(span["shown"] for span in spans) or "(none)"

    print_table(
        ["n", "bucket", "settled", "text", "versions", "gold (from)"],
        [
            [
                record["number"],
                record["bucket"],
                "yes" if record["settled"] else "no",
                record["text"],
                " | ".join(
                    f"{', '.join(version['annotators'])}: {side(version['spans'])}"
                    for version in record["versions"]
                ),
                "; ".join(
                    f"{span['shown']} ({', '.join(span['from'])})" for span in record["gold"]
                ),
            ]
            for record in found
        ],
        {"n"},
    )
