"""Undo of entity and span changes: snapshots of the rows a step touches, put back exactly."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from annotations.errors import EntityNotFound, SpanNotFound
from annotations.model import Entity, RejectionKey, Snapshot, Span, Status, StatusKey
from annotations.store.connection import Connection


class Snapshots(Connection):
    # Defined by the other parts of Store; mypy checks these against them there.
    if TYPE_CHECKING:

        def get_span(self, span_id: int) -> Span: ...

        def _span_exists(self, span_id: int) -> bool: ...

        def add_span(self, span: Span) -> Span: ...

        def _put_span_exactly(self, span: Span) -> None: ...

        def get_entity(self, entity_id: int) -> Entity: ...

        def _put_entity_exactly(self, entity: Entity) -> None: ...

        def reject_proposal(
            self, article_id: str, annotator: str, start: int, end: int, label: str
        ) -> None: ...

        def set_status(
            self, article_id: str, status: Status, annotator: str | None = None
        ) -> None: ...

    def snapshot(
        self,
        span_ids: Iterable[int] = (),
        entity_ids: Iterable[int] = (),
        rejections: Iterable[RejectionKey] = (),
        statuses: Iterable[StatusKey] = (),
    ) -> Snapshot:
        """The given spans and entities as they are now (None for those that do not exist), and
        whether the given proposals are rejected, and the given statuses."""
        spans: dict[int, Span | None] = {}
        for span_id in span_ids:
            try:
                spans[span_id] = self.get_span(span_id)
            except SpanNotFound:
                spans[span_id] = None
        entities: dict[int, Entity | None] = {}
        for entity_id in entity_ids:
            try:
                entities[entity_id] = self.get_entity(entity_id)
            except EntityNotFound:
                entities[entity_id] = None
        rejected = {
            key: self._execute(
                """
                SELECT 1 FROM rejected_proposals
                WHERE article_id = ? AND annotator = ? AND start = ? AND end = ? AND label = ?
                """,
                list(key),
            ).fetchone()
            is not None
            for key in rejections
        }
        status_rows = {
            key: self._execute(
                "SELECT status FROM article_status WHERE article_id = ? AND annotator = ?", list(key)
            ).fetchone()
            for key in statuses
        }
        found = {key: None if row is None else Status(row[0]) for key, row in status_rows.items()}
        return Snapshot(spans, entities, rejected, found)

    def restore(self, snapshot: Snapshot) -> None:
        """Put every span and entity of the snapshot back as it was, in one transaction."""
        with self.transaction():
            for entity in snapshot.entities.values():
                if entity is not None:
                    self._put_entity_exactly(entity)
            present = [span for span in snapshot.spans.values() if span is not None]
            for span_id, span in snapshot.spans.items():
                if span is None:
                    self._execute("DELETE FROM spans WHERE id = ?", [span_id])
            existing = {
                span_id
                for span_id, span in snapshot.spans.items()
                if span is not None and self._span_exists(span_id)
            }
            for span in present:
                if span.id in existing:
                    self._put_span_exactly(span)
            for span in present:
                if span.id not in existing:
                    self.add_span(span)
            for entity_id, entity in snapshot.entities.items():
                if entity is None:
                    self._execute("DELETE FROM entities WHERE id = ?", [entity_id])
            for key, there in snapshot.rejections.items():
                if there:
                    self.reject_proposal(*key)
                else:
                    self._execute(
                        """
                        DELETE FROM rejected_proposals WHERE article_id = ? AND annotator = ?
                            AND start = ? AND end = ? AND label = ?
                        """,
                        list(key),
                    )
            for (article_id, annotator), status in snapshot.statuses.items():
                if status is None:
                    self._execute(
                        "DELETE FROM article_status WHERE article_id = ? AND annotator = ?",
                        [article_id, annotator],
                    )
                else:
                    self.set_status(article_id, status, annotator)
