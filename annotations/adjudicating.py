"""Adjudicating one article through a session: read its layers, take a side (or none) for a
cluster, each one undoable step; the gold layer's status follows (done when nothing is left).

Both the adjudication screen and ``hasiye adjudicate`` work through these functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.adjudication import (
    Bucket,
    Cluster,
    SpanKey,
    Version,
    clusters,
    gold_spans_of,
    provenance,
    settled,
)
from annotations.exporting import DEFAULT_GOLD
from annotations.model import Span, Status
from annotations.session import Session
from annotations.store import Store


@dataclass
class ArticleAdjudication:
    """One article's layers (the gold layer apart), its clusters and the gold layer's state."""

    article_id: str
    text: str
    gold: str
    layers: dict[str, list[Span]]
    gold_spans: list[Span]
    rejected: set[SpanKey]
    clusters: list[Cluster]

    @staticmethod
    def read(
        store: Store, article_id: str, gold: str = DEFAULT_GOLD, annotators: tuple[str, ...] = ()
    ) -> ArticleAdjudication:
        with store.reading():
            text = store.get_article(article_id).text
            spans = store.spans_for(article_id)
            rejected = store.rejected_proposals(article_id, gold)
        layers: dict[str, list[Span]] = {}
        for span in spans:
            if span.annotator != gold and (not annotators or span.annotator in annotators):
                layers.setdefault(span.annotator, []).append(span)
        for name in annotators:
            layers.setdefault(name, [])
        gold_spans = [span for span in spans if span.annotator == gold]
        return ArticleAdjudication(
            article_id, text, gold, layers, gold_spans, rejected, clusters(layers)
        )

    def is_settled(self, cluster: Cluster) -> bool:
        return settled(cluster, self.gold_spans, self.rejected)

    @property
    def unsettled(self) -> list[Cluster]:
        return [cluster for cluster in self.clusters if not self.is_settled(cluster)]

    @property
    def adjudicated(self) -> bool:
        return not self.unsettled

    def gold_in(self, cluster: Cluster) -> list[Span]:
        return [span for span in self.gold_spans if cluster.overlaps(span)]

    def provenance(self, span: Span) -> tuple[str, ...]:
        return provenance(span, self.layers)


def _after(session: Session, adjudication: ArticleAdjudication) -> ArticleAdjudication:
    """The article read again, and the gold layer's status set from it."""
    fresh = ArticleAdjudication.read(
        session.store, adjudication.article_id, adjudication.gold, tuple(adjudication.layers)
    )
    status = Status.DONE if fresh.adjudicated else Status.IN_PROGRESS
    session.store.set_status(fresh.article_id, status, fresh.gold)
    return fresh


def take(
    session: Session, adjudication: ArticleAdjudication, cluster: Cluster, version: Version
) -> ArticleAdjudication:
    """The gold layer's spans in the cluster become this version's: one undo step."""
    spans = gold_spans_of(version, adjudication.article_id, adjudication.text, adjudication.gold)
    where = adjudication.text[cluster.start : cluster.end]
    session.history.replace_spans(
        f"gold {where}", adjudication.gold_in(cluster), spans
    )
    return _after(session, adjudication)


def take_none(
    session: Session, adjudication: ArticleAdjudication, cluster: Cluster
) -> ArticleAdjudication:
    """No gold span in the cluster: the gold ones there go (one undo step) and every span of
    the cluster is rejected for the gold layer (a decision kept, like a rejected proposal)."""
    gold_there = adjudication.gold_in(cluster)
    if gold_there:
        where = adjudication.text[cluster.start : cluster.end]
        session.history.replace_spans(f"gold: none at {where}", gold_there, [])
    for start, end, label in sorted(cluster.keys):
        session.store.reject_proposal(
            adjudication.article_id, adjudication.gold, start, end, label
        )
    return _after(session, adjudication)


def take_agreed(session: Session, adjudication: ArticleAdjudication) -> ArticleAdjudication:
    """Every unsettled cluster where all agree goes into the gold layer, as one undo step."""
    spans = [
        span
        for cluster in adjudication.unsettled
        if cluster.bucket is Bucket.AGREE
        for span in gold_spans_of(
            cluster.versions[0][0], adjudication.article_id, adjudication.text, adjudication.gold
        )
    ]
    if not spans:
        return adjudication
    session.history.replace_spans(f"gold: {len(spans)} agreed span(s)", [], spans)
    return _after(session, adjudication)
