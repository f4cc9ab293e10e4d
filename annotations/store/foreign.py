"""Reading another hasiye database (one being merged in), read-only, without upgrading it.

Schema 1 to this one are read: the article status is per annotator from schema 9, before it the
article's one status (given to the annotators who made its spans, as the schema 9 migration does).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from annotations.errors import NewerSchema, NotAHasiyeDatabase
from annotations.model import Article, Entity, Span
from annotations.store.schema import APPLICATION_ID, SCHEMA_VERSION


@dataclass
class ForeignDatabase:
    """Everything a merge takes from another file: articles, entities, and the layers (each
    annotator's spans and status in an article)."""

    path: Path
    articles: dict[str, Article] = field(default_factory=dict)
    entities: dict[int, Entity] = field(default_factory=dict)
    spans: dict[tuple[str, str], list[Span]] = field(default_factory=dict)
    statuses: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def layers(self) -> list[tuple[str, str]]:
        """(article id, annotator) of every layer, in order."""
        return sorted(set(self.spans) | set(self.statuses))


def read_foreign_database(path: Path) -> ForeignDatabase:
    """The other file's contents, read in one snapshot; the file is opened read-only."""
    if not path.is_file():
        raise NotAHasiyeDatabase(path, "no such file")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise NotAHasiyeDatabase(path, str(error)) from None
    try:
        return _read(connection, path)
    except sqlite3.DatabaseError as error:
        raise NotAHasiyeDatabase(path, str(error)) from None
    finally:
        connection.close()


def _read(connection: sqlite3.Connection, path: Path) -> ForeignDatabase:
    connection.execute("BEGIN")
    if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise NotAHasiyeDatabase(path, "an SQLite database of another application")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerSchema(path, version, SCHEMA_VERSION)
    found = ForeignDatabase(path)
    for id_, title, summary, text, date, source, tags in connection.execute(
        "SELECT id, title, summary, text, date, source, tags FROM articles"
    ):
        found.articles[id_] = Article(
            id_, title, text, summary, date, source, tuple(json.loads(tags))
        )
    aliases: dict[int, list[str]] = {}
    for entity_id, alias in connection.execute("SELECT entity_id, alias FROM aliases"):
        aliases.setdefault(entity_id, []).append(alias)
    for id_, canonical, label, external_id, note in connection.execute(
        "SELECT id, canonical, label, external_id, note FROM entities"
    ):
        found.entities[id_] = Entity(
            id_, canonical, label, tuple(aliases.get(id_, ())), external_id, note
        )
    for row in connection.execute(
        """
        SELECT article_id, start, end, label, surface, annotator, entity_id, value
        FROM spans ORDER BY article_id, annotator, start, end DESC
        """
    ):
        span = Span(*row)
        found.spans.setdefault((span.article_id, span.annotator), []).append(span)
    if version >= 9:
        statuses = connection.execute(
            "SELECT article_id, annotator, status FROM article_status WHERE status != 'todo'"
        )
    else:
        statuses = connection.execute(
            """
            SELECT DISTINCT a.id, s.annotator, a.status
            FROM articles a JOIN spans s ON s.article_id = a.id WHERE a.status != 'todo'
            """
        )
    for article_id, annotator, status in statuses:
        found.statuses[(article_id, annotator)] = status
    connection.commit()
    return found
