"""Agreement between annotators' layers: pure functions and one accumulator over articles.

For every pair of annotators, over the articles where both have a layer (a span or a status):

- exact F1: spans equal in start, end and label, 2·matched / (spans of A + spans of B);
- overlap F1: a span counts as found when the other layer has a span of the same label sharing a
  character with it; the harmonic mean of the share found each way;
- token-level Cohen's κ: the article's tokens (runs of non-space characters) each get the label
  of the annotator's outermost span touching it, or O; per label, κ of "this label or not";
- entity links and date values: of the spans both made (exact), how many carry the same link (or
  value), counting only those where at least one of the two set one.

Over all annotators at once: Krippendorff's α (nominal) on the same token labels, an annotator
without a layer in an article missing from its units. Counts go into Counters keyed by the
label pairs, so 100,000 articles cost a few counters, not a list of tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from itertools import combinations, repeat
from operator import itemgetter

OUTSIDE = "O"
TOKEN = re.compile(r"\S+")


# A span as agreement sees it: (start, end, label, entity_id, value), a plain tuple (millions are
# read: the store hands over its rows as they come); LayerSpan names the fields for the tests.
SpanTuple = tuple[int, int, str, int | None, str | None]


class LayerSpan(NamedTuple):
    start: int
    end: int
    label: str
    entity_id: int | None = None
    value: str | None = None


@dataclass(frozen=True)
class ArticleLayers:
    """One article's text and the layers of the annotators who have one in it."""

    article_id: str
    text: str
    layers: Mapping[str, Sequence[SpanTuple]]


def token_labels(text: str, spans: Iterable[SpanTuple]) -> list[str]:
    """Each token's label: that of the outermost span touching it (longest first), else O."""
    tokens = [match.span() for match in TOKEN.finditer(text)]
    return _label_column(tokens, list(spans))


def _label_column(tokens: Sequence[tuple[int, int]], spans: Sequence[SpanTuple]) -> list[str]:
    """The label of each token (start, end, in text order) by the outermost span touching it."""
    starts = [start for start, _ in tokens]
    labels = [OUTSIDE] * len(tokens)
    for start, end, label, *_ in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        index = max(bisect_right(starts, start) - 1, 0)
        while index < len(tokens) and tokens[index][0] < end:
            if tokens[index][1] > start and labels[index] == OUTSIDE:
                labels[index] = label
            index += 1
    return labels


def count_token_labels(
    text: str,
    layers: Sequence[Sequence[SpanTuple] | None],
    units: Counter[tuple[str | None, ...]],
) -> int:
    """Add to ``units`` each token some span touches, keyed by its label in every layer (None for
    a missing layer); return how many tokens that was (the others are O in every layer).

    Each span is widened to the whole tokens it touches; spans whose widened ranges overlap share a
    token, and make a cluster. A cluster of one span per layer, all on the same tokens (the common
    case: the annotators marked the same words), adds its token count to one key without
    tokenising; any other cluster is tokenised and labelled token by token."""
    extents = _extents(text, layers)
    touched = 0
    empty = tuple(None if spans is None else OUTSIDE for spans in layers)
    index, count = 0, len(extents)
    while index < count:
        low, high, layer, span = extents[index]
        following = index + 1
        simple = True
        while following < count and extents[following][0] < high:
            other = extents[following]
            simple = simple and other[0] == low and other[1] == high
            high = max(high, other[1])
            following += 1
        cluster = extents[index:following]
        index = following
        if simple and len({extent[2] for extent in cluster}) == len(cluster):
            key = list(empty)
            for extent in cluster:
                key[extent[2]] = extent[3][2]
            tokens = len(text[low:high].split())
            units[tuple(key)] += tokens
            touched += tokens
            continue
        tokens_of_cluster = [match.span() for match in TOKEN.finditer(text, low, high)]
        columns: list[Iterable[str | None]] = [
            repeat(None, len(tokens_of_cluster)) if spans is None else
            _label_column(
                tokens_of_cluster, [extent[3] for extent in cluster if extent[2] == number]
            )
            for number, spans in enumerate(layers)
        ]
        units.update(zip(*columns))
        touched += len(tokens_of_cluster)
    return touched


