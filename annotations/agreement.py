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

OUTSIDE = "O"
TOKEN = re.compile(r"\S+")


class LayerSpan(NamedTuple):
    """A span as agreement sees it (a tuple: millions are read)."""

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
    layers: Mapping[str, Sequence[LayerSpan]]


def token_labels(text: str, spans: Iterable[LayerSpan]) -> list[str]:
    """Each token's label: that of the outermost span touching it (longest first), else O."""
    (column,), _ = labelled_tokens(text, [list(spans)], every_token=True)
    return list(column or ())


def labelled_tokens(
    text: str, layers: Sequence[Sequence[LayerSpan] | None], every_token: bool = False
) -> tuple[list[tuple[str, ...] | None], int]:
    """Per layer, the labels of the tokens some span of some layer touches (None for a missing
    layer), and how many tokens no span touches (O in every layer). ``every_token``: every token
    gets its labels (then the count is 0). Only the text around spans is tokenised."""
    present = [span for spans in layers if spans is not None for span in spans]
    if every_token:
        tokens = [(match.start(), match.end()) for match in TOKEN.finditer(text)]
    else:
        tokens = _tokens_near(text, sorted(present, key=lambda span: span.start))
    starts = [start for start, _ in tokens]
    columns: list[tuple[str, ...] | None] = []
    for spans in layers:
        if spans is None:
            columns.append(None)
            continue
        labels = [OUTSIDE] * len(tokens)
        for span in sorted(spans, key=lambda span: (span.start - span.end, span.start)):
            index = max(bisect_right(starts, span.start) - 1, 0)
            while index < len(tokens) and tokens[index][0] < span.end:
                if tokens[index][1] > span.start and labels[index] == OUTSIDE:
                    labels[index] = span.label
                index += 1
        columns.append(tuple(labels))
    untouched = 0 if every_token else len(text.split()) - len(tokens)
    return columns, untouched


def _tokens_near(text: str, spans: list[LayerSpan]) -> list[tuple[int, int]]:
    """The tokens that share a character with a span (sorted by start), in text order: the
    spans' windows (each widened to whole tokens, overlapping ones joined: the layers mostly
    cover the same words) tokenised once each."""
    windows: list[tuple[int, int]] = []
    low = high = 0
    for span in spans:
        if windows and span.start < high:
            if span.end > high:
                high = _TOKEN_HEAD.match(text, span.end).end()  # type: ignore[union-attr]
                windows[-1] = (low, high)
            continue
        low = span.start
        while low > high and not text[low - 1].isspace():  # back to its token's start
            low -= 1
        high = _TOKEN_HEAD.match(text, span.end).end()  # type: ignore[union-attr]  # \S* matches
        windows.append((low, high))
    return [match.span() for low, high in windows for match in TOKEN.finditer(text, low, high)]


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
    tokens: Counter[tuple[str, str]] = field(default_factory=Counter)
    links_compared: int = 0
    links_equal: int = 0
    values_compared: int = 0
    values_equal: int = 0
    articles: int = 0

    def overall(self) -> LabelCounts:
        total = LabelCounts()
        for counts in self.labels.values():
            total.add(counts)
        return total


def _overlaps(span: LayerSpan, others: Sequence[LayerSpan]) -> bool:
    """Whether a span of ``others`` with the same label shares a character with ``span``."""
    for other in others:
        if other.label == span.label and other.start < span.end and span.start < other.end:
            return True
    return False


def _tally(counts: PairCounts, label: str) -> LabelCounts:
    tally = counts.labels.get(label)
    if tally is None:
        tally = counts.labels[label] = LabelCounts()
    return tally


def compare_layers(
    first: Sequence[LayerSpan], second: Sequence[LayerSpan], counts: PairCounts
) -> float | None:
    """Add the spans of two layers of one article to ``counts``; the article's exact F1."""
    second_by_key = {(span.start, span.end, span.label): span for span in second}
    first_keys = set()
    exact = 0
    for span in first:
        key = (span.start, span.end, span.label)
        first_keys.add(key)
        tally = _tally(counts, span.label)
        tally.first += 1
        other = second_by_key.get(key)
        if other is None:
            tally.overlap_first += _overlaps(span, second)
            continue
        exact += 1
        tally.exact += 1
        tally.overlap_first += 1
        if span.entity_id is not None or other.entity_id is not None:
            counts.links_compared += 1
            counts.links_equal += span.entity_id == other.entity_id
        if span.value is not None or other.value is not None:
            counts.values_compared += 1
            counts.values_equal += span.value == other.value
    for span in second:
        tally = _tally(counts, span.label)
        tally.second += 1
        if (span.start, span.end, span.label) in first_keys or _overlaps(span, first):
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
            name: spans if self.label is None else [s for s in spans if s.label == self.label]
            for name, spans in article.layers.items()
            if name in self.annotators
        }
        if len(layers) < 2:
            return
        # Tokenised once for every pair and for α: only the text around the spans.
        columns, untouched = labelled_tokens(
            article.text, [layers.get(name) for name in self.annotators]
        )
        by_name = dict(zip(self.annotators, columns, strict=True))
        scores: dict[tuple[str, str], float | None] = {}
        for (a, b), counts in self.pairs.items():
            first, second = by_name[a], by_name[b]
            if first is None or second is None:
                continue
            counts.tokens.update(zip(first, second))
            if untouched:
                counts.tokens[(OUTSIDE, OUTSIDE)] += untouched
            scores[(a, b)] = compare_layers(layers[a], layers[b], counts)
        self.articles.append(ArticleAgreement(article.article_id, scores))
        size = len(next(column for column in columns if column is not None))
        self.units.update(zip(*(repeat(None, size) if c is None else c for c in columns)))
        if untouched:
            self.units[tuple(None if c is None else OUTSIDE for c in columns)] += untouched

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
