"""Annotators' layers: who has one, and each article's layers read for agreement.

An annotator has a layer in an article when they made a span in it or gave it a status (an article
looked at and found empty is a layer with no spans, and counts in agreement).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

from annotations.agreement import ArticleLayers, SpanTuple
from annotations.errors import ArticleNotFound
from annotations.store.connection import Connection


class LayerRows(Connection):
    def annotators(self, with_layer: bool = True) -> list[str]:
        """Every annotator with a layer somewhere (a span, or a status that is not to do), by
        name: importing a file gives the importer a status row (to do, say) and no layer.
        ``with_layer=False``: every name the database knows, a status to do included."""
        rows = self._execute(
            f"""
            SELECT DISTINCT annotator FROM spans
            UNION SELECT DISTINCT annotator FROM article_status
            {"WHERE status != 'todo'" if with_layer else ""}
            ORDER BY 1
            """
        )
        return [name for (name,) in rows]

    def done_by_only(self, other: str) -> int:
        """How many articles ``other`` has done and the store's annotator has not: the articles
        adjudicated into the layer ``other`` (gold) that an export of one's own done articles
        leaves out."""
        return self._execute(
            """
            SELECT count(*) FROM article_status o
            WHERE o.annotator = ? AND o.status = 'done' AND NOT EXISTS (
                SELECT 1 FROM article_status m WHERE m.article_id = o.article_id
                AND m.annotator = hasiye_annotator() AND m.status = 'done')
            """,
            [other],
        ).fetchone()[0]

    def article_id_bounds(self, parts: int) -> list[str]:
        """Ids that cut the articles into ``parts`` runs of about equal length, in id order (each
        the last id of its run); fewer than ``parts - 1`` when there are few articles."""
        count = self._execute("SELECT count(*) FROM articles").fetchone()[0]
        bounds: list[str] = []
        for offset in sorted({count * part // parts - 1 for part in range(1, parts)}):
            if offset >= 0:
                row = self._execute(
                    "SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET ?", [offset]
                ).fetchone()
                bounds.append(row[0])
        return bounds

    def iter_layers(
        self,
        annotators: tuple[str, ...],
        article_id: str | None = None,
        batch_size: int = 500,
        after: str = "",
        upto: str | None = None,
    ) -> Iterator[ArticleLayers]:
        """In id order, each article where at least one of the annotators has a layer, with the
        layers of those annotators; only those with an id after ``after`` and up to ``upto``
        when given. Call inside ``reading()`` for one snapshot."""
        if article_id is not None and not self._execute(
            "SELECT 1 FROM articles WHERE id = ?", [article_id]
        ).fetchone():
            raise ArticleNotFound(article_id)
        last = after
        while True:
            if article_id is not None:
                ids_and_texts = self._execute(
                    "SELECT id, text FROM articles WHERE id = ? AND id > ?", [article_id, last]
                ).fetchall()
            else:
                ids_and_texts = self._execute(
                    "SELECT id, text FROM articles WHERE id > ? AND id <= coalesce(?, id)"
                    " ORDER BY id LIMIT ?",
                    [last, upto, batch_size],
                ).fetchall()
            if not ids_and_texts:
                return
            last = ids_and_texts[-1][0]
            ids = [id_ for id_, _ in ids_and_texts]
            layers: dict[str, dict[str, list[SpanTuple]]] = {}
            names = ", ".join("?" * len(annotators))
            for id_, annotator in self._rows_for_ids(
                f"""
                SELECT article_id, annotator FROM article_status
                WHERE status != 'todo' AND annotator IN ({names}) AND article_id IN ({{marks}})
                """,
                ids,
                *annotators,
            ):
                layers.setdefault(id_, {}).setdefault(annotator, [])
            # The batch's spans by a range of the article index, not an IN list of 500 ids, one
            # layer after the other: a list made at once per layer, each span the row's tail.
            rows = self._execute(
                f"""
                SELECT article_id, annotator, start, end, label, entity_id, value FROM spans
                WHERE article_id BETWEEN ? AND ? AND annotator IN ({names})
                ORDER BY article_id, annotator
                """,
                [ids[0], ids[-1], *annotators],
            )
            for (id_, annotator), layer in groupby(rows, key=_article_and_annotator):
                layers.setdefault(id_, {})[annotator] = [row[2:] for row in layer]
            for id_, text in ids_and_texts:
                if id_ in layers:
                    yield ArticleLayers(id_, text, layers[id_])


_article_and_annotator = itemgetter(0, 1)
