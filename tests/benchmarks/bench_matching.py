"""Matching benchmark: suggestions for a surface among N entities with 3 aliases each.

Run by hand: ``python -m tests.benchmarks.bench_matching [N]`` (default 100,000 entities, so
300,000 aliases). Names are drawn from common Turkish first names and surnames plus generated
ones, so that "Mehmet" alone is shared by thousands of entities, as in real news. Prints the index
build time and memory, and the median and p95 time of a ranking over 300 surfaces (exact,
surname only, ASCII, upper case, with a suffix, with a title), against a plain dict lookup of the
same surfaces measured in the same run.

Target: median <= 20 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import tracemalloc

from annotations.matching import EntityIndex

FIRST = ["Mehmet", "Ahmet", "Mustafa", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman",
         "Yusuf", "Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Halil", "Ömer", "Murat",
         "Recep", "Şükrü", "Özgür", "Çağlar", "Gökhan", "Ülkü"]  # fmt: skip
LAST = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
        "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
        "Şimşek", "Kalın", "Hayye", "Erdoğan", "Fidan"]  # fmt: skip
SYLLABLES = ["ka", "ya", "lı", "de", "mir", "öz", "tür", "ğan", "şen", "çe", "gül", "bay", "han",
             "er", "taş", "soy", "kut", "ar", "ın", "el"]  # fmt: skip


def generated_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def build(count: int, rng: random.Random) -> tuple[EntityIndex, list[str]]:
    index = EntityIndex()
    surfaces = []
    for entity_id in range(count):
        first = rng.choice(FIRST) if rng.random() < 0.6 else generated_name(rng)
        last = rng.choice(LAST) if rng.random() < 0.3 else generated_name(rng)
        canonical = f"{first} {last}"
        index.add(entity_id, "PER", [canonical, last, canonical.upper()])
        if entity_id % (count // 300 or 1) == 0:
            surfaces.append(
                rng.choice(
                    [canonical, last, f"{last}'in", canonical.upper(), f"Bakan {canonical}",
                     canonical.replace("ı", "i").replace("ş", "s").replace("ğ", "g")]
                )  # fmt: skip
            )
    return index, surfaces[:300]


def main(count: int) -> None:
    rng = random.Random(11)
    tracemalloc.start()
    started = time.perf_counter()
    index, surfaces = build(count, rng)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{count:,} entities, {len(index.keys):,} aliases indexed in {seconds:.1f} s "
        f"(Python allocations peak {peak / 1e6:.0f} MB)"
    )
    timings = []
    for surface in surfaces:
        started = time.perf_counter()
        index.rank(surface)
        timings.append(time.perf_counter() - started)
    timings.sort()
    plain = {keys.alias: keys.entity_id for keys in index.keys}
    started = time.perf_counter()
    for surface in surfaces:
        plain.get(surface)
    lookup = (time.perf_counter() - started) / len(surfaces)
    print(
        f"ranking {len(surfaces)} surfaces: median {statistics.median(timings) * 1000:.2f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1] * 1000:.2f} ms "
        f"(a plain dict lookup of the surface: {lookup * 1e6:.2f} µs)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
