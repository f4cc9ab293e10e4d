"""Agreement of a store's annotators, measured and put in plain records (what ``hasiye agree``
prints, as text or JSON, and what the agreement screen shows)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from annotations.agreement import Agreement, LabelCounts, PairCounts, binary, kappa
from annotations.errors import TooFewAnnotators

if TYPE_CHECKING:
    from annotations.store import Store

def measure(
    store: Store,
    annotators: tuple[str, ...] = (),
    label: str | None = None,
    article_id: str | None = None,
) -> Agreement:
    """Agreement of these annotators (default: every annotator in the store, but ``gold``) over
    one snapshot of the store, one article at a time."""
    with store.reading():
        if not annotators:
            annotators = tuple(name for name in store.annotators() if name != "gold")
        if len(set(annotators)) < 2:
            raise TooFewAnnotators(list(annotators))
        agreement = Agreement(tuple(dict.fromkeys(annotators)), label)
        for article in store.iter_layers(agreement.annotators, article_id):
            agreement.add(article)
    return agreement


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _label_record(
    counts: LabelCounts, tokens: Counter[tuple[str, str]], label: str | None
) -> dict[str, Any]:
    pairs = tokens if label is None else binary(tokens, label)
    return {
        "spans": [counts.first, counts.second],
        "exact_matches": counts.exact,
        "exact_f1": counts.exact_f1,
        "overlap_f1": counts.overlap_f1,
        "kappa": kappa(pairs),
    }


def _pair_record(
    pair: tuple[str, str], counts: PairCounts, tokens: Counter[tuple[str, str]]
) -> dict[str, Any]:
    return {
        "annotators": list(pair),
        "articles": counts.articles,
        "tokens": sum(tokens.values()),
        "overall": _label_record(counts.overall(), tokens, None),
        "labels": {
            label: _label_record(counts.labels[label], tokens, label)
            for label in sorted(counts.labels)
        },
        "links": {
            "compared": counts.links_compared,
            "equal": counts.links_equal,
            "agreement": _ratio(counts.links_equal, counts.links_compared),
        },
        "dates": {
            "compared": counts.values_compared,
            "equal": counts.values_equal,
            "agreement": _ratio(counts.values_equal, counts.values_compared),
        },
    }


def report(agreement: Agreement, worst: int | None = None) -> dict[str, Any]:
    """Every figure as plain data (JSON as it is): per pair overall and per label, α over all
    annotators (overall and per label), and the articles worst first (``worst``: how many)."""
    labels = sorted({label for counts in agreement.pairs.values() for label in counts.labels})
    articles = agreement.worst_articles()
    return {
        "annotators": list(agreement.annotators),
        "label": agreement.label,
        "alpha": {
            "overall": agreement.alpha(),
            "labels": {label: agreement.alpha(label) for label in labels},
        },
        "pairs": [
            _pair_record(pair, counts, agreement.tokens(pair))
            for pair, counts in agreement.pairs.items()
        ],
        "articles": [
            {
                "id": article.article_id,
                "exact_f1": {
                    " / ".join(pair): score for pair, score in article.exact_f1.items()
                },
            }
            for article in (articles if worst is None else articles[:worst])
        ],
        "article_count": len(articles),
    }
