"""Rank the canonical entities a surface may mean: Turkish-aware, spelling- and title-tolerant.

Pure functions over precomputed keys. Each alias of each entity gets keys once (``AliasKeys``):
its folded words without titles, apostrophe suffixes and Arabic particles, a transliteration
skeleton (Khalil/Halil, Thani/Sani, Rashad/Reşat meet), and its acronym. ``EntityIndex`` finds
candidates through those keys (never a scan of every alias) and ``rank`` scores them:

- 100 the same words; 95 the same skeleton; 92 an acronym of the alias (MİT, Milli İstihbarat
  Teşkilatı); 90 initials and a surname (R. T. Erdoğan); 80-88 the surface's words are some of the
  alias's (Kalın, İbrahim Kalın: the surname scores higher than a first name); 76-80 the whole
  alias inside a longer surface (a title not in the list: Bakanlık Müfettişi Hakan Fidan); below, shared
  skeleton words, then a near spelling (rapidfuzz ratio of the keys);
- case never counts: every caller ranks what a person chose (a span they labelled, a query typed
  into the link picker, ``entities suggest``), and a typed "sivil" means "Sivil Askeri
  Koordinasyon Merkezi" as much as "Sivil" does. Telling the adjective "kalın" from İbrahim
  Kalın in running text is propagation's job (``annotations.propagation``: capitals required);
- an entity whose label differs from the one asked for loses 20;
- nothing under 60 is offered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from annotations.model import Entity
from annotations.name_keys import PARTICLES, initials_of, skeleton, suffix_stems
from annotations.titles import STANDARD_TITLES, Titles
from annotations.turkish import APOSTROPHES, loose_key

CANDIDATE_LIMIT = 2000  # a word shared by more aliases than this adds nothing on its own
MINIMUM = 60.0  # below this a candidate is noise, not a suggestion
SUFFIX_PENALTY = 2.0  # "Kahirede" is Kahire at 98: the alias written as it is ranks first
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    """Folded words, each without an apostrophe suffix."""
    folded = loose_key(text)
    for mark in APOSTROPHES:
        folded = folded.replace(mark, "'")
    words = []
    for chunk in folded.split():
        chunk = chunk.split("'", 1)[0]
        words.extend(_WORD.findall(chunk.replace("-", " ")))
    return words


def folded_name(text: str) -> str:
    """Turkish-folded words without apostrophe suffixes: what "written the same" means for an
    automatic link ("HAYYE'NİN" and "Hayye" are the same, "Hayya" is not)."""
    return " ".join(_words(text))


def name_words(text: str, titles: Titles = STANDARD_TITLES) -> tuple[str, ...]:
    """The words that make the name: no Arabic particles ("el-Hayye" is "hayye"), no titles
    (``annotations.titles``, the list the name under the cursor is cut at).

    A name after a title is the words after the last title: in "MİT Başkanı Kalın" MİT says
    whose head Kalın is, and is not part of his name. A title at the end leaves the words
    before it ("Katar Emiri" is "katar").
    """
    return _name_words(_words(text), titles)


def _name_words(all_words: list[str], titles: Titles) -> tuple[str, ...]:
    words = [word for word in all_words if word not in PARTICLES]
    marks = titles.marks(words)
    if not any(marks):
        return tuple(words)
    last = max(index for index, marked in enumerate(marks) if marked)
    kept = words[last + 1 :] or [word for word, marked in zip(words, marks) if not marked]
    return tuple(kept or words)


def acronym(text: str) -> str:
    """The initials of the words of a multi-word name ("Milli İstihbarat Teşkilatı" → "mit")."""
    return _acronym(_words(text))


def _acronym(words: list[str]) -> str:
    return "".join(word[0] for word in words) if len(words) > 1 else ""


@dataclass(frozen=True)
class AliasKeys:
    entity_id: int
    alias: str
    words: tuple[str, ...]
    skeleton: str
    acronym: str
    folded: str  # every word, folded, without suffixes: "hayye" for "Hayye'nin"

    @staticmethod
    def of(entity_id: int, alias: str, titles: Titles = STANDARD_TITLES) -> AliasKeys:
        all_words = _words(alias)  # once: the other keys are made from them
        words = _name_words(all_words, titles)
        return AliasKeys(
            entity_id,
            alias,
            words,
            skeleton(words),
            _acronym(all_words),
            " ".join(all_words),
        )


@dataclass(frozen=True)
class Candidate:
    entity_id: int
    score: float
    alias: str  # the alias that matched best


@dataclass
class EntityIndex:
    """Aliases by word, skeleton word and acronym, for fast candidate lookup.

    Kept up to date one entity at a time (``put``, ``remove``): a removed entity's keys stay in
    ``keys`` as dead positions that no posting list names any more.
    """

    labels: dict[int, str] = field(default_factory=dict)
    keys: list[AliasKeys] = field(default_factory=list)
    by_word: dict[str, list[int]] = field(default_factory=dict)
    by_skeleton: dict[str, list[int]] = field(default_factory=dict)
    by_acronym: dict[str, list[int]] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)  # all the name words, spaced
    by_entity: dict[int, list[int]] = field(default_factory=dict)
    titles: Titles = STANDARD_TITLES  # left out of names: a label file may add to them

    @staticmethod
    def of(entities: Iterable[Entity], titles: Titles = STANDARD_TITLES) -> EntityIndex:
        """An index of stored entities (canonical name and aliases)."""
        index = EntityIndex(titles=titles)
        for entity in entities:
            index.add(entity.key, entity.label, dict.fromkeys([entity.canonical, *entity.aliases]))
        return index

    def add(self, entity_id: int, label: str, aliases: Iterable[str]) -> None:
        self.labels[entity_id] = label
        positions = self.by_entity.setdefault(entity_id, [])
        for alias in aliases:
            keys = AliasKeys.of(entity_id, alias, self.titles)
            position = len(self.keys)
            self.keys.append(keys)
            positions.append(position)
            for table, key in self._posting_keys(keys):
                table.setdefault(key, []).append(position)

    def _posting_keys(self, keys: AliasKeys) -> Iterator[tuple[dict[str, list[int]], str]]:
        """Each posting list an alias is in: (table, key)."""
        for word in keys.words:
            yield self.by_word, word
        for part in keys.skeleton.split():
            yield self.by_skeleton, part
        if keys.acronym:
            yield self.by_acronym, keys.acronym
        if keys.words:
            yield self.by_name, " ".join(keys.words)

    def remove(self, entity_id: int) -> None:
        """Forget the entity and its aliases (nothing happens for an unknown id)."""
        for position in self.by_entity.pop(entity_id, ()):
            for table, key in self._posting_keys(self.keys[position]):
                posting = table.get(key)
                if posting is not None and position in posting:
                    posting.remove(position)
                    if not posting:
                        del table[key]
        self.labels.pop(entity_id, None)

    def put(self, entity: Entity) -> None:
        """Index the entity as it is now (its label, name and aliases may have changed)."""
        self.remove(entity.key)
        self.add(entity.key, entity.label, dict.fromkeys([entity.canonical, *entity.aliases]))

    def live_positions(self) -> Iterator[int]:
        """The positions in ``keys`` of the entities indexed now."""
        for positions in self.by_entity.values():
            yield from positions

    def written_alike(self, surface: str, label: str) -> set[int]:
        """The entities of ``label`` with an alias written like the surface (``folded_name``)."""
        wanted = folded_name(surface)
        words = name_words(surface, self.titles)
        if not wanted or not words:
            return set()
        return {
            self.keys[position].entity_id
            for position in self.by_word.get(words[0], ())
            if self.keys[position].folded == wanted
            and self.labels[self.keys[position].entity_id] == label
        }

    def _candidates(self, words: tuple[str, ...], surface_skeleton: str, compact: str) -> set[int]:
        """Aliases sharing words with the surface: those with every word when there are any
        (a common first name alone would bring thousands), else those with any word, rarest first."""
        postings = [self.by_word.get(word, []) for word in words]
        found: set[int] = set()
        if len(postings) > 1 and all(postings):
            found = _intersection(postings)
        if not found:
            for posting in sorted(postings, key=len):
                found.update(posting)
                if len(found) > CANDIDATE_LIMIT:
                    break
        # Skeletons likewise: "mhmt" alone is thousands of aliases, with a second word a few.
        skeletons = [self.by_skeleton.get(part, []) for part in surface_skeleton.split()]
        both: set[int] = set()
        if len(skeletons) > 1 and all(skeletons):
            both = _intersection(skeletons)
        if both:
            found.update(both)
        else:
            for posting in skeletons:
                if len(posting) <= CANDIDATE_LIMIT:
                    found.update(posting)
        found.update(self.by_acronym.get(compact, ()))
        return found

    def _readings(self, words: tuple[str, ...]) -> list[tuple[tuple[str, ...], float]]:
        """The surface's words, and when its last word is no alias's word, that word's stems
        under an ending written without an apostrophe that are ("Kahirede": kahire), each with
        the score it gives up for being a guess."""
        readings = [(words, 0.0)]
        if words[-1] not in self.by_word:
            readings.extend(
                ((*words[:-1], stem), SUFFIX_PENALTY)
                for stem in suffix_stems(words[-1])
                if stem in self.by_word
            )
        return readings

    def _written_so(self, words: tuple[str, ...], label: str | None) -> dict[int, str]:
        """The entities (of the label, if given) with an alias of exactly these name words,
        and that alias."""
        found: dict[int, str] = {}
        for position in self.by_name.get(" ".join(words), ()):
            keys = self.keys[position]
            if label is None or self.labels[keys.entity_id] == label:
                found.setdefault(keys.entity_id, keys.alias)
        return found

    def rank(
        self, surface: str, label: str | None = None, limit: int = 10, minimum: float = MINIMUM
    ) -> list[Candidate]:
        """The best candidates for the surface, best first; none below ``minimum``."""
        words = name_words(surface, self.titles)
        if not words:
            return []
        exact = self._written_so(words, label)
        if len(exact) >= limit:
            # Enough entities have an alias of exactly these words (a surname shared by a
            # thousand): nothing scores over 100, so they are the answer, without scoring the rest.
            return [Candidate(entity_id, 100.0, exact[entity_id]) for entity_id in sorted(exact)[:limit]]
        best: dict[int, Candidate] = {}
        for variant, penalty in self._readings(words):
            surface_skeleton = skeleton(variant)
            compact = "".join(variant)
            # Aliases written alike score alike (an upper-case copy, a surname shared by hundreds).
            scores: dict[tuple[tuple[str, ...], str], float] = {}
            for position in self._candidates(variant, surface_skeleton, compact):
                keys = self.keys[position]
                alike = (keys.words, keys.acronym)
                if alike not in scores:
                    scores[alike] = _score(variant, surface_skeleton, compact, surface, keys)
                score = scores[alike] - penalty
                if label is not None and self.labels[keys.entity_id] != label:
                    score -= 20
                if score < minimum:
                    continue
                current = best.get(keys.entity_id)
                if current is None or score > current.score:
                    best[keys.entity_id] = Candidate(keys.entity_id, round(score, 1), keys.alias)
        ranked = sorted(best.values(), key=lambda c: (-c.score, c.entity_id))
        return ranked[:limit]


def _intersection(postings: list[list[int]]) -> set[int]:
    """The positions in every posting: a set of the shortest only, the others only walked (a
    first name's posting of thousands made into a set would cost more than the whole ranking)."""
    shortest, *others = sorted(postings, key=len)
    found = set(shortest)
    for posting in others:
        if not found:
            break
        found = found.intersection(posting)
    return found


def _initials_match(surface: str, alias_words: tuple[str, ...]) -> bool:
    """ "R. T. Erdoğan" against "recep tayyip erdogan": initials then the surname."""
    initials, surname = initials_of(surface)
    if not initials or len(initials) + 1 != len(alias_words):
        return False
    return surname == alias_words[-1] and all(
        initial == word[0] for initial, word in zip(initials, alias_words)
    )


def _score(
    words: tuple[str, ...], surface_skeleton: str, compact: str, surface: str, keys: AliasKeys
) -> float:
    if words == keys.words:
        return 100.0
    if surface_skeleton == keys.skeleton:
        return 95.0
    if keys.acronym and compact == keys.acronym and len(words) == 1:
        return 92.0
    if _initials_match(surface, keys.words):
        return 90.0
    if set(words) <= set(keys.words):
        # Part of the name: the surname (last word) says more than a first name.
        share = len(words) / len(keys.words)
        return 80.0 + 4.0 * share + (4.0 if keys.words[-1] in words else 0.0)
    if len(keys.words) > 1 and set(keys.words) <= set(words):
        # The whole name inside a longer surface ("Dışişleri Bakanı Hakan Fidan").
        return 76.0 + 4.0 * len(keys.words) / len(words)
    surface_parts, alias_parts = surface_skeleton.split(), keys.skeleton.split()
    if set(surface_parts) <= set(alias_parts):
        return 70.0 + 4.0 * len(surface_parts) / len(alias_parts)
    similarity = fuzz.ratio(" ".join(words), " ".join(keys.words))
    return similarity * 0.75 if similarity >= 75 else 0.0
