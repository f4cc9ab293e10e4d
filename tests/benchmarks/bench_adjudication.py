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


def second_layer(store: Store, article_id: str) -> None:
    """ali's layer: ayse's spans, one in five relabelled, one in ten left out."""
    with store.transaction():
        for number, span in enumerate(store.spans_for(article_id)):
            if number % 10 == 9:
                continue
            label = "ORG" if number % 5 == 2 and span.label != "ORG" else span.label
            store.add_span(replace(span, id=None, annotator="ali", label=label))


async def figures(store: Store, article_id: str) -> tuple[float, float, float]:
    app = make_app(store, "hakem")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        TEXT_PAINT.start()
        app.push_screen(AnnotatorScreen(article_id))
        await pilot.pause()
        reference = TEXT_PAINT.seconds
        app.pop_screen()
        opens = []
        for _ in range(2):
            await pilot.pause()
            LIST_PAINT.start()
            app.push_screen(AdjudicationScreen(article_id))
            await pilot.pause()
            opens.append(LIST_PAINT.seconds)
            app.pop_screen()
        return reference, opens[0], opens[1]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        with Store(Path(scratch) / "adjudication.db") as store:
            article_id = big_article(store, "ayse")
            started = time.perf_counter()
            second_layer(store, article_id)
            print(f"two layers of 2,000 and 1,800 spans written in {time.perf_counter() - started:.1f} s")
            reference, first, second = asyncio.run(figures(store, article_id))
        print(f"reference: the annotator's first paint of the article: {milliseconds(reference)}")
        print(
            f"adjudication screen, first paint: {milliseconds(first)} on the first open (taking "
            f"the agreed spans into gold), {milliseconds(second)} on the next"
        )


if __name__ == "__main__":
    main()
