"""What the pre-annotation CRF sees of a token: hasiye's own Turkish tokens and their features.

Tokens and sentences come from the CoNLL tokenizer (``annotations.conll``: an apostrophe suffix
is a token of its own, ``5.11.2025`` and ``el-Hayye`` stay whole), called through its public
functions only, so the model always sees the tokens the datasets carry.

The features of a token: the word and its Turkish-folded form, the apostrophe suffix that
follows it (its own feature, and the suffix token's), the capitalisation shape, the position in
the sentence, prefixes and suffixes of the folded stem, the word with each neighbour, the title
words before it (Başkanı, Cumhurbaşkanı: ``annotations.titles``), whether it is part of an alias
in the gazetteer (the entity base the annotators build, and the gold surfaces), and how the corpus
writes it and the company it keeps there (``annotations.word_habits``).

The gazetteer knows where each name came from. A name seen only in the gold of the article being
learned from is not used for it (otherwise the model learns that every gold name is in the
gazetteer, and misses every new name).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
import zlib

from annotations.conll import to_conll
from annotations.tokenizing import is_suffix, tokens_of
from annotations.titles import STANDARD_TITLES, Titles, title_key
from annotations.turkish import loose_key, turkish_lower

if TYPE_CHECKING:
    from annotations.word_habits import WordHabits

EXTERNAL = "*"  # the support of a name from the entity base with no gold span behind it
LONGEST_NAME = 8  # tokens: longer aliases are not looked for

Token = tuple[int, int]


def sentences_of(text: str) -> list[list[Token]]:
    """The text's tokens, by sentence, as the CoNLL export cuts them."""
    tokens = tokens_of(text)
    sentences: list[list[Token]] = []
    first = 0
    for sentence in to_conll(text, []).sentences:
        sentences.append(tokens[first : first + len(sentence)])
        first += len(sentence)
    if first != len(tokens):  # the tokenizer and the sentence cutter disagree: one sentence
        return [tokens] if tokens else []
    return sentences


def shape(word: str) -> str:
    """Xx (capitalised), X (all capitals), x, d (digits), with a mark for inner punctuation."""
    if word.isdigit():
        kind = "d"
    elif word.isupper():
        kind = "X" if len(word) > 1 else "X1"
    elif word[:1].isupper():
        kind = "Xx"
    elif word.isalpha():
        kind = "x"
    elif any(character.isdigit() for character in word):
        kind = "dp"
    else:
        kind = "p"
    if kind in ("X", "Xx", "x") and not word.isalpha():
        kind += "-"
    return kind


@lru_cache(maxsize=200_000)
def word_facts(word: str) -> tuple[str, str, str, bool, str]:
    """Folded, Turkish-lowered, shape, whether an apostrophe suffix, title key: news repeats its
    words, so each is worked out once (proposals for an article went from ~60 to ~25 ms)."""
    return loose_key(word), turkish_lower(word), shape(word), is_suffix(word), title_key(word)


