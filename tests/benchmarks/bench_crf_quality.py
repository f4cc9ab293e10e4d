"""The pre-annotation model's quality on real Turkish news, as the issue's goal asks: micro F1 with
2,000 and with 25,000 training sentences, on a held-out test set.

The data is the Milliyet news NER set of Tür, Hakkani-Tür and Oflazer (2003, "A statistical
information extraction system for Turkish"), in the bracket form its research copies carry, one
sentence a line, suffixes split off (``[PER Akira Kurosawa ] 'nın kaybı``). It has no licence
that allows it in this repository: the benchmark takes the files by path and nothing of them is
committed. Run by hand::

    python -m tests.benchmarks.bench_crf_quality TRAIN TEST [SENTENCES ...]

(default sizes 2000 and 25000, the first sentences of TRAIN). The training sentences become done
articles of 20 sentences of an annotator in a scratch database; ``train`` learns from them as
``hasiye train`` does; the model proposes in the test articles and its spans are compared with
the test set's exactly (start, end, label). The other training sentences and the test set are in
the database too, not annotated, as a user's imported corpus is: the model reads how the corpus
writes its words from them (``annotations.word_habits``), never their spans.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from annotations.model import Article, Span, Status
from annotations.pre_annotation import Proposer, train
from annotations.store import Store

ANNOTATOR = "ayse"
LABELS = {"PER", "LOC", "ORG"}
PER_ARTICLE = 20

Sentence = tuple[list[str], list[tuple[int, int, str]]]  # tokens, entities as token ranges


def sentences(path: Path) -> list[Sentence]:
    found: list[Sentence] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        tokens: list[str] = []
        entities: list[tuple[int, int, str]] = []
        opened: tuple[int, str] | None = None
        for token in line.split():
            if token.startswith("[") and token[1:] in LABELS and opened is None:
                opened = (len(tokens), token[1:])
            elif token == "]" and opened is not None:
                if len(tokens) > opened[0]:
                    entities.append((opened[0], len(tokens), opened[1]))
                opened = None
            else:
                tokens.append(token)
        if tokens:
            found.append((tokens, entities))
    return found


def articles(chunk: list[Sentence], prefix: str) -> list[tuple[Article, list[Span]]]:
    made = []
    for first in range(0, len(chunk), PER_ARTICLE):
        article_id = f"{prefix}-{first // PER_ARTICLE:05d}"
        lines, spans, offset = [], [], 0
        for tokens, entities in chunk[first : first + PER_ARTICLE]:
            starts = []
            for token in tokens:
                starts.append(offset + sum(len(t) + 1 for t in tokens[: len(starts)]))
            line = " ".join(tokens)
            for begin, end, label in entities:
                start = starts[begin]
                stop = starts[end - 1] + len(tokens[end - 1])
                spans.append((start, stop, label))
            lines.append(line)
            offset += len(line) + 1
        text = "\n".join(lines)
        article = Article(article_id, lines[0][:120], text, status=Status.DONE)
        made.append(
            (article, [Span(article_id, s, e, label, text[s:e], ANNOTATOR) for s, e, label in spans])
        )
    return made


def evaluate(
    training: list[Sentence], unlabelled: list[Sentence], test: list[Sentence], scratch: Path
) -> dict:
    with Store(scratch / f"crf-{len(training)}.db", annotator=ANNOTATOR) as store:
        with store.transaction():
            for article, spans in articles(training, "train"):
                store.replace_article(article, spans, "bench")
            # The rest of the corpus, not annotated: the other training sentences and the test
            # articles (a user pre-annotates the articles of the corpus they imported).
            for prefix, chunk in (("rest", unlabelled), ("test", test)):
                for article, _ in articles(chunk, prefix):
                    store.replace_article(replace(article, status=Status.TODO), [], "bench")
        started = time.perf_counter()
        record = store.save_model(train(store, ANNOTATOR, evaluate=False).record)
        seconds = time.perf_counter() - started
        proposer = Proposer.load(store, ANNOTATOR)
        assert proposer is not None and record.id is not None
        counts: Counter[tuple[str, str]] = Counter()  # (label, tp|predicted|gold)
        for article, spans in articles(test, "test"):
            gold = {(s.start, s.end, s.label) for s in spans}
            found, _ = proposer.propose(article.id, article.text)
            got = {(p.start, p.end, p.label) for p in found}
            for _, _, label in gold:
                counts[(label, "gold")] += 1
            for key in got:
                counts[(key[2], "predicted")] += 1
                counts[(key[2], "tp")] += key in gold
    figures = {"training seconds": round(seconds, 1)}
    for label in [*sorted(LABELS), "micro"]:
        pick = [label] if label != "micro" else sorted(LABELS)
        tp, predicted, gold = (sum(counts[(name, kind)] for name in pick) for kind in ("tp", "predicted", "gold"))
        precision = tp / predicted if predicted else 0.0
        recall = tp / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        figures[label] = f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f} ({gold} in the test set)"
    return figures


def main(train_path: Path, test_path: Path, sizes: list[int]) -> None:
    training, test = sentences(train_path), sentences(test_path)
    print(f"{len(training):,} training and {len(test):,} test sentences read")
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        for size in sizes:
            figures = evaluate(training[:size], training[size:], test, Path(scratch))
            print(f"{min(size, len(training)):,} training sentences:")
            for name, value in figures.items():
                print(f"    {name}: {value}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), [int(n) for n in sys.argv[3:]] or [2000, 25000])
