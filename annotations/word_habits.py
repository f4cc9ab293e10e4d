"""How the corpus writes each word: what the pre-annotation model knows of a word beyond the gold.

Read from the database's articles, annotated or not (the corpus the annotator imported): how often
a word is written with a capital inside a sentence (``Kurosawa`` always, ``Bugün`` only at a
sentence's start, ``yeni`` never), and how often an apostrophe suffix follows it (names take
them: ``Ankara'da``). A word seen in 2,000 gold sentences is one thing; how thousands of
articles write it tells a name from a word at the start of a sentence (micro F1 on real Turkish
news, 2,000 gold sentences: 0.737 without, 0.781 with).

The habits are made when a model is trained and stored with it, so a model proposes with the
figures it learnt with.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotations.crf_features import word_facts
from annotations.tokenizing import tokens_of

if TYPE_CHECKING:
    from annotations.store import Store

CORPUS_CHARACTERS = 12_000_000  # read at most this much text (~5,000 news articles, ~5 s)
SENTENCE_ENDS = frozenset(".!?:;\"'“”‘’«»-–—()[]")  # after these a capital says nothing


@dataclass
class WordHabits:
    """Per folded word: [capitalised inside a sentence, inside a sentence, followed by an
    apostrophe suffix, every occurrence]."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def add_text(self, text: str) -> None:
        tokens = tokens_of(text)
        words = [text[start:end] for start, end in tokens]
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

    def features(self, key: str) -> list[str]:
        """``case=``: how often capitalised inside a sentence (never, under 30%, under 70%, more,
        always); ``apos=``: how often an apostrophe suffix follows (never, under 20%, under
        half, more)."""
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
        return zlib.compress(json.dumps(self.counts, ensure_ascii=False).encode())

    @staticmethod
    def from_bytes(data: bytes | None) -> WordHabits:
        """The habits stored with a model (none for a model made before they were)."""
        if not data:
            return WordHabits()
        return WordHabits(json.loads(zlib.decompress(data)))


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
    seen: set[str] = set()
    read = 0
    for article_id, text in first:
        if read >= characters:
            return habits
        habits.add_text(text)
        seen.add(article_id)
        read += len(text)
    with store.reading():
        for batch in store.iter_articles():
            for article in batch:
                if read >= characters:
                    return habits
                if article.id not in seen:
                    habits.add_text(article.text)
                    read += len(article.text)
    return habits
