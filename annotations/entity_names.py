"""The entity matching index of a process and every entity's canonical name, kept in step with the
store's log of changed entities (``Session`` keeps the app's; a pre-annotation ``Proposer`` its
own, for its worker thread)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotations.matching import EntityIndex
from annotations.model import Entity
from annotations.store import Store
from annotations.titles import STANDARD_TITLES, Titles


@dataclass
class EntityNames:
    """The matching index and every entity's canonical name, by id, as of ``generation`` (the
    store's entity generation when they were read)."""

    index: EntityIndex
    names: dict[int, str]
    generation: int

    @staticmethod
    def read(store: Store, titles: Titles = STANDARD_TITLES) -> EntityNames:
        """Every entity of the store, indexed (seconds over 100,000 entities: a worker's job)."""
        with store.reading():
            generation = store.entity_generation()
            entities = list(store.entities())
        names = {entity.key: entity.canonical for entity in entities}
        return EntityNames(EntityIndex.of(entities, titles), names, generation)

    def caught_up(self, store: Store, titles: Titles = STANDARD_TITLES) -> EntityNames:
        """These, with the entities changed since they were read (by this process or another)
        read again; read anew when the store's change log no longer reaches back that far."""
        generation = store.entity_generation()
        if generation == self.generation:
            return self
        changed = store.entities_changed_since(self.generation)
        if changed is None:
            return EntityNames.read(store, titles)
        present = store.entities_by_ids(changed)
        self.update(present, changed - {entity.key for entity in present})
        self.generation = generation
        return self

    def update(self, entities: Iterable[Entity], gone: Iterable[int]) -> None:
        """Index these entities as they are now, and forget the ``gone`` ones."""
        for entity in entities:
            self.index.put(entity)
            self.names[entity.key] = entity.canonical
        for entity_id in gone:
            self.index.remove(entity_id)
            self.names.pop(entity_id, None)
