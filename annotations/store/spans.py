"""The spans table: one annotator's spans, checked before they are stored."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from annotations.dates import DATE_LABEL
from annotations.errors import InvalidSpan, SpanChanged, SpanNotFound
from annotations.model import Article, Entity, Span, check_span_against_text, check_span_fits
from annotations.store.connection import Connection
from annotations.store.schema import INSERT_SPAN, SPAN_COLUMNS, now, span_from_row, span_row


# What an edit may change in a span; its article, annotator and times are not an edit's.
CHANGEABLE = frozenset({"start", "end", "label", "surface", "entity_id", "value"})


class SpanRows(Connection):
    # Defined by the other parts of Store; mypy checks these against them there.
    if TYPE_CHECKING:

        def get_article(self, article_id: str) -> Article: ...

        def get_entity(self, entity_id: int) -> Entity: ...

    def spans_for(self, article_id: str) -> list[Span]:
        """The article's spans in text order (outer before inner at the same start)."""
        rows = self._execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE article_id = ? ORDER BY start, end DESC, id",
            [article_id],
        )
        return [span_from_row(row) for row in rows]

    def get_span(self, span_id: int) -> Span:
        row = self._execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            raise SpanNotFound(span_id)
        return span_from_row(row)

    def _span_exists(self, span_id: int) -> bool:
        return self._execute("SELECT 1 FROM spans WHERE id = ?", [span_id]).fetchone() is not None

    def spans_of_entity(self, entity_id: int) -> list[Span]:
        rows = self._execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE entity_id = ? ORDER BY article_id, start",
            [entity_id],
        )
        return [span_from_row(row) for row in rows]

    def span_count(self) -> int:
        return self._execute("SELECT count(*) FROM spans").fetchone()[0]

    def span_rows_of_articles(self, article_ids: list[str]) -> dict[str, list[tuple]]:
        """Each article's spans as plain rows (start, end, label, surface, annotator, entity_id,
        value): what an export needs, without building a Span for each of a million spans."""
        found: dict[str, list[tuple]] = {id_: [] for id_ in article_ids}
        rows = self._rows_for_ids(
            """
            SELECT article_id, start, end, label, surface, annotator, entity_id, value
            FROM spans WHERE article_id IN ({marks})
            """,
            article_ids,
        )
        for article_id, *rest in rows:
            found[article_id].append(tuple(rest))
        return found

    def span_ranges(
        self, article_ids: list[str], annotator: str
    ) -> dict[str, list[tuple[int, int]]]:
        """(start, end) of the annotator's spans in each of the articles."""
        ranges: dict[str, list[tuple[int, int]]] = {}
        rows = self._rows_for_ids(
            "SELECT article_id, start, end FROM spans WHERE annotator = ? AND article_id IN ({marks})",
            article_ids,
            annotator,
        )
        for article_id, start, end in rows:
            ranges.setdefault(article_id, []).append((start, end))
        return ranges

    def _overlapping(self, span: Span) -> list[Span]:
        """The annotator's spans in this article that share at least one character with the span."""
        rows = self._execute(
            f"""
            SELECT {SPAN_COLUMNS} FROM spans
            WHERE article_id = ? AND annotator = ? AND start < ? AND end > ?
            """,
            [span.article_id, span.annotator, span.end, span.start],
        )
        return [span_from_row(row) for row in rows]

    def _checked(self, span: Span) -> None:
        article = self.get_article(span.article_id)
        check_span_against_text(span, article.text)
        # Only overlapping spans can cross or duplicate it: no need to read the article's thousands.
        check_span_fits(span, self._overlapping(span))
        if span.entity_id is not None:
            if span.label == DATE_LABEL:  # whatever asked for it: the picker, propagation, a file
                raise InvalidSpan(
                    span.article_id, span.start, span.end, "a DATE span is not linked to an entity"
                )
            self.get_entity(span.entity_id)

    def add_span(self, span: Span) -> Span:
        """Store a new span after checking every invariant; returns it with id and times.

        A span that carries an id (and times) is put back as it was: that is how undo restores a
        deleted span, so that later steps of the history still find it.
        """
        with self.transaction():
            self._checked(span)
            stamp = now()
            span_id = self._insert(
                INSERT_SPAN, span_row(span, span.created or stamp, span.updated or stamp)
            )
            return self.get_span(span_id)

    def add_spans(self, spans: list[Span]) -> list[Span]:
        """Store new spans of one article in one transaction, each checked as ``add_span``
        checks it, the article and its layers read once (adjudication takes a thousand agreed
        spans at once): each span is checked against the spans near it, those stored and those
        added before it."""
        if not spans:
            return []
        with self.transaction():
            article = self.get_article(spans[0].article_id)
            near = _Near(
                span_from_row(row)
                for row in self._execute(
                    f"SELECT {SPAN_COLUMNS} FROM spans WHERE article_id = ?", [article.id]
                )
            )
            entities: set[int] = set()
            ids = []
            stamp = now()
            for span in spans:
                if span.article_id != article.id:
                    raise ValueError("add_spans takes the spans of one article")
                check_span_against_text(span, article.text)
                check_span_fits(span, near.overlapping(span))
                if span.entity_id is not None and span.entity_id not in entities:
                    self.get_entity(span.entity_id)
                    entities.add(span.entity_id)
                ids.append(self._insert(INSERT_SPAN, span_row(span, stamp, stamp)))
                near.add(span)
            added = {
                row[0]: span_from_row(row)
                for row in self._rows_for_ids(
                    f"SELECT {SPAN_COLUMNS} FROM spans WHERE id IN ({{marks}})", ids
                )
            }
            return [added[span_id] for span_id in ids]

    def change_span(self, shown: Span, **changes: object) -> Span:
        """Change some columns of a span (start, end, label, surface, entity_id, value) from the
        copy a screen showed: only those columns are written, and only while the row is still
        that copy (its version); otherwise SpanChanged, and nothing is written."""
        unknown = set(changes) - CHANGEABLE
        if unknown:
            raise TypeError(f"not a changeable span column: {sorted(unknown)}")
        with self.transaction():
            current = self.get_span(shown.key)
            if shown.version and current.version != shown.version:
                raise SpanChanged(current.surface)
            changed = replace(current, **changes)  # type: ignore[arg-type]
            self._checked(changed)
            columns = [name for name in changes if getattr(current, name) != changes[name]]
            assignments = "".join(f"{name} = ?, " for name in columns)
            self._execute(
                f"UPDATE spans SET {assignments}updated = ? WHERE id = ? AND version = ?",
                [*(changes[name] for name in columns), now(), current.id, current.version],
            )
            return self.get_span(current.key)

    def _put_span_exactly(self, span: Span) -> None:
        """Write every column of a stored span as the copy has it (undo; the version still rises)."""
        self._checked(span)
        self._execute(
            """
            UPDATE spans SET start = ?, end = ?, label = ?, surface = ?, entity_id = ?,
                             value = ?, updated = ?
            WHERE id = ?
            """,
            [
                span.start,
                span.end,
                span.label,
                span.surface,
                span.entity_id,
                span.value,
                span.updated or now(),
                span.key,
            ],
        )

    def delete_span(self, span_id: int) -> None:
        with self.transaction():
            self._execute("DELETE FROM spans WHERE id = ?", [span_id])


class _Near:
    """Spans kept by start, to find those that share a character with a span without reading
    them all (2,000 new spans against 2,000 stored ones)."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = sorted(spans, key=lambda span: span.start)
        self.starts = [span.start for span in self.spans]
        self.longest = max((span.end - span.start for span in self.spans), default=0)

    def overlapping(self, span: Span) -> list[Span]:
        first = bisect_left(self.starts, span.start - self.longest)
        last = bisect_left(self.starts, span.end)
        return [
            other
            for other in self.spans[first:last]
            if other.start < span.end and span.start < other.end
        ]

    def add(self, span: Span) -> None:
        index = bisect_right(self.starts, span.start)
        self.starts.insert(index, span.start)
        self.spans.insert(index, span)
        self.longest = max(self.longest, span.end - span.start)
