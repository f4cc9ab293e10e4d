"""Keys per gold span with proposals on: a third article after the two seeds are gold.

Run by hand: ``python -m tests.benchmarks.bench_proposal_keys``. The two seed articles get their
gold (``seeds_gold.yaml``, linked to their entities) and are marked done; a model is trained on
them as ``hasiye train`` does. The third article is generated article 100,000 with its known
mentions as gold (``gold_corpus``; PER, ORG, LOC). In the running app (Pilot, 160x50) the player
goes through the proposals in text order: ``y`` on a proposal that is a gold span with its
label, ``X`` on any other. The store must then hold exactly the accepted gold spans.

Printed: the keys pressed on proposals, the gold spans they made, the gold spans no proposal
gave (left to the ordinary keys), and keys per gold span counting each of those at the planned
figure of the keystroke benchmark (2.49, README) - beside 2.49 for every span without proposals.
An estimate for the missed spans, measured for the rest.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from annotations.importers.text_files import parse_article_text
from annotations.model import Span, Status
from annotations.pre_annotation import train
from annotations.seeds import import_seeds_if_empty
from annotations.store import Store
from tests.benchmarks import gold_corpus
from tests.benchmarks.corpus import generate_article
from tests.benchmarks.keystroke_player import load_gold_file
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen

ANNOTATOR = "bench"
PLANNED_KEYS_PER_SPAN = 2.49  # README, keystroke benchmark, without proposals


def prepare(store: Store) -> tuple[str, set[tuple[int, int, str]]]:
    import_seeds_if_empty(store)
    texts = {article: store.get_article(article).text for article in store.article_ids()}
    for gold in load_gold_file(texts):
        entity = None
        if gold.entity:
            ids = store.entity_ids_named(gold.entity)
            entity = ids[0] if ids else store.add_entity(gold.entity, gold.label).id
        store.add_span(
            Span(gold.article, gold.start, gold.end, gold.label, gold.surface, ANNOTATOR,
                 entity_id=entity, value=gold.value)
        )  # fmt: skip
    for article_id in texts:
        store.set_status(article_id, Status.DONE)
    store.save_model(train(store, ANNOTATOR, evaluate=False).record)
    article_id, content = generate_article(100_000, version=1)  # as gold_corpus builds it
    article = parse_article_text(article_id, content)
    store.save_articles([(article, None)])
    wanted = {
        (span.start, span.end, span.label)
        for span in gold_corpus.gold_spans(article_id, article.text, ANNOTATOR)
    }
    return article_id, wanted


async def play(store: Store, article_id: str, wanted: set[tuple[int, int, str]]) -> None:
    app = make_app(store, ANNOTATOR)
    keys = {"y": 0, "X": 0}
    async with app.run_test(size=(160, 50)) as pilot:
        app.push_screen(AnnotatorScreen(article_id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AnnotatorScreen)
        proposed = len(screen.model_proposals)
        while screen.model_proposals:
            cursor = screen.text_area.cursor_offset
            following = next((p for p in screen.model_proposals if p.end > cursor), None)
            if following is None:
                break
            key = "y" if (following.start, following.end, following.label) in wanted else "X"
            keys[key] += 1
            await pilot.press(key)
            await pilot.pause()
    made = {
        (span.start, span.end, span.label)
        for span in store.spans_for(article_id)
        if span.annotator == ANNOTATOR
    }
    assert made <= wanted, sorted(made - wanted)
    missed = len(wanted - made)
    pressed = keys["y"] + keys["X"]
    estimate = (pressed + missed * PLANNED_KEYS_PER_SPAN) / len(wanted)
    print(f"third article: {len(wanted)} gold spans, {proposed} proposals")
    print(f"  y {keys['y']} (each a gold span), X {keys['X']} (wrong proposals)")
    print(f"  gold spans no proposal gave: {missed}")
    print(
        f"  keys per gold span with proposals: {estimate:.2f} ({pressed} pressed + {missed} x "
        f"{PLANNED_KEYS_PER_SPAN}); without: {PLANNED_KEYS_PER_SPAN}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "keys.db") as store:
        article_id, wanted = prepare(store)
        asyncio.run(play(store, article_id, wanted))


if __name__ == "__main__":
    main()
