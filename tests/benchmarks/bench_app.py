"""App benchmark: the library over 100,000 articles, a 50,000-character article with 2,000 spans,
and ``hasiye`` from the shell to an interactive library.

Run by hand: ``python -m tests.benchmarks.bench_app [N]`` (N articles in the library, default
100,000), in a 160x50 terminal. Each figure is printed beside a reference measured in the same run:
the same step on a library of 1,000 articles or on seed article 004 (what Textual itself costs), or
``python -c pass`` for the start from the shell. Repaints are timed as Textual's own layout and
compositor work after the key's handler returned (``RepaintClock``).

Targets: library opens in <= 1 s and a one-row cursor move repaints in <= 16 ms; the big article's
first paint <= 150 ms and the repaint of the visible text after a span is added <= 16 ms (median);
shell to interactive library on the seeds <= 0.6 s.
"""

from __future__ import annotations

import os
import pty
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual.screen import Screen

from annotations.importers.text_files import parse_article_text
from annotations.model import Span
from annotations.seeds import import_seeds_if_empty
from annotations.store import Store
from tests.benchmarks.corpus import cached_articles, generate_article
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.span_text import SpanText

SIZE = (160, 50)
REFERENCE_LIBRARY = 1_000


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def fill_library(store: Store, count: int) -> None:
    batch = []
    for article_id, raw in cached_articles(count):
        batch.append((parse_article_text(article_id, raw), None))
        if len(batch) == 1000:
            store.save_articles(batch)
            batch = []
    store.save_articles(batch)


def big_article(store: Store, annotator: str) -> str:
    """A 50,000-character article (paragraphs of generated news) with 2,000 spans, one per word run."""
    paragraphs, length, number = [], 0, 0
    while length < 50_000:
        number += 1
        for paragraph in generate_article(number)[1].split("\n")[2:]:
            if paragraph and not paragraph.startswith("#"):
                paragraphs.append(paragraph)
                length += len(paragraph) + 1
    text = "\n".join(paragraphs)[:50_000].rsplit(" ", 1)[0]
    article = parse_article_text("big", "Büyük makale\n" + text)
    store.save_articles([(article, None)])
    words, position = [], 0
    for word in article.text.split(" "):
        if len(word) > 3 and word.isalpha():
            words.append((position, position + len(word)))
        position += len(word) + 1
    step = len(words) / 2000
    labels = ("PER", "ORG", "LOC", "DATE")
    with store.transaction():
        for number in range(2000):
            start, end = words[int(number * step)]
            store.add_span(
                Span("big", start, end, labels[number % 4], article.text[start:end], annotator)
            )
    return "big"


class FirstPaint:
    """Records when a widget class first draws its lines after ``start()``: its first paint."""

    def __init__(self, widget_class: type) -> None:
        self.widget_class, self.painted_at, self.started_at = widget_class, None, 0.0
        original = widget_class.render_lines

        def render_lines(widget, crop):
            strips = original(widget, crop)
            if self.painted_at is None:
                self.painted_at = time.perf_counter()
            return strips

        widget_class.render_lines = render_lines

    def start(self) -> None:
        self.started_at, self.painted_at = time.perf_counter(), None

    @property
    def seconds(self) -> float:
        assert self.painted_at is not None, f"{self.widget_class.__name__} never painted"
        return self.painted_at - self.started_at


