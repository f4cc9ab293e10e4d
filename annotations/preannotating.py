"""``hasiye preannotate`` and ``export --proposals``: the model's proposals for many articles,
written beside the gold (never as gold), and exported as a JSONL layer or Label Studio tasks with
predictions.

Label Studio writing is kept apart from the gold exports (``annotations.exporting``) on purpose:
a task carries its text in ``data`` and the model's spans in ``predictions``, which Label Studio
shows as pre-annotations to accept or correct.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from annotations.errors import ExportError, NoModel
from annotations.destinations import write_destination
from annotations.gold_records import ExportReport
from annotations.model import Status
from annotations.pre_annotation import Proposer
from annotations.store import Store
from annotations.store.models import ModelProposal
from annotations.titles import STANDARD_TITLES, Titles

BATCH = 200
PROPOSAL_FORMATS = ("jsonl", "label-studio")


@dataclass
class PreannotationReport:
    articles: int
    proposals: int
    model_id: int


def preannotate(
    store: Store,
    annotator: str,
    article_ids: list[str] | None = None,
    status: Status | None = None,
    titles: Titles = STANDARD_TITLES,
) -> PreannotationReport:
    """Propose spans in the articles (these ids, else every article with ``status``, else every
    unfinished one) with the annotator's latest model; each article's proposals replace its old
    ones in one transaction, with the model's uncertainty about it."""
    proposer = Proposer.load(store, annotator, titles)
    if proposer is None or proposer.record.id is None:
        raise NoModel(annotator)
    model_id = proposer.record.id
    if article_ids is not None:
        for article_id in article_ids:
            store.get_article(article_id)  # an unknown id is the user's to fix: said, not skipped
        batches: Iterable[list] = store.iter_articles(article_ids=article_ids)
    elif status is not None:
        batches = store.iter_articles(status=status)
    else:
        batches = (
            [article for article in batch if article.status is not Status.DONE]
            for batch in store.iter_articles()
        )
    articles = proposals = 0
    for batch in batches:
        ids = [article.id for article in batch]
        taken = store.span_ranges(ids, annotator)
        rejected = store.rejected_in(ids, annotator)
        for article in batch:
            found, uncertainty = proposer.propose(
                article.id, article.text, taken.get(article.id, ()), rejected.get(article.id, ())
            )
            proposals += store.save_model_proposals(
                article.id, annotator, model_id, found, uncertainty
            )
            articles += 1
    return PreannotationReport(articles, proposals, model_id)


def score_unfinished(
    store: Store, annotator: str, titles: Titles = STANDARD_TITLES, limit: int = 300
) -> int:
    """The latest model's uncertainty about the first ``limit`` unfinished articles it has not
    scored yet (no proposals written): what the library's "uncertain" order needs after the app
    retrains. How many were scored."""
    proposer = Proposer.load(store, annotator, titles)
    if proposer is None or proposer.record.id is None:
        return 0
    model_id = proposer.record.id
    scored = store.scored_by(annotator, model_id)
    values: dict[str, float] = {}
    for batch in store.iter_articles():
        for article in batch:
            if article.status is Status.DONE or article.id in scored:
                continue
            values[article.id] = proposer.propose(article.id, article.text)[1]
            if len(values) >= limit:
                store.save_uncertainty(values, annotator, model_id)
                return len(values)
    store.save_uncertainty(values, annotator, model_id)
    return len(values)


def _proposal_record(proposal: ModelProposal, names: dict[int, str]) -> dict:
    return {
        "start": proposal.start,
        "end": proposal.end,
        "label": proposal.label,
        "text": proposal.surface,
        "confidence": proposal.confidence,
        "entity": names.get(proposal.entity_id) if proposal.entity_id else None,
    }


def _label_studio_task(article_id: str, text: str, found: list[ModelProposal], model: str) -> dict:
    results = [
        {
            "id": f"{article_id}-{number}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": proposal.start,
                "end": proposal.end,
                "text": proposal.surface,
                "labels": [proposal.label],
            },
            "score": proposal.confidence,
        }
        for number, proposal in enumerate(found)
    ]
    mean = sum(proposal.confidence for proposal in found) / len(found) if found else 0.0
    return {
        "data": {"text": text, "id": article_id},
        "predictions": [{"model_version": model, "score": round(mean, 4), "result": results}],
    }


def export_proposals(
    store: Store,
    annotator: str,
    format_name: str,
    destination: Path | None,
    article_ids: list[str] | None = None,
    stdout: TextIO | None = None,
) -> ExportReport:
    """The stored proposals (``preannotate`` wrote them) as a JSONL layer, one article per line
    (``{"id", "annotator", "model", "spans"}``), or as Label Studio tasks with predictions."""
    if format_name not in PROPOSAL_FORMATS:
        raise ExportError(
            f"proposals export as {' or '.join(PROPOSAL_FORMATS)}, not {format_name!r}"
        )
    found = store.model_proposals(article_ids, annotator)
    # An article marked done has its gold: its old proposals are not pre-annotations any more.
    statuses = store.statuses(sorted(found))
    done = [article_id for article_id in found if statuses.get(article_id) is Status.DONE]
    for article_id in done:
        del found[article_id]
    models = store.proposal_models(annotator)  # each article's proposals: the model that made them
    names = store.canonical_names(
        proposal.entity_id for items in found.values() for proposal in items if proposal.entity_id
    )

    def lines() -> Iterator[str]:
        ids = sorted(found)
        for first in range(0, len(ids), BATCH):
            chunk = ids[first : first + BATCH]
            texts = store.texts_of(chunk) if format_name == "label-studio" else {}
            for article_id in chunk:
                model = f"hasiye-crf-{models[article_id]}"
                if format_name == "jsonl":
                    layer = {
                        "id": article_id,
                        "annotator": annotator,
                        "model": model,
                        "spans": [_proposal_record(item, names) for item in found[article_id]],
                    }
                    yield json.dumps(layer, ensure_ascii=False) + "\n"
                else:
                    task = _label_studio_task(article_id, texts[article_id], found[article_id], model)
                    yield json.dumps(task, ensure_ascii=False)

    def write(out: TextIO) -> ExportReport:
        report = ExportReport()
        if format_name == "label-studio":
            out.write("[\n" + ",\n".join(lines()) + "\n]\n")
        else:
            out.writelines(lines())
        report.articles = len(found)
        report.spans = sum(len(items) for items in found.values())
        report.done_left_out = len(done)
        return report

    if destination is None:
        return write(stdout or sys.stdout)
    return write_destination(destination, write)
