"""Proposals for the review queue: spans the machine found, for the annotator to accept or reject.

Date expressions (key D in the annotator) and an entity's other mentions (key a, see
``annotations.propagation``). A proposal never touches what is there: one that would duplicate,
cross or overlap a span of the same label is not made, nor one rejected before.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date

from annotations.annotating import trim
from annotations.dates import DATE_LABEL, DateValue, find_dates
from annotations.model import Span

CONTEXT = 40


@dataclass(frozen=True)
class Proposal:
    start: int
    end: int
    label: str
    surface: str
    before: str  # keyword-in-context: the text just before and after, on one line
    after: str
    value: DateValue | None = None  # a date's value
    article_id: str | None = None  # an entity's mention: where, and which entity
    entity_id: int | None = None


def keyword_in_context(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str]:
    before = text[max(0, start - width) : start].replace("\n", " ")
    after = text[end : end + width].replace("\n", " ")
    return before, after


def _clashes(start: int, end: int, label: str, spans: list[Span]) -> bool:
    for span in spans:
        overlap = span.start < end and start < span.end
        if not overlap:
            continue
        if (span.start, span.end) == (start, end) or span.label == label:
            return True
        nested = span.start <= start and end <= span.end or start <= span.start and span.end <= end
        if not nested:
            return True
    return False


def date_proposals(
    text: str,
    spans: list[Span],
    anchor: date | None,
    rejected: AbstractSet[tuple[int, int, str]] = frozenset(),
) -> list[Proposal]:
    """The date expressions of the text that could become DATE spans, with their values."""
    proposals = []
    for found in find_dates(text, anchor):
        # Trimmed the way labelling trims: "5 Kasım 2025'te" proposes "5 Kasım 2025".
        start, end = trim(text, found.start, found.end)
        if start >= end or (start, end, DATE_LABEL) in rejected:
            continue
        if _clashes(start, end, DATE_LABEL, spans):
            continue
        before, after = keyword_in_context(text, start, end)
        proposals.append(
            Proposal(start, end, DATE_LABEL, text[start:end], before, after, value=found.value)
        )
    return proposals
