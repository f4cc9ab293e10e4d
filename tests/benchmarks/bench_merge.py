"""Merge benchmark: ``hasiye merge OTHER.db`` of a file of N generated articles with two layers of
10 spans each, into an empty database and then again (everything already here).

Run by hand: ``python -m tests.benchmarks.bench_merge [N]`` (default 100,000). The command runs as
a child process (wall time and peak memory), beside a reference measured in the same run: reading
every article and span row of the other file with plain sqlite3. The other file is streamed (a
batch of articles, one layer at a time): memory must not grow with the file.
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

from annotations.store import Store
from tests.benchmarks.bench_agreement import fill
from tests.benchmarks.bench_import import HASIYE, run_measured


def _fill(path: Path, count: int) -> None:
    with Store(path, annotator="ayse") as store:
        fill(store, count)


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        other, here = Path(scratch) / "other.db", Path(scratch) / "here.db"
        started = time.perf_counter()
        # Filled by a child: a child forked from a big parent counts the parent's pages in its
        # peak memory, so this process stays small for the measured ones.
        filler = multiprocessing.Process(target=_fill, args=(other, count))
        filler.start()
        filler.join()
        print(f"{count:,} articles with {count * 20:,} spans written in {time.perf_counter() - started:.1f} s")
        read_all = (
            f"import sqlite3; c = sqlite3.connect({str(other)!r}); "
            "sum(len(r[3]) for r in c.execute('SELECT id, title, summary, text, date, source, tags "
            "FROM articles ORDER BY id')); "
            "sum(1 for _ in c.execute('SELECT article_id, start, end, label, surface, annotator, "
            "entity_id, value FROM spans ORDER BY article_id, annotator, start, end DESC'))"
        )
        reference, reference_peak = run_measured([sys.executable, "-c", read_all])
        print(
            f"reference: every article and span row of the other file with plain sqlite3: "
            f"{reference:.1f} s, peak memory {reference_peak:.0f} MB"
        )
        for what in ("into an empty database", "again (everything already here)"):
            seconds, peak = run_measured([*HASIYE, "--db", str(here), "merge", str(other)])
            print(
                f"hasiye merge {what}: {seconds:.1f} s ({seconds / reference:.1f}x the plain "
                f"read), peak memory {peak:.0f} MB"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
