"""What the annotator decided once and for all: extra labels, rejected proposals, clusters that
are not one entity."""

from __future__ import annotations

from collections.abc import Iterable

from annotations.store.connection import Connection


class Decisions(Connection):
    def extra_labels(self) -> set[str]:
        return {name for (name,) in self._execute("SELECT name FROM extra_labels")}

    def add_extra_labels(self, names: Iterable[str]) -> None:
        with self.transaction():
            for name in names:
                self._execute("INSERT OR IGNORE INTO extra_labels (name) VALUES (?)", [name])

    def reject_proposal(
        self, article_id: str, annotator: str, start: int, end: int, label: str
    ) -> None:
        with self.transaction():
            self._execute(
                """
                INSERT OR IGNORE INTO rejected_proposals (article_id, annotator, start, end, label)
                VALUES (?, ?, ?, ?, ?)
                """,
                [article_id, annotator, start, end, label],
            )

    def rejected_proposals(self, article_id: str, annotator: str) -> set[tuple[int, int, str]]:
        rows = self._execute(
            "SELECT start, end, label FROM rejected_proposals WHERE article_id = ? AND annotator = ?",
            [article_id, annotator],
        )
        return {tuple(row) for row in rows}

    def rejected_in(
        self, article_ids: list[str], annotator: str
    ) -> dict[str, set[tuple[int, int, str]]]:
        found: dict[str, set[tuple[int, int, str]]] = {}
        rows = self._rows_for_ids(
            """
            SELECT article_id, start, end, label FROM rejected_proposals
            WHERE annotator = ? AND article_id IN ({marks})
            """,
            article_ids,
            annotator,
        )
        for article_id, start, end, label in rows:
            found.setdefault(article_id, set()).add((start, end, label))
        return found

    def dismiss_cluster(self, entity_ids: Iterable[int]) -> None:
        """Remember that these entities are not one: the same group is never proposed again."""
        members = ",".join(str(entity_id) for entity_id in sorted(set(entity_ids)))
        with self.transaction():
            self._execute(
                "INSERT OR IGNORE INTO dismissed_clusters (members) VALUES (?)", [members]
            )

    def dismissed_clusters(self) -> set[frozenset[int]]:
        return {
            frozenset(int(part) for part in members.split(","))
            for (members,) in self._execute("SELECT members FROM dismissed_clusters")
        }
