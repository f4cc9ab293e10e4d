"""Import benchmark: N generated articles (default 100,000) into an empty database.

Run by hand: ``python -m tests.benchmarks.bench_import [N]``. Prints, side by side with references
measured in the same run:

- ``hasiye import DIR`` wall time and peak memory (the summed resident memory of its processes),
  in one process and with the default (one per core), against reading the same files with plain
  Python (the floor any importer pays);
- ``hasiye list`` on the result, time to print its first page, against ``python -c pass``;
- ``hasiye --help`` and ``hasiye --version``, against ``python -c pass``.

Targets: import <= 60 s and <= 500 MB; list's first page < 1 s; --help/--version < 0.3 s.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.corpus import cached_corpus

HASIYE = [sys.executable, "-c", "from tui.cli import main; main()"]


def run_measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode()
    process.stderr.close()
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def _resident_mb(pid: int) -> float:
    """Resident memory of a process and its descendants (Linux /proc), 0 once gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    resident = next(
        (int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")),
        0.0,
    )
    return resident + sum(_resident_mb(int(child)) for child in children)


def run_with_children(command: list[str]) -> tuple[float, float]:
    """Wall seconds of a command and the peak of its processes' summed resident memory (MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _resident_mb(process.pid))
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return elapsed, peak


def median_seconds(command: list[str], repeat: int = 7) -> float:
    return statistics.median(run_measured(command)[0] for _ in range(repeat))


def read_all(paths: list[Path]) -> int:
    return sum(len(path.read_bytes()) for path in paths)


def plain_index_seconds(paths: list[Path], scratch: Path) -> float:
    """The floor of an import with a search index: plain sqlite3 saving every file's text in a
    table and indexing it with FTS5 (hasiye's tokenizer, buffer and WAL), in one transaction; no
    parsing, folding, vocabulary or pauses."""
    database = scratch / "plain.db"
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("CREATE TABLE texts (text TEXT)")
    connection.execute(
        "CREATE VIRTUAL TABLE search USING fts5(body, content = '', "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    connection.execute("INSERT INTO search (search, rank) VALUES ('hashsize', 16777216)")
    started = time.perf_counter()
    connection.execute("BEGIN")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        rowid = connection.execute("INSERT INTO texts (text) VALUES (?)", [text]).lastrowid
        connection.execute("INSERT INTO search (rowid, body) VALUES (?, ?)", [rowid, text])
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    database.unlink()
    return seconds


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        db = Path(scratch) / "bench.db"
        started = time.perf_counter()
        corpus = cached_corpus(count)
        paths = sorted(corpus.rglob("*.txt"))
        print(f"{count:,} articles in {corpus} (generated once, then reused): {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        size = read_all(paths)
        reference = time.perf_counter() - started
        print(f"reference: reading the {size / 1e6:.0f} MB of files in Python: {reference:.2f} s")
        floor = plain_index_seconds(paths, Path(scratch))
        print(f"reference: plain sqlite3 saving and FTS5-indexing the same texts: {floor:.1f} s")

        for processes in ("1", None):  # one process, then the default (one per core)
            for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                leftover.unlink(missing_ok=True)
            chosen = ["--processes", processes] if processes else []
            seconds, peak = run_with_children(
                [*HASIYE, "--db", str(db), "import", str(corpus), *chosen]
            )
            print(
                f"hasiye import{' --processes 1' if processes else ''}: {seconds:.1f} s "
                f"({count / seconds:,.0f} articles/s, {seconds / floor:.1f}x plain sqlite3), "
                f"peak memory {peak:.0f} MB for all its processes; "
                f"database {db.stat().st_size / 1e6:.0f} MB"
            )
        seconds, _ = run_measured([*HASIYE, "--db", str(db), "import", str(corpus)])
        print(f"hasiye import again (all unchanged): {seconds:.1f} s")

        python_start = median_seconds([sys.executable, "-c", "pass"])
        print(f"reference: python -c pass: {python_start * 1000:.0f} ms")
        list_seconds = median_seconds([*HASIYE, "--db", str(db), "list"], repeat=5)
        last_page = [*HASIYE, "--db", str(db), "list", "--page", str(max(1, count // 50))]
        print(
            f"hasiye list (first page): {list_seconds * 1000:.0f} ms "
            f"({list_seconds / python_start:.1f}x python start); last page: "
            f"{median_seconds(last_page, repeat=3) * 1000:.0f} ms"
        )
        for flag in ("--help", "--version"):
            seconds = median_seconds([*HASIYE, flag])
            print(f"hasiye {flag}: {seconds * 1000:.0f} ms ({seconds / python_start:.1f}x python start)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
