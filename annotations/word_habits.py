"""How the corpus writes each word: what the pre-annotation model knows of a word beyond the gold.

Read from the database's articles, annotated or not (the corpus the annotator imported): how often
a word is written with a capital inside a sentence (``Kurosawa`` always, ``Bugün`` only at a
sentence's start, ``yeni`` never), and how often an apostrophe suffix follows it (names take
them: ``Ankara'da``). A word seen in 2,000 gold sentences is one thing; how thousands of
articles write it tells a name from a word at the start of a sentence (micro F1 on real Turkish
news, 2,000 gold sentences: 0.737 without, 0.781 with).

And the company a word keeps: the three words most often before it and the three most often
after it (``Kurosawa`` follows ``Akira`` and takes ``'nın``; an unseen surname keeps the company
of the surnames the gold taught). Words that keep the same company get the same features, which
is what word clusters give a model: 0.782 → 0.797 with 2,000 gold sentences.

The habits are made when a model is trained and stored with it, so a model proposes with the
figures it learnt with.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotations.crf_features import word_facts
from annotations.tokenizing import tokens_of

if TYPE_CHECKING:
    from annotations.store import Store

CORPUS_CHARACTERS = 12_000_000  # read at most this much text (~5,000 news articles, ~5 s)
SENTENCE_ENDS = frozenset(".!?:;\"'“”‘’«»-–—()[]")  # after these a capital says nothing
COMPANY = 3  # the neighbours kept of a word on each side, the most frequent first
COMPANY_SEEN = 3  # a word seen fewer times has no company
# Pairs of neighbours counted at the most: beyond, those seen once are forgotten (the counts take
# ~60 MB over 12 million characters of news; a pair seen once rarely makes a word's three most
# frequent).
PAIRS_KEPT = 400_000


@dataclass
class WordHabits:
    """Per folded word: [capitalised inside a sentence, inside a sentence, followed by an
    apostrophe suffix, every occurrence]; and its company, [words before it, words after it]
    (folded, the most frequent first), made by ``finish`` from the pairs of neighbours counted."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    company: dict[str, list[list[str]]] = field(default_factory=dict)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter, compare=False, repr=False)

    def add_text(self, text: str) -> None:
        tokens = tokens_of(text)
        words = [text[start:end] for start, end in tokens]
        keys = [word_facts(word)[0] for word in words]
        self.pairs.update(zip(keys, keys[1:]))
        if len(self.pairs) > PAIRS_KEPT:
            self.pairs = Counter({pair: seen for pair, seen in self.pairs.items() if seen > 1})
        for index, word in enumerate(words):
            key, _, _, is_suffix, _ = word_facts(word)
            if is_suffix:
                continue
            seen = self.counts.get(key)
            if seen is None:
                seen = self.counts[key] = [0, 0, 0, 0]
            seen[3] += 1
            following = index + 1 < len(words) and word_facts(words[index + 1])[3]
            seen[2] += following
            before = words[index - 1] if index else ""
            inside = bool(before) and before[-1] not in SENTENCE_ENDS and (
                "\n" not in text[tokens[index - 1][1] : tokens[index][0]]
            )
            if inside and word[:1].isalpha():
                seen[1] += 1
                seen[0] += word[:1].isupper()

    def finish(self) -> None:
        """Each word's company from the pairs counted (which are then let go)."""
        for (before, after), _ in sorted(self.pairs.items(), key=_seen_most):
            for word, side, neighbour in ((after, 0, before), (before, 1, after)):
                seen = self.counts.get(word)
                if seen is None or seen[3] < COMPANY_SEEN:
                    continue
                company = self.company.get(word)
                if company is None:
                    company = self.company[word] = [[], []]
                if len(company[side]) < COMPANY:
                    company[side].append(neighbour)
        self.pairs = Counter()

    def features(self, key: str) -> list[str]:
        """``case=``: how often capitalised inside a sentence (never, under 30%, under 70%, more,
        always); ``apos=``: how often an apostrophe suffix follows (never, under 20%, under
        half, more); ``b0=`` ... ``a2=``: its company, by rank (before, after)."""
        company = self.company.get(key)
        return self._written(key) + (_company_features(company) if company else [])

    def _written(self, key: str) -> list[str]:
        seen = self.counts.get(key)
        if seen is None:
            return ["case=unseen", "apos=unseen"]
        upper, inside, suffixed, total = seen
        if inside < 2:
            case = "case=rare" + ("U" if upper else "l")
        else:
            case = "case=" + _bucket(upper / inside, ("0", "low", "mid", "high", "all"))
        if total < 2:
            return [case, "apos=unseen"]
        ratio = suffixed / total
        apos = "0" if not ratio else "low" if ratio < 0.2 else "mid" if ratio < 0.5 else "high"
        return [case, "apos=" + apos]

    def to_bytes(self) -> bytes:
        return zlib.compress(json.dumps([self.counts, self.company], ensure_ascii=False).encode())

    @staticmethod
    def from_bytes(data: bytes | None) -> WordHabits:
        """The habits stored with a model (none for a model made before they were; only the
        counts, an object, for one made before the company was)."""
        if not data:
            return WordHabits()
        stored = json.loads(zlib.decompress(data))
        if isinstance(stored, dict):
            return WordHabits(stored)
        counts, company = stored
        return WordHabits(counts, company)


def _seen_most(item: tuple[tuple[str, str], int]) -> int:
    return -item[1]


def _company_features(company: list[list[str]]) -> list[str]:
    before, after = company
    return [f"b{rank}={word}" for rank, word in enumerate(before)] + [
        f"a{rank}={word}" for rank, word in enumerate(after)
    ]


def _bucket(ratio: float, names: tuple[str, str, str, str, str]) -> str:
    if ratio == 0:
        return names[0]
    if ratio == 1:
        return names[4]
    return names[1] if ratio < 0.3 else names[2] if ratio < 0.7 else names[3]


def corpus_habits(
    store: Store, first: Iterable[tuple[str, str]], characters: int = CORPUS_CHARACTERS
) -> WordHabits:
    """The habits of ``first`` (article id, text: the gold), then of the store's other articles
    in id order, up to ``characters`` of text in all."""
    habits = WordHabits()
    for text in _corpus_texts(store, first, characters):
        habits.add_text(text)
    habits.finish()
    return habits


def _corpus_texts(
    store: Store, first: Iterable[tuple[str, str]], characters: int
) -> Iterator[str]:
    seen: set[str] = set()
    read = 0
    for article_id, text in first:
        if read >= characters:
            return
        yield text
        seen.add(article_id)
        read += len(text)
    with store.reading():
        for batch in store.iter_articles():
            for article in batch:
                if read >= characters:
                    return
                if article.id not in seen:
                    yield article.text
                    read += len(article.text)
