"""The schema and its migrations, the column lists, and the conversion of rows to the model."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from annotations.model import Article, ArticleSummary, Entity, Span, Status
from annotations.turkish import loose_key

APPLICATION_ID = 0x48415359  # "HASY"
SCHEMA_VERSION = 11



def _change_logged(table: str, event: str, row: str) -> str:
    """A trigger that logs the id of the entity a change to ``table`` touched (schema 6)."""
    return f"""
        CREATE TRIGGER {table}_{event.lower()}_logged AFTER {event} ON {table} BEGIN
            INSERT INTO entity_changes (entity_id) VALUES ({row});
        END
        """


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
    [
        # Every change to an entity or its aliases, by any process, logged with the entity's id:
        # a process that keeps a matching index reads what changed since it last looked and
        # updates only those entities. The generation is the log's AUTOINCREMENT sequence, so
        # it never goes back; the log keeps the last 100,000 changes (an index older than that
        # is built again).
        """
        CREATE TABLE entity_changes (
            generation INTEGER PRIMARY KEY AUTOINCREMENT,
            entity_id INTEGER NOT NULL
        )
        """,
        """
        CREATE TRIGGER entity_changes_pruned AFTER INSERT ON entity_changes BEGIN
            DELETE FROM entity_changes WHERE generation <= new.generation - 100000;
        END
        """,
        *(
            _change_logged(table, event, row)
            for table, event, row in [
                ("entities", "INSERT", "new.id"),
                ("entities", "UPDATE", "new.id"),
                ("entities", "DELETE", "old.id"),
                ("aliases", "INSERT", "new.entity_id"),
                ("aliases", "DELETE", "old.entity_id"),
            ]
        ),
    ],
    [
        # Every span row carries a version that every UPDATE of it raises (whoever writes it:
        # the app, another hasiye on the same file, an entity merge): a write made from a copy
        # shown earlier checks it and refuses when the row moved meanwhile (lost updates).
        "ALTER TABLE spans ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        """
        CREATE TRIGGER spans_versioned AFTER UPDATE ON spans WHEN new.version = old.version
        BEGIN
            UPDATE spans SET version = old.version + 1 WHERE id = new.id;
        END
        """,
    ],
    [
        # Pre-annotation (issue 18): each trained CRF with the gold it learnt from (a fingerprint
        # of the spans, the counts) and its held-back scores; the proposals `preannotate` wrote
        # (never gold: spans stay the annotator's), and how unsure the model was of each article.
        # Self-contained: renumber freely if another migration lands first.
        """
        CREATE TABLE crf_models (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            annotator TEXT NOT NULL,
            created TEXT NOT NULL,
            labels TEXT NOT NULL,
            articles INTEGER NOT NULL,
            sentences INTEGER NOT NULL,
            gold_fingerprint TEXT NOT NULL,
            scores TEXT NOT NULL,
            seconds REAL NOT NULL,
            model BLOB NOT NULL
        )
        """,
        """
        CREATE TABLE model_proposals (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            model_id INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            label TEXT NOT NULL,
            surface TEXT NOT NULL,
            entity_id INTEGER,
            confidence REAL NOT NULL,
            PRIMARY KEY (article_id, annotator, start, end, label)
        )
        """,
        """
        CREATE TABLE model_uncertainty (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            model_id INTEGER NOT NULL,
            uncertainty REAL NOT NULL,
            PRIMARY KEY (article_id, annotator)
        )
        """,
    ],
    [
        # Several annotators (schema 9): an article's status is each annotator's own. An article
        # without a row is to do for that annotator. Today's status goes to every annotator who
        # made spans in the article, or to the annotator who opens the file when nobody did
        # (hasiye_annotator(), registered on every connection).
        """
        CREATE TABLE article_status (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('todo', 'in progress', 'done')),
            updated TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX article_status_by_annotator ON article_status(annotator, status, article_id)",
        """
        INSERT INTO article_status (article_id, annotator, status, updated)
        SELECT DISTINCT a.id, s.annotator, a.status, a.updated
        FROM articles a JOIN spans s ON s.article_id = a.id WHERE a.status != 'todo'
        """,
        """
        INSERT INTO article_status (article_id, annotator, status, updated)
        SELECT a.id, hasiye_annotator(), a.status, a.updated FROM articles a
        WHERE a.status != 'todo' AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id)
        """,
        "DROP INDEX articles_by_status",
        "ALTER TABLE articles DROP COLUMN status",
    ],
    [
        # Fuzzy expansion asks the database (schema 10), not a copy of the vocabulary in memory:
        # each term with its skeleton, and each key's terms (name_keys.near_keys) in one row,
        # separated by spaces. Filled at the next need (SearchIndex.refresh_search_vocabulary).
        "DROP TABLE search_vocabulary",
        """
        CREATE TABLE search_vocabulary (term TEXT PRIMARY KEY, skeleton TEXT NOT NULL)
        WITHOUT ROWID
        """,
        "CREATE INDEX search_vocabulary_by_skeleton ON search_vocabulary(skeleton)",
        "CREATE TABLE search_near (key TEXT PRIMARY KEY, terms TEXT NOT NULL) WITHOUT ROWID",
        "UPDATE search_state SET vocabulary_generation = NULL",
    ],
    [
        # How the corpus writes each word (annotations.word_habits), stored with the model that
        # learnt with it (schema 11); NULL for a model made before.
        "ALTER TABLE crf_models ADD COLUMN habits BLOB",
    ],
]
assert len(MIGRATIONS) == SCHEMA_VERSION



