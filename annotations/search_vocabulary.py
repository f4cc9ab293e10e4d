"""The search index's vocabulary, asked in the database: a query word's near spellings and
transliterations.

A query word (folded) expands to the indexed terms within one edit (4-7 letters) or two (longer),
and to the terms of its transliteration skeleton (``annotations.name_keys``) that are another
spelling of it: see ``Vocabulary.expand``. The terms, their skeletons and the keys they are filed
under live in the store (``SearchIndex.refresh_search_vocabulary``): a process reads only the few
thousand terms near the words it is asked, never the whole vocabulary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from annotations.name_keys import (
    NEAR_PAIRS,
    consonants,
    consonants_of,
    keys_near,
    transliterated,
    transliterations_of,
    word_skeleton,
)

if TYPE_CHECKING:
    from annotations.store import Store

EXPANSIONS_PER_WORD = 8
TRANSLITERATIONS_PER_WORD = 4


def allowed_edits(word: str) -> int:
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


class Vocabulary:
    """The index's terms, as the store files them: by length and by each pair of their first
    three letters (``name_keys.near_keys``), and by skeleton.

    A near spelling keeps at least one of those pairs of the word (one edit changes at most two
    of them; a typo rarely hits all three letters): comparing only the terms under those keys
    keeps an expansion near a few milliseconds over a vocabulary of two million terms.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        store.search_vocabulary_ready()

    def __contains__(self, term: str) -> bool:
        return self.store.has_search_term(term)

    def expand(self, key: str) -> list[tuple[str, int]]:
        """(term, edits) for the word: itself if indexed, then terms within the allowed edits,
        then its other transliterations (``spelled_alike``)."""
        found = [(key, 0)] if key in self else []
        edits = allowed_edits(key)
        if edits:
            # A term filed under two or three of the keys comes as often: the nearest few are
            # asked for three times over, then made distinct.
            nearest = process.extract(
                key,
                self.store.search_terms_filed(keys_near(key, edits)),
                scorer=OSA.distance,  # a swapped pair of letters is one edit
                score_cutoff=edits,
                limit=(EXPANSIONS_PER_WORD + 1) * len(NEAR_PAIRS),
            )
            distinct = {term: int(distance) for term, distance, _ in nearest if term != key}
            found.extend(distinct.items())
        found = found[: EXPANSIONS_PER_WORD + 1]
        known = {term for term, _ in found}
        found.extend(item for item in self.spelled_alike(key) if item[0] not in known)
        return found

    def spelled_alike(self, key: str) -> list[tuple[str, int]]:
        """Terms with the word's transliteration skeleton (``annotations.name_keys``) whose
        transliteration is within the allowed edits of the word's: khalil finds halil, thani
        sani, rashad resat, hayya hayye; "hali" shares halil's skeleton but is too far from
        "khalil" (``consonants``). Up to TRANSLITERATIONS_PER_WORD, nearest first."""
        spelled = transliterated(key)
        alike = [
            term for term in self.store.search_terms_of_skeleton(word_skeleton(key)) if term != key
        ]
        if not alike or len(spelled) < 3:  # "qqqq" is "k": no name
            return []
        edits = max(allowed_edits(spelled), 1 if len(key) >= 4 else 0)
        wanted = consonants(key)
        spellings = transliterations_of(alike)
        choices = {
            term: spelling
            for term, spelling, letters in zip(
                alike, spellings, consonants_of(spellings), strict=True
            )
            if letters == wanted
        }
        return [
            (term, int(distance) + 1)
            for _, distance, term in process.extract(
                spelled,
                choices,
                scorer=OSA.distance,
                score_cutoff=edits,
                limit=TRANSLITERATIONS_PER_WORD,
            )
        ]
