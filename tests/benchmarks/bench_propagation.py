"""Propagation benchmark: one entity's unannotated mentions across N generated articles.

Run by hand: ``python -m tests.benchmarks.bench_propagation [N]`` (default 100,000). Prints, for a
few entities of the generated corpus, the time to list every proposal (the search index picks
the articles, each is then read and matched) and, measured in the same run, a plain scan that
folds every article and looks for the alias (the reference a tool without an index pays).

Also the time to the first 500 proposals: what key a in the annotator reads before the review
queue opens (the generator reads articles a batch at a time).

Target: at most 1 s per entity over 100,000 articles.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

from annotations.importers.text_files import parse_article_text
from annotations.model import Entity
from annotations.propagation import propagation_proposals
from annotations.store import Store
from annotations.turkish import loose_key
from tests.benchmarks.corpus import cached_articles

ENTITIES = [
    Entity(1, "Halil Hayye", "PER", ("Hayye", "Halil el-Hayye", "Khalil al-Hayya", "HALİL HAYYE")),
    Entity(2, "İbrahim Kalın", "PER", ("Kalın", "Ibrahim Kalin")),
    Entity(3, "Hasan Reşat", "PER", ("Hassan Rashad",)),
    Entity(4, "Milli İstihbarat Teşkilatı", "ORG", ("MİT",)),
]


def plain_scan(store: Store, word: str) -> tuple[float, int]:
    started = time.perf_counter()
    found = sum(
        1 for (text,) in store._execute("SELECT text FROM articles") if word in loose_key(text)
    )
    return time.perf_counter() - started, found


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        with Store(Path(scratch) / "propagation.db") as store:
            started = time.perf_counter()
            with store.indexing_later():
                batch = []
                for article_id, raw in cached_articles(count):
                    batch.append((parse_article_text(article_id, raw), None))
                    if len(batch) == 1000:
                        store.save_articles(batch)
                        batch = []
                store.save_articles(batch)
            print(f"{count:,} articles stored and indexed in {time.perf_counter() - started:.1f} s")
            for entity in ENTITIES:
                times, proposals = [], []
                for _ in range(3):
                    started = time.perf_counter()
                    proposals = list(propagation_proposals(store, entity, entity.label, "bench"))
                    times.append(time.perf_counter() - started)
                started = time.perf_counter()
                list(itertools.islice(propagation_proposals(store, entity, entity.label, "b"), 500))
                first_page = time.perf_counter() - started
                articles = len({proposal.article_id for proposal in proposals})
                elapsed = statistics.median(times)
                reference, _ = plain_scan(store, loose_key(entity.aliases[0]))
                print(
                    f"{entity.canonical}: {len(proposals):,} proposals in {articles:,} articles, "
                    f"median {elapsed * 1000:.0f} ms of 3, first 500 in {first_page * 1000:.0f} ms "
                    f"(plain scan of every article for one "
                    f"alias: {reference * 1000:.0f} ms, {reference / elapsed:.1f}x slower)"
                )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
