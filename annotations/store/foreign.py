"""Reading another hasiye database (one being merged in), read-only, without upgrading it, as
streams: articles in batches, entities, and layers one at a time, all from one snapshot (one read
transaction), so a merge of a 100,000-article file holds a batch in memory, not the file.

Schema 1 to this one are read: the article status is per annotator from schema 9, before it the
article's one status (given to the annotators who made its spans, as the schema 9 migration does).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TypeVar

from annotations.errors import NewerSchema, NotAHasiyeDatabase
from annotations.model import Article, Entity, Span
from annotations.store.schema import APPLICATION_ID, SCHEMA_VERSION

BATCH = 500
# One layer: its article, its annotator, its spans (text order, outer first), its status.
Layer = tuple[str, str, list[Span], str | None]
Item = TypeVar("Item")


def _read(stream: Callable[..., Iterator[Item]]) -> Callable[..., Iterator[Item]]:
    """What SQLite cannot read in the other file, while streaming it, is NotAHasiyeDatabase;
    errors of the caller's own work between two items are not the other file's."""

    @wraps(stream)
    def reading(self: ForeignDatabase) -> Iterator[Item]:
        try:
            yield from stream(self)
        except sqlite3.DatabaseError as error:
            raise NotAHasiyeDatabase(self.path, str(error)) from None

    return reading


class ForeignDatabase:
    """Another database file, opened read-only in one read transaction (``opened``)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection
        connection.execute("BEGIN")
        if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise NotAHasiyeDatabase(path, "an SQLite database of another application")
        self.version = connection.execute("PRAGMA user_version").fetchone()[0]
        if self.version > SCHEMA_VERSION:
            raise NewerSchema(path, self.version, SCHEMA_VERSION)

    @_read
    def article_batches(self) -> Iterator[list[Article]]:
        cursor = self.connection.execute(
            "SELECT id, title, summary, text, date, source, tags FROM articles ORDER BY id"
        )
        while rows := cursor.fetchmany(BATCH):
            yield [
                Article(id_, title, text, summary, date, source, tuple(json.loads(tags)))
                for id_, title, summary, text, date, source, tags in rows
            ]

    @_read
    def entities(self) -> Iterator[Entity]:
        aliases = groupby(
            self.connection.execute("SELECT entity_id, alias FROM aliases ORDER BY entity_id"),
            key=itemgetter(0),
        )
        pending = next(aliases, None)
        for id_, canonical, label, external_id, note in self.connection.execute(
            "SELECT id, canonical, label, external_id, note FROM entities ORDER BY id"
        ):
            while pending is not None and pending[0] < id_:
                pending = next(aliases, None)
            names: tuple[str, ...] = ()
            if pending is not None and pending[0] == id_:
                names = tuple(alias for _, alias in pending[1])
                pending = next(aliases, None)
            yield Entity(id_, canonical, label, names, external_id, note)

    @_read
    def layers(self) -> Iterator[Layer]:
        """Every layer (an annotator's spans or status in an article), by article and
        annotator: the spans and the statuses read side by side, both in that order."""
        spans = groupby(
            self.connection.execute(
                """
                SELECT article_id, start, end, label, surface, annotator, entity_id, value
                FROM spans ORDER BY article_id, annotator, start, end DESC
                """
            ),
            key=itemgetter(0, 5),
        )
        statuses = iter(self._statuses())
        next_spans = next(spans, None)
        next_status = next(statuses, None)
        while next_spans is not None or next_status is not None:
            span_key = next_spans[0] if next_spans is not None else None
            status_key = next_status[:2] if next_status is not None else None
            key = min(k for k in (span_key, status_key) if k is not None)
            layer: list[Span] = []
            if next_spans is not None and span_key == key:
                layer = [Span(*row) for row in next_spans[1]]
                next_spans = next(spans, None)
            status = None
            if next_status is not None and status_key == key:
                status = next_status[2]
                next_status = next(statuses, None)
            yield key[0], key[1], layer, status

    def _statuses(self) -> sqlite3.Cursor:
        if self.version >= 9:
            return self.connection.execute(
                """
                SELECT article_id, annotator, status FROM article_status
                WHERE status != 'todo' ORDER BY article_id, annotator
                """
            )
        return self.connection.execute(
            """
            SELECT DISTINCT a.id, s.annotator, a.status
            FROM articles a JOIN spans s ON s.article_id = a.id WHERE a.status != 'todo'
            ORDER BY a.id, s.annotator
            """
        )


@contextmanager
def opened(path: Path) -> Iterator[ForeignDatabase]:
    """The other file, read-only; anything SQLite cannot read in it is NotAHasiyeDatabase."""
    if not path.is_file():
        raise NotAHasiyeDatabase(path, "no such file")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise NotAHasiyeDatabase(path, str(error)) from None
    try:
        try:
            other = ForeignDatabase(path, connection)
        except sqlite3.DatabaseError as error:
            raise NotAHasiyeDatabase(path, str(error)) from None
        yield other
    finally:
        connection.close()
