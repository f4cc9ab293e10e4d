"""Agreement figures: a small table worked by hand, and random layers against the reference
implementations (scikit-learn's cohen_kappa_score, the krippendorff package)."""

from __future__ import annotations

import random
from collections import Counter

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotations.agreement import (
    Agreement,
    ArticleLayers,
    LayerSpan,
    count_token_labels,
    token_labels,
)
from annotations.agreement_report import measure, report
from annotations.errors import TooFewAnnotators
from annotations.model import Article, Span, Status
from annotations.store import Store

# Ten one-letter tokens at 0, 2, 4, ... 18.
TEXT = "a b c d e f g h i j"
AYSE = [LayerSpan(0, 3, "PER"), LayerSpan(6, 7, "ORG", entity_id=5), LayerSpan(12, 13, "LOC")]
ALI = [
    LayerSpan(0, 1, "PER"),
    LayerSpan(6, 7, "ORG", entity_id=5),
    LayerSpan(12, 13, "ORG"),
    LayerSpan(16, 17, "PER"),
]


def test_a_table_worked_by_hand():
    agreement = Agreement(("ayse", "ali"))
    agreement.add(ArticleLayers("x", TEXT, {"ayse": AYSE, "ali": ALI}))
    figures = report(agreement)
    pair = figures["pairs"][0]
    overall = pair["overall"]
    # one exact match (ORG d) of 3 + 4 spans
    assert overall["exact_matches"] == 1 and overall["spans"] == [3, 4]
    assert overall["exact_f1"] == pytest.approx(2 / 7)
    # overlap: 2 of ayse's 3 found, 2 of ali's 4: F1 = 2·(2/3)(1/2) / (2/3 + 1/2) = 4/7
    assert overall["overlap_f1"] == pytest.approx(4 / 7)
    # tokens a..j: PER/PER PER/O O/O ORG/ORG O/O O/O LOC/ORG O/O O/PER O/O: 7 agree;
    # expected (2·2 + 1·2 + 1·0 + 6·6) / 100 = 0.42; κ = (0.7 - 0.42) / 0.58
    assert pair["tokens"] == 10
    assert overall["kappa"] == pytest.approx(0.28 / 0.58)
    # α: n = 20 values, n_c PER 4 ORG 3 LOC 1 O 12; 3 disagreeing units (6 ordered pairs);
    # expected (400 - 170) / 19; α = 1 - 6 · 19 / 230
    assert figures["alpha"]["overall"] == pytest.approx(1 - 6 * 19 / 230)
    # PER alone: a agree, b PER/O, i O/PER: κ of PER-or-not
    per = pair["labels"]["PER"]
    assert per["exact_f1"] == 0 and per["overlap_f1"] == pytest.approx(1 / 1.5)
    assert per["kappa"] == pytest.approx((0.8 - (2 * 2 + 8 * 8) / 100) / (1 - 0.68))
    assert pair["links"] == {"compared": 1, "equal": 1, "agreement": 1.0}
    assert pair["dates"] == {"compared": 0, "equal": 0, "agreement": None}
    assert figures["articles"] == [{"id": "x", "exact_f1": {"ayse / ali": pytest.approx(2 / 7)}}]


def test_links_and_date_values_compare_the_spans_both_made():
    ayse = [LayerSpan(0, 1, "ORG", 1), LayerSpan(2, 3, "ORG", 2), LayerSpan(4, 5, "DATE", None, "2025-11-05")]
    ali = [LayerSpan(0, 1, "ORG", 1), LayerSpan(2, 3, "ORG", 3), LayerSpan(4, 5, "DATE", None, "2025-11-04")]
    agreement = Agreement(("ayse", "ali"))
    agreement.add(ArticleLayers("x", TEXT, {"ayse": ayse, "ali": ali}))
    pair = report(agreement)["pairs"][0]
    assert pair["links"] == {"compared": 2, "equal": 1, "agreement": 0.5}
    assert pair["dates"] == {"compared": 1, "equal": 0, "agreement": 0.0}


def reference_labels(text: str, spans: list[LayerSpan]) -> list[str]:
    """Each whitespace token's label, the slow obvious way: the longest (then first) span that
    shares a character with it."""
    labels = []
    position = 0
    for token in text.split():
        start = text.index(token, position)
        end = position = start + len(token)
        touching = [span for span in spans if span.start < end and start < span.end]
        best = min(touching, key=lambda span: (span.start - span.end, span.start), default=None)
        labels.append(best.label if best else "O")
    return labels


