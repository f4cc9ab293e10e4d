"""Adjudicating one article through a session: read its layers, take a side (or none) for a
cluster, each one undoable step; the gold layer's status follows (done when nothing is left).

Both the adjudication screen and ``hasiye adjudicate`` work through these functions.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from annotations.adjudication import (
    Bucket,
    Cluster,
    SpanKey,
    Version,
    VersionSpan,
    clusters,
    gold_spans_of,
    provenance,
    settled,
    span_words,
)
from annotations.model import DEFAULT_GOLD, Span, Status
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
    # The canonical names of the entities the layers link to (what the lists show after →).
    names: dict[int, str] = field(default_factory=dict)

    @staticmethod
    def read(
        store: Store, article_id: str, gold: str = DEFAULT_GOLD, annotators: tuple[str, ...] = ()
    ) -> ArticleAdjudication:
        with store.reading():
            text = store.get_article(article_id).text
            spans = store.spans_for(article_id)
            rejected = store.rejected_proposals(article_id, gold)
            names = store.canonical_names(span.entity_id for span in spans if span.entity_id)
        layers: dict[str, list[Span]] = {}
        for span in spans:
            if span.annotator != gold and (not annotators or span.annotator in annotators):
                layers.setdefault(span.annotator, []).append(span)
        for name in annotators:
            layers.setdefault(name, [])
        gold_spans = [span for span in spans if span.annotator == gold]
        return ArticleAdjudication(
            article_id, text, gold, layers, gold_spans, rejected, clusters(layers), names
        )

    def __post_init__(self) -> None:
        # The gold spans by start, for finding those in a cluster without reading them all
        # (2,000 clusters against 2,000 gold spans would be four million comparisons).
        self.gold_spans.sort(key=lambda span: (span.start, -span.end))
        self._gold_starts = [span.start for span in self.gold_spans]
        self._longest_gold = max((span.end - span.start for span in self.gold_spans), default=0)
        self._settled = [
            settled(cluster, self.gold_in(cluster), self.rejected) for cluster in self.clusters
        ]
        self._index = {id(cluster): index for index, cluster in enumerate(self.clusters)}

    def is_settled(self, cluster: Cluster) -> bool:
        index = self._index.get(id(cluster))
        if index is None:
            return settled(cluster, self.gold_in(cluster), self.rejected)
        return self._settled[index]

    @property
    def unsettled(self) -> list[Cluster]:
        return [c for c, done in zip(self.clusters, self._settled, strict=True) if not done]

    @property
    def adjudicated(self) -> bool:
        return all(self._settled)

    def gold_in(self, cluster: Cluster) -> list[Span]:
        first = bisect_left(self._gold_starts, cluster.start - self._longest_gold)
        last = bisect_left(self._gold_starts, cluster.end)
        return [span for span in self.gold_spans[first:last] if cluster.overlaps(span)]

    def provenance(self, span: Span) -> tuple[str, ...]:
        return provenance(span, self.layers)

    def words(self, span: VersionSpan | Span, bucket: Bucket | None = None) -> str:
        """A version's span, or a gold span, as the lists show it (``span_words``)."""
        if isinstance(span, Span):
            span = (span.start, span.end, span.label, span.entity_id, span.value)
        return span_words(self.text, span, self.names, bucket)


def _step(
    session: Session,
    adjudication: ArticleAdjudication,
    what: str,
    remove: list[Span],
    add: list[Span],
    reject: list[SpanKey] | None = None,
) -> ArticleAdjudication:
    """One undoable step on the gold layer; the gold status (done when nothing is left to settle,
    else in progress) is worked out inside it, so undo and redo put it back with the spans. The
    article after the step is worked out from the step, not read again (the layers it compares
    are not what it changes)."""
    article_id, gold = adjudication.article_id, adjudication.gold
    after: list[ArticleAdjudication] = []

    def status_now(added: list[Span]) -> Status:
        removed = {span.key for span in remove}
        after.append(
            ArticleAdjudication(
                article_id,
                adjudication.text,
                gold,
                adjudication.layers,
                [span for span in adjudication.gold_spans if span.key not in removed] + added,
                adjudication.rejected | set(reject or []),
                adjudication.clusters,
                adjudication.names,
            )
        )
        return Status.DONE if after[0].adjudicated else Status.IN_PROGRESS

    session.history.replace_spans(
        what,
        remove,
        add,
        [(article_id, gold, start, end, label) for start, end, label in reject or []],
        settle=((article_id, gold), status_now),
    )
    return after[0]


def settle_status(store: Store, adjudication: ArticleAdjudication) -> ArticleAdjudication:
    """The article read again, and the gold layer's status set from it when it differs (after
    the gold layer was edited in the annotator, whose steps carry no gold status)."""
    fresh = ArticleAdjudication.read(
        store, adjudication.article_id, adjudication.gold, tuple(adjudication.layers)
    )
    status = Status.DONE if fresh.adjudicated else Status.IN_PROGRESS
    if store.statuses_by_annotator(fresh.article_id).get(fresh.gold) is not status:
        store.set_status(fresh.article_id, status, fresh.gold)
    return fresh


def take(
    session: Session, adjudication: ArticleAdjudication, cluster: Cluster, version: Version
) -> ArticleAdjudication:
    """The gold layer's spans in the cluster become this version's: one undo step. Taking the
    version of an annotator who has nothing there is taking none."""
    if not version:
        return take_none(session, adjudication, cluster)
    spans = gold_spans_of(version, adjudication.article_id, adjudication.text, adjudication.gold)
    where = adjudication.text[cluster.start : cluster.end]
    return _step(session, adjudication, f"gold {where}", adjudication.gold_in(cluster), spans)


def take_none(
    session: Session, adjudication: ArticleAdjudication, cluster: Cluster
) -> ArticleAdjudication:
    """No gold span in the cluster: the gold ones there go and every span of the cluster is
    rejected for the gold layer (a decision kept, like a rejected proposal): one undo step."""
    where = adjudication.text[cluster.start : cluster.end]
    return _step(
        session,
        adjudication,
        f"gold: none at {where}",
        adjudication.gold_in(cluster),
        [],
        sorted(cluster.keys),
    )


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
    return _step(session, adjudication, f"gold: {len(spans)} agreed span(s)", [], spans)
