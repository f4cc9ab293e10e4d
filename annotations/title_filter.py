"""The library's title filter: every word of the filter in the title, Turkish-aware.

"istanbul" keeps "İstanbul'da" and "ISTANBUL"; apostrophes are ignored, so "hamasla" keeps
"Hamas'la". The titles are folded once, on the first filter, and the folded list is shared with
the thread that filters (the lock makes the first fold happen once).
"""

from __future__ import annotations

import threading

from annotations.turkish import loose_key


def title_key(text: str) -> str:
    """Folded for filtering: Turkish-aware, ASCII-tolerant, apostrophes ignored ("hamasla")."""
    return loose_key(text).replace("'", "")


class TitleIndex:
    """Every article's folded title, built once and shared with the filter worker."""

    def __init__(self, titles: list[tuple[str, str]]) -> None:
        self._titles = titles
        self._keys: list[tuple[str, str]] | None = None
        self._lock = threading.Lock()

    def matching(self, query: str) -> list[str]:
        """Ids of the articles whose title holds every word of the query, in list order."""
        words = title_key(query).split()
        with self._lock:
            if self._keys is None:
                self._keys = [(id_, title_key(title)) for id_, title in self._titles]
        return [id_ for id_, key in self._keys if all(word in key for word in words)]