def random_layer(rng: random.Random, size: int) -> list[LayerSpan]:
    spans = []
    for _ in range(rng.randint(0, 6)):
        start = rng.randrange(size - 1)
        end = min(size, start + rng.randint(1, 12))
        spans.append(LayerSpan(start, end, rng.choice(["PER", "ORG", "LOC", "DATE"])))
    return spans


def random_article(rng: random.Random, number: int, names: list[str]) -> ArticleLayers:
    words = ["Kalın", "MİT'in", "Hamas", "ve", "bugün", "İstanbul’da", "görüştü.", "5/11/2025"]
    text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 25)))
    text = text.replace(" ve ", "  ve\n", 1)
    layers = {name: random_layer(rng, len(text)) for name in names if rng.random() < 0.85}
    return ArticleLayers(f"a{number:03d}", text, layers)


@pytest.mark.parametrize("seed", range(12))
def test_random_layers_equal_the_reference_implementations(seed: int):
    rng = random.Random(seed)
    names = ["ayse", "ali", "zeynep"]
    articles = [random_article(rng, number, names) for number in range(30)]
    agreement = Agreement(tuple(names))
    for article in articles:
        agreement.add(article)
    figures = report(agreement)
    for pair in figures["pairs"]:
        first, second = pair["annotators"]
        both = [a for a in articles if first in a.layers and second in a.layers]
        tags_first = [t for a in both for t in reference_labels(a.text, a.layers[first])]
        tags_second = [t for a in both for t in reference_labels(a.text, a.layers[second])]
        assert pair["tokens"] == len(tags_first)
        expected = cohen_kappa_score(tags_first, tags_second)
        assert pair["overall"]["kappa"] == pytest.approx(expected, abs=1e-12)
        for label, figures_of_label in pair["labels"].items():
            binary_first = [t == label for t in tags_first]
            binary_second = [t == label for t in tags_second]
            if len(set(binary_first) | set(binary_second)) > 1:
                expected = cohen_kappa_score(binary_first, binary_second)
                assert figures_of_label["kappa"] == pytest.approx(expected, abs=1e-12)
    codes = {"O": 0, "PER": 1, "ORG": 2, "LOC": 3, "DATE": 4}
    rows: list[list[float]] = [[] for _ in names]
    for article in articles:
        if len(article.layers) < 2:
            continue
        size = len(article.text.split())
        for row, name in zip(rows, names, strict=True):
            if name in article.layers:
                row.extend(codes[t] for t in reference_labels(article.text, article.layers[name]))
            else:
                row.extend([np.nan] * size)
    data = np.array(rows, dtype=float)
    expected_alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert figures["alpha"]["overall"] == pytest.approx(expected_alpha, abs=1e-9)
    per = np.where(np.isnan(data), np.nan, (data == codes["PER"]).astype(float))
    if len(set(per[~np.isnan(per)])) > 1:
        expected_per = krippendorff.alpha(reliability_data=per, level_of_measurement="nominal")
        assert figures["alpha"]["labels"]["PER"] == pytest.approx(expected_per, abs=1e-9)


def echoed_layer(rng: random.Random, text: str, spans: list[LayerSpan]) -> list[LayerSpan]:
    """Another annotator's take on the same spans: most kept, some relabelled, some a character
    shorter or longer (often still on the same tokens), some left out."""
    echoed = []
    for span in spans:
        roll = rng.random()
        if roll < 0.15:
            continue
        start, end, label = span.start, span.end, span.label
        if roll < 0.35:
            label = rng.choice(["PER", "ORG", "LOC", "DATE"])
        elif roll < 0.5 and end - start > 1:
            end -= 1
        elif roll < 0.6 and end < len(text):
            end += 1
        echoed.append(LayerSpan(start, end, label))
    return echoed


@pytest.mark.parametrize("seed", range(20))
def test_token_counts_of_layers_on_the_same_words_equal_the_reference(seed: int):
    """Layers that mostly mark the same words (the common case, counted without tokenising)."""
    rng = random.Random(seed)
    article = random_article(rng, 0, [])
    layer = sorted(
        {(span.start, span.end): span for span in random_layer(rng, len(article.text))}.values()
    )
    layers = [layer, echoed_layer(rng, article.text, layer), echoed_layer(rng, article.text, layer)]
    units: Counter[tuple[str | None, ...]] = Counter()
    touched = count_token_labels(article.text, layers, units)
    columns = [reference_labels(article.text, spans) for spans in layers]
    expected = Counter(values for values in zip(*columns) if set(values) != {"O"})
    assert units == expected
    assert touched == sum(expected.values())


