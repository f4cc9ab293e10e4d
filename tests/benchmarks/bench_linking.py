"""Linking benchmark: the session's entity index with N entities (3 aliases each) in the database.

Run by hand: ``python -m tests.benchmarks.bench_linking [N]`` (default 100,000 entities, so
300,000 aliases). Measures, over 200 spans, what the link key costs: opening the picker (the
session's index, checked against the database, and the ranking of the span's surface) and the
index update after the link (the linked entity read again and put into the index in place).
Beside them, in the same run: building the whole index again, which is what every link cost
before the session kept the index.

Target: picker open and index update each at most 20 ms (median).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from annotations.model import Article, Span
from annotations.entity_names import EntityNames
from annotations.session import Session
from annotations.store import Store
from tests.benchmarks.bench_matching import FIRST, LAST, generated_name


def fill(store: Store, count: int, rng: random.Random) -> list[str]:
    """N entities with three aliases each; returns some canonical names to link spans to."""
    names = []
    with store.transaction():
        for number in range(count):
            first = rng.choice(FIRST) if rng.random() < 0.6 else generated_name(rng)
            last = rng.choice(LAST) if rng.random() < 0.3 else generated_name(rng)
            canonical = f"{first} {last} {number}"
            store.add_entity(canonical, "PER", [last, canonical.upper()])
            if number % (count // 200 or 1) == 0:
                names.append(canonical)
    return names[:200]


def milliseconds(timings: list[float]) -> str:
    timings = sorted(timings)
    median = statistics.median(timings) * 1000
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)] * 1000
    return f"median {median:.2f} ms, p95 {p95:.2f} ms"


def main(count: int) -> None:
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        started = time.perf_counter()
        names = fill(store, count, rng)
        print(f"{count:,} entities written in {time.perf_counter() - started:.1f} s")
        # Each span is written in lower case, a spelling no entity has yet: linking it adds an
        # alias, so the index really has an entity to update.
        surfaces = [name.lower() for name in names]
        text = " ve ".join(surfaces) + "."
        store.save_articles([(Article("a", "Bağlantılar", text), None)])
        session = Session(store, "bench")
        started = time.perf_counter()
        entities = session.entities()
        built = time.perf_counter() - started
        print(f"index of {len(entities.index.keys):,} aliases built in {built * 1000:.0f} ms")

        opening, updating, linking = [], [], []
        position = 0
        for surface in surfaces:
            start = text.index(surface, position)
            position = start + len(surface)
            span = session.history.add(Span("a", start, position, "PER", surface, "bench"))
            started = time.perf_counter()
            candidates = session.entities().index.rank(surface, label="PER")
            opening.append(time.perf_counter() - started)
            target = candidates[0].entity_id
            # The link as the picker makes it, with the index update timed on its own.
            session.history.on_change = None
            started = time.perf_counter()
            session.history.link(span, target)
            linking.append(time.perf_counter() - started)
            session.history.on_change = session.catch_up
            started = time.perf_counter()
            session.catch_up()
            updating.append(time.perf_counter() - started)
            assert session.entities() is entities  # kept, not built again
            indexed = [entities.index.keys[p].alias for p in entities.index.by_entity[target]]
            assert surface in indexed  # the new alias is in the index

        rebuilds = []
        for _ in range(3):
            started = time.perf_counter()
            EntityNames.read(store)
            rebuilds.append(time.perf_counter() - started)
        store.close()
    print(f"picker open (index check + ranking), {len(opening)} spans: {milliseconds(opening)}")
    print(f"index update after a link: {milliseconds(updating)}")
    print(f"the link itself (one transaction, undo snapshots): {milliseconds(linking)}")
    print(f"reference, building the whole index again: {milliseconds(rebuilds)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