def _extents(
    text: str, layers: Sequence[Sequence[SpanTuple] | None]
) -> list[tuple[int, int, int, SpanTuple]]:
    """(start, end, layer, span) of every span touching a token, widened to whole tokens (from
    the first it touches to the last), by start."""
    extents = []
    size = len(text)
    for layer, spans in enumerate(layers):
        for span in spans or ():
            start, end = span[0], span[1]
            if text[start].isspace() or text[end - 1].isspace():
                inside = text[start:end]
                if not inside.strip():
                    continue  # only spaces: touches no token
                start += len(inside) - len(inside.lstrip())
                end -= len(inside) - len(inside.rstrip())
            while start and not text[start - 1].isspace():  # back to its token's start
                start -= 1
            if end < size and not text[end].isspace():
                end = _TOKEN_HEAD.match(text, end).end()  # type: ignore[union-attr]  # \S* matches
            extents.append((start, end, layer, span))
    extents.sort(key=_extent_range)
    return extents


_extent_range = itemgetter(0, 1)
_TOKEN_HEAD = re.compile(r"\S*")  # the rest of the token a span ends in


def kappa(pairs: Counter[tuple[str, str]]) -> float | None:
    """Cohen's κ of a confusion count {(label of A, label of B): tokens}; None without tokens,
    1.0 when both always chose one and the same label."""
    total = sum(pairs.values())
    if not total:
        return None
    observed = sum(count for (a, b), count in pairs.items() if a == b) / total
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for (a, b), count in pairs.items():
        first[a] += count
        second[b] += count
    expected = sum(first[label] * second[label] for label in first) / (total * total)
    if expected == 1:
        return 1.0
    return (observed - expected) / (1 - expected)


def binary(pairs: Counter[tuple[str, str]], label: str) -> Counter[tuple[str, str]]:
    """The confusion count of "label or not"."""
    collapsed: Counter[tuple[str, str]] = Counter()
    for (a, b), count in pairs.items():
        collapsed[(a if a == label else OUTSIDE, b if b == label else OUTSIDE)] += count
    return collapsed


def alpha(units: Counter[tuple[str | None, ...]]) -> float | None:
    """Krippendorff's α (nominal) of units counted by their values, None for a missing coder."""
    coincidences: dict[tuple[str, str], float] = {}
    for values, count in units.items():
        present = [value for value in values if value is not None]
        if len(present) < 2:
            continue
        weight = count / (len(present) - 1)
        for first, second in combinations(present, 2):
            for pair in ((first, second), (second, first)):
                coincidences[pair] = coincidences.get(pair, 0.0) + weight
    totals: dict[str, float] = {}
    for (first, _), weight in coincidences.items():
        totals[first] = totals.get(first, 0.0) + weight
    n = sum(totals.values())
    if n <= 1:
        return None
    disagreement = sum(weight for (a, b), weight in coincidences.items() if a != b)
    expected = (n * n - sum(value * value for value in totals.values())) / (n - 1)
    if expected == 0:
        return 1.0
    return 1 - disagreement / expected


def f1(matched_first: int, first: int, matched_second: int, second: int) -> float | None:
    """The harmonic mean of matched_first/first and matched_second/second; None when both
    layers are empty, 0 when one is."""
    if not first and not second:
        return None
    if not first or not second:
        return 0.0
    precision, recall = matched_first / first, matched_second / second
    return 0.0 if not precision + recall else 2 * precision * recall / (precision + recall)


@dataclass
class LabelCounts:
    first: int = 0
    second: int = 0
    exact: int = 0
    overlap_first: int = 0
    overlap_second: int = 0

    def add(self, other: LabelCounts) -> None:
        self.first += other.first
        self.second += other.second
        self.exact += other.exact
        self.overlap_first += other.overlap_first
        self.overlap_second += other.overlap_second

    @property
    def exact_f1(self) -> float | None:
        return f1(self.exact, self.first, self.exact, self.second)

    @property
    def overlap_f1(self) -> float | None:
        return f1(self.overlap_first, self.first, self.overlap_second, self.second)


@dataclass
class PairCounts:
    """What two layers agree on, summed over articles."""

    labels: dict[str, LabelCounts] = field(default_factory=dict)
    links_compared: int = 0
    links_equal: int = 0
    values_compared: int = 0
    values_equal: int = 0
    articles: int = 0

    def add(self, other: PairCounts) -> None:
        for label, counts in other.labels.items():
            _tally(self, label).add(counts)
        self.links_compared += other.links_compared
        self.links_equal += other.links_equal
        self.values_compared += other.values_compared
        self.values_equal += other.values_equal
        self.articles += other.articles

    def overall(self) -> LabelCounts:
        total = LabelCounts()
        for counts in self.labels.values():
            total.add(counts)
        return total