@pytest.mark.parametrize("seed", range(30))
def test_token_labels_near_spans_equal_labelling_every_token(seed: int):
    rng = random.Random(seed)
    article = random_article(rng, 0, ["ayse"])
    spans = random_layer(rng, len(article.text))
    assert token_labels(article.text, spans) == reference_labels(article.text, spans)


def test_measure_reads_every_layer_from_the_store(store: Store):
    store.save_articles([(Article("x", "t", TEXT), None), (Article("y", "t", TEXT), None)])
    for annotator, spans in (("ayse", AYSE), ("ali", ALI)):
        for span in spans:
            store.add_span(
                Span("x", span.start, span.end, span.label, TEXT[span.start : span.end], annotator)
            )
    store.annotator = "ali"
    store.set_status("y", Status.DONE)  # ali looked at y and found nothing: a layer
    store.annotator = "ayse"
    store.set_status("y", Status.DONE)
    store.annotator = "veli"
    store.set_status("y", Status.TODO)  # veli has not started y: no layer
    assert store.annotators() == ["ali", "ayse"]  # veli: a status to do, no layer
    assert store.annotators(with_layer=False) == ["ali", "ayse", "veli"]
    figures = report(measure(store, ("ayse", "ali")))
    pair = figures["pairs"][0]
    assert pair["articles"] == 2 and pair["tokens"] == 20
    assert pair["overall"]["exact_f1"] == pytest.approx(2 / 7)
    assert [article["id"] for article in figures["articles"]] == ["x", "y"]
    assert figures["articles"][1]["exact_f1"] == {"ayse / ali": None}
    only_x = report(measure(store, ("ayse", "ali"), article_id="x"))
    assert only_x["article_count"] == 1
    per = report(measure(store, ("ayse", "ali"), label="PER"))
    assert per["pairs"][0]["overall"]["spans"] == [1, 2]
    with pytest.raises(TooFewAnnotators, match="found: ayse"):
        measure(store, ("ayse", "ayse"))


def fill_random_layers(store: Store) -> None:
    """40 random articles with layers of ayse, ali and zeynep."""
    rng = random.Random(7)
    names = ["ayse", "ali", "zeynep"]
    for number in range(40):
        article = random_article(rng, number, names)
        spans = {
            (name, span.start, span.end): Span(
                article.article_id, span.start, span.end, span.label,
                article.text[span.start : span.end], name, value=f"v{rng.randint(0, 1)}",
            )
            for name, layer in article.layers.items()
            for span in layer
        }
        stored = Article(article.article_id, "t", article.text, status=Status.DONE)
        store.replace_article(stored, list(spans.values()), "test")


@pytest.mark.parametrize("label", [None, "PER"])
def test_measured_in_several_processes_equals_one_process(store: Store, label: str | None):
    """A store cut into runs of articles, measured by three processes, gives every figure and
    the articles in the order one process gives them."""
    names = ["ayse", "ali", "zeynep"]
    fill_random_layers(store)
    assert len(store.article_id_bounds(3)) == 2
    one = report(measure(store, tuple(names), label, processes=1))
    three = report(measure(store, tuple(names), label, processes=3))
    assert one["article_count"] > 30 and one["pairs"][0]["overall"]["spans"][0] > 20
    assert three == one


def test_a_write_while_processes_measure_has_it_measured_again_in_one_snapshot(
    store: Store, monkeypatch: pytest.MonkeyPatch
):
    """Another process's write while the runs are read: they may have seen different states,
    so the store is measured again, in one process (one snapshot), the write included."""
    fill_random_layers(store)
    before = report(measure(store, ("ayse", "ali"), processes=1))
    merge = Agreement.merge

    def merge_after_a_write(self: Agreement, other: Agreement) -> None:
        if not written:
            with Store(store.path, annotator="ali") as another:
                text = another.get_article("a039").text
                another.add_span(Span("a039", 0, len(text), "LOC", text, "ali"))
            written.append(True)
        merge(self, other)

    written: list[bool] = []
    monkeypatch.setattr(Agreement, "merge", merge_after_a_write)
    measured = report(measure(store, ("ayse", "ali"), processes=2))
    monkeypatch.undo()
    after = report(measure(store, ("ayse", "ali"), processes=1))
    assert written and after != before
    assert measured == after