class RepaintClock:
    """Adds up the time Textual spends laying out and drawing the screen (what a keypress costs
    after its handler ran), by timing ``Screen._refresh_layout`` and ``Screen._compositor_refresh``."""

    def __init__(self) -> None:
        self.seconds = 0.0
        for name in ("_refresh_layout", "_compositor_refresh"):
            original = getattr(Screen, name)
            setattr(Screen, name, self._timed(original))

    def _timed(self, original):
        def timed(screen, *args, **kwargs):
            started = time.perf_counter()
            try:
                return original(screen, *args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed

    async def measure(self, pilot, action) -> tuple[float, float]:
        """Seconds the action took, and seconds of the repaint that followed it."""
        await pilot.pause()
        started = time.perf_counter()
        action()
        handled = time.perf_counter() - started
        self.seconds = 0.0
        await pilot.pause()
        return handled, self.seconds


LIST_PAINT, TEXT_PAINT, REPAINT = FirstPaint(ArticleList), FirstPaint(SpanText), RepaintClock()


async def library_figures(store: Store) -> tuple[float, float, float]:
    """Seconds from starting the app to the list's first paint; median and worst seconds of a
    one-row cursor move and the repaint that follows it."""
    LIST_PAINT.start()
    app = make_app(store, "bench")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        opened = LIST_PAINT.seconds
        listing = app.screen.query_one(ArticleList)
        moves = []
        for step in range(200):
            if step == 100:
                listing.action_jump(len(listing.ids) // 2)  # the middle of the corpus, pages unread
            handled, repaint = await REPAINT.measure(pilot, lambda: listing.action_move(1))
            moves.append(handled + repaint)
        return opened, statistics.median(moves), max(moves)


async def article_figures(
    store: Store, article_id: str
) -> tuple[float, float, float, float, dict[str, float]]:
    """Seconds to the text's first paint (the first article opened, then the median of five more
    opens); median seconds of the repaint after a span is added, and of the action before it
    (commit, styles, panel); and the median repaint after each other kind of span change
    (relabel, grow, shrink, delete, undo, redo) on spans just added."""
    app = make_app(store, "bench")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        opens = []
        for _ in range(6):
            TEXT_PAINT.start()
            app.push_screen(AnnotatorScreen(article_id))
            await pilot.pause()
            opens.append(TEXT_PAINT.seconds)
            app.pop_screen()
            await pilot.pause()
        app.push_screen(AnnotatorScreen(article_id))
        await pilot.pause()
        screen = app.screen
        area = screen.query_one(SpanText)
        text = area.text
        covered = {offset for span in screen.spans for offset in range(span.start, span.end)}
        words = [
            (match.start(), match.end())
            for match in re.finditer(r"\w{4,}", text)
            if not covered & set(range(match.start(), match.end()))
        ]
        repaints, actions = [], []
        for start, end in words[:: max(1, len(words) // 40)][:40]:
            await pilot.pause()
            area.select_range(start, end)
            before = len(screen.spans)
            handled, repaint = await REPAINT.measure(pilot, lambda: screen.action_label("ORG"))
            assert len(screen.spans) == before + 1, "the benchmark's label action added no span"
            actions.append(handled)
            repaints.append(repaint)
        changes: dict[str, list[float]] = {}
        changers = {
            "relabel": lambda: (screen.action_relabel(), screen.action_label("PER")),
            "grow": screen.action_grow,
            "shrink": screen.action_shrink,
            "delete": screen.action_delete_span,
            "undo": app.action_undo,
            "redo": app.action_redo,
        }
        for start, _ in words[:: max(1, len(words) // 40)][:12]:
            for kind, change in changers.items():
                area.put_cursor(start)
                await pilot.pause()
                stored = [(span.start, span.end, span.label) for span in screen.spans]
                _, repaint = await REPAINT.measure(pilot, change)
                if [(span.start, span.end, span.label) for span in screen.spans] != stored:
                    changes.setdefault(kind, []).append(repaint)  # (a span at a line's end
                    # cannot grow: such a try is not a repaint after a change)
        medians = {kind: statistics.median(values) for kind, values in changes.items()}
        return (
            opens[0],
            statistics.median(opens[1:]),
            statistics.median(repaints),
            statistics.median(actions),
            medians,
        )


def shell_to_library(database: Path | list[str]) -> float:
    """Seconds from starting ``hasiye`` (or the command given) in a terminal to "done" (the
    library's progress line) on screen."""
    command = (
        database
        if isinstance(database, list)
        else [sys.executable, "-c", "from tui.cli import main; main()", "--db", str(database)]
    )
    started = time.perf_counter()
    pid, terminal = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="30")
        os.execv(command[0], command)
    shown = b""
    while b"done" not in shown:
        ready, _, _ = select.select([terminal], [], [], 10)
        if not ready:
            raise SystemExit("hasiye did not show the library within 10 s")
        shown += os.read(terminal, 65536)
    elapsed = time.perf_counter() - started
    os.write(terminal, b"q")
    while True:
        try:
            if not os.read(terminal, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    return elapsed


def python_start() -> float:
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main(count: int) -> None:
    import asyncio

    with tempfile.TemporaryDirectory(prefix="hasiye-bench-") as scratch:
        seeds_db, big_db = Path(scratch) / "seeds.db", Path(scratch) / "big.db"
        small_db = Path(scratch) / "small.db"
        with Store(small_db) as small:
            fill_library(small, REFERENCE_LIBRARY)
            asyncio.run(library_figures(small))  # warm-up: Textual's first start pays for imports
            reference_open, reference_move, _ = asyncio.run(library_figures(small))
        with Store(seeds_db) as seeds:
            import_seeds_if_empty(seeds)
            small_cold, small_paint, small_repaint, small_action, small_changes = asyncio.run(
                article_figures(seeds, "004_6b0b2ef26e7569ca")
            )
        with Store(big_db) as big:
            started = time.perf_counter()
            fill_library(big, count)
            print(f"library of {count:,} generated articles written in {time.perf_counter() - started:.1f} s")
            opened, move, worst_move = asyncio.run(library_figures(big))
            article_id = big_article(big, "bench")
            cold, paint, repaint, action, changes = asyncio.run(article_figures(big, article_id))

        print(
            f"library over {count:,} articles: opens in {milliseconds(opened)} "
            f"({REFERENCE_LIBRARY:,} articles: {milliseconds(reference_open)}, "
            f"{opened / reference_open:.2f}x); cursor move + repaint median {milliseconds(move)}, "
            f"worst {milliseconds(worst_move)} ({REFERENCE_LIBRARY:,} articles: "
            f"{milliseconds(reference_move)}, {move / reference_move:.2f}x)"
        )
        print(
            f"50,000-character article, 2,000 spans: first paint {milliseconds(paint)} "
            f"(seed 004: {milliseconds(small_paint)}, {paint / small_paint:.2f}x), "
            f"the first article opened in the session {milliseconds(cold)} "
            f"(seed 004: {milliseconds(small_cold)}); "
            f"repaint after a span is added, median {milliseconds(repaint)} "
            f"(seed 004: {milliseconds(small_repaint)}); the label action before it (commit, styles, "
            f"panel) median {milliseconds(action)} (seed 004: {milliseconds(small_action)})"
        )
        print(
            "repaint after each other span change, median: "
            + ", ".join(
                f"{kind} {milliseconds(seconds)} (seed 004: {milliseconds(small_changes[kind])})"
                for kind, seconds in changes.items()
            )
        )
        reference = python_start()
        runs = [shell_to_library(seeds_db) for _ in range(5)]
        startup = statistics.median(runs)
        print(
            f"hasiye from the shell to the interactive library (seeds): median {milliseconds(startup)} "
            f"({startup / reference:.1f}x python -c pass, {milliseconds(reference)})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
