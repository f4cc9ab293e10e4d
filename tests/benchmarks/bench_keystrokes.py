"""Keystroke benchmark: keys per gold span to annotate both seed articles fully, from an empty
database, in the running app.

Run by hand: ``python -m tests.benchmarks.bench_keystrokes``. The gold is
``tests/benchmarks/seeds_gold.yaml`` (its guidelines are at its top): every PER, ORG, LOC and
DATE mention, each name linked to its canonical entity, each date with its value. The player
(``tests.benchmarks.keystroke_player``) presses every key through Textual's Pilot, in a 160x50
terminal, starting at the library; it reads the screen and the store only to choose the next key.
At the end the store must equal the gold exactly, or the run fails with the difference.

Printed: the gold's totals, the keys and keys per gold span, a breakdown by kind, the spans that
cost most, the propagation and date reviews; then the same for the naive way in the same run
(``/`` + the whole surface + enter, the label key, ``k`` and the picker per span) as a reference.

Target: at most 2.5 keys per gold span.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from annotations.seeds import import_seeds_if_empty
from annotations.store import Store
from tests.benchmarks.keystroke_player import (
    KINDS,
    Gold,
    KeyLog,
    Player,
    difference,
    load_gold_file,
)
from tui.app import make_app

ANNOTATOR = "bench"
TARGET = 2.5


async def play(folder: Path, mode: str) -> tuple[KeyLog, list[Gold], list[str], list[str], float]:
    """One run on a fresh database: the key log, the gold, the events and the difference."""
    store = Store(folder / f"{mode}.db")
    import_seeds_if_empty(store)  # as the command line does on an empty database
    texts = {article: store.get_article(article).text for article in store.article_ids()}
    gold = load_gold_file(texts)
    app = make_app(store, ANNOTATOR)
    started = time.perf_counter()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        player = Player(app, pilot, gold, mode)
        log = await player.play()
    seconds = time.perf_counter() - started
    diff = difference(store, gold, ANNOTATOR)
    store.close()
    return log, gold, player.events, diff, seconds


def report(mode: str, log: KeyLog, gold: list[Gold], events: list[str], seconds: float) -> float:
    per_span = log.total / len(gold)
    kinds = log.by_kind()
    print(f"\n== {mode}: {log.total} keys, {per_span:.2f} keys per gold span ({seconds:.1f} s)")
    print("   by kind: " + ", ".join(f"{kind} {kinds[kind]}" for kind in KINDS))
    targets = log.by_target()
    spans = {str(g) for g in gold}
    costly = sorted(
        ((len(keys), what, keys) for what, keys in targets.items() if what in spans),
        key=lambda item: -item[0],
    )
    print(f"   spans made by hand: {len(costly)}; the costliest:")
    for count, what, keys in costly[:12]:
        shown = " ".join(keys)
        print(f"     {count:3d}  {what}: {shown[:110]}")
    opening = targets.get("open article", [])
    print(f"   opening articles: {len(opening)} keys ({' '.join(opening)})")
    for event in events:
        print(f"   {event}")
    return per_span


def transcript(log: KeyLog) -> str:
    """Every key in order, grouped by what it was pressed for."""
    lines: list[str] = []
    for key, _, what in log.presses:
        if not lines or not lines[-1].startswith(what + ":"):
            lines.append(what + ":")
        lines[-1] += " " + key
    return "\n".join(lines)


def main() -> int:
    failed = False
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        modes = ("smart",) if "--smart-only" in sys.argv else ("smart", "naive")
        for mode in modes:
            log, gold, events, diff, seconds = asyncio.run(play(Path(folder), mode))
            if mode == "smart":
                links = sum(1 for g in gold if g.entity)
                values = sum(1 for g in gold if g.value)
                entities = len({(g.entity, g.label) for g in gold if g.entity})
                print(f"gold: {len(gold)} spans, {links} links to {entities} entities, "
                      f"{values} date values")  # fmt: skip
            figures[mode] = report(mode, log, gold, events, seconds)
            if "-v" in sys.argv:
                print(transcript(log))
            if diff:
                failed = True
                print(f"   FAILED: the store differs from the gold ({len(diff)} rows):")
                print("\n".join("     " + line for line in diff))
    line = f"\nkeys per gold span: {figures['smart']:.2f} (target {TARGET})"
    if "naive" in figures:
        line += f"; the naive way {figures['naive']:.2f} ({figures['naive'] / figures['smart']:.1f}x)"
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
