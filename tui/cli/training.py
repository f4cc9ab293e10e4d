"""``hasiye train`` and ``hasiye preannotate``: the CRF learnt from the annotator's gold, and its
proposals written beside the gold."""

from __future__ import annotations

import json
import time

import click

from tui.cli.group import STATUS_CHOICES, Settings, open_store, pass_settings


@click.command("train")
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="LABEL",
    help="Learn only this label (repeatable); the others are left out of the gold. Default: all.",
)
@click.option("--json", "as_json", is_flag=True, help="The scores and times as one JSON object.")
@pass_settings
def train_command(settings: Settings, labels: tuple[str, ...], as_json: bool) -> None:
    """Train the pre-annotation model on your gold (your spans in the articles marked done).

    Prints precision, recall and F1 per label on held-back gold (5-fold over articles when the
    gold is under 5,000 sentences, one held-back fifth above), then trains on all of it and
    stores the model in the database with a fingerprint of the gold it learnt from.
    """
    from annotations.pre_annotation import train

    store = open_store(settings)
    started = time.perf_counter()

    def progress(what: str) -> None:
        if not as_json:
            click.echo(f"  {what}...", err=True)

    previous = store.latest_model(settings.annotator)
    result = train(store, settings.annotator, labels or None, settings.titles(), progress=progress)
    record = store.save_model(result.record)
    unchanged = previous is not None and previous.gold_fingerprint == record.gold_fingerprint
    seconds = time.perf_counter() - started
    if as_json:
        summary = {
            "model": record.id,
            "annotator": record.annotator,
            "articles": record.articles,
            "sentences": record.sentences,
            "labels": list(record.labels),
            "held_back": result.held_back,
            "scores": record.scores,
            "training_seconds": round(record.seconds, 2),
            "total_seconds": round(seconds, 2),
            "gold_fingerprint": record.gold_fingerprint,
            "gold_unchanged": unchanged,
        }
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    click.echo(
        f"model {record.id}: {record.articles} article(s), {record.sentences} sentence(s) of "
        f"gold by {record.annotator}"
        + (f" (the same gold as model {previous.id})" if unchanged and previous else "")
    )
    if record.scores:
        click.echo(f"held back: {result.held_back}")
        click.echo(f"{'label':8}{'precision':>10}{'recall':>10}{'F1':>8}{'gold':>8}")
        for label, values in record.scores.items():
            click.echo(
                f"{label:8}{values['precision']:>10.3f}{values['recall']:>10.3f}"
                f"{values['f1']:>8.3f}{values['support']:>8.0f}"
            )
    else:
        click.echo("no held-back scores: one article of gold is too little to hold any back")
    click.echo(f"training {record.seconds:.1f} s, {seconds:.1f} s in all with the scoring")


@click.command("preannotate")
@click.option(
    "--article",
    "article_ids",
    multiple=True,
    metavar="ID",
    help="Only this article (repeatable).",
)
@click.option(
    "--status",
    type=click.Choice(STATUS_CHOICES),
    help="Only articles with this status. Default: every article not done.",
)
@click.option("--json", "as_json", is_flag=True, help="The counts as one JSON object.")
@pass_settings
def preannotate_command(
    settings: Settings, article_ids: tuple[str, ...], status: str | None, as_json: bool
) -> None:
    """Write the model's proposals for articles (never gold: `export --proposals` exports them,
    the annotator offers them to accept). An article's old proposals are replaced; spans of
    yours and proposals you rejected are never proposed."""
    from annotations.model import Status
    from annotations.preannotating import preannotate

    store = open_store(settings)
    started = time.perf_counter()
    report = preannotate(
        store,
        settings.annotator,
        list(article_ids) or None,
        Status(status) if status else None,
        settings.titles(),
    )
    seconds = time.perf_counter() - started
    if as_json:
        click.echo(
            json.dumps(
                {
                    "model": report.model_id,
                    "articles": report.articles,
                    "proposals": report.proposals,
                    "seconds": round(seconds, 2),
                }
            )
        )
        return
    click.echo(
        f"model {report.model_id}: {report.proposals} proposal(s) in {report.articles} "
        f"article(s) ({seconds:.1f} s)"
    )
