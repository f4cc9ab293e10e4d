"""The articles table: reading, listing, importing and deleting articles."""

from __future__ import annotations

import json
from collections.abc import Container, Iterable, Iterator
from typing import TYPE_CHECKING

from annotations.article_order import ArticleOrder, Sort
from annotations.errors import ArticleNotFound
from annotations.model import Article, ArticleSummary, Span, Status
from annotations.store.connection import Connection
from annotations.store.schema import (
    ARTICLE_COLUMNS,
    INSERT_SPAN,
    span_row,
    SUMMARY_COLUMNS,
    article_from_row,
    now,
    status_of_article,
    summary_from_row,
)

# The status of the article ``a`` for the store's annotator (schema 9: per annotator).
STATUS = status_of_article("a")


# The ORDER BY of each sort; hasiye_fold (every hasiye connection registers it) folds Turkish
# casing and letters so that a title sort is case-insensitive and puts Ç with C, İ with I.
ORDER_BY = {
    Sort.ID: "a.id",
    Sort.TITLE: "hasiye_fold(a.title), a.id",
    Sort.DATE: "a.date IS NULL, a.date, a.id",
    Sort.SPANS: "(SELECT count(*) FROM spans s WHERE s.article_id = a.id) DESC, a.id",
    Sort.STATUS: f"CASE {STATUS} WHEN 'in progress' THEN 0 WHEN 'todo' THEN 1 ELSE 2 END, a.id",
    Sort.UNCERTAIN: (
        f"{STATUS} = 'done', "
        "(SELECT max(u.uncertainty) FROM model_uncertainty u WHERE u.article_id = a.id) IS NULL, "
        "(SELECT max(u.uncertainty) FROM model_uncertainty u WHERE u.article_id = a.id) DESC, a.id"
    ),
}


