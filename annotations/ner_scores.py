"""Named entities over tokens: the entities an IOB2 tag sequence holds, the other places an
article writes a name found in it, and exact-match precision, recall and F1 per label and micro
over all (what ``hasiye train`` reports)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Sequence


def entity_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, label) of each entity in IOB2 tags (a stray I starts one)."""
    found: list[tuple[int, int, str]] = []
    for index, tag in enumerate(tags):
        kind, _, label = tag.partition("-")
        going_on = found and found[-1][1] == index and found[-1][2] == label
        if kind == "I" and going_on:
            first, _, _ = found[-1]
            found[-1] = (first, index + 1, label)
        elif kind in ("B", "I"):
            found.append((index, index + 1, label))
    return found


def spread_names(
    words: Sequence[str],
    found: Iterable[tuple[int, int, str]],
    sentence_starts: Container[int] = (),
) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, label) of the other places where ``words`` write a name of
    ``found`` again, token for token, within one sentence (``sentence_starts``: the tokens that
    begin one), touching no name found: a name is a name all through its article, also where the
    model missed it (``Temiz`` found once, ``Temiz 'i`` later). Longer names first; each takes
    the label its name was found with most often (the first on a tie)."""
    labels: dict[tuple[str, ...], Counter[str]] = {}
    taken = [False] * len(words)
    for first, last, label in found:
        labels.setdefault(tuple(words[first:last]), Counter())[label] += 1
        taken[first:last] = [True] * (last - first)
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        positions.setdefault(word, []).append(index)
    spread: list[tuple[int, int, str]] = []
    for name in sorted(labels, key=len, reverse=True):
        label = labels[name].most_common(1)[0][0]
        for first in positions.get(name[0], ()):
            last = first + len(name)
            if (
                tuple(words[first:last]) == name
                and not any(taken[first:last])
                and not any(inside in sentence_starts for inside in range(first + 1, last))
            ):
                spread.append((first, last, label))
                taken[first:last] = [True] * len(name)
    return sorted(spread)


def score(
    pairs: Iterable[tuple[Sequence[str], Sequence[str]]], labels: Iterable[str]
) -> dict[str, dict[str, float]]:
    """Exact-match precision, recall and F1 per label and micro over all, from (gold, predicted)
    tag sequences; ``support`` is the gold count."""
    counts: dict[str, list[int]] = {label: [0, 0, 0] for label in labels}  # tp, predicted, gold
    for gold, predicted in pairs:
        wanted = set(entity_spans(gold))
        got = set(entity_spans(predicted))
        for _, _, label in wanted:
            counts.setdefault(label, [0, 0, 0])[2] += 1
        for entry in got:
            tally = counts.setdefault(entry[2], [0, 0, 0])
            tally[1] += 1
            tally[0] += entry in wanted
    totals = [sum(values[index] for values in counts.values()) for index in range(3)]
    result = {label: _prf(*values) for label, values in sorted(counts.items())}
    result["micro"] = _prf(*totals)
    return result


def _prf(true: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true / predicted if predicted else 0.0
    recall = true / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": float(gold)}