@dataclass
class Gazetteer:
    """Names as tuples of folded tokens, each with, per label, where it came from (article ids
    of gold spans, or ``EXTERNAL`` for an entity base alias)."""

    names: dict[tuple[str, ...], dict[str, set[str]]] = field(default_factory=dict)
    longest: int = 0

    def add(self, name: str, label: str, supports: Iterable[str]) -> None:
        words = tuple(loose_key(name[start:end]) for start, end in tokens_of(name))
        if not words or len(words) > LONGEST_NAME:
            return
        self.names.setdefault(words, {}).setdefault(label, set()).update(supports)
        self.longest = max(self.longest, len(words))

    def tags(
        self,
        words: Sequence[str],
        exclude: frozenset[str] = frozenset(),
        keys: Sequence[str] | None = None,
        learning: bool = False,
    ) -> list[str]:
        """For each word, ``B-LABEL``/``I-LABEL`` of the longest name starting there that a
        source other than ``exclude`` supports (a name must start with a capital or a digit).
        ``keys``: the words folded, if already known.

        ``learning``: a name the entity base supports without a span linked to it (so it is never
        left out as an article's own name) is left out of about half of its occurrences, chosen by a hash of the sentence (the same every run),
        so that the model also learns a name's other signs and finds names the base lacks."""
        found = [""] * len(words)
        if keys is None:
            keys = [word_facts(word)[0] for word in words]
        position = 0
        while position < len(words):
            best = 0
            labels: list[str] = []
            if words[position][:1].isupper() or words[position][:1].isdigit():
                for length in range(min(self.longest, len(words) - position), 0, -1):
                    entry = self.names.get(tuple(keys[position : position + length]))
                    if entry is None:
                        continue
                    labels = sorted(
                        label
                        for label, support in entry.items()
                        if EXTERNAL in support or not support <= exclude
                    )
                    if learning and labels and any(EXTERNAL in entry[label] for label in labels):
                        if zlib.crc32(" ".join(keys).encode()) + position & 1:
                            labels = []
                    if labels:
                        best = length
                        break
            if not best:
                position += 1
                continue
            tag = "|".join(labels)
            found[position] = "B-" + tag
            for inside in range(position + 1, position + best):
                found[inside] = "I-" + tag
            position += best
        return found


def sentence_features(
    words: Sequence[str],
    gazetteer: Gazetteer,
    exclude: frozenset[str] = frozenset(),
    titles: Titles = STANDARD_TITLES,
    learning: bool = False,
    habits: WordHabits | None = None,
) -> list[list[str]]:
    """The features of each word of one sentence, as crfsuite attribute strings (``learning``:
    see ``Gazetteer.tags``; ``habits``: how the corpus writes each word)."""
    facts = [word_facts(word) for word in words]
    folded = [fact[0] for fact in facts]
    lowered = [fact[1] for fact in facts]
    shapes = [fact[2] for fact in facts]
    suffix = [fact[3] for fact in facts]
    title = [(fact[4],) in titles.phrases for fact in facts]
    gazetteer_tags = gazetteer.tags(words, exclude, folded, learning)
    features: list[list[str]] = []
    count = len(words)
    for index, word in enumerate(words):
        stem = folded[index]
        own = [
            "bias",
            "w=" + lowered[index],
            "f=" + stem,
            "s=" + shapes[index],
            "p2=" + stem[:2],
            "p3=" + stem[:3],
            "x2=" + stem[-2:],
            "x3=" + stem[-3:],
            "x4=" + stem[-4:],
        ]
        if suffix[index]:
            own.append("suffix=" + stem[1:])
        if title[index]:
            own.append("title")
        if gazetteer_tags[index]:
            own.append("gaz=" + gazetteer_tags[index])
        if index == 0:
            own.append("first")
        elif index == 1 and not words[0][:1].isalnum():
            own.append("first-after-mark")  # after an opening quote or a dash
        if index == count - 1 or (index == count - 2 and not words[-1][:1].isalnum()):
            own.append("last")
        for step, tag in ((-1, "-1"), (1, "+1"), (-2, "-2"), (2, "+2")):
            other = index + step
            if not 0 <= other < count:
                own.append(tag + ":edge")
                continue
            own.append(f"{tag}:f=" + folded[other])
            own.append(f"{tag}:s=" + shapes[other])
            if abs(step) == 1 and gazetteer_tags[other]:
                own.append(f"{tag}:gaz=" + gazetteer_tags[other][:1])
        if index + 1 < count and suffix[index + 1]:
            own.append("next-suffix=" + folded[index + 1][1:])
            own.append("has-suffix")
        if any(title[max(0, index - 2) : index]):
            own.append("title-before")
        if index > 0:
            own.append("-1|f=" + folded[index - 1] + "|" + stem)
        if index + 1 < count:
            own.append("f|+1=" + stem + "|" + folded[index + 1])
        if habits is not None:
            own.extend(habits.features(stem))
        features.append(own)
    return features
