"""Which articles the library lists and in what order: a status filter and a sort.

The library cycles them with a key each; the store turns an ``ArticleOrder`` into ids with one
query (``Store.ordered_article_ids``), so the sorting happens in SQL and a 100,000-article library
costs a list of ids. The session keeps the order and the ids as listed, so ``]`` / ``[`` and "done,
next" in the annotator follow what the library shows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from annotations.model import Status


class Sort(StrEnum):
    """Every sort ends on the id, so equal keys keep one stable order."""

    ID = "id"
    TITLE = "title"  # Turkish-aware and case-insensitive: Çin between Cezayir and Dakar
    DATE = "date"  # oldest first; articles without a date last
    SPANS = "spans"  # most spans first
    STATUS = "status"  # in progress, then todo, then done: unfinished work first
    # Unfinished articles the pre-annotation model is least sure of first (active learning:
    # their gold teaches it most); then unfinished ones it has not seen, then done ones.
    UNCERTAIN = "uncertain"

    def next(self) -> Sort:
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]


# The status filter cycles through these; None lists every article.
STATUS_FILTERS: tuple[Status | None, ...] = (None, Status.TODO, Status.IN_PROGRESS, Status.DONE)


@dataclass(frozen=True)
class ArticleOrder:
    status: Status | None = None  # only articles with this status; None: all
    sort: Sort = Sort.ID

    def next_status(self) -> ArticleOrder:
        index = STATUS_FILTERS.index(self.status)
        return replace(self, status=STATUS_FILTERS[(index + 1) % len(STATUS_FILTERS)])

    def next_sort(self) -> ArticleOrder:
        return replace(self, sort=self.sort.next())

    def describe(self) -> str:
        """What the library's progress line says of it: "status todo   sorted by title"."""
        return f"status {self.status.value if self.status else 'all'}   sorted by {self.sort.value}"
