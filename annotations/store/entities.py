"""The entities and aliases tables: canonical entities, found by name, renamed, merged."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from annotations.dates import DATE_LABEL
from annotations.errors import AmbiguousEntity, EntityChanged, EntityNotFound, InvalidEntity
from annotations.input_limits import LARGEST_INTEGER
from annotations.model import Entity, EntityRow
from annotations.store.connection import Connection
from annotations.store.schema import ENTITY_COLUMNS, entity_from_row, now
from annotations.turkish import loose_key


class EntityRows(Connection):
    def add_entity(self, canonical: str, label: str, aliases: Iterable[str] = ()) -> Entity:
        with self.transaction():
            entity_id = self._insert_entity(Entity(None, canonical, label))
            self._add_aliases(entity_id, [canonical, *aliases])
            return self.get_entity(entity_id)

    def put_entity(self, entity: Entity, any_label: bool = False) -> int:
        """Store an entity read from a dataset; returns the id it has here.

        Its id is kept when free; an entity already stored under that id with the same canonical
        name and label (any label with ``any_label``: a span names its entity by id and name, and
        its own label may differ) is reused; otherwise one with that name and label is reused or
        made.
        """
        with self.transaction():
            if entity.id is not None:
                row = self._execute(
                    "SELECT canonical, label FROM entities WHERE id = ?", [entity.id]
                ).fetchone()
                if row is None:
                    entity_id = self._insert_entity(entity)
                elif row[0] == entity.canonical and (any_label or row[1] == entity.label):
                    entity_id = entity.id
                else:
                    entity_id = self._entity_by_name(entity)
            else:
                entity_id = self._entity_by_name(entity)
            self._add_aliases(entity_id, [entity.canonical, *entity.aliases])
            return entity_id

    def _entity_by_name(self, entity: Entity) -> int:
        row = self._execute(
            "SELECT id FROM entities WHERE canonical = ? AND label = ? ORDER BY id LIMIT 1",
            [entity.canonical, entity.label],
        ).fetchone()
        if row is not None:
            return row[0]
        return self._insert_entity(replace(entity, id=None))

    def _put_entity_exactly(self, entity: Entity) -> None:
        """The entity's row and aliases as they were (undo), under its id."""
        entity_id = self._insert_entity(entity, overwrite=True)
        self._execute("DELETE FROM aliases WHERE entity_id = ?", [entity_id])
        self._add_aliases(entity_id, entity.aliases)

    def _insert_entity(self, entity: Entity, overwrite: bool = False) -> int:
        """A row for the entity (not its aliases) under its id, or a new id when it has none;
        returns the id. ``overwrite`` replaces a row already under that id."""
        stamp = now()
        on_conflict = """
            ON CONFLICT (id) DO UPDATE SET
                canonical = excluded.canonical, label = excluded.label,
                external_id = excluded.external_id, note = excluded.note,
                updated = excluded.updated
        """
        entity_id = self._insert(
            f"""
            INSERT INTO entities (id, canonical, label, external_id, note, created, updated)
            VALUES (?, ?, ?, ?, ?, ?, ?) {on_conflict if overwrite else ""}
            """,
            [entity.id, entity.canonical, entity.label, entity.external_id, entity.note,
             stamp, stamp],
        )  # fmt: skip
        return entity_id if entity.id is None else entity.id

    def add_alias(self, entity_id: int, alias: str) -> None:
        # Its own transaction (a savepoint inside one): a bare INSERT would leave sqlite3's
        # implicit transaction open, and nothing after it on this connection would be committed.
        with self.transaction():
            self._add_aliases(entity_id, [alias])

    def _add_aliases(self, entity_id: int, aliases: Iterable[str]) -> None:
        """Each name (once) becomes an alias of the entity, unless it is one already."""
        self.connection.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, alias) VALUES (?, ?)",
            [(entity_id, alias) for alias in dict.fromkeys(aliases)],
        )

    def get_entity(self, entity_id: int) -> Entity:
        found = self.entities_by_ids([entity_id])
        if not found:
            raise EntityNotFound(entity_id)
        return found[0]

    def _entity_as_shown(self, entity_id: int, shown: Entity | None) -> Entity:
        """The stored entity, which a write is about to change; EntityChanged when ``shown`` (the
        copy a screen showed, None: no copy) differs from it in what a person edits: another
        hasiye renamed it, say, and writing from the copy would undo that unseen. Aliases are not
        compared: every span linked anywhere adds one."""
        current = self.get_entity(entity_id)
        if shown is not None and _edited(shown) != _edited(current):
            raise EntityChanged(shown.canonical)
        return current

    def entities_by_ids(self, ids: Iterable[int]) -> list[Entity]:
        """The given entities that exist, each with its aliases, in id order."""
        wanted = sorted(set(ids))
        aliases: dict[int, list[str]] = {}
        for entity_id, alias in self._rows_for_ids(
            "SELECT entity_id, alias FROM aliases WHERE entity_id IN ({marks}) ORDER BY alias",
            wanted,
        ):
            aliases.setdefault(entity_id, []).append(alias)
        rows = self._rows_for_ids(
            f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN ({{marks}}) ORDER BY id", wanted
        )
        return [entity_from_row(row, aliases.get(row[0], ())) for row in rows]

    def entities(self) -> Iterator[Entity]:
        """Every entity with its aliases, in id order."""
        aliases: dict[int, list[str]] = {}
        for entity_id, alias in self._execute(
            "SELECT entity_id, alias FROM aliases ORDER BY entity_id, alias"
        ):
            aliases.setdefault(entity_id, []).append(alias)
        for row in self._execute(f"SELECT {ENTITY_COLUMNS} FROM entities ORDER BY id").fetchall():
            yield entity_from_row(row, aliases.get(row[0], ()))

    def entity_names(self) -> dict[int, tuple[str, str]]:
        """Every entity's canonical name and label by id."""
        return {
            id_: (canonical, label)
            for id_, canonical, label in self._execute("SELECT id, canonical, label FROM entities")
        }

    def canonical_names(self, entity_ids: Iterable[int]) -> dict[int, str]:
        """The canonical names of the given entities (those that exist)."""
        rows = self._rows_for_ids(
            "SELECT id, canonical FROM entities WHERE id IN ({marks})", sorted(set(entity_ids))
        )
        return dict(rows)

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

    def entity_count(self) -> int:
        return int(self._execute("SELECT count(*) FROM entities").fetchone()[0])

    def entity_generation(self) -> int:
        """Grows with every change to an entity or an alias, by any process (see
        ``entities_changed_since``)."""
        row = self._execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'entity_changes'"
        ).fetchone()
        return int(row[0]) if row else 0

    def entities_changed_since(self, generation: int) -> set[int] | None:
        """The ids of the entities added, changed or deleted after ``generation``; None when the
        log no longer reaches back that far."""
        oldest = self._execute("SELECT min(generation) FROM entity_changes").fetchone()[0]
        if oldest is not None and oldest > generation + 1:
            return None
        rows = self._execute(
            "SELECT DISTINCT entity_id FROM entity_changes WHERE generation > ?", [generation]
        )
        return {entity_id for (entity_id,) in rows}

    def entity_ids_named(self, name: str) -> list[int]:
        """The entities whose canonical name or an alias is ``name`` (Turkish-aware, ASCII-tolerant),
        or the entity with that id when ``name`` is a number."""
        name = name.strip()
        if name.isascii() and name.isdigit():  # "²" and "٣" are digits to isdigit, not ids
            if int(name) > LARGEST_INTEGER:
                raise InvalidEntity(f"no entity with id {name} (ids are 64-bit numbers)")
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
            entities = self.entities_by_ids(ids)
            raise AmbiguousEntity(name, [f"{e.id} {e.canonical} {e.label}" for e in entities])
        return self.get_entity(ids[0])

    def entity_names_matching(self, name: str) -> list[str]:
        """The canonical name and aliases of the entities whose name or an alias is ``name``
        (Turkish-aware, ASCII-tolerant)."""
        names: list[str] = []
        for entity in self.entities_by_ids(self._ids_with_name(name)):
            names.extend([entity.canonical, *entity.aliases])
        return list(dict.fromkeys(names))

    def _touch_entity(self, entity_id: int, **columns: object) -> None:
        assignments = ", ".join(f"{column} = ?" for column in [*columns, "updated"])
        self._execute(
            f"UPDATE entities SET {assignments} WHERE id = ?",
            [*columns.values(), now(), entity_id],
        )

    def rename_entity(
        self, entity_id: int, canonical: str, shown: Entity | None = None
    ) -> Entity:
        """A new canonical name, which becomes an alias too; the old name stays an alias only if
        a linked span is written that way (a misspelt name goes). The id stays. ``shown``: the
        copy the user saw (see ``_entity_as_shown``), here and in the writes below."""
        canonical = canonical.strip()
        if not canonical:
            raise InvalidEntity("an entity needs a name")
        with self.transaction():
            old = self._entity_as_shown(entity_id, shown).canonical
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

    def relabel_entity(self, entity_id: int, label: str, shown: Entity | None = None) -> Entity:
        """A new label for the entity and every span linked to it. Not DATE: DATE spans are never
        linked (a date has a value, not an entity)."""
        if label == DATE_LABEL:
            raise InvalidEntity("an entity cannot be DATE: DATE spans have values, not entities")
        with self.transaction():
            self._entity_as_shown(entity_id, shown)
            self._touch_entity(entity_id, label=label)
            self._execute(
                "UPDATE spans SET label = ?, updated = ? WHERE entity_id = ? AND label != ?",
                [label, now(), entity_id, label],
            )
            return self.get_entity(entity_id)

    def set_entity_details(
        self,
        entity_id: int,
        external_id: str | None,
        note: str | None,
        shown: Entity | None = None,
    ) -> Entity:
        """The external id (a Wikidata QID, say) and the note; empty text clears them."""
        with self.transaction():
            self._entity_as_shown(entity_id, shown)
            self._touch_entity(
                entity_id,
                external_id=(external_id or "").strip() or None,
                note=(note or "").strip() or None,
            )
            return self.get_entity(entity_id)

    def merge_entities(
        self, keep: int, gone: int, shown: tuple[Entity, Entity] | None = None
    ) -> Entity:
        """Every span of ``gone`` now links to ``keep``, which takes its aliases (its canonical
        name too); ``gone`` is deleted. Spans keep their own labels. ``shown``: the copies of
        both the user saw."""
        if keep == gone:
            raise InvalidEntity(f"cannot merge entity {keep} into itself")
        with self.transaction():
            self._entity_as_shown(keep, shown[0] if shown else None)
            merged = self._entity_as_shown(gone, shown[1] if shown else None)
            self._execute(
                "UPDATE spans SET entity_id = ?, updated = ? WHERE entity_id = ?",
                [keep, now(), gone],
            )
            self._add_aliases(keep, [merged.canonical, *merged.aliases])
            self._execute("DELETE FROM entities WHERE id = ?", [gone])
            self._touch_entity(keep)
            return self.get_entity(keep)

    def delete_entity(self, entity_id: int, shown: Entity | None = None) -> None:
        """The entity and its aliases go; its spans stay, unlinked."""
        with self.transaction():
            self._entity_as_shown(entity_id, shown)
            self._execute("DELETE FROM entities WHERE id = ?", [entity_id])


def _edited(entity: Entity) -> tuple[str, str, str | None, str | None]:
    """What a person edits of an entity (its aliases come with linked spans)."""
    return entity.canonical, entity.label, entity.external_id, entity.note
