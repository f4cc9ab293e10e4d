"""The pre-annotation model's proposals in the annotator: drawn apart from gold, and every key
(y, A, X, ;, :) checked on the store and on what the text draws."""

from __future__ import annotations

from contextlib import asynccontextmanager

from annotations.store import Store
from tests.benchmarks.corpus import generate_article
from tui.app import make_app
from tui.screens.annotator import AnnotatorScreen
from tui.widgets.span_text import SpanText

ANNOTATOR = "ayse"
ARTICLE = generate_article(100_000, version=1)[0]  # as gold_corpus builds it


@asynccontextmanager
async def proposing(store: Store):
    app = make_app(store, ANNOTATOR)
    async with app.run_test(size=(170, 40)) as pilot:
        app.push_screen(AnnotatorScreen(ARTICLE))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        yield app, pilot


def stored(store: Store) -> list[tuple[str, str]]:
    return [(span.surface, span.label) for span in store.spans_for(ARTICLE)]


def cursor(app) -> int:
    return app.screen.query_one(SpanText).cursor_offset


async def test_proposals_are_drawn_apart_from_gold_and_none_is_gold(
    trained_store: Store, painted, proposed
):
    async with proposing(trained_store) as (app, pilot):
        shown = proposed(app)
        assert len(shown) > 10 and ("Türkiye", "LOC") in shown
        assert painted(app) == []  # no gold colour anywhere
        assert stored(trained_store) == []


async def test_the_app_records_the_models_uncertainty_about_the_article_it_proposes_in(
    trained_store: Store,
):
    """The library's "uncertain" order reads it (only `hasiye preannotate` wrote it before)."""
    assert trained_store.uncertainties(ANNOTATOR) == {}
    async with proposing(trained_store):
        scores = trained_store.uncertainties(ANNOTATOR)
        assert list(scores) == [ARTICLE] and 0.0 <= scores[ARTICLE] <= 1.0


async def test_y_accepts_the_proposal_at_the_cursor_and_goes_on(
    trained_store: Store, painted, proposed
):
    async with proposing(trained_store) as (app, pilot):
        first, second = app.screen.model_proposals[:2]
        await pilot.press("y")
        assert stored(trained_store) == [(first.surface, first.label)]
        assert trained_store.spans_for(ARTICLE)[0].entity_id == first.entity_id
        assert painted(app) == [(first.surface, first.label)]
        assert (first.surface, first.label) not in proposed(app)[:1]
        assert cursor(app) == second.start
        await pilot.press("u")  # an ordinary undo step
        assert stored(trained_store) == []
        assert painted(app) == []
        await app.workers.wait_for_complete()  # the model proposes again
        await pilot.pause()
        assert proposed(app)[0] == (first.surface, first.label)


async def test_A_accepts_every_proposal_of_the_article(trained_store: Store, painted, proposed):
    async with proposing(trained_store) as (app, pilot):
        expected = [(p.surface, p.label) for p in app.screen.model_proposals]
        await pilot.press("A")
        assert stored(trained_store) == expected
        assert proposed(app) == []
        # Drawn in gold colours now (a name wrapped at the line's end draws as two runs).
        drawn = "".join(text for text, _ in painted(app)).replace(" ", "")
        assert drawn == "".join(surface for surface, _ in expected).replace(" ", "")


async def test_X_rejects_a_proposal_for_good(trained_store: Store, painted, proposed):
    async with proposing(trained_store) as (app, pilot):
        first = app.screen.model_proposals[0]
        count = len(proposed(app))
        await pilot.press("X")
        rejected = trained_store.rejected_proposals(ARTICLE, ANNOTATOR)
        assert rejected == {(first.start, first.end, first.label)}
        assert len(proposed(app)) == count - 1 and stored(trained_store) == []
        app.screen.refresh_model_proposals()  # proposing again: not proposed again
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(proposed(app)) == count - 1
        assert painted(app) == []


async def test_u_undoes_a_rejection_and_the_proposal_is_back(
    trained_store: Store, painted, proposed
):
    async with proposing(trained_store) as (app, pilot):
        first = app.screen.model_proposals[0]
        shown = proposed(app)
        await pilot.press("X")
        assert proposed(app) == shown[1:]
        await pilot.press("u")
        assert trained_store.rejected_proposals(ARTICLE, ANNOTATOR) == set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert proposed(app) == shown and painted(app) == []
        assert app.screen.model_proposals[0] == first
        await pilot.press("ctrl+r")  # redo: rejected again
        assert trained_store.rejected_proposals(ARTICLE, ANNOTATOR) == {
            (first.start, first.end, first.label)
        }
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert proposed(app) == shown[1:]


async def test_semicolon_and_colon_jump_between_proposals(trained_store: Store, proposed):
    async with proposing(trained_store) as (app, pilot):
        first, second = app.screen.model_proposals[:2]
        app.screen.query_one(SpanText).put_cursor(first.start)
        await pilot.press("semicolon")
        assert cursor(app) == second.start
        await pilot.press("colon")
        assert cursor(app) == first.start
        await pilot.press("y")  # accepts the one the cursor is on
        assert stored(trained_store) == [(first.surface, first.label)]
        assert proposed(app)[0] == (second.surface, second.label)


async def test_a_label_key_over_a_proposal_makes_gold_and_the_proposal_goes(
    trained_store: Store, painted, proposed
):
    async with proposing(trained_store) as (app, pilot):
        first = app.screen.model_proposals[0]
        app.screen.query_one(SpanText).put_cursor(first.start)
        other = "o" if first.label != "ORG" else "p"
        await pilot.press(other)
        assert len(trained_store.spans_for(ARTICLE)) == 1
        assert first.surface not in [text for text, _ in proposed(app)][:1]


async def test_without_a_model_nothing_is_proposed_and_the_keys_say_so(crf_gold_store: Store, proposed):
    async with proposing(crf_gold_store) as (app, pilot):
        await pilot.press("y")
        assert proposed(app) == [] and stored(crf_gold_store) == []


async def test_marking_articles_done_retrains_in_the_background(trained_store: Store):
    first = trained_store.latest_model_id(ANNOTATOR)
    async with proposing(trained_store) as (app, pilot):
        app.session.done_since_training = 2  # two articles were finished before this one
        await pilot.press("M")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        record = trained_store.latest_model(ANNOTATOR)
        assert record is not None and record.id != first
        assert record.articles == 7  # this article's (empty) gold is in it now


async def test_without_a_first_model_the_app_does_not_train(crf_gold_store: Store):
    async with proposing(crf_gold_store) as (app, pilot):
        app.session.done_since_training = 2
        await pilot.press("M")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert crf_gold_store.latest_model_id(ANNOTATOR) is None


async def test_a_damaged_model_is_said_and_the_annotator_goes_on(
    crf_gold_store: Store, crf_model, painted
):
    from dataclasses import replace

    crf_gold_store.save_model(replace(crf_model, model=b"damaged"))
    async with proposing(crf_gold_store) as (app, pilot):
        messages = [notification.message for notification in app._notifications]
        assert any("cannot be read" in message for message in messages)
        assert isinstance(app.screen, AnnotatorScreen)
        await pilot.press("l")  # labelling still works
        assert len(stored(crf_gold_store)) == 1 and len(painted(app)) == 1
