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

    def update(self, entities: Iterable[Entity], gone: Iterable[int]) -> None:
        """Index these entities as they are now, and forget the ``gone`` ones."""
        for entity in entities:
            self.index.put(entity)
            self.names[entity.key] = entity.canonical
        for entity_id in gone:
            self.index.remove(entity_id)
            self.names.pop(entity_id, None)


class Session:
    def __init__(
        self,
        store: Store,
        annotator: str,
        labels: tuple[Label, ...] = DEFAULT_LABELS,
        titles: Titles = STANDARD_TITLES,
    ) -> None:
        """``titles``: the title words cut from names (the standard Turkish list, with what the
        label file adds)."""
        self.store = store
        self.annotator = annotator
        self.labels = labels
        self.titles = titles
        self.history = History(store, on_change=self.catch_up)
        self._entities: EntityNames | None = None

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    # The entity matching index --------------------------------------------------------------

    def entities(self) -> EntityNames:
        """The index and names as the store has them now: built the first time (unless a worker
        handed them in), then updated for just the entities that changed since."""
        if self._entities is None:
            self._entities = EntityNames.read(self.store, self.titles)
        else:
            self.catch_up()
        return self._entities

    def adopt_entities(self, built: EntityNames) -> None:
        """Take an index built elsewhere (a worker thread with its own connection), unless one is
        here already; what changed after it was read is caught up at its first use."""
        if self._entities is None:
            self._entities = built

    @property
    def has_entity_index(self) -> bool:
        return self._entities is not None

    def catch_up(self) -> None:
        """Read again the entities changed since the index was (by this process or another)."""
        entities = self._entities
        if entities is None:
            return
        generation = self.store.entity_generation()
        if generation == entities.generation:
            return
        changed = self.store.entities_changed_since(entities.generation)
        if changed is None:  # older than the change log: read everything again
            self._entities = EntityNames.read(self.store, self.titles)
            return
        present = self.store.entities_by_ids(changed)
        entities.update(present, changed - {entity.key for entity in present})
        entities.generation = generation
