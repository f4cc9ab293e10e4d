"""One working session: the store, who is annotating, the label set, ONE undo history for the
whole process, and the entity matching index kept in step with it.

The app makes one at start and every screen works through it; each CLI command makes one. The
matching index is built once (or handed in ready, built by a worker thread with its own store) and
then follows the store's log of changed entities one entity at a time, so linking a span never
rebuilds it, and a change made by another process (another hasiye on the same file, a CLI
command) reaches it the same way. Only an index older than the log is built again.

The session also keeps the library's order (its status filter and sort) and the ids it lists, so
that going to the next article, or to the next unfinished one, follows what the library shows.
Without a listing (a script, the CLI) the order is the ids'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotations.article_order import ArticleOrder
from annotations.history import History
from annotations.entity_names import EntityNames
from annotations.model import DEFAULT_GOLD, DEFAULT_LABELS, Label, Status
from annotations.store import Store
from annotations.titles import STANDARD_TITLES, Titles

if TYPE_CHECKING:
    from annotations.pre_annotation import Proposer


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
        self.gold = DEFAULT_GOLD  # the gold layer's annotator name (hasiye --gold)
        store.annotator = annotator  # statuses are the annotator's own (schema 9)
        self.labels = labels
        self.titles = titles
        self.history = History(store, on_change=self.catch_up)
        self._entities: EntityNames | None = None
        self.article_order = ArticleOrder()
        # The ids the library lists (its order, status filter and title filter); None: id order.
        self.listed_ids: list[str] | None = None
        self.last_opened: str | None = None  # the library's cursor goes back to it
        # The pre-annotation model as last loaded (the annotator reloads it when a newer one is
        # stored), and the articles marked done since it was trained (the app retrains).
        self.proposer: Proposer | None = None
        self.done_since_training = 0

    def article_finished(self) -> bool:
        """Count an article marked done; whether the pre-annotation model is due for retraining
        (every ``RETRAIN_EVERY`` articles)."""
        from annotations.pre_annotation import RETRAIN_EVERY

        self.done_since_training += 1
        if self.done_since_training < RETRAIN_EVERY:
            return False
        self.done_since_training = 0
        return True

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    # Going through the corpus ---------------------------------------------------------------

    def _listed_index(self, article_id: str) -> int | None:
        if self.listed_ids is None:
            return None
        try:
            return self.listed_ids.index(article_id)
        except ValueError:
            return None

    def position(self, article_id: str) -> tuple[int, int] | None:
        """Where the article is in the library's list: (3, 120) is "3 of 120"; None when it is
        not listed (opened from a search hit outside the filter, or no library)."""
        index = self._listed_index(article_id)
        if index is None or self.listed_ids is None:
            return None
        return index + 1, len(self.listed_ids)

    def neighbour(self, article_id: str, step: int) -> str | None:
        """The article after (step 1) or before (step -1) this one as the library lists them
        (skipping any deleted since), or in id order when it is not listed."""
        index = self._listed_index(article_id)
        if index is None or self.listed_ids is None:
            return self.store.neighbour_article(article_id, step)
        listed = self.listed_ids
        index += step
        while 0 <= index < len(listed):
            if self.store.has_article(listed[index]):
                return listed[index]
            index += step
        return None

    def next_unfinished(self, article_id: str) -> str | None:
        """The next listed article that is not done, after this one and then from the top of the
        list (this one excluded); in id order when this one is not listed. None: all done."""
        index = self._listed_index(article_id)
        if index is None or self.listed_ids is None:
            return self.store.next_unfinished_by_id(article_id)
        listed = self.listed_ids
        ahead = listed[index + 1 :] + listed[:index]
        for first in range(0, len(ahead), 500):  # statuses as they are now, a chunk at a time
            chunk = ahead[first : first + 500]
            statuses = self.store.statuses(chunk)
            for candidate in chunk:
                if candidate in statuses and statuses[candidate] is not Status.DONE:
                    return candidate
        return None

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
        if self._entities is not None:
            self._entities = self._entities.caught_up(self.store, self.titles)
