"""Adjudication: the differences between annotators' layers in one article, settled into a gold
layer (an annotator like the others, ``gold`` by default).

The layers' spans fall into clusters: spans that share a character, across every layer. In a
cluster each annotator has a *version* (their spans there, possibly none); a cluster is in one
bucket:

- all agree: every annotator has the same version (taken into the gold layer at once);
- link differs: the same spans, linked to different entities;
- value differs: the same spans and links, with other date values;
- label differs: the same ranges, other labels;
- boundary differs: the versions differ in their ranges;
- only some: some annotators have no span there at all.

A cluster is settled when the gold layer has a span in it (one side taken, or an edit) or when the
gold annotator rejected every span of it ("take none", kept as rejected proposals). An article is
adjudicated when every cluster is settled. Where a gold span came from is worked out, not stored:
the annotators whose layer has the same span (range, label, link and value), else "edited".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from annotations.model import Span

SpanKey = tuple[int, int, str]
# A span of a version: start, end, label, entity id, date value.
VersionSpan = tuple[int, int, str, int | None, str | None]
# A version: an annotator's spans in a cluster, comparable across annotators.
Version = tuple[VersionSpan, ...]


class Bucket(Enum):
    AGREE = "all agree"
    LINK = "link differs"
    VALUE = "value differs"
    LABEL = "label differs"
    BOUNDARY = "boundary differs"
    SOME = "only some"


@dataclass(frozen=True)
class Cluster:
    start: int
    end: int
    # Each version with the annotators who have it, in the order of the annotators.
    versions: tuple[tuple[Version, tuple[str, ...]], ...]
    bucket: Bucket

    @property
    def keys(self) -> set[SpanKey]:
        return {(start, end, label) for version, _ in self.versions for start, end, label, *_ in version}

    def version_of(self, annotator: str) -> Version | None:
        for version, annotators in self.versions:
            if annotator in annotators:
                return version
        return None

    def overlaps(self, span: Span) -> bool:
        return span.start < self.end and self.start < span.end


def _version(spans: Sequence[Span]) -> Version:
    return tuple(
        sorted((span.start, span.end, span.label, span.entity_id, span.value) for span in spans)
    )


def _bucket(versions: dict[Version, list[str]]) -> Bucket:
    if len(versions) == 1:
        return Bucket.AGREE
    if () in versions:
        return Bucket.SOME
    shapes = {tuple(item[:3] for item in version) for version in versions}
    if len(shapes) == 1:
        links = {tuple(item[3] for item in version) for version in versions}
        return Bucket.LINK if len(links) > 1 else Bucket.VALUE
    ranges = {tuple(item[:2] for item in version) for version in versions}
    return Bucket.LABEL if len(ranges) == 1 else Bucket.BOUNDARY


def clusters(layers: Mapping[str, Sequence[Span]]) -> list[Cluster]:
    """The clusters of the layers' spans in text order (``layers``: annotator -> spans, the gold
    layer left out)."""
    annotators = sorted(layers)
    every = sorted(
        (span for name in annotators for span in layers[name]), key=lambda s: (s.start, -s.end)
    )
    found: list[Cluster] = []

    def close(group: list[Span], end: int) -> None:
        by_name: dict[str, list[Span]] = {}
        for span in group:
            by_name.setdefault(span.annotator, []).append(span)
        versions: dict[Version, list[str]] = {}
        for name in annotators:
            versions.setdefault(_version(by_name.get(name, ())), []).append(name)
        found.append(
            Cluster(
                group[0].start,  # the spans come by start
                end,
                tuple((version, tuple(names)) for version, names in versions.items()),
                _bucket(versions),
            )
        )

    group: list[Span] = []
    reach = -1
    for span in every:
        if group and span.start < reach:
            group.append(span)
            reach = max(reach, span.end)
        else:
            if group:
                close(group, reach)
            group = [span]
            reach = span.end
    if group:
        close(group, reach)
    return found


def settled(cluster: Cluster, gold: Sequence[Span], rejected: set[SpanKey]) -> bool:
    """Whether the gold layer has decided the cluster: a gold span in it, or all its spans
    rejected."""
    return any(cluster.overlaps(span) for span in gold) or cluster.keys <= rejected


def provenance(span: Span, layers: Mapping[str, Sequence[Span]]) -> tuple[str, ...]:
    """The annotators whose layer has this gold span (same range, label, link and date value);
    () when edited."""
    def same(other: Span) -> bool:
        return (other.start, other.end, other.label, other.entity_id, other.value) == (
            span.start, span.end, span.label, span.entity_id, span.value
        )  # fmt: skip

    return tuple(sorted(name for name, spans in layers.items() if any(map(same, spans))))


def span_words(
    text: str, span: VersionSpan, names: Mapping[int, str], bucket: Bucket | None = None
) -> str:
    """A span of a version as a list shows it: label and text, its entity (→) and its date value
    (=) when it has them, and "none" for the one missing where the cluster's difference is that
    (the two versions would otherwise read the same)."""
    start, end, label, entity_id, value = span
    words = f"{label} {text[start:end]}"
    if entity_id is not None:
        words += f" → {names.get(entity_id, f'entity {entity_id}')}"
    elif bucket is Bucket.LINK:
        words += " → none"
    if value is not None:
        words += f" = {value}"
    elif bucket is Bucket.VALUE:
        words += " = none"
    return words


def gold_spans_of(
    version: Version, article_id: str, text: str, gold: str
) -> list[Span]:
    """The spans of a version as gold spans of the article."""
    return [
        Span(article_id, start, end, label, text[start:end], gold, entity_id, value)
        for start, end, label, entity_id, value in version
    ]


def regold(span: Span, gold: str) -> Span:
    """A layer's span as a new gold span."""
    return replace(span, annotator=gold, id=None, created=None, updated=None)
