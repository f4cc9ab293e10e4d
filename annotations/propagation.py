"""Propagation: every unannotated mention of an entity's aliases, in one article or the corpus.

A mention is a run of words that folds to an alias (Turkish casing, ASCII spellings: "KALIN",
"Kalin" and "Kalın" are one), whole words only, optionally followed by an apostrophe suffix that
stays outside the proposed span ("Kalın'dan" proposes "Kalın"). An alias written with capitals
is not found in lower case: "kalın" (thick) is not İbrahim Kalın. Where aliases overlap the
longest wins ("İbrahim Kalın" over "Kalın"). A mention that overlaps any of the annotator's
spans, or was rejected before, is not proposed: existing spans are never touched.

Across the corpus the search index picks the articles that contain an alias's words, so only
those are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from annotations.model import Entity
from annotations.review import Proposal, keyword_in_context
from annotations.store import Store
from annotations.turkish import APOSTROPHES, loose_key

_TOKEN = re.compile(r"[^\W_]+")
BATCH = 500  # articles read per query
_JOINER = re.compile(r"[ \t\-‐]+")  # what may stand between the words of one name


def _alias_words(alias: str) -> list[str]:
    """The alias's words as written, each without an apostrophe suffix."""
    words = []
    for chunk in alias.split():
        for mark in APOSTROPHES:
            chunk = chunk.split(mark, 1)[0]
        words.extend(_TOKEN.findall(chunk))
    return words


def _alias_forms(aliases: Iterable[str]) -> list[tuple[tuple[str, ...], tuple[bool, ...]]]:
    """Each alias as folded words, and for each word whether it must be written with a capital
    (only if every alias folding alike has it: "Kalın" and "KALIN" ask for one, "el" does not)."""
    forms: dict[tuple[str, ...], tuple[bool, ...]] = {}
    for alias in aliases:
        written = _alias_words(alias)
        if not written:
            continue
        words = tuple(loose_key(word) for word in written)
        capitals = tuple(word[0].isupper() for word in written)
        previous = forms.get(words, capitals)
        forms[words] = tuple(a and b for a, b in zip(previous, capitals))
    return sorted(forms.items(), key=lambda item: (-len(item[0]), -len(" ".join(item[0]))))


def _after_joining_apostrophe(text: str, start: int) -> bool:
    """Whether the text at ``start`` follows an apostrophe that joins it to the word before.

    An apostrophe after a blank or at the start is an opening quote ('Gazze ateşkes
    anlaşması'), and the mention after it is whole: only one right after a letter or a digit
    starts a suffix (Gazze'nin, 2025'te).
    """
    return start >= 2 and text[start - 1] in APOSTROPHES and text[start - 2].isalnum()


def _capitalised(written: str, capitals: tuple[bool, ...]) -> bool:
    """Whether the words of a mention as written have a capital where the alias asks for one
    (its words are what the joiners leave)."""
    for word, needs in zip(_JOINER.split(written), capitals):
        if needs and not word[:1].isupper():
            return False
    return True


def mention_finder(aliases: Iterable[str]) -> Callable[[str], list[tuple[int, int]]]:
    """A function giving (start, end) of every mention of the aliases in a text, in text order.

    One regular expression over the folded text (longest alias first where several start at one
    place), then a check of capitals and of a suffix before the match in the original.
    """
    ordered = _alias_forms(aliases)
    if not ordered:
        return lambda text: []
    # One named group per alias form: the match says which form it is without re-reading it.
    alternatives = (
        f"(?P<f{index}>{_JOINER.pattern.join(map(re.escape, words))})"
        for index, (words, _) in enumerate(ordered)
    )
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")

    firsts = {words[0] for words, _ in ordered}
    # Per group: the capitals its words need, or None when none does (no check to make).
    capitals_of = {
        f"f{index}": capitals if any(capitals) else None
        for index, (_, capitals) in enumerate(ordered)
    }

    def find(text: str) -> list[tuple[int, int]]:
        folded = loose_key(text)
        # str.find in C for each alias's first word, the expression only where one is: ~5x
        # faster than letting the expression scan the whole text.
        places = []
        for word in firsts:
            place = folded.find(word)
            while place != -1:
                places.append(place)
                place = folded.find(word, place + 1)
        found, end = [], 0
        for place in sorted(places):
            match = pattern.match(folded, place) if place >= end else None
            if match is None:
                continue
            start = place
            if _after_joining_apostrophe(text, start):
                continue  # inside a suffix ("Ankara'gazze") or a name such as "O'Brien"
            capitals = capitals_of[match.lastgroup or ""]
            if capitals is not None:
                if len(capitals) == 1:
                    if not text[start].isupper():
                        continue
                elif not _capitalised(text[start : match.end()], capitals):
                    continue
            end = match.end()
            found.append((start, end))
        return found

    return find


def find_mentions(text: str, aliases: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of every mention of the aliases in the text, in text order."""
    return mention_finder(aliases)(text)


def _names(entity: Entity) -> list[str]:
    return [entity.canonical, *entity.aliases]


def article_proposals(
    article_id: str,
    text: str,
    entity: Entity,
    label: str,
    taken: Iterable[tuple[int, int]],
    rejected: set[tuple[int, int, str]],
    find: Callable[[str], list[tuple[int, int]]] | None = None,
) -> list[Proposal]:
    """The entity's unannotated mentions in one article, as proposals for spans of ``label``;
    ``taken`` are the (start, end) of the annotator's spans there."""
    find = find or mention_finder(_names(entity))
    taken = list(taken)
    proposals = []
    for start, end in find(text):
        if rejected and (start, end, label) in rejected:
            continue
        if taken and any(span_start < end and start < span_end for span_start, span_end in taken):
            continue
        before, after = keyword_in_context(text, start, end)
        proposals.append(
            Proposal(
                start, end, label, text[start:end], before, after,
                article_id=article_id, entity_id=entity.id,
            )
        )  # fmt: skip
    return proposals


def corpus_match(entity: Entity) -> str:
    """The search-index expression for the articles that may mention the entity."""
    phrases = {
        " ".join(loose_key(word) for word in _alias_words(alias)) for alias in _names(entity)
    }
    return " OR ".join(f'"{phrase}"' for phrase in sorted(phrases) if phrase)


def propagation_proposals(
    store: Store,
    entity: Entity,
    label: str,
    annotator: str,
    first_article: str | None = None,
) -> Iterator[Proposal]:
    """The entity's unannotated mentions across the corpus, ``first_article``'s first, then the
    others in id order. A generator: the articles are read a batch at a time as it is consumed."""
    match = corpus_match(entity)
    if not match:
        return
    ids = store.search_article_ids(match)
    ids.sort(key=lambda article_id: (article_id != first_article, article_id))
    find = mention_finder(_names(entity))
    for first in range(0, len(ids), BATCH):
        chunk = ids[first : first + BATCH]
        texts = store.texts_of(chunk)
        taken = store.span_ranges(chunk, annotator)
        rejected = store.rejected_in(chunk, annotator)
        for article_id in chunk:
            yield from article_proposals(
                article_id, texts[article_id], entity, label,
                taken.get(article_id, ()), rejected.get(article_id, set()), find,
            )  # fmt: skip
