"""The SQLite store: the only module that speaks SQL.

One file per corpus, in WAL mode with a busy timeout so that two hasiye processes can work on it at
once. Every write runs in ``Store.transaction()`` (``BEGIN IMMEDIATE``, so a writer waits for the
other instead of failing half way). The schema carries ``application_id`` and ``user_version``:
a file that is not ours is refused before anything is written to it, and a newer schema is refused
rather than rewritten.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from annotations.errors import (
    AmbiguousEntity,
    ArticleNotFound,
    EntityNotFound,
    InvalidEntity,
    NewerSchema,
    NotAHasiyeDatabase,
    SpanNotFound,
)
from annotations.model import (
    Article,
    ArticleSummary,
    Entity,
    EntityRow,
    Snapshot,
    Span,
    Status,
    check_span_against_text,
    check_span_fits,
)
from annotations.turkish import loose_key

APPLICATION_ID = 0x48415359  # "HASY"
SCHEMA_VERSION = 5
BUSY_TIMEOUT_SECONDS = 30.0
SQLITE_HEADER = b"SQLite format 3\x00"

# Each entry migrates from version N (its index) to N + 1. Never edit a released entry: add one.
MIGRATIONS: list[list[str]] = [
    [
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            date TEXT,
            source TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'todo'
                CHECK (status IN ('todo', 'in progress', 'done')),
            fingerprint TEXT NOT NULL,
            imported_from TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            canonical TEXT NOT NULL,
            label TEXT NOT NULL,
            external_id TEXT,
            note TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE aliases (
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            PRIMARY KEY (entity_id, alias)
        )
        """,
        """
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            label TEXT NOT NULL,
            surface TEXT NOT NULL,
            entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
            value TEXT,
            annotator TEXT NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            CHECK (start >= 0 AND end > start),
            UNIQUE (article_id, annotator, start, end)
        )
        """,
        "CREATE INDEX spans_by_article ON spans(article_id, start)",
        "CREATE INDEX spans_by_entity ON spans(entity_id)",
        "CREATE INDEX articles_by_status ON articles(status, id)",
    ],
    [
        # Labels accepted by `hasiye import --add-labels` beyond the label set, known to export.
        "CREATE TABLE extra_labels (name TEXT PRIMARY KEY)",
    ],
    [
        # Proposals (found dates, later entity propagation) the annotator said no to: never again.
        """
        CREATE TABLE rejected_proposals (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            label TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator, start, end, label)
        )
        """,
    ],
    [
        # Corpus search: the Turkish-folded title and text (hasiye_fold, registered on every
        # connection) in a contentless FTS5 index keyed by the article's rowid, kept in step by
        # triggers; its vocabulary for fuzzy expansion. (A rowid only changes under VACUUM, which
        # hasiye never runs; `hasiye index --rebuild` repairs the index if it ever must.)
        """
        CREATE VIRTUAL TABLE search_index USING fts5(
            title, body, content = '', tokenize = 'unicode61 remove_diacritics 2'
        )
        """,
        "CREATE VIRTUAL TABLE search_terms USING fts5vocab(search_index, 'row')",
        # Bumped by the triggers; the vocabulary below remembers the generation it was read at.
        "CREATE TABLE search_state (generation INTEGER NOT NULL, vocabulary_generation INTEGER)",
        "INSERT INTO search_state VALUES (0, NULL)",
        # Articles waiting to be indexed: a bulk import (Store.indexing_later) notes new rows here
        # and indexes them in one go at its end, ~40% faster than row by row in a trigger.
        "CREATE TABLE search_pending (rowid INTEGER PRIMARY KEY)",
        """
        CREATE TRIGGER search_after_insert AFTER INSERT ON articles
        WHEN hasiye_index_now() BEGIN
            INSERT INTO search_index (rowid, title, body)
            VALUES (new.rowid, hasiye_fold(new.title), hasiye_fold(new.text));
            UPDATE search_state SET generation = generation + 1;
        END
        """,
        """
        CREATE TRIGGER search_after_insert_later AFTER INSERT ON articles
        WHEN NOT hasiye_index_now() BEGIN
            INSERT OR IGNORE INTO search_pending (rowid) VALUES (new.rowid);
        END
        """,
        """
        CREATE TRIGGER search_after_update AFTER UPDATE OF title, text ON articles
        WHEN old.rowid NOT IN (SELECT rowid FROM search_pending) BEGIN
            INSERT INTO search_index (search_index, rowid, title, body)
            VALUES ('delete', old.rowid, hasiye_fold(old.title), hasiye_fold(old.text));
            INSERT INTO search_index (rowid, title, body)
            VALUES (new.rowid, hasiye_fold(new.title), hasiye_fold(new.text));
            UPDATE search_state SET generation = generation + 1;
        END
        """,
        """
        CREATE TRIGGER search_after_delete AFTER DELETE ON articles BEGIN
            INSERT INTO search_index (search_index, rowid, title, body)
            SELECT 'delete', old.rowid, hasiye_fold(old.title), hasiye_fold(old.text)
            WHERE old.rowid NOT IN (SELECT rowid FROM search_pending);
            DELETE FROM search_pending WHERE rowid = old.rowid;
            UPDATE search_state SET generation = generation + 1;
        END
        """,
        """
        INSERT INTO search_index (rowid, title, body)
        SELECT rowid, hasiye_fold(title), hasiye_fold(text) FROM articles
        """,
        # The terms for fuzzy expansion, read again from search_terms (a scan of the whole index:
        # ~1 s over 100,000 articles) only after the index changed: once after an import.
        "CREATE TABLE search_vocabulary (term TEXT PRIMARY KEY) WITHOUT ROWID",
    ],
    [
        # Variant clusters the user said are not one entity: the sorted member ids, "3,17".
        "CREATE TABLE dismissed_clusters (members TEXT PRIMARY KEY)",
    ],
]
assert len(MIGRATIONS) == SCHEMA_VERSION

