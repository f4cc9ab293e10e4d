"""Propagation benchmark: one entity's unannotated mentions across N generated articles.

Run by hand: ``python -m tests.benchmarks.bench_propagation [N]`` (default 100,000; the database of
the realistic corpus is imported once into /tmp and reused). Prints, for a
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
import time

from annotations.model import Entity
from annotations.propagation import propagation_proposals
from annotations.store import Store
from annotations.turkish import loose_key
from tests.benchmarks.corpus import cached_database

ENTITIES = [  # rarer first; Halil Hayye is in ~14% of the articles (corpus v2), the most named
    Entity(6, "Hasan Nasrallah", "PER", ("Hassan Nasrallah", "Nasrallah", "Nasrullah")),
    Entity(5, "Hakan Fidan", "PER", ("Fidan", "HAKAN FİDAN")),
    Entity(3, "Hasan Reşat", "PER", ("Hassan Rashad",)),
    Entity(2, "İbrahim Kalın", "PER", ("Kalın", "Ibrahim Kalin")),
    Entity(1, "Halil Hayye", "PER", ("Hayye", "Halil el-Hayye", "Khalil al-Hayya", "HALİL HAYYE")),
    Entity(4, "Milli İstihbarat Teşkilatı", "ORG", ("MİT",)),
]


RUNS = 3 if "--quick" not in sys.argv else 1


def plain_scan(store: Store, word: str) -> tuple[float, int]:
    started = time.perf_counter()
    found = sum(
        1 for (text,) in store._execute("SELECT text FROM articles") if word in loose_key(text)
    )
    return time.perf_counter() - started, found


def main(count: int) -> None:
    started = time.perf_counter()
    database = cached_database(count)
    print(f"{count:,} articles imported (once, then reused) in {time.perf_counter() - started:.1f} s")
    with Store(database) as store:
        for entity in ENTITIES:
            times, proposals = [], []
            for _ in range(RUNS):
                started = time.perf_counter()
                proposals = list(propagation_proposals(store, entity, entity.label, "bench"))
                times.append(time.perf_counter() - started)
            started = time.perf_counter()
            list(itertools.islice(propagation_proposals(store, entity, entity.label, "b"), 500))
            first_page = time.perf_counter() - started
            articles = len({proposal.article_id for proposal in proposals})
            elapsed = statistics.median(times)
            per_tenth = elapsed / max(articles / count / 0.1, 1e-9)
            reference, _ = plain_scan(store, loose_key(entity.aliases[0]))
            print(
                f"{entity.canonical}: {len(proposals):,} proposals in {articles:,} articles "
                f"({articles / count:.0%}), median {elapsed * 1000:.0f} ms of {RUNS} "
                f"({per_tenth * 1000:.0f} ms per 10% of the articles), first 500 in "
                f"{first_page * 1000:.0f} ms (plain scan of every article for one alias: "
                f"{reference * 1000:.0f} ms, {reference / elapsed:.1f}x slower)"
            )


if __name__ == "__main__":
    numbers = [argument for argument in sys.argv[1:] if argument.isdigit()]
    main(int(numbers[0]) if numbers else 100_000)
