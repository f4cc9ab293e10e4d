"""Two annotators in two app instances on one database file at the same time (the team on one
server): scripted keys for N seconds each, then what each confirmed against the store.

Run by hand: ``python -m tests.benchmarks.trial_two_annotators [SECONDS] [ARTICLES]`` (default
600 s, 300 generated articles). Each annotator is a real ``HasiyeApp`` in its own process, driven
by Textual's Pilot at about five keys a second: ``f`` (next name) and a label key, now and then
``u`` and ctrl+r, ``M`` (done, next article). Both go through the same articles, so their layers
overlap all the time, and both write the same article_status rows and the same WAL.

Afterwards, for each annotator: the spans its session's history says are saved (every step's
rows, undone ones put back) against the spans the store holds for that annotator (a lost span is
one confirmed and not stored, or stored and not confirmed); every notification that said an
action was not saved or that the database was locked; and, once both are done, each app shows
the other's layer (``L``) of an article both worked on and it must draw exactly the other's
spans there.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import sys
import tempfile
import time
from pathlib import Path

from annotations.history import History
from annotations.importers.text_files import parse_article_text
from annotations.store import Store
from tests.benchmarks.corpus import generate_articles

ANNOTATORS = ("ayse", "ali")
LABEL_KEYS = "pol"


def _confirmed(history: History) -> dict[int, tuple[int, int, str]]:
    """The spans the history says are in the store: every step's rows as it left them, then the
    undone steps' rows as they were before (undone last = the earliest step, put back last)."""
    state: dict[int, object] = {}
    for step in history.done:
        state.update(step.after.spans)
    for step in history.undone:
        state.update(step.before.spans)
    return {
        span_id: (span.start, span.end, span.label)  # type: ignore[attr-defined]
        for span_id, span in state.items()
        if span is not None
    }


async def _annotate(database: Path, annotator: str, seconds: float, barrier, results) -> None:
    from tui.app import make_app
    from tui.screens.annotator import AnnotatorScreen
    from tui.widgets.span_text import SpanText

    rng = random.Random(annotator)
    store = Store(database, annotator=annotator)
    app = make_app(store, annotator)
    refused: list[str] = []
    notify = app.notify

    def watched(message: str, **options) -> None:
        if options.get("severity") == "error" or "locked" in message or "Not saved" in str(
            options.get("title", "")
        ):
            refused.append(f"{options.get('title', '')}: {message}")
        notify(message, **options)

    app.notify = watched  # type: ignore[method-assign]
    keys = articles = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        ended = time.monotonic() + seconds
        while time.monotonic() < ended:
            for _ in range(rng.randint(3, 9)):
                await pilot.press("f", rng.choice(LABEL_KEYS))
                keys += 2
                if rng.random() < 0.1:
                    await pilot.press("u")
                    keys += 1
                if rng.random() < 0.03:
                    await pilot.press("ctrl+r")
                    keys += 1
                await asyncio.sleep(0.4)  # about five keys a second
            await pilot.press("M")
            keys += 1
            articles += 1
            await pilot.pause()
        await pilot.pause(1.0)
        confirmed = _confirmed(app.session.history)
        with Store(database, annotator=annotator) as reader:
            stored = {
                span.key: (span.start, span.end, span.label)
                for article_id in reader.article_ids()
                for span in reader.spans_for(article_id)
                if span.annotator == annotator
            }
        barrier.wait()  # both done: each looks at the other's layer
        other = next(name for name in ANNOTATORS if name != annotator)
        with Store(database, annotator=annotator) as reader:
            shared = [
                article_id
                for article_id in reader.article_ids()
                if {s.annotator for s in reader.spans_for(article_id)} >= set(ANNOTATORS)
            ]
            theirs = sorted(
                (s.start, s.end) for s in reader.spans_for(shared[0]) if s.annotator == other
            ) if shared else []  # fmt: skip
        seen_theirs = None
        if shared:
            app.screen.dismiss() if isinstance(app.screen, AnnotatorScreen) else None
            await pilot.pause()
            from tui.messages import OpenArticle

            app.post_message(OpenArticle(shared[0]))
            await pilot.pause(0.5)
            await pilot.press("L")
            await pilot.pause(0.5)
            area = app.screen.query_one(SpanText)
            seen_theirs = sorted((start, end) for start, end, _ in area._gold)
    store.close()
    results[annotator] = {
        "keys": keys,
        "articles": articles,
        "confirmed": len(confirmed),
        "stored": len(stored),
        "lost": len(set(confirmed.items()) ^ set(stored.items())),
        "refused": refused,
        "other_layer_drawn": seen_theirs == theirs if shared else None,
    }


def _worker(database: Path, annotator: str, seconds: float, barrier, results) -> None:
    asyncio.run(_annotate(database, annotator, seconds, barrier, results))


def main(seconds: float, count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hasiye-trial-") as scratch:
        database = Path(scratch) / "team.db"
        with Store(database, annotator="ayse") as store:
            store.save_articles(
                (parse_article_text(article_id, raw), None)
                for article_id, raw in generate_articles(count)
            )
        manager = multiprocessing.Manager()
        results = manager.dict()
        barrier = manager.Barrier(len(ANNOTATORS))
        workers = [
            multiprocessing.Process(
                target=_worker, args=(database, name, seconds, barrier, results)
            )
            for name in ANNOTATORS
        ]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        print(f"two annotators, {seconds:.0f} s each, {time.perf_counter() - started:.0f} s wall")
        for name in ANNOTATORS:
            figures = dict(results.get(name, {"crashed": True}))
            refused = figures.pop("refused", [])
            print(f"{name}: {figures}; refused or locked: {len(refused)}")
            for line in refused[:10]:
                print(f"    {line}")
        with Store(database, annotator="ayse") as store:
            check = store.db.conn.execute("PRAGMA integrity_check").fetchone()[0]
        print(f"integrity_check: {check}")


if __name__ == "__main__":
    main(
        float(sys.argv[1]) if len(sys.argv) > 1 else 600.0,
        int(sys.argv[2]) if len(sys.argv) > 2 else 300,
    )
