"""Agreement of a store's annotators, measured and put in plain records (what ``hasiye agree``
prints, as text or JSON, and what the agreement screen shows)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.agreement import Agreement, LabelCounts, PairCounts, binary, kappa
from annotations.errors import HasiyeError, NoSuchLayer, StoreError, TooFewAnnotators
from annotations.process_runs import processes_for, run_pool, runs_after

if TYPE_CHECKING:
    from annotations.store import Store


def measure(
    store: Store,
    annotators: tuple[str, ...] = (),
    label: str | None = None,
    article_id: str | None = None,
    processes: int | None = None,
) -> Agreement:
    """Agreement of these annotators (default: every annotator in the store, but ``gold``) over
    one snapshot of the store, one article at a time. A large store is cut into runs of articles
    by id, measured by ``processes`` processes at once (default: ``processes_for``), this one
    included. Each reads its own snapshot: when another process wrote to the store meanwhile,
    they may have read different states, and the store is measured again in this process
    alone."""
    before = store.data_version()
    with store.reading():
        layered = store.annotators()
        unseen = [n for n in dict.fromkeys(annotators) if n not in layered and n != store.annotator]
        if unseen:  # a name mistyped, not "0 articles"; one without a layer yet is known
            named = store.annotators(with_layer=False)
            missing = [name for name in unseen if name not in named]
            if missing:
                raise NoSuchLayer(missing, layered)
        if not annotators:
            annotators = tuple(name for name in layered if name != "gold")
        if len(set(annotators)) < 2:
            raise TooFewAnnotators(list(annotators))
        agreement = Agreement(tuple(dict.fromkeys(annotators)), label)
        if processes is None:
            processes = processes_for(store.article_count())
        cut = article_id is None and processes > 1
        bounds = store.article_id_bounds(processes) if cut else []
        if not bounds:
            for article in store.iter_layers(agreement.annotators, article_id):
                agreement.add(article)
            return agreement
    runs = runs_after(bounds)
    with run_pool(len(runs)) as pool:
        others = [
            pool.apply_async(_measure_run, (store.path, agreement.annotators, label, after, upto))
            for after, upto in runs
        ]
        with store.reading():  # the first run, here
            for article in store.iter_layers(agreement.annotators, upto=bounds[0]):
                agreement.add(article)
        for other in others:
            agreement.merge(other.get())
    if store.data_version() != before:
        return measure(store, annotators, label, article_id, processes=1)
    return agreement


def _measure_run(
    path: Path, annotators: tuple[str, ...], label: str | None, after: str, upto: str | None
) -> Agreement:
    """Agreement over the articles with an id after ``after`` and up to ``upto`` (a run)."""
    from annotations.store import Store

    agreement = Agreement(annotators, label)
    try:
        with Store(path) as store, store.reading():
            for article in store.iter_layers(annotators, after=after, upto=upto):
                agreement.add(article)
    except HasiyeError as error:  # as a plain StoreError: it crosses a process boundary
        raise StoreError(str(error)) from None
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