class ArticleRows(Connection):
    # Defined by the other parts of Store; mypy checks these against them there.
    if TYPE_CHECKING:

        def spans_for(self, article_id: str) -> list[Span]: ...

    def article_count(self, status: Status | None = None) -> int:
        if status is None:
            return self._execute("SELECT count(*) FROM articles").fetchone()[0]
        return self.status_counts()[status]

    def get_article(self, article_id: str) -> Article:
        row = self._execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise ArticleNotFound(article_id)
        return article_from_row(row)

    def has_article(self, article_id: str) -> bool:
        return (
            self._execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
            is not None
        )

    def list_articles(
        self, offset: int = 0, limit: int | None = None, status: Status | None = None
    ) -> list[ArticleSummary]:
        """A page of the article list in id order, with each article's span count."""
        where, parameters = (f"WHERE {STATUS} = ?", [status.value]) if status else ("", [])
        rows = self._execute(
            f"""
            SELECT {SUMMARY_COLUMNS}
            FROM articles a {where} ORDER BY a.id LIMIT ? OFFSET ?
            """,
            [*parameters, -1 if limit is None else limit, offset],
        )
        return [summary_from_row(row) for row in rows]

    def article_ids(self) -> list[str]:
        """Every article id in list order (about 30 ms for 100,000 articles)."""
        return [id_ for (id_,) in self._execute("SELECT id FROM articles ORDER BY id")]

    def ordered_article_ids(self, order: ArticleOrder, limit: int | None = None) -> list[str]:
        """The ids the library lists for this filter and sort, sorted by SQLite (over 100,000
        articles: ~0.1 s by id, up to ~1 s by title, which reads every title); ``limit``: only
        the first ones (the library's first page)."""
        where, parameters = (f"WHERE {STATUS} = ?", [order.status.value]) if order.status else ("", [])
        sql = f"SELECT a.id FROM articles a {where} ORDER BY {ORDER_BY[order.sort]}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [id_ for (id_,) in self._execute(sql, parameters)]

    def status_counts(self) -> dict[Status, int]:
        """How many articles have each status for the store's annotator (read from the status
        index: milliseconds); an article without the annotator's row is to do."""
        counts = dict.fromkeys(Status, 0)
        for status, count in self._execute(
            """
            SELECT status, count(*) FROM article_status
            WHERE annotator = hasiye_annotator() GROUP BY status
            """
        ):
            counts[Status(status)] = count
        total = self._execute("SELECT count(*) FROM articles").fetchone()[0]
        counts[Status.TODO] += total - sum(counts.values())
        return counts

    def listing_fingerprint(self, order: ArticleOrder) -> tuple[object, ...]:
        """Changes whenever the ids listed for ``order`` may have changed: an article added,
        removed or retitled, a status changed, and for the sort by spans a span added or removed.
        Milliseconds over 100,000 articles: a poll's question."""
        counts = tuple(self.status_counts().values())
        spans = self._execute("SELECT count(*) FROM spans").fetchone()[0]
        model = None
        if order.sort is Sort.UNCERTAIN:  # preannotate or the app's retraining wrote new values
            model = tuple(
                self._execute("SELECT count(*), total(uncertainty) FROM model_uncertainty").fetchone()
            )
        return (
            self.articles_generation(), counts, spans if order.sort is Sort.SPANS else None, model
        )

    def articles_generation(self) -> int:
        """Bumped by the search index's triggers whenever an article is added, removed or
        retitled (by any process): what was read of the titles is still right while it holds."""
        return self._execute("SELECT generation FROM search_state").fetchone()[0]

    def statuses(self, article_ids: list[str]) -> dict[str, Status]:
        """The status of each of these articles that still exists."""
        rows = self._rows_for_ids(
            f"SELECT a.id, {STATUS} FROM articles a WHERE a.id IN ({{marks}})", article_ids
        )
        return {id_: Status(status) for id_, status in rows}

    def next_unfinished_by_id(self, article_id: str) -> str | None:
        """The first article after this one in id order (then from the start) that is not done."""
        for sql in (
            f"SELECT a.id FROM articles a WHERE {STATUS} != 'done' AND a.id > ? ORDER BY a.id LIMIT 1",
            f"SELECT a.id FROM articles a WHERE {STATUS} != 'done' AND a.id < ? ORDER BY a.id LIMIT 1",
        ):
            row = self._execute(sql, [article_id]).fetchone()
            if row is not None:
                return row[0]
        return None

    def titles(self) -> list[tuple[str, str]]:
        """Every article's id and title in list order, for filtering by title."""
        return self._execute("SELECT id, title FROM articles ORDER BY id").fetchall()

    def neighbour_article(self, article_id: str, step: int) -> str | None:
        """The id after (step 1) or before (step -1) this one in list order, if any."""
        if step > 0:
            sql = "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT 1"
        else:
            sql = "SELECT id FROM articles WHERE id < ? ORDER BY id DESC LIMIT 1"
        row = self._execute(sql, [article_id]).fetchone()
        return row[0] if row else None

    def summaries(self, article_ids: list[str]) -> list[ArticleSummary]:
        """The list rows of the given articles, in the given order; unknown ids are left out."""
        rows = self._rows_for_ids(
            f"SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.id IN ({{marks}})", article_ids
        )
        found = {row[0]: summary_from_row(row) for row in rows}
        return [found[id_] for id_ in article_ids if id_ in found]

    def fingerprints(self, article_ids: list[str]) -> dict[str, tuple[str, int]]:
        """For the ids already stored: their content fingerprint and number of spans."""
        rows = self._rows_for_ids(
            """
            SELECT a.id, a.fingerprint,
                   (SELECT count(*) FROM spans s WHERE s.article_id = a.id)
            FROM articles a WHERE a.id IN ({marks})
            """,
            article_ids,
        )
        return {id_: (fingerprint, span_count) for id_, fingerprint, span_count in rows}

    def texts_of(self, article_ids: list[str]) -> dict[str, str]:
        return dict(
            self._rows_for_ids("SELECT id, text FROM articles WHERE id IN ({marks})", article_ids)
        )

    def iter_articles(
        self,
        status: Status | None = None,
        article_ids: list[str] | None = None,
        batch_size: int = 500,
        after: str = "",
        upto: str | None = None,
    ) -> Iterator[list[Article]]:
        """Articles in id order, a batch at a time (memory stays flat over any corpus); without
        ``article_ids``, only those with an id after ``after`` and up to ``upto`` when given."""
        if article_ids is not None:
            where = f"{status_of_article('articles')} = ? AND " if status else ""
            for first in range(0, len(article_ids), batch_size):
                chunk = article_ids[first : first + batch_size]
                rows = self._rows_for_ids(
                    f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE {where}id IN ({{marks}})",
                    chunk,
                    *([status.value] if status else []),
                )
                found = {row[0]: article_from_row(row) for row in rows}
                yield [found[id_] for id_ in chunk if id_ in found]
            return
        last = after
        while True:
            page = self._execute(
                f"""
                SELECT {ARTICLE_COLUMNS} FROM articles
                WHERE id > ? AND id <= coalesce(?, id)
                {f"AND {status_of_article('articles')} = ?" if status else ""}
                ORDER BY id LIMIT ?
                """,
                [last, upto, *([status.value] if status else []), batch_size],
            ).fetchall()
            if not page:
                return
            yield [article_from_row(row) for row in page]
            last = page[-1][0]

    def save_articles(
        self,
        articles: Iterable[tuple[Article, str | None]],
        stored: Container[str] | None = None,
    ) -> int:
        """Insert or update articles (with the path each came from); status is kept on update.

        Spans of an updated article that no longer fit its new text are deleted; the number of
        deleted spans is returned. Callers refuse such an update unless the user asked for it.
        ``stored``: the ids that were in the store before (only they can have spans), when the
        caller knows them: an import of new articles then asks for no spans.
        """
        stamp = now()
        dropped = 0
        with self.transaction():
            for article, imported_from in articles:
                self._upsert_article(article, imported_from, stamp)
                if stored is None or article.id in stored:
                    dropped += self._drop_spans_that_no_longer_fit(article)
        return dropped

    def _upsert_article(self, article: Article, imported_from: str | None, stamp: str) -> None:
        """Insert or update the article's content; its statuses are kept (they are per
        annotator, in article_status)."""
        self._execute(
            """
            INSERT INTO articles (id, title, summary, text, date, source, tags,
                                  fingerprint, imported_from, created, updated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                title = excluded.title, summary = excluded.summary,
                text = excluded.text, date = excluded.date, source = excluded.source,
                tags = excluded.tags, fingerprint = excluded.fingerprint,
                imported_from = excluded.imported_from, updated = excluded.updated
            """,
            [
                article.id,
                article.title,
                article.summary,
                article.text,
                article.date,
                article.source,
                json.dumps(list(article.tags), ensure_ascii=False),
                article.fingerprint,
                imported_from,
                stamp,
                stamp,
            ],
        )

    def _drop_spans_that_no_longer_fit(self, article: Article) -> int:
        stale = [
            span.id
            for span in self.spans_for(article.id)
            if article.text[span.start : span.end] != span.surface
        ]
        for span_id in stale:
            self._execute("DELETE FROM spans WHERE id = ?", [span_id])
        return len(stale)

    def replace_article(self, article: Article, spans: list[Span], imported_from: str) -> None:
        """Store a dataset's article as it is in the file: text, status and all its spans.

        The caller has checked the spans (offsets, surfaces, crossings): they go in with one
        executemany, which is what makes a million-span import take seconds, not hours. Inside
        a caller's transaction (an import's) no savepoint is opened: FTS5 writes its pending
        index out at every savepoint, which made a dataset import twice as slow.
        """
        if self.connection.in_transaction:
            self._replace_article(article, spans, imported_from)
        else:
            with self.transaction():
                self._replace_article(article, spans, imported_from)

    def _replace_article(self, article: Article, spans: list[Span], imported_from: str) -> None:
        stamp = now()
        self._execute("DELETE FROM spans WHERE article_id = ?", [article.id])
        self._upsert_article(article, imported_from, stamp)
        self.connection.executemany(
            INSERT_SPAN,
            [span_row(span, stamp, stamp, article_id=article.id, new=True) for span in spans],
        )
        # The file's status is that of every annotator who has spans in it (as the schema 9
        # migration did) and of the one importing it, who exports it again as it was.
        annotators = sorted({span.annotator for span in spans} | {self.annotator})
        self._set_statuses(article, annotators, stamp)

    def add_layer(self, article: Article, spans: list[Span], annotators: set[str]) -> None:
        """Another annotator's layer of an article that ``replace_article`` stored from the same
        file (a Prodigy answer per annotator): its spans, checked by the caller as there, and the
        record's status for its annotators. Inside the import's transaction."""
        stamp = now()
        self.connection.executemany(
            INSERT_SPAN,
            [span_row(span, stamp, stamp, article_id=article.id, new=True) for span in spans],
        )
        self._set_statuses(article, annotators, stamp)

    def _set_statuses(self, article: Article, annotators: Iterable[str], stamp: str) -> None:
        self.connection.executemany(
            """
            INSERT INTO article_status (article_id, annotator, status, updated) VALUES (?, ?, ?, ?)
            ON CONFLICT (article_id, annotator) DO UPDATE SET
                status = excluded.status, updated = excluded.updated
            """,
            [(article.id, annotator, article.status.value, stamp) for annotator in annotators],
        )

    def status_of(self, article_id: str) -> Status:
        row = self._execute(
            f"SELECT {STATUS} FROM articles a WHERE a.id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise ArticleNotFound(article_id)
        return Status(row[0])

    def start_work_on(self, article_ids: Iterable[str], annotator: str | None = None) -> None:
        """Articles still to do become in progress for the annotator whose layer was edited (the
        store's annotator by default); the others keep their status. Part of the caller's
        transaction (the edit's)."""
        # A generator: consuming it runs the INSERT, 500 ids at a time.
        for _ in self._rows_for_ids(
            """
            INSERT INTO article_status (article_id, annotator, status, updated)
            SELECT id, ?, ?, ? FROM articles WHERE id IN ({marks})
            ON CONFLICT (article_id, annotator) DO UPDATE SET
                status = excluded.status, updated = excluded.updated
                WHERE article_status.status = 'todo'
            """,
            list(article_ids),
            annotator or self.annotator,
            Status.IN_PROGRESS.value,
            now(),
        ):
            pass

    def set_status(self, article_id: str, status: Status, annotator: str | None = None) -> None:
        """The article's status for the store's annotator, or ``annotator`` (the others' stay as
        they are)."""
        with self.transaction():
            if not self.has_article(article_id):
                raise ArticleNotFound(article_id)
            self._execute(
                """
                INSERT INTO article_status (article_id, annotator, status, updated)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (article_id, annotator) DO UPDATE SET
                    status = excluded.status, updated = excluded.updated
                """,
                [article_id, annotator or self.annotator, status.value, now()],
            )

    def statuses_by_annotator(self, article_id: str) -> dict[str, Status]:
        """Every annotator's status for the article who has one (not to do by default)."""
        rows = self._execute(
            "SELECT annotator, status FROM article_status WHERE article_id = ? ORDER BY annotator",
            [article_id],
        )
        return {annotator: Status(status) for annotator, status in rows}

    def delete_article(self, article_id: str) -> None:
        """Remove an article with its spans (and from the search index)."""
        with self.transaction():
            cursor = self._execute("DELETE FROM articles WHERE id = ?", [article_id])
            if cursor.rowcount == 0:
                raise ArticleNotFound(article_id)