def status_of_article(alias: str) -> str:
    """SQL for the status of the article ``alias`` (a table name or alias) for the store's
    annotator (``hasiye_annotator()``): to do when the annotator has no row for it."""
    return f"""COALESCE((SELECT st.status FROM article_status st
        WHERE st.article_id = {alias}.id AND st.annotator = hasiye_annotator()), 'todo')"""


# Annotators who have done the article ``a``, separated by the unit separator.
DONE_BY = """(SELECT group_concat(st.annotator, char(31)) FROM article_status st
    WHERE st.article_id = a.id AND st.status = 'done')"""

ARTICLE_COLUMNS = f"id, title, summary, text, date, source, tags, {status_of_article('articles')}"
SPAN_COLUMNS = (
    "id, article_id, start, end, label, surface, annotator, entity_id, value, created, updated,"
    " version"
)
ENTITY_COLUMNS = "id, canonical, label, external_id, note"
INSERT_SPAN = """
    INSERT INTO spans (id, article_id, start, end, label, surface, annotator, entity_id, value,
                       created, updated)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def span_row(
    span: Span, created: str, updated: str, *, article_id: str | None = None, new: bool = False
) -> tuple:
    """The parameters of INSERT_SPAN for a span: with its id (undo puts a span back as it was),
    or ``new``: a fresh id. ``article_id`` overrides the span's own (a dataset's article)."""
    return (
        None if new else span.id,
        article_id or span.article_id,
        span.start,
        span.end,
        span.label,
        span.surface,
        span.annotator,
        span.entity_id,
        span.value,
        created,
        updated,
    )

# An article's row in the list, with its number of spans and who has done it.
SUMMARY_COLUMNS = f"""
    a.id, a.title, a.date, a.source, a.tags, {status_of_article("a")},
    (SELECT count(*) FROM spans s WHERE s.article_id = a.id), {DONE_BY}
"""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def fold(text: str | None) -> str:
    """The search index's folding of a title or text (``hasiye_fold`` in its triggers)."""
    return loose_key(text or "")


def article_from_row(row: tuple) -> Article:
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


_SPAN_FIELDS = tuple(name.strip() for name in SPAN_COLUMNS.split(","))


def span_from_row(row: tuple) -> Span:
    """A Span from a row of SPAN_COLUMNS. Its fields are filled in directly: a frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__`` (5 µs a span, 2 µs
    this way), and an article's spans are read by the thousand at every open."""
    span = object.__new__(Span)
    span.__dict__.update(zip(_SPAN_FIELDS, row, strict=True))
    return span


def entity_from_row(row: tuple, aliases: Iterable[str]) -> Entity:
    id_, canonical, label, external_id, note = row
    return Entity(id_, canonical, label, tuple(aliases), external_id, note)


def summary_from_row(row: tuple) -> ArticleSummary:
    id_, title, date, source, tags, status_value, span_count, done_by = row
    return ArticleSummary(
        id=id_,
        title=title,
        date=date,
        source=source,
        tags=tuple(json.loads(tags)),
        status=Status(status_value),
        span_count=span_count,
        done_by=tuple(sorted(done_by.split("\x1f"))) if done_by else (),
    )
