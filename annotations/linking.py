"""The rules that tie spans to canonical entities, shared by the app and the command line.

- A new span written like an alias of exactly one entity of its label is linked at once
  (``auto_link_target``); DATE spans never are.
- Otherwise, right after labelling, the link picker opens when an entity of the label scores at
  least ``PICKER_AFTER_LABEL_SCORE`` (``picker_is_likely``).
- A variant cluster merges into its most used entity; on a tie the one whose name has most words
  ("İbrahim Kalın" over "Kalın"), then the oldest (``cluster_keeper``).
- An accepted proposal (a found date, a propagated mention) becomes an ordinary span of the
  annotator (``span_from_proposal``).
"""

from __future__ import annotations

from collections.abc import Iterable

from annotations.dates import DATE_LABEL
from annotations.matching import EntityIndex, name_words
from annotations.model import EntityRow, Span
from annotations.review import Proposal

PICKER_AFTER_LABEL_SCORE = 80.0


def auto_link_target(index: EntityIndex, span: Span) -> int | None:
    """The entity a new span is linked to without asking, if there is exactly one."""
    if span.label == DATE_LABEL:
        return None
    alike = index.written_alike(span.surface, span.label)
    return next(iter(alike)) if len(alike) == 1 else None


def picker_is_likely(index: EntityIndex, span: Span) -> bool:
    """Whether an entity of the span's label is a likely match, worth asking about at once."""
    if span.label == DATE_LABEL:
        return False
    best = index.rank(span.surface, label=span.label, limit=1)
    return bool(
        best
        and best[0].score >= PICKER_AFTER_LABEL_SCORE
        and index.labels[best[0].entity_id] == span.label
    )


def cluster_keeper(members: Iterable[EntityRow]) -> EntityRow:
    """The entity a group of variants merges into."""
    return max(
        members,
        key=lambda row: (row.mentions, len(name_words(row.entity.canonical)), -row.entity.key),
    )


def span_from_proposal(proposal: Proposal, article_id: str, annotator: str) -> Span:
    """The span an accepted proposal becomes: a date with its value, a mention with its entity."""
    return Span(
        proposal.article_id or article_id,
        proposal.start,
        proposal.end,
        proposal.label,
        proposal.surface,
        annotator,
        entity_id=proposal.entity_id,
        value=proposal.value.value if proposal.value is not None else None,
    )
