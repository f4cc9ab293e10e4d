"""The domain: articles, spans and canonical entities, as plain dataclasses.

Offsets are Python code points into ``Article.text``, end exclusive. Text is normalised once, at
import (NFC, ``\\n`` newlines); every offset refers to the normalised text.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from annotations.errors import InvalidSpan


class Status(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in progress"
    DONE = "done"

    def next(self) -> Status:
        members = list(Status)
        return members[(members.index(self) + 1) % len(members)]


@dataclass(frozen=True)
class Label:
    name: str
    key: str
    color: str


DEFAULT_LABELS: tuple[Label, ...] = (
    Label("PER", "p", "#d75f5f"),
    Label("ORG", "o", "#5f87d7"),
    Label("LOC", "l", "#5faf5f"),
    Label("DATE", "d", "#d7af5f"),
)


def normalise_text(text: str) -> str:
    """NFC and ``\\n`` newlines: the only change hasiye ever makes to an article's text."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def default_annotator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    summary: str = ""
    date: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    status: Status = Status.TODO

    @cached_property
    def fingerprint(self) -> str:
        """Identifies the imported content (not the status), to tell a changed re-import. Kept
        once made (the article is frozen), and pickled with it: an import's reading processes
        make it, the writing one uses it."""
        content = [
            self.title,
            self.summary,
            self.text,
            self.date,
            self.source,
            list(self.tags),
        ]
        return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the article list: no text, just what a list shows."""

    id: str
    title: str
    date: str | None
    source: str | None
    tags: tuple[str, ...]
    status: Status
    span_count: int
    done_by: tuple[str, ...] = ()  # the annotators for whom the article is done


@dataclass(frozen=True)
class Span:
    article_id: str
    start: int
    end: int
    label: str
    surface: str
    annotator: str
    entity_id: int | None = None
    value: str | None = None
    id: int | None = None
    created: str | None = None
    updated: str | None = None
    # Raised by every write of the row (0: never stored); a write made from this copy checks it.
    version: int = 0

    @property
    def key(self) -> int:
        """The id of a stored span (one read from the store always has it)."""
        return _stored(self.id, "span")

    def crosses(self, other: Span) -> bool:
        """Overlapping without one containing the other."""
        overlap = self.start < other.end and other.start < self.end
        nested = (self.start <= other.start and other.end <= self.end) or (
            other.start <= self.start and self.end <= other.end
        )
        return overlap and not nested


@dataclass(frozen=True)
class Entity:
    id: int | None
    canonical: str
    label: str
    aliases: tuple[str, ...] = ()
    external_id: str | None = None
    note: str | None = None

    @property
    def key(self) -> int:
        """The id of a stored entity (one read from the store always has it)."""
        return _stored(self.id, "entity")


def _stored(row_id: int | None, what: str) -> int:
    if row_id is None:
        raise ValueError(f"this {what} has not been stored: it has no id")
    return row_id


@dataclass(frozen=True)
class EntityRow:
    """One row of the entities screen: the entity and how often it is used."""

    entity: Entity
    mentions: int  # linked spans
    articles: int  # articles with at least one linked span


# The annotator name of the gold layer (adjudication writes it, export takes it) unless set.
DEFAULT_GOLD = "gold"

RejectionKey = tuple[str, str, int, int, str]  # article, annotator, start, end, label
StatusKey = tuple[str, str]  # article, annotator


@dataclass(frozen=True)
class Snapshot:
    """Some spans and entities as they are at one moment (None: did not exist), for undo; and,
    for the steps that make them (adjudication), some rejected proposals (whether each is there)
    and some annotators' statuses of articles (None: no status yet).

    Restoring one puts each listed row back exactly: an entity with its aliases, a span with its
    range, label and link.
    """

    spans: dict[int, Span | None]
    entities: dict[int, Entity | None]
    rejections: dict[RejectionKey, bool] = field(default_factory=dict)
    statuses: dict[StatusKey, Status | None] = field(default_factory=dict)


def blank_edge(surface: str) -> str | None:
    """Why a span's text cannot be a span's (None when it can): a span is a name, a place, a date,
    so it neither starts nor ends with whitespace and is not whitespace alone. Every format holds
    such a span (CoNLL's tokens cannot hold the whitespace around a name)."""
    if not surface.strip():
        return "is only whitespace"
    if surface[0].isspace():
        return "starts with whitespace"
    if surface[-1].isspace():
        return "ends with whitespace"
    return None


def check_span_against_text(span: Span, text: str, labels: tuple[str, ...] | None = None) -> None:
    """Raise InvalidSpan unless the span lies inside the text and its surface is what it covers."""
    if not 0 <= span.start < span.end <= len(text):
        raise InvalidSpan(
            span.article_id,
            span.start,
            span.end,
            f"outside the text (0-{len(text)}) or empty",
        )
    covered = text[span.start : span.end]
    if covered != span.surface:
        raise InvalidSpan(
            span.article_id,
            span.start,
            span.end,
            f"surface {span.surface!r} does not match the text there ({covered!r})",
        )
    blank = blank_edge(covered)
    if blank is not None:
        raise InvalidSpan(span.article_id, span.start, span.end, f"{covered!r} {blank}")
    if labels is not None and span.label not in labels:
        raise InvalidSpan(span.article_id, span.start, span.end, f"unknown label {span.label!r}")


def check_span_fits(span: Span, others: list[Span]) -> None:
    """Raise InvalidSpan if the span crosses or duplicates one of the annotator's other spans."""
    for other in others:
        same_row = span.id is not None and other.id == span.id
        if other.annotator != span.annotator or same_row:
            continue
        if (other.start, other.end) == (span.start, span.end):
            raise InvalidSpan(
                span.article_id,
                span.start,
                span.end,
                f"{other.label} span already covers exactly {other.surface!r}",
            )
        if span.crosses(other):
            raise InvalidSpan(
                span.article_id,
                span.start,
                span.end,
                f"crosses {other.label} span {other.start}-{other.end} {other.surface!r}",
            )