ARTICLE_COLUMNS = "id, title, summary, text, date, source, tags, status"
SPAN_COLUMNS = (
    "id, article_id, start, end, label, surface, annotator, entity_id, value, created, updated"
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_file_is_ours_to_open(path: Path) -> None:
    """Refuse, before SQLite touches it, a path that is not an SQLite file or new."""
    if path.is_dir():
        raise NotAHasiyeDatabase(path, "it is a directory")
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotAHasiyeDatabase(path, "it is not an SQLite file")


def _article_from_row(row: tuple) -> Article:
    id_, title, summary, text, date, source, tags, status = row
    return Article(
        id=id_,
        title=title,
        summary=summary,
        text=text,
        date=date,
        source=source,
        tags=tuple(json.loads(tags)),
        status=Status(status),
    )


def _span_from_row(row: tuple) -> Span:
    (
        id_,
        article_id,
        start,
        end,
        label,
        surface,
        annotator,
        entity_id,
        value,
        created,
        updated,
    ) = row
    return Span(
        id=id_,
        article_id=article_id,
        start=start,
        end=end,
        label=label,
        surface=surface,
        annotator=annotator,
        entity_id=entity_id,
        value=value,
        created=created,
        updated=updated,
    )


def _fold(text: str | None) -> str:
    return loose_key(text or "")


class Store:
    """A hasiye database. Use from the thread that opened it; a worker opens its own."""

    def __init__(
        self, path: Path | str, on_upgrade: Callable[[int, int], None] | None = None
    ) -> None:
        """``on_upgrade(from_version, to_version)`` is called before an existing database is
        upgraded (building the search index over a large corpus takes a while)."""
        self.path = Path(path)
        _check_file_is_ours_to_open(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_SECONDS)
        try:
            self._refuse_foreign_database(connection)
        except BaseException:
            connection.close()
            raise
        self.db = Database(connection)
        # The search index's triggers fold text with this; every connection that writes articles
        # must have it (every hasiye Store does).
        connection.create_function("hasiye_fold", 1, _fold, deterministic=True)
        self._index_now = True
        connection.create_function("hasiye_index_now", 0, lambda: self._index_now)
        self._execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        self._execute("PRAGMA foreign_keys = ON")
        self._execute("PRAGMA journal_mode = WAL")
        self._execute("PRAGMA synchronous = NORMAL")
        self._migrate(on_upgrade)
        self._index_pending()  # what a bulk import killed half way left unindexed

    def _refuse_foreign_database(self, connection: sqlite3.Connection) -> None:
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise NotAHasiyeDatabase(self.path, str(error)) from None
        if application_id != APPLICATION_ID and (tables or version):
            raise NotAHasiyeDatabase(self.path, "an SQLite database of another application")
        if version > SCHEMA_VERSION:
            raise NewerSchema(self.path, version, SCHEMA_VERSION)

    def _execute(self, sql: str, parameters: Iterable = ()) -> sqlite3.Cursor:
        return self.db.conn.execute(sql, tuple(parameters))

    def _migrate(self, on_upgrade: Callable[[int, int], None] | None = None) -> None:
        # A current database needs no write lock: every open (the search screen opens one per
        # query) would otherwise queue behind another process's writes.
        current = self._execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        if current and self._execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            return
        with self.transaction():
            # Read again inside the write lock: another process may have migrated meanwhile.
            self._refuse_foreign_database(self.db.conn)
            version = self._execute("PRAGMA user_version").fetchone()[0]
            if 0 < version < SCHEMA_VERSION and on_upgrade is not None:
                on_upgrade(version, SCHEMA_VERSION)
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    self._execute(statement)
            self._execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        return self._execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One user action: all of it is committed, or none. Nested blocks are savepoints."""
        connection = self.db.conn
        if connection.in_transaction:
            with self.db.atomic():
                yield self
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            connection.rollback()
            raise
        connection.commit()

    # Articles ---------------------------------------------------------------------------------

    def article_count(self, status: Status | None = None) -> int:
        if status is None:
            return self._execute("SELECT count(*) FROM articles").fetchone()[0]
        return self._execute(
            "SELECT count(*) FROM articles WHERE status = ?", [status.value]
        ).fetchone()[0]

    def get_article(self, article_id: str) -> Article:
        row = self._execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise ArticleNotFound(article_id)
        return _article_from_row(row)

    _SUMMARY_COLUMNS = """
        a.id, a.title, a.date, a.source, a.tags, a.status,
        (SELECT count(*) FROM spans s WHERE s.article_id = a.id)
    """

    @staticmethod
    def _summary(row: tuple) -> ArticleSummary:
        id_, title, date, source, tags, status_value, span_count = row
        return ArticleSummary(
            id=id_,
            title=title,
            date=date,
            source=source,
            tags=tuple(json.loads(tags)),
            status=Status(status_value),
            span_count=span_count,
        )

    def list_articles(
        self, offset: int = 0, limit: int | None = None, status: Status | None = None
    ) -> list[ArticleSummary]:
        """A page of the article list in id order, with each article's span count."""
        where, parameters = ("WHERE a.status = ?", [status.value]) if status else ("", [])
        rows = self._execute(
            f"""
            SELECT {self._SUMMARY_COLUMNS}
            FROM articles a {where} ORDER BY a.id LIMIT ? OFFSET ?
            """,
            [*parameters, -1 if limit is None else limit, offset],
        )
        return [self._summary(row) for row in rows]

    def article_ids(self) -> list[str]:
        """Every article id in list order (about 30 ms for 100,000 articles)."""
        return [id_ for (id_,) in self._execute("SELECT id FROM articles ORDER BY id")]

    def titles(self) -> list[tuple[str, str]]:
        """Every article's id and title in list order, for filtering by title."""
        return self._execute("SELECT id, title FROM articles ORDER BY id").fetchall()

    def summaries(self, article_ids: list[str]) -> list[ArticleSummary]:
        """The list rows of the given articles, in the given order; unknown ids are left out."""
        rows = self._by_article(
            f"SELECT {self._SUMMARY_COLUMNS} FROM articles a WHERE a.id IN ({{marks}})", article_ids
        )
        found = {row[0]: self._summary(row) for row in rows}
        return [found[id_] for id_ in article_ids if id_ in found]

    def fingerprints(self, article_ids: list[str]) -> dict[str, tuple[str, int]]:
        """For the ids already stored: their content fingerprint and number of spans."""
        rows = self._by_article(
            """
            SELECT a.id, a.fingerprint,
                   (SELECT count(*) FROM spans s WHERE s.article_id = a.id)
            FROM articles a WHERE a.id IN ({marks})
            """,
            article_ids,
        )
        return {id_: (fingerprint, span_count) for id_, fingerprint, span_count in rows}

    def save_articles(self, articles: Iterable[tuple[Article, str | None]]) -> int:
        """Insert or update articles (with the path each came from); status is kept on update.

        Spans of an updated article that no longer fit its new text are deleted; the number of
        deleted spans is returned. Callers refuse such an update unless the user asked for it.
        """
        stamp = now()
        dropped = 0
        with self.transaction():
            for article, imported_from in articles:
                self._upsert_article(article, imported_from, stamp, keep_status=True)
                dropped += self._drop_spans_that_no_longer_fit(article)
        return dropped

    def _upsert_article(
        self, article: Article, imported_from: str | None, stamp: str, keep_status: bool
    ) -> None:
        status = "" if keep_status else ", status = excluded.status"
        self._execute(
            f"""
            INSERT INTO articles (id, title, summary, text, date, source, tags, status,
                                  fingerprint, imported_from, created, updated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                title = excluded.title, summary = excluded.summary,
                text = excluded.text, date = excluded.date, source = excluded.source,
                tags = excluded.tags, fingerprint = excluded.fingerprint,
                imported_from = excluded.imported_from, updated = excluded.updated{status}
            """,
            [
                article.id,
                article.title,
                article.summary,
                article.text,
                article.date,
                article.source,
                json.dumps(list(article.tags), ensure_ascii=False),
                article.status.value,
                article.fingerprint(),
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

    def set_status(self, article_id: str, status: Status) -> None:
        with self.transaction():
            cursor = self._execute(
                "UPDATE articles SET status = ?, updated = ? WHERE id = ?",
                [status.value, now(), article_id],
            )
            if cursor.rowcount == 0:
                raise ArticleNotFound(article_id)

    # Spans ------------------------------------------------------------------------------------

    def spans_for(self, article_id: str) -> list[Span]:
        """The article's spans in text order (outer before inner at the same start)."""
        rows = self._execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE article_id = ? ORDER BY start, end DESC, id",
            [article_id],
        )
        return [_span_from_row(row) for row in rows]

    def get_span(self, span_id: int) -> Span:
        row = self._execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            raise SpanNotFound(span_id)
        return _span_from_row(row)

    def _overlapping(self, span: Span) -> list[Span]:
        """The annotator's spans in this article that share at least one character with the span."""
        rows = self._execute(
            f"""
            SELECT {SPAN_COLUMNS} FROM spans
            WHERE article_id = ? AND annotator = ? AND start < ? AND end > ?
            """,
            [span.article_id, span.annotator, span.end, span.start],
        )
        return [_span_from_row(row) for row in rows]

    def _checked(self, span: Span) -> None:
        article = self.get_article(span.article_id)
        check_span_against_text(span, article.text)
        # Only overlapping spans can cross or duplicate it: no need to read the article's thousands.
        check_span_fits(span, self._overlapping(span))
        if span.entity_id is not None:
            self.get_entity(span.entity_id)

    def add_span(self, span: Span) -> Span:
        """Store a new span after checking every invariant; returns it with id and times.

        A span that carries an id (and times) is put back as it was: that is how undo restores a
        deleted span, so that later steps of the history still find it.
        """
        with self.transaction():
            self._checked(span)
            stamp = now()
            cursor = self._execute(
                """
                INSERT INTO spans (id, article_id, start, end, label, surface, annotator,
                                   entity_id, value, created, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    span.id,
                    span.article_id,
                    span.start,
                    span.end,
                    span.label,
                    span.surface,
                    span.annotator,
                    span.entity_id,
                    span.value,
                    span.created or stamp,
                    span.updated or stamp,
                ],
            )
            return self.get_span(cursor.lastrowid)

    def update_span(self, changed: Span) -> Span:
        """Store a span's new range, surface or label (same id), after the same checks."""
        with self.transaction():
            self.get_span(changed.id)
            self._checked(changed)
            self._execute(
                """
                UPDATE spans SET start = ?, end = ?, label = ?, surface = ?, entity_id = ?,
                                 value = ?, updated = ?
                WHERE id = ?
                """,
                [
                    changed.start,
                    changed.end,
                    changed.label,
                    changed.surface,
                    changed.entity_id,
                    changed.value,
                    changed.updated or now(),
                    changed.id,
                ],
            )
            return self.get_span(changed.id)

    def neighbour_article(self, article_id: str, step: int) -> str | None:
        """The id after (step 1) or before (step -1) this one in list order, if any."""
        if step > 0:
            sql = "SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT 1"
        else:
            sql = "SELECT id FROM articles WHERE id < ? ORDER BY id DESC LIMIT 1"
        row = self._execute(sql, [article_id]).fetchone()
        return row[0] if row else None

    def delete_span(self, span_id: int) -> None:
        with self.transaction():
            self._execute("DELETE FROM spans WHERE id = ?", [span_id])

    def span_count(self) -> int:
        return self._execute("SELECT count(*) FROM spans").fetchone()[0]

    # Datasets ---------------------------------------------------------------------------------

    def iter_articles(
        self,
        status: Status | None = None,
        article_ids: list[str] | None = None,
        batch_size: int = 500,
    ) -> Iterator[list[Article]]:
        """Articles in id order, a batch at a time (memory stays flat over any corpus)."""
        if article_ids is not None:
            for first in range(0, len(article_ids), batch_size):
                chunk = article_ids[first : first + batch_size]
                marks = ", ".join("?" * len(chunk))
                where = f"id IN ({marks})" + (" AND status = ?" if status else "")
                rows = self._execute(
                    f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE {where} ORDER BY id",
                    [*chunk, *([status.value] if status else [])],
                )
                found = {row[0]: _article_from_row(row) for row in rows}
                yield [found[id_] for id_ in chunk if id_ in found]
            return
        last = ""
        while True:
            rows = self._execute(
                f"""
                SELECT {ARTICLE_COLUMNS} FROM articles
                WHERE id > ? {"AND status = ?" if status else ""} ORDER BY id LIMIT ?
                """,
                [last, *([status.value] if status else []), batch_size],
            ).fetchall()
            if not rows:
                return
            yield [_article_from_row(row) for row in rows]
            last = rows[-1][0]

    def span_rows_of_articles(self, article_ids: list[str]) -> dict[str, list[tuple]]:
        """Each article's spans as plain rows (start, end, label, surface, annotator, entity_id,
        value): what an export needs, without building a Span for each of a million spans."""
        found: dict[str, list[tuple]] = {id_: [] for id_ in article_ids}
        for first in range(0, len(article_ids), 500):
            chunk = article_ids[first : first + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._execute(
                f"""
                SELECT article_id, start, end, label, surface, annotator, entity_id, value
                FROM spans WHERE article_id IN ({marks})
                """,
                chunk,
            )
            for article_id, *rest in rows:
                found[article_id].append(tuple(rest))
        return found

    def entity_names(self) -> dict[int, tuple[str, str]]:
        """Every entity's canonical name and label by id."""
        return {
            id_: (canonical, label)
            for id_, canonical, label in self._execute("SELECT id, canonical, label FROM entities")
        }

    def entities(self) -> Iterator[Entity]:
        """Every entity with its aliases, in id order."""
        aliases: dict[int, list[str]] = {}
        for entity_id, alias in self._execute(
            "SELECT entity_id, alias FROM aliases ORDER BY entity_id, alias"
        ):
            aliases.setdefault(entity_id, []).append(alias)
        for id_, canonical, label, external_id, note in self._execute(
            "SELECT id, canonical, label, external_id, note FROM entities ORDER BY id"
        ).fetchall():
            yield Entity(id_, canonical, label, tuple(aliases.get(id_, ())), external_id, note)

    def extra_labels(self) -> set[str]:
        return {name for (name,) in self._execute("SELECT name FROM extra_labels")}

    def add_extra_labels(self, names: Iterable[str]) -> None:
        with self.transaction():
            for name in names:
                self._execute("INSERT OR IGNORE INTO extra_labels (name) VALUES (?)", [name])

    def put_entity(self, entity: Entity) -> int:
        """Store an entity read from a dataset; returns the id it has here.

        Its id is kept when free; an entity already stored under that id with the same canonical
        name and label is reused; otherwise one with that name and label is reused or made.
        """
        with self.transaction():
            if entity.id is not None:
                row = self._execute(
                    "SELECT canonical, label FROM entities WHERE id = ?", [entity.id]
                ).fetchone()
                if row is None:
                    stamp = now()
                    self._execute(
                        """
                        INSERT INTO entities (id, canonical, label, external_id, note, created,
                                              updated)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                        [
                            entity.id,
                            entity.canonical,
                            entity.label,
                            entity.external_id,
                            entity.note,
                            stamp,
                            stamp,
                        ],
                    )
                    entity_id = entity.id
                elif tuple(row) == (entity.canonical, entity.label):
                    entity_id = entity.id
                else:
                    entity_id = self._entity_by_name(entity)
            else:
                entity_id = self._entity_by_name(entity)
            for alias in dict.fromkeys([entity.canonical, *entity.aliases]):
                self._execute(
                    "INSERT OR IGNORE INTO aliases (entity_id, alias) VALUES (?, ?)",
                    [entity_id, alias],
                )
            return entity_id

    def add_alias(self, entity_id: int, alias: str) -> None:
        self._execute(
            "INSERT OR IGNORE INTO aliases (entity_id, alias) VALUES (?, ?)",
            [entity_id, alias],
        )

    def _entity_by_name(self, entity: Entity) -> int:
        row = self._execute(
            "SELECT id FROM entities WHERE canonical = ? AND label = ? ORDER BY id LIMIT 1",
            [entity.canonical, entity.label],
        ).fetchone()
        if row is not None:
            return row[0]
        stamp = now()
        return self._execute(
            """
            INSERT INTO entities (canonical, label, external_id, note, created, updated)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                entity.canonical,
                entity.label,
                entity.external_id,
                entity.note,
                stamp,
                stamp,
            ],
        ).lastrowid

    def replace_article(self, article: Article, spans: list[Span], imported_from: str) -> None:
        """Store a dataset's article as it is in the file: text, status and all its spans.

        The caller has checked the spans (offsets, surfaces, crossings): they go in with one
        executemany, which is what makes a million-span import take seconds, not hours. Inside
        a caller's transaction (an import's) no savepoint is opened: FTS5 writes its pending
        index out at every savepoint, which made a dataset import twice as slow.
        """
        if self.db.conn.in_transaction:
            self._replace_article(article, spans, imported_from)
        else:
            with self.transaction():
                self._replace_article(article, spans, imported_from)

    def _replace_article(self, article: Article, spans: list[Span], imported_from: str) -> None:
        stamp = now()
        self._execute("DELETE FROM spans WHERE article_id = ?", [article.id])
        self._upsert_article(article, imported_from, stamp, keep_status=False)
        self.db.conn.executemany(
            """
            INSERT INTO spans (article_id, start, end, label, surface, annotator, entity_id,
                               value, created, updated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                (
                    article.id,
                    span.start,
                    span.end,
                    span.label,
                    span.surface,
                    span.annotator,
                    span.entity_id,
                    span.value,
                    stamp,
                    stamp,
                )
                for span in spans
            ],
        )

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

    # Search -----------------------------------------------------------------------------------

    def search_terms(self) -> list[str]:
        """Every term of the search index (folded words), for fuzzy expansion."""
        generation, read_at = self._execute(
            "SELECT generation, vocabulary_generation FROM search_state"
        ).fetchone()
        if generation != read_at:
            self.refresh_search_vocabulary()
        return [term for (term,) in self._execute("SELECT term FROM search_vocabulary")]

    @contextmanager
    def indexing_later(self) -> Iterator[Store]:
        """Within this block new articles are indexed for search at its end, in one go."""
        self._index_now = False
        try:
            yield self
        finally:
            self._index_now = True
        self._index_pending()

    def _index_pending(self) -> None:
        if self._execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
            return
        with self.transaction():
            while True:
                rows = self._execute(
                    """
                    SELECT a.rowid, a.title, a.text FROM search_pending p
                    JOIN articles a ON a.rowid = p.rowid ORDER BY p.rowid LIMIT 1000
                    """
                ).fetchall()
                if not rows:
                    break
                self.db.conn.executemany(
                    "INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)",
                    [(rowid, _fold(title), _fold(text)) for rowid, title, text in rows],
                )
                self.db.conn.executemany(
                    "DELETE FROM search_pending WHERE rowid = ?", [(row[0],) for row in rows]
                )
            self._execute("DELETE FROM search_pending")  # rows whose article has gone
            self._execute("UPDATE search_state SET generation = generation + 1")

    def refresh_search_vocabulary(self) -> None:
        """Read the index's terms into the vocabulary table (the importers call this at the end)."""
        with self.transaction():
            self._execute("DELETE FROM search_vocabulary")
            self._execute("INSERT INTO search_vocabulary (term) SELECT term FROM search_terms")
            self._execute("UPDATE search_state SET vocabulary_generation = generation")

    def search_candidates(
        self, match: str, limit: int, status: Status | None = None
    ) -> list[tuple[str, str, str | None, str]]:
        """(id, title, date, text) of up to ``limit`` articles matching an FTS5 expression.

        In index order, unscored: FTS5 would compute bm25 for every match before it could sort
        (~180 ms for a common word over 100,000 articles); the caller asks in tiers instead.
        """
        where = "AND a.status = ?" if status else ""
        return self._execute(
            f"""
            SELECT a.id, a.title, a.date, a.text
            FROM search_index JOIN articles a ON a.rowid = search_index.rowid
            WHERE search_index MATCH ? {where}
            LIMIT ?
            """,
            [match, *([status.value] if status else []), limit],
        ).fetchall()

    def entity_names_matching(self, name: str) -> list[str]:
        """The canonical name and aliases of the entities whose name or an alias is ``name``
        (Turkish-aware, ASCII-tolerant)."""
        ids = self._ids_with_name(name)
        names: list[str] = []
        for entity_id in ids:
            entity = self.get_entity(entity_id)
            names.extend([entity.canonical, *entity.aliases])
        return list(dict.fromkeys(names))

    def rebuild_search_index(self, on_batch: Callable[[int], None] | None = None) -> int:
        """Index every article again (repair); returns the number indexed."""
        with self.transaction():
            self._execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
            self._execute("DELETE FROM search_pending")
            done, last = 0, -1
            while True:
                rows = self._execute(
                    "SELECT rowid, title, text FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 1000",
                    [last],
                ).fetchall()
                if not rows:
                    self.refresh_search_vocabulary()
                    return done
                self.db.conn.executemany(
                    "INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)",
                    [(rowid, _fold(title), _fold(text)) for rowid, title, text in rows],
                )
                done += len(rows)
                last = rows[-1][0]
                if on_batch is not None:
                    on_batch(len(rows))

    def delete_article(self, article_id: str) -> None:
        """Remove an article with its spans (and from the search index)."""
        with self.transaction():
            cursor = self._execute("DELETE FROM articles WHERE id = ?", [article_id])
            if cursor.rowcount == 0:
                raise ArticleNotFound(article_id)

    def has_article(self, article_id: str) -> bool:
        return (
            self._execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
            is not None
        )

    # Entities ---------------------------------------------------------------------------------

    def add_entity(self, canonical: str, label: str, aliases: Iterable[str] = ()) -> Entity:
        with self.transaction():
            stamp = now()
            cursor = self._execute(
                "INSERT INTO entities (canonical, label, created, updated) VALUES (?, ?, ?, ?)",
                [canonical, label, stamp, stamp],
            )
            entity_id = cursor.lastrowid
            for alias in dict.fromkeys([canonical, *aliases]):
                self._execute(
                    "INSERT OR IGNORE INTO aliases (entity_id, alias) VALUES (?, ?)",
                    [entity_id, alias],
                )
            return self.get_entity(entity_id)

    def get_entity(self, entity_id: int) -> Entity:
        row = self._execute(
            "SELECT id, canonical, label, external_id, note FROM entities WHERE id = ?",
            [entity_id],
        ).fetchone()
        if row is None:
            raise EntityNotFound(entity_id)
        aliases = [
            alias
            for (alias,) in self._execute(
                "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias",
                [entity_id],
            )
        ]
        id_, canonical, label, external_id, note = row
        return Entity(id_, canonical, label, tuple(aliases), external_id, note)

    def entity_ids_named(self, name: str) -> list[int]:
        """The entities whose canonical name or an alias is ``name`` (Turkish-aware, ASCII-tolerant),
        or the entity with that id when ``name`` is a number."""
        name = name.strip()
        if name.isdigit():
            self.get_entity(int(name))
            return [int(name)]
        return self._ids_with_name(name)

    def _ids_with_name(self, name: str) -> list[int]:
        wanted = loose_key(name.strip())
        rows = self._execute(
            "SELECT entity_id, alias FROM aliases UNION SELECT id, canonical FROM entities"
        )
        return sorted({entity_id for entity_id, alias in rows if loose_key(alias) == wanted})

    def find_entity(self, name: str) -> Entity:
        """The one entity ``name`` (an id, a canonical name or an alias) refers to."""
        ids = self.entity_ids_named(name)
        if not ids:
            raise InvalidEntity(f"no entity named {name!r}")
        if len(ids) > 1:
            entities = [self.get_entity(entity_id) for entity_id in ids]
            raise AmbiguousEntity(name, [f"{e.id} {e.canonical} {e.label}" for e in entities])
        return self.get_entity(ids[0])

    def entity_rows(self) -> list[EntityRow]:
        """Every entity with its number of linked spans and of articles, in id order."""
        counts = {
            entity_id: (mentions, articles)
            for entity_id, mentions, articles in self._execute(
                """
                SELECT entity_id, count(*), count(DISTINCT article_id) FROM spans
                WHERE entity_id IS NOT NULL GROUP BY entity_id
                """
            )
        }
        return [EntityRow(entity, *counts.get(entity.id, (0, 0))) for entity in self.entities()]

    def canonical_names(self, entity_ids: Iterable[int]) -> dict[int, str]:
        """The canonical names of the given entities (those that exist)."""
        rows = self._by_article(
            "SELECT id, canonical FROM entities WHERE id IN ({marks})", sorted(set(entity_ids))
        )
        return dict(rows)

    def spans_of_entity(self, entity_id: int) -> list[Span]:
        rows = self._execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE entity_id = ? ORDER BY article_id, start",
            [entity_id],
        )
        return [_span_from_row(row) for row in rows]

    def _touch_entity(self, entity_id: int, **columns: object) -> None:
        assignments = ", ".join(f"{column} = ?" for column in [*columns, "updated"])
        self._execute(
            f"UPDATE entities SET {assignments} WHERE id = ?",
            [*columns.values(), now(), entity_id],
        )

    def rename_entity(self, entity_id: int, canonical: str) -> Entity:
        """A new canonical name, which becomes an alias too; the old name stays an alias only if
        a linked span is written that way (a misspelt name goes). The id stays."""
        canonical = canonical.strip()
        if not canonical:
            raise InvalidEntity("an entity needs a name")
        with self.transaction():
            old = self.get_entity(entity_id).canonical
            self._touch_entity(entity_id, canonical=canonical)
            self.add_alias(entity_id, canonical)
            linked_as_old = self._execute(
                "SELECT 1 FROM spans WHERE entity_id = ? AND surface = ? LIMIT 1",
                [entity_id, old],
            ).fetchone()
            if old != canonical and linked_as_old is None:
                self._execute(
                    "DELETE FROM aliases WHERE entity_id = ? AND alias = ?", [entity_id, old]
                )
            return self.get_entity(entity_id)

    def relabel_entity(self, entity_id: int, label: str) -> Entity:
        """A new label for the entity and every span linked to it."""
        with self.transaction():
            self.get_entity(entity_id)
            self._touch_entity(entity_id, label=label)
            self._execute(
                "UPDATE spans SET label = ?, updated = ? WHERE entity_id = ? AND label != ?",
                [label, now(), entity_id, label],
            )
            return self.get_entity(entity_id)

    def set_entity_details(
        self, entity_id: int, external_id: str | None, note: str | None
    ) -> Entity:
        """The external id (a Wikidata QID, say) and the note; empty text clears them."""
        with self.transaction():
            self.get_entity(entity_id)
            self._touch_entity(
                entity_id,
                external_id=(external_id or "").strip() or None,
                note=(note or "").strip() or None,
            )
            return self.get_entity(entity_id)

    def merge_entities(self, keep: int, gone: int) -> Entity:
        """Every span of ``gone`` now links to ``keep``, which takes its aliases (its canonical
        name too); ``gone`` is deleted. Spans keep their own labels."""
        if keep == gone:
            raise InvalidEntity(f"cannot merge entity {keep} into itself")
        with self.transaction():
            kept, merged = self.get_entity(keep), self.get_entity(gone)
            self._execute(
                "UPDATE spans SET entity_id = ?, updated = ? WHERE entity_id = ?",
                [kept.id, now(), merged.id],
            )
            for alias in dict.fromkeys([merged.canonical, *merged.aliases]):
                self.add_alias(kept.id, alias)
            self._execute("DELETE FROM entities WHERE id = ?", [merged.id])
            self._touch_entity(kept.id)
            return self.get_entity(kept.id)

    def delete_entity(self, entity_id: int) -> None:
        """The entity and its aliases go; its spans stay, unlinked."""
        with self.transaction():
            self.get_entity(entity_id)
            self._execute("DELETE FROM entities WHERE id = ?", [entity_id])

    # Undo of entity and span changes ------------------------------------------------------------

    def snapshot(self, span_ids: Iterable[int] = (), entity_ids: Iterable[int] = ()) -> Snapshot:
        """The given spans and entities as they are now (None for those that do not exist)."""
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
        return Snapshot(spans, entities)

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
            existing = {span.id for span in present if self._span_exists(span.id)}
            for span in present:
                if span.id in existing:
                    self.update_span(span)
            for span in present:
                if span.id not in existing:
                    self.add_span(span)
            for entity_id, entity in snapshot.entities.items():
                if entity is None:
                    self._execute("DELETE FROM entities WHERE id = ?", [entity_id])

    def _span_exists(self, span_id: int) -> bool:
        return self._execute("SELECT 1 FROM spans WHERE id = ?", [span_id]).fetchone() is not None

    def _put_entity_exactly(self, entity: Entity) -> None:
        stamp = now()
        self._execute(
            """
            INSERT INTO entities (id, canonical, label, external_id, note, created, updated)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                canonical = excluded.canonical, label = excluded.label,
                external_id = excluded.external_id, note = excluded.note,
                updated = excluded.updated
            """,
            [entity.id, entity.canonical, entity.label, entity.external_id, entity.note,
             stamp, stamp],
        )  # fmt: skip
        self._execute("DELETE FROM aliases WHERE entity_id = ?", [entity.id])
        for alias in entity.aliases:
            self.add_alias(entity.id, alias)

    # Variant clusters -----------------------------------------------------------------------------

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

    def entity_version(self) -> tuple:
        """Changes whenever an entity or alias is added, changed or removed (to keep a cache)."""
        return (
            self._execute("SELECT count(*), max(updated), max(id) FROM entities").fetchone(),
            self._execute("SELECT count(*) FROM aliases").fetchone()[0],
            self._execute("PRAGMA data_version").fetchone()[0],
        )

    # Propagation ------------------------------------------------------------------------------

    def search_article_ids(self, match: str) -> list[str]:
        """The ids of every article matching an FTS5 expression (unordered)."""
        return [
            article_id
            for (article_id,) in self._execute(
                """
                SELECT a.id FROM search_index JOIN articles a ON a.rowid = search_index.rowid
                WHERE search_index MATCH ?
                """,
                [match],
            )
        ]

    def _by_article(self, sql: str, article_ids: list, *parameters: object) -> Iterator:
        """The rows of ``sql`` (its ``{marks}`` an IN list) for the ids, 500 ids per query."""
        for first in range(0, len(article_ids), 500):
            chunk = article_ids[first : first + 500]
            marks = ", ".join("?" * len(chunk))
            yield from self._execute(sql.format(marks=marks), [*parameters, *chunk])

    def texts_of(self, article_ids: list[str]) -> dict[str, str]:
        return dict(
            self._by_article("SELECT id, text FROM articles WHERE id IN ({marks})", article_ids)
        )

    def span_ranges(
        self, article_ids: list[str], annotator: str
    ) -> dict[str, list[tuple[int, int]]]:
        """(start, end) of the annotator's spans in each of the articles."""
        ranges: dict[str, list[tuple[int, int]]] = {}
        rows = self._by_article(
            "SELECT article_id, start, end FROM spans WHERE annotator = ? AND article_id IN ({marks})",
            article_ids,
            annotator,
        )
        for article_id, start, end in rows:
            ranges.setdefault(article_id, []).append((start, end))
        return ranges

    def rejected_in(
        self, article_ids: list[str], annotator: str
    ) -> dict[str, set[tuple[int, int, str]]]:
        found: dict[str, set[tuple[int, int, str]]] = {}
        rows = self._by_article(
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
