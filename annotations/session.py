"""One working session: the store, who is annotating, the label set, ONE undo history for the
whole process, and the entity matching index kept in step with it.

The app makes one at start and every screen works through it; each CLI command makes one. The
matching index is built once (or handed in ready, built by a worker thread with its own store) and
then follows every step of the history one entity at a time, so linking a span never rebuilds it.
A change made by another process (another hasiye on the same file, a CLI command) is seen through
the store's entity version, and only then is the index built again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotations.history import History
from annotations.matching import EntityIndex
from annotations.model import DEFAULT_LABELS, Entity, Label
from annotations.store import Store


@dataclass
class EntityNames:
    """The matching index and every entity's canonical name, by id, as of ``version``."""

    index: EntityIndex
    names: dict[int, str]
    version: tuple

    @staticmethod
    def of(entities: Iterable[Entity], version: tuple) -> EntityNames:
        entities = list(entities)
        names = {entity.id: entity.canonical for entity in entities if entity.id is not None}
        return EntityNames(EntityIndex.of(entities), names, version)


class Session:
    def __init__(
        self, store: Store, annotator: str, labels: tuple[Label, ...] = DEFAULT_LABELS
    ) -> None:
        self.store = store
        self.annotator = annotator
        self.labels = labels
        self.history = History(store, on_change=self._entities_changed)
        self._entities: EntityNames | None = None

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    # The entity matching index --------------------------------------------------------------

    def entity_version(self) -> tuple:
        return self.store.entity_version()

    def entities(self) -> EntityNames:
        """The index and names, built now if there is none yet or another process changed the
        entities since."""
        if self._entities is None or self._entities.version != self.entity_version():
            self._entities = EntityNames.of(self.store.entities(), self.entity_version())
        return self._entities

    def adopt_entities(self, built: EntityNames) -> None:
        """Take an index built elsewhere (a worker thread), if nothing changed since."""
        if self._entities is None and built.version == self.entity_version():
            self._entities = built

    @property
    def has_entity_index(self) -> bool:
        return self._entities is not None

    def _entities_changed(self, entity_ids: list[int]) -> None:
        """After a step of the history: the entities it touched, read again into the index."""
        if self._entities is None or not entity_ids:
            return
        present = {entity.id: entity for entity in self.store.entities_by_ids(entity_ids)}
        for entity_id in entity_ids:
            entity = present.get(entity_id)
            if entity is None:
                self._entities.index.remove(entity_id)
                self._entities.names.pop(entity_id, None)
            else:
                self._entities.index.put(entity)
                self._entities.names[entity_id] = entity.canonical
        self._entities.version = self.entity_version()
