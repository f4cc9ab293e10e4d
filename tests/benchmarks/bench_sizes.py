"""Pathological sizes: labelling in a 10 MB one-line article, relabelling in an article with
100,000 spans (issue 17). Target: each at most 100 ms from the key to the repainted screen.

Run by hand: ``python -m tests.benchmarks.bench_sizes [MEGABYTES] [SPANS]`` (default 10 and
100,000). Each figure is the median of several keys, timed (processor time of the process) from the action
to the end of the repaint that follows it, and printed beside the same key in a one-paragraph article measured in
the same run (what Textual itself costs).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual.pilot import Pilot

from annotations.model import Article, Span
from annotations.store import Store
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen

SIZE = (160, 50)

_wait_for_screen = Pilot._wait_for_screen


async def _wait_longer(pilot: Pilot, timeout: float = 600.0) -> bool:
    """Opening a 10 MB article on a busy machine takes longer than Pilot's 30 s."""
    return await _wait_for_screen(pilot, timeout)


Pilot._wait_for_screen = _wait_longer  # type: ignore[method-assign]
SENTENCE = "Ali Veli ile Ankara'da görüştü ve Kahire'ye döndü. "
SMALL = SENTENCE * 20
KEYS = 7


def one_line_article(megabytes: float) -> Article:
    repeats = int(megabytes * 1_000_000 / len(SENTENCE.encode("utf-8")))
    return Article("long", "Tek satır", (SENTENCE * repeats).strip())


def spans_over(article: Article, count: int, annotator: str) -> list[Span]:
    """A span over "Ali" in each of the first ``count`` sentences."""
    spans, start = [], 0
    while len(spans) < count:
        start = article.text.index("Ali", start)
        spans.append(Span(article.id, start, start + 3, "PER", "Ali", annotator))
        start += 3
    return spans


def fill(store: Store, megabytes: float, span_count: int) -> None:
    paragraph = SENTENCE * 19 + SENTENCE.strip() + "\n"  # paragraphs of 20 sentences
    many = Article("many", "Çok span", (paragraph * (span_count // 20 + 1)).strip())
    small = Article("small", "Küçük", SMALL.strip())
    store.save_articles([(one_line_article(megabytes), None), (many, None), (small, None)])
    with store.transaction():
        for article, count in ((many, span_count), (small, 10)):
            store.db.conn.executemany(
                """
                INSERT INTO spans (article_id, start, end, label, surface, annotator, created,
                                   updated)
                VALUES (?, ?, ?, ?, ?, ?, '2025-01-01', '2025-01-01')
                """,
                [
                    (s.article_id, s.start, s.end, s.label, s.surface, s.annotator)
                    for s in spans_over(article, count, "bench")
                ],
            )


async def timed_keys(store: Store, article_id: str, keys: str) -> float:
    """Median seconds of ``keys`` ("label": p on a new name; "relabel": r then o or p on a
    span), each from the action to the end of the repaint after it."""
    app = make_app(store, "bench")
    times = []
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(AnnotatorScreen(article_id))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AnnotatorScreen)
        text = screen.article.text
        for number in range(KEYS):
            # Sentence 3 + number: early in the text (the screen shows the start of it).
            sentence = (3 + number) * len(SENTENCE) + 1
            if keys == "label":
                screen.text_area.put_cursor(text.index("Veli", sentence))
                action = lambda: screen.action_label("PER")  # noqa: E731
            else:
                screen.text_area.put_cursor(text.index("Ali", sentence))
                label = "ORG" if number % 2 == 0 else "PER"
                screen.relabel_pending = True
                action = lambda label=label: screen.action_label(label)  # noqa: E731
            await pilot.pause()
            # Processor time of this process: the machine is shared, wall time waits for others.
            started = time.process_time()
            action()
            await pilot.pause()
            times.append(time.process_time() - started)
    return statistics.median(times)


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


async def main(megabytes: float, span_count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with Store(Path(folder) / "sizes.db") as store:
            started = time.perf_counter()
            fill(store, megabytes, span_count)
            print(f"corpus: {megabytes} MB one line, {span_count:,} spans "
                  f"({time.perf_counter() - started:.1f} s to build)")
            rows = [
                ("label in the one-line article", "long", "label"),
                ("relabel among the spans", "many", "relabel"),
            ]
            for name, article_id, keys in rows:
                reference = await timed_keys(store, "small", keys)
                figure = await timed_keys(store, article_id, keys)
                print(
                    f"{name:32} {milliseconds(figure)}   small article {milliseconds(reference)}"
                    f"   ratio {figure / reference:6.1f}   target <= 100 ms"
                )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    asyncio.run(
        main(float(arguments[0]) if arguments else 10, int(arguments[1]) if len(arguments) > 1 else 100_000)
    )
