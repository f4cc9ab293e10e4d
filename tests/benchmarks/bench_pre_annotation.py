"""Pre-annotation benchmark: training the CRF on N gold sentences, and proposals for one article.

Run by hand: ``python -m tests.benchmarks.bench_pre_annotation [SENTENCES]`` (default 25,000).
Builds a database from the generated corpus with its known mentions as gold (``gold_corpus``),
then measures, each beside a reference taken in the same run:

- training (features and L-BFGS, no held-back scoring) on every gold sentence, and the peak
  memory of the process; the reference is tokenising the same gold once (``to_conll``);
- ``hasiye train``'s scores on held-back gold (a fifth of the articles);
- proposals for one unseen article (median of 50), beside tokenising that article once.

``--scores`` adds the held-back scores on the generated gold; ``--seeds`` instead scores the two
real seed articles (their gold in ``seeds_gold.yaml``), each learnt from the other.

Targets: training on 25,000 sentences at most 120 s and 1 GB; proposals at most 50 ms.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from annotations.conll import to_conll
from annotations.pre_annotation import Proposer, gold_articles, train
from annotations.store import Store
from tests.benchmarks import gold_corpus

ANNOTATOR = "bench"
SENTENCES_PER_ARTICLE = 20  # about, in the generated corpus


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(sentences: int) -> None:
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.db") as store:
        gold_corpus.add_entities(store)
        articles, built, number = 0, 0, 0
        while built < sentences:
            built += gold_corpus.build(store, number, 50, ANNOTATOR)
            number += 50
        gold_corpus.build(store, 900_000, 5, ANNOTATOR, done=False)
        print(f"gold: {number} articles, {built} sentences")

        started = time.perf_counter()
        for article in gold_articles(store, ANNOTATOR):
            to_conll(article.text, article.spans)
            articles += 1
        reference = time.perf_counter() - started

        memory_before = peak_megabytes()
        started = time.perf_counter()
        result = train(store, ANNOTATOR, evaluate=False)
        seconds = time.perf_counter() - started
        print(
            f"training: {seconds:.1f} s (crfsuite alone {result.record.seconds:.1f} s), "
            f"tokenising the gold once {reference:.2f} s (ratio {seconds / reference:.0f}x); "
            f"peak memory {peak_megabytes():.0f} MB (before training {memory_before:.0f} MB); "
            f"model {len(result.record.model) / 1024:.0f} KB"
        )
        store.save_model(result.record)

        proposer = Proposer.load(store, ANNOTATOR)
        assert proposer is not None
        unseen = store.get_article(store.ordered_article_ids.__self__.article_ids()[-1])
        timings, references = [], []
        for _ in range(50):
            started = time.perf_counter()
            proposals, _ = proposer.propose(unseen.id, unseen.text)
            timings.append(time.perf_counter() - started)
            started = time.perf_counter()
            to_conll(unseen.text, [])
            references.append(time.perf_counter() - started)
        took, tokenised = statistics.median(timings), statistics.median(references)
        print(
            f"proposals for one article ({len(unseen.text)} characters, {len(proposals)} "
            f"proposals): {took * 1000:.1f} ms; tokenising it {tokenised * 1000:.2f} ms "
            f"(ratio {took / tokenised:.0f}x)"
        )

        if "--scores" in sys.argv:
            scored = train(store, ANNOTATOR)
            print(f"held back: {scored.held_back}")
            for label, values in scored.record.scores.items():
                print(
                    f"  {label:6} P {values['precision']:.3f}  R {values['recall']:.3f}  "
                    f"F1 {values['f1']:.3f}  ({values['support']:.0f})"
                )


def seeds_scores() -> None:
    """Real Turkish news: the two bundled seed articles with their gold (``seeds_gold.yaml``),
    each learnt from the other (2-fold over articles), as ``hasiye train`` scores them. Spans are
    not linked, so no name reaches the gazetteer from the article it is tested on."""
    import yaml

    from annotations.model import Span, Status
    from annotations.seeds import import_seeds_if_empty

    gold = yaml.safe_load((Path(__file__).parent / "seeds_gold.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "seeds.db") as store:
        import_seeds_if_empty(store)
        for article_id, spans in gold["articles"].items():
            for entry in spans:
                store.add_span(
                    Span(article_id, entry["start"], entry["end"], entry["label"],
                         entry["surface"], ANNOTATOR)
                )  # fmt: skip
            store.set_status(article_id, Status.DONE)
        result = train(store, ANNOTATOR)
        print(f"seeds (real Turkish news, {result.record.sentences} sentences), {result.held_back}:")
        for label, values in result.record.scores.items():
            print(
                f"  {label:6} P {values['precision']:.3f}  R {values['recall']:.3f}  "
                f"F1 {values['f1']:.3f}  ({values['support']:.0f})"
            )


if __name__ == "__main__":
    if "--seeds" in sys.argv:
        seeds_scores()
        sys.exit(0)
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    main(int(arguments[0]) if arguments else 25_000)
