"""Adjudication benchmark: the adjudication screen on the 50,000-character article with 2,000
spans in each of two layers.

Run by hand: ``python -m tests.benchmarks.bench_adjudication``. Printed beside a reference measured
in the same run: the annotator's first paint of the same article (one layer). The first open takes
what both layers agree on into the gold layer (a write); the second open finds it there.

Target: first paint <= 150 ms.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from annotations.store import Store
from tests.benchmarks.bench_app import SIZE, FirstPaint, big_article, milliseconds
from tui.app import make_app
from tui.screens.adjudication import AdjudicationScreen, DifferenceList
from tui.screens.annotator import AnnotatorScreen
from tui.widgets.span_text import SpanText

LIST_PAINT, TEXT_PAINT = FirstPaint(DifferenceList), FirstPaint(SpanText)


class TakenClock:
    """Records when the screen has taken the agreed spans (it does after its first paint)."""

    def __init__(self) -> None:
        self.finished = 0.0
        original = AdjudicationScreen._take_agreed

        def take_agreed(screen: AdjudicationScreen) -> None:
            original(screen)
            self.finished = time.perf_counter()

        AdjudicationScreen._take_agreed = take_agreed  # type: ignore[method-assign]


TAKEN = TakenClock()


def second_layer(store: Store, article_id: str) -> None:
    """ali's layer: ayse's spans, one in five relabelled, one in ten left out."""
    with store.transaction():
        for number, span in enumerate(store.spans_for(article_id)):
            if number % 10 == 9:
                continue
            label = "ORG" if number % 5 == 2 and span.label != "ORG" else span.label
            store.add_span(replace(span, id=None, annotator="ali", label=label))


async def figures(store: Store, article_id: str) -> tuple[float, list[float], float]:
    app = make_app(store, "hakem")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        TEXT_PAINT.start()
        app.push_screen(AnnotatorScreen(article_id))
        await pilot.pause()
        reference = TEXT_PAINT.seconds
        app.pop_screen()
        opens: list[float] = []
        taken: list[float] = []
        for _ in range(2):
            await pilot.pause()
            LIST_PAINT.start()
            screen = AdjudicationScreen(article_id)
            app.push_screen(screen)
            await pilot.pause()
            opens.append(LIST_PAINT.seconds)
            while not screen.adjudication.gold_spans:  # the agreed spans are taken after it
                await pilot.pause()
            taken.append(TAKEN.finished - LIST_PAINT.started_at)
            app.pop_screen()
        return reference, opens, taken[0]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        with Store(Path(scratch) / "adjudication.db") as store:
            article_id = big_article(store, "ayse")
            started = time.perf_counter()
            second_layer(store, article_id)
            print(f"two layers of 2,000 and 1,800 spans written in {time.perf_counter() - started:.1f} s")
            reference, (first, second), taken = asyncio.run(figures(store, article_id))
        print(f"reference: the annotator's first paint of the article: {milliseconds(reference)}")
        print(
            f"adjudication screen, first paint: {milliseconds(first)} on the first open (the "
            f"agreed spans taken into gold after it, {milliseconds(taken)} from the key), "
            f"{milliseconds(second)} on the next"
        )


if __name__ == "__main__":
    main()
