"""The writes of a merge: entities matched or added, one annotator's layer in an article put in
(or replaced). The checks and the order are ``annotations.merging``'s."""

from __future__ import annotations

from collections.abc import Sequence

from annotations.model import Entity, Span
from annotations.store.connection import Connection
from annotations.store.schema import INSERT_SPAN, now, span_row


class MergeRows(Connection):
    def matching_entity(self, entity: Entity) -> int | None:
        """The entity here that is ``entity``: the same external id, else the same canonical
        name and label."""
        if entity.external_id:
            row = self._execute(
                "SELECT id FROM entities WHERE external_id = ? ORDER BY id LIMIT 1",
                [entity.external_id],
            ).fetchone()
            if row is not None:
                return row[0]
        row = self._execute(
            "SELECT id FROM entities WHERE canonical = ? AND label = ? ORDER BY id LIMIT 1",
            [entity.canonical, entity.label],
        ).fetchone()
        return None if row is None else row[0]

    def merged_entity(self, entity: Entity) -> int:
        """The id here of the other file's entity: matched, or added under a new id; its aliases
        are added to it. Part of the caller's transaction."""
        entity_id = self.matching_entity(entity)
        if entity_id is None:
            stamp = now()
            entity_id = self._insert(
                """
                INSERT INTO entities (canonical, label, external_id, note, created, updated)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [entity.canonical, entity.label, entity.external_id, entity.note, stamp, stamp],
            )
        self.connection.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, alias) VALUES (?, ?)",
            [(entity_id, alias) for alias in dict.fromkeys([entity.canonical, *entity.aliases])],
        )
        return entity_id

    def layer(self, article_id: str, annotator: str) -> tuple[list[tuple], str | None]:
        """One annotator's layer in an article as comparable rows (start, end, label, surface,
        entity id, value), sorted, and their status (None: no row)."""
        rows = self._execute(
            """
            SELECT start, end, label, surface, entity_id, value FROM spans
            WHERE article_id = ? AND annotator = ? ORDER BY start, end, label
            """,
            [article_id, annotator],
        ).fetchall()
        status = self._execute(
            "SELECT status FROM article_status WHERE article_id = ? AND annotator = ?",
            [article_id, annotator],
        ).fetchone()
        return [tuple(row) for row in rows], None if status is None else status[0]

    def put_layer(
        self, article_id: str, annotator: str, spans: Sequence[Span], status: str | None
    ) -> None:
        """The annotator's layer in the article becomes these spans (new ids) and status. Part
        of the caller's transaction."""
        stamp = now()
        self._execute(
            "DELETE FROM spans WHERE article_id = ? AND annotator = ?", [article_id, annotator]
        )
        self._execute(
            "DELETE FROM article_status WHERE article_id = ? AND annotator = ?",
            [article_id, annotator],
        )
        self.connection.executemany(
            INSERT_SPAN, [span_row(span, stamp, stamp, new=True) for span in spans]
        )
        if status is not None:
            self._execute(
                """
                INSERT INTO article_status (article_id, annotator, status, updated)
                VALUES (?, ?, ?, ?)
                """,
                [article_id, annotator, status, stamp],
            )
