"""The search index's vocabulary in memory: a query word's near spellings and transliterations.

A query word (folded) expands to the indexed terms within one edit (4-7 letters) or two (longer),
and to the terms of its transliteration skeleton (``annotations.name_keys``) that are another
spelling of it: see ``Vocabulary.expand``.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from annotations.name_keys import consonants, skeletons_of, transliterated, word_skeleton

EXPANSIONS_PER_WORD = 8
TRANSLITERATIONS_PER_WORD = 4


def allowed_edits(word: str) -> int:
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


class Vocabulary:
    """The index's terms, bucketed by length and by first and by second letter.

    A near spelling shares its first or its second letter with the word (a typo rarely hits both):
    comparing only those keeps an expansion near a millisecond over a vocabulary of 250,000 terms.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = set(terms)
        self._by_skeleton: dict[str, list[str]] | None = None  # made at the first need
        self.buckets: dict[tuple[int, int, str], list[str]] = {}
        for term in self.terms:
            for position in (0, 1):
                if len(term) > position:
                    self.buckets.setdefault((len(term), position, term[position]), []).append(term)

    def _nearby(self, key: str, edits: int) -> set[str]:
        found: set[str] = set()
        for length in range(len(key) - edits, len(key) + edits + 1):
            for position in (0, 1):
                found.update(self.buckets.get((length, position, key[position]), ()))
        return found

    def expand(self, key: str) -> list[tuple[str, int]]:
        """(term, edits) for the word: itself if indexed, then terms within the allowed edits,
        then its other transliterations (``spelled_alike``)."""
        found = [(key, 0)] if key in self.terms else []
        edits = allowed_edits(key)
        if edits:
            for term, distance, _ in process.extract(
                key,
                list(self._nearby(key, edits)),
                scorer=OSA.distance,  # a swapped pair of letters is one edit
                score_cutoff=edits,
                limit=EXPANSIONS_PER_WORD + 1,
            ):
                if term != key:
                    found.append((term, int(distance)))
        found = found[: EXPANSIONS_PER_WORD + 1]
        known = {term for term, _ in found}
        found.extend(item for item in self.spelled_alike(key) if item[0] not in known)
        return found

    def spelled_alike(self, key: str) -> list[tuple[str, int]]:
        """Terms with the word's transliteration skeleton (``annotations.name_keys``) whose
        transliteration is within the allowed edits of the word's: khalil finds halil, thani
        sani, rashad resat, hayya hayye; "hali" shares halil's skeleton but is too far from
        "khalil" (``consonants``). Up to TRANSLITERATIONS_PER_WORD, nearest first."""
        if self._by_skeleton is None:
            terms = list(self.terms)
            self._by_skeleton = {}
            for term, term_skeleton in zip(terms, skeletons_of(terms)):
                self._by_skeleton.setdefault(term_skeleton, []).append(term)
        spelled = transliterated(key)
        alike = self._by_skeleton.get(word_skeleton(key), [])
        if not alike or len(spelled) < 3:  # "qqqq" is "k": no name
            return []
        edits = max(allowed_edits(spelled), 1 if len(key) >= 4 else 0)
        wanted = consonants(key)
        alike = [term for term in alike if term != key and consonants(term) == wanted]
        return [
            (term, int(distance) + 1)
            for _, distance, term in process.extract(
                spelled,
                {term: transliterated(term) for term in alike},
                scorer=OSA.distance,
                score_cutoff=edits,
                limit=TRANSLITERATIONS_PER_WORD,
            )
        ]