def _overlaps(start: int, end: int, label: str, others: Sequence[SpanTuple]) -> bool:
    """Whether a span of ``others`` with this label shares a character with start..end."""
    for other in others:
        if other[2] == label and other[0] < end and start < other[1]:
            return True
    return False


def _tally(counts: PairCounts, label: str) -> LabelCounts:
    tally = counts.labels.get(label)
    if tally is None:
        tally = counts.labels[label] = LabelCounts()
    return tally


def compare_layers(
    first: Sequence[SpanTuple], second: Sequence[SpanTuple], counts: PairCounts
) -> float | None:
    """Add the spans of two layers of one article to ``counts``; the article's exact F1."""
    second_by_key = {span[:3]: span for span in second}
    first_keys = set()
    exact = 0
    for start, end, label, entity_id, value in first:
        key = (start, end, label)
        first_keys.add(key)
        tally = _tally(counts, label)
        tally.first += 1
        other = second_by_key.get(key)
        if other is None:
            tally.overlap_first += _overlaps(start, end, label, second)
            continue
        exact += 1
        tally.exact += 1
        tally.overlap_first += 1
        other_entity_id, other_value = other[3], other[4]
        if entity_id is not None or other_entity_id is not None:
            counts.links_compared += 1
            counts.links_equal += entity_id == other_entity_id
        if value is not None or other_value is not None:
            counts.values_compared += 1
            counts.values_equal += value == other_value
    for span in second:
        start, end, label = key = span[:3]
        tally = _tally(counts, label)
        tally.second += 1
        if key in first_keys or _overlaps(start, end, label, first):
            tally.overlap_second += 1
    counts.articles += 1
    return f1(exact, len(first), exact, len(second))


@dataclass
class ArticleAgreement:
    article_id: str
    exact_f1: dict[tuple[str, str], float | None]

    @property
    def worst(self) -> float:
        known = [value for value in self.exact_f1.values() if value is not None]
        return min(known, default=1.0)


@dataclass
class Agreement:
    """Agreement of several annotators, fed one article at a time (``add``)."""

    annotators: tuple[str, ...]
    label: str | None = None
    pairs: dict[tuple[str, str], PairCounts] = field(default_factory=dict)
    units: Counter[tuple[str | None, ...]] = field(default_factory=Counter)
    articles: list[ArticleAgreement] = field(default_factory=list)

    def __post_init__(self) -> None:
        for pair in combinations(self.annotators, 2):
            self.pairs[pair] = PairCounts()

    def add(self, article: ArticleLayers) -> None:
        layers = {
            name: spans if self.label is None else [s for s in spans if s[2] == self.label]
            for name, spans in article.layers.items()
            if name in self.annotators
        }
        if len(layers) < 2:
            return
        # Tokens are counted once for every pair and for α (``tokens`` makes a pair's from them).
        columns = [layers.get(name) for name in self.annotators]
        touched = count_token_labels(article.text, columns, self.units)
        untouched = len(article.text.split()) - touched
        if untouched:
            self.units[tuple(None if c is None else OUTSIDE for c in columns)] += untouched
        scores: dict[tuple[str, str], float | None] = {}
        for (a, b), counts in self.pairs.items():
            if a in layers and b in layers:
                scores[(a, b)] = compare_layers(layers[a], layers[b], counts)
        self.articles.append(ArticleAgreement(article.article_id, scores))

    def merge(self, other: Agreement) -> None:
        """Add what ``other`` measured over other articles (those after this one's, in id
        order)."""
        for pair, counts in other.pairs.items():
            self.pairs[pair].add(counts)
        self.units.update(other.units)
        self.articles.extend(other.articles)

    def tokens(self, pair: tuple[str, str]) -> Counter[tuple[str, str]]:
        """The pair's confusion count of token labels, over the articles where both have a
        layer."""
        first, second = (self.annotators.index(name) for name in pair)
        confusion: Counter[tuple[str, str]] = Counter()
        for values, count in self.units.items():
            a, b = values[first], values[second]
            if a is not None and b is not None:
                confusion[(a, b)] += count
        return confusion

    def alpha(self, label: str | None = None) -> float | None:
        """α over all annotators; with a label, α of "this label or not"."""
        if label is None:
            return alpha(self.units)
        collapsed: Counter[tuple[str | None, ...]] = Counter()
        for values, count in self.units.items():
            collapsed[
                tuple(value if value is None or value == label else OUTSIDE for value in values)
            ] += count
        return alpha(collapsed)

    def worst_articles(self) -> list[ArticleAgreement]:
        return sorted(self.articles, key=lambda article: (article.worst, article.article_id))
