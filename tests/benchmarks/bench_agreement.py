"""Agreement benchmark: ``hasiye agree`` over N generated articles, 2 annotators, 10 spans each.

Run by hand: ``python -m tests.benchmarks.bench_agreement [N]`` (default 100,000 articles, so
2,000,000 spans). The command runs as a child process (wall time; peak memory of it and the
processes it starts, summed, sampled every 20 ms), beside a reference measured in the same run:
reading every article's text and every span row with plain sqlite3 (what agreement has to read at
the least), and the same command in one process.

Targets: <= 10 s and <= 300 MB for 100,000 articles.
"""

from __future__ import annotations

import multiprocessing
import re
import sys
import tempfile
import time
from pathlib import Path

from annotations.importers.text_files import parse_article_text
from annotations.model import Span
from annotations.store import Store
from tests.benchmarks.bench_import import HASIYE, run_measured, run_with_children
from tests.benchmarks.corpus import generate_articles

SPANS_PER_ARTICLE = 10
LABELS = ("PER", "ORG", "LOC", "DATE")
WORD = re.compile(r"\w{4,}")


def layers(article_id: str, text: str) -> list[Span]:
    """ayse's 10 spans on separate words, and ali's: the same words, but one in five with another
    label, one in seven a character shorter, the last one left out and another word taken."""
    words = [match.span() for match in WORD.finditer(text)]
    step = max(1, len(words) // (SPANS_PER_ARTICLE + 1))
    chosen = words[::step][: SPANS_PER_ARTICLE + 1]
    spans = []
    for index, (start, end) in enumerate(chosen[:SPANS_PER_ARTICLE]):
        label = LABELS[index % 4]
        spans.append(Span(article_id, start, end, label, text[start:end], "ayse"))
        if index == SPANS_PER_ARTICLE - 1:
            start, end = chosen[-1]
        elif index % 7 == 3 and end - start > 1:
            end -= 1
        if index % 5 == 2:
            label = LABELS[(index + 1) % 4]
        spans.append(Span(article_id, start, end, label, text[start:end], "ali"))
    return spans


def fill(store: Store, count: int) -> int:
    total = 0
    with store.indexing_later(), store.transaction():
        for number, (article_id, raw) in enumerate(generate_articles(count)):
            article = parse_article_text(article_id, raw)
            spans = layers(article_id, article.text)
            store.replace_article(article, spans, "bench")
            total += len(spans)
            if number % 10_000 == 9_999:
                store.db.conn.commit()
                store.db.conn.execute("BEGIN IMMEDIATE")
    return total


def _fill(path: Path, count: int) -> None:
    with Store(path, annotator="ayse") as store:
        fill(store, count)


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        database = Path(scratch) / "layers.db"
        started = time.perf_counter()
        # Filled by a child: a child forked from a big parent counts the parent's pages in its
        # peak memory, so this process stays small for the measured ones.
        filler = multiprocessing.Process(target=_fill, args=(database, count))
        filler.start()
        filler.join()
        spans = count * SPANS_PER_ARTICLE * 2
        print(f"{count:,} articles with {spans:,} spans written in {time.perf_counter() - started:.1f} s")
        read_all = (
            f"import sqlite3; c = sqlite3.connect({str(database)!r}); "
            "sum(len(t) for (t,) in c.execute('SELECT text FROM articles')); "
            "sum(1 for _ in c.execute('SELECT article_id, annotator, start, end, label, "
            "entity_id, value FROM spans ORDER BY article_id, start'))"
        )
        reference, reference_peak = run_measured([sys.executable, "-c", read_all])
        print(
            f"reference: every text and span row with plain sqlite3: {reference:.1f} s, "
            f"peak memory {reference_peak:.0f} MB"
        )
        agree = [*HASIYE, "--db", str(database), "agree", "--json", "--worst", "0"]
        one, one_peak = run_with_children([*agree, "--processes", "1"])
        print(f"hasiye agree in one process: {one:.1f} s, peak memory {one_peak:.0f} MB")
        seconds, peak = run_with_children(agree)
        print(
            f"hasiye agree (2 annotators): {seconds:.1f} s ({seconds / reference:.1f}x the plain "
            f"read, {one / seconds:.1f}x faster than one process), peak memory of all its "
            f"processes {peak:.0f} MB"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
