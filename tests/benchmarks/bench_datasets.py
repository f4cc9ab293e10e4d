"""Dataset benchmark: export N generated articles with 10 spans each to JSONL, and import it back.

The articles are done, with one annotator's spans (what an export takes by default: done articles,
their gold layer or their only one).

Run by hand: ``python -m tests.benchmarks.bench_datasets [N]`` (default 100,000 articles, so
1,000,000 spans). Both commands run as child processes (wall time and peak memory; the export's
summed over the processes it starts), beside references measured in the same run: reading every
article's text from the database with plain sqlite3, the export in one process, and
``json.loads`` of every line of the exported file in plain Python.

Targets: export <= 10 s and <= 200 MB; import <= 90 s.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tempfile
import time
from pathlib import Path

from annotations.importers.text_files import parse_article_text
from annotations.model import Span, Status
from annotations.store import Store
from tests.benchmarks.bench_import import HASIYE, run_measured, run_with_children
from tests.benchmarks.corpus import cached_articles

SPANS_PER_ARTICLE = 10
LABELS = ("PER", "ORG", "LOC", "DATE")
ANNOTATOR = "bench"
WORD = re.compile(r"\w{4,}")


def fill(store: Store, count: int) -> int:
    """N generated articles, done, each with 10 spans on separate words of the store's annotator;
    returns the number of spans."""
    total = 0
    with store.indexing_later(), store.transaction():
        for number, (article_id, raw) in enumerate(cached_articles(count)):
            article = dataclasses.replace(parse_article_text(article_id, raw), status=Status.DONE)
            words = [match.span() for match in WORD.finditer(article.text)]
            step = max(1, len(words) // SPANS_PER_ARTICLE)
            spans = [
                Span(article_id, start, end, LABELS[index % 4], article.text[start:end], ANNOTATOR)
                for index, (start, end) in enumerate(words[::step][:SPANS_PER_ARTICLE])
            ]
            store.replace_article(article, spans, "bench")
            total += len(spans)
            if number % 10_000 == 9_999:
                store.db.conn.commit()
                store.db.conn.execute("BEGIN IMMEDIATE")
    return total


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        directory = Path(scratch)
        source, target, dataset = directory / "a.db", directory / "b.db", directory / "gold.jsonl"
        started = time.perf_counter()
        with Store(source, annotator=ANNOTATOR) as store:
            spans = fill(store, count)
        print(f"{count:,} articles with {spans:,} spans written in {time.perf_counter() - started:.1f} s")

        read_all = (
            f"import sqlite3; c = sqlite3.connect({str(source)!r}); "
            "sum(len(t) for (t,) in c.execute('SELECT text FROM articles'))"
        )
        reference, _ = run_measured([sys.executable, "-c", read_all])
        print(f"reference: reading every text with plain sqlite3: {reference:.1f} s")
        export = [
            *HASIYE, "--db", str(source), "--annotator", ANNOTATOR, "export", "-o", str(dataset)
        ]
        one, one_peak = run_with_children([*export, "--processes", "1"])
        print(f"hasiye export in one process: {one:.1f} s, peak memory {one_peak:.0f} MB")
        seconds, peak = run_with_children(export)
        print(
            f"hasiye export --format jsonl: {seconds:.1f} s ({seconds / reference:.1f}x the plain "
            f"read, {one / seconds:.1f}x faster than one process), peak memory of all its "
            f"processes {peak:.0f} MB, file {dataset.stat().st_size / 1e6:.0f} MB, "
            f"{sum(1 for _ in dataset.open(encoding='utf-8')):,} articles"
        )

        parse_all = (
            "import json; "
            f"sum(len(json.loads(line)['spans']) for line in open({str(dataset)!r}, encoding='utf-8'))"
        )
        reference, _ = run_measured([sys.executable, "-c", parse_all])
        print(f"reference: json.loads of every line in plain Python: {reference:.1f} s")
        seconds, peak = run_measured(
            [*HASIYE, "--db", str(target), "--annotator", ANNOTATOR, "import", str(dataset)]
        )
        print(
            f"hasiye import (JSONL, checked, one transaction): {seconds:.1f} s "
            f"({seconds / reference:.1f}x the plain parse), peak memory {peak:.0f} MB"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
