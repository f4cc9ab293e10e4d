"""Going through the corpus: an article starts at its first edit, the library's filters and sorts
are SQL, the session follows the library's order, and export takes done articles by default."""

from __future__ import annotations

import io

import pytest

from annotations.article_order import ArticleOrder, Sort
from annotations.errors import InvalidSpan
from annotations.exporting import ExportSelection, export, unfinished_left_out
from annotations.model import Article, Span, Status
from annotations.session import Session
from annotations.store import Store

TEXT = "Kahire'de Halil Hayye ile Hakan Fidan görüştü."


def mention(article_id: str, surface: str, annotator: str = "ayse", **fields) -> Span:
    start = TEXT.index(surface)
    return Span(article_id, start, start + len(surface), "PER", surface, annotator, **fields)


@pytest.fixture
def store(store: Store) -> Store:
    """Five articles whose ids, titles, dates, spans and statuses each sort differently; the
    statuses are ayse's (the session's annotator: statuses are per annotator)."""
    store.annotator = "ayse"
    store.save_articles(
        [
            (Article("a", "Zafer", TEXT, date="2025-03-01"), None),
            (Article("b", "Çin'de seçim", TEXT, date="2025-01-01"), None),
            (Article("c", "cezayir haberi", TEXT), None),
            (Article("d", "Dakar rallisi", TEXT, date="2024-12-31"), None),
            (Article("e", "İstanbul'da yağmur", TEXT, date="2025-02-01"), None),
        ]
    )
    for article_id, surfaces in (("d", ["Halil Hayye", "Hakan Fidan"]), ("b", ["Halil Hayye"])):
        for surface in surfaces:
            store.add_span(mention(article_id, surface, "x"))
    store.set_status("c", Status.DONE)
    store.set_status("e", Status.IN_PROGRESS)
    return store


def session(store: Store) -> Session:
    return Session(store, "ayse")


# The status rule ------------------------------------------------------------------------------


def test_the_first_span_edit_makes_a_todo_article_in_progress_and_undo_keeps_it(store: Store):
    history = session(store).history
    assert store.status_of("a") is Status.TODO
    span = history.add(mention("a", "Halil Hayye"))
    assert store.status_of("a") is Status.IN_PROGRESS
    assert store.status_of("d") is Status.TODO  # only the edited article
    history.undo()
    assert store.spans_for("a") == [] and store.status_of("a") is Status.IN_PROGRESS
    history.redo()
    store.set_status("a", Status.TODO)  # set back by hand (m); the next edit starts it again
    history.delete(store.get_span(span.key))
    assert store.status_of("a") is Status.IN_PROGRESS


@pytest.mark.parametrize("edit", ["change", "set_value", "link", "link_new", "delete"])
def test_every_span_edit_starts_the_article(store: Store, edit: str):
    span = store.add_span(mention("a", "Halil Hayye"))
    entity = store.add_entity("Halil Hayye", "PER")
    history = session(store).history
    assert store.status_of("a") is Status.TODO
    steps = {
        "change": lambda: history.change(span, 10, 15, "PER", TEXT),
        "set_value": lambda: history.set_value(span, "2025"),
        "link": lambda: history.link(span, entity.key),
        "link_new": lambda: history.link_new(span, "Halil Hayye"),
        "delete": lambda: history.delete(span),
    }
    steps[edit]()
    assert store.status_of("a") is Status.IN_PROGRESS


def test_a_done_article_stays_done_and_entity_steps_start_nothing(store: Store):
    store.set_status("a", Status.DONE)
    history = session(store).history
    history.add(mention("a", "Halil Hayye"))
    assert store.status_of("a") is Status.DONE
    entity = store.add_entity("Hakan Fidan", "PER")
    store.add_span(mention("d", "Hakan Fidan", entity_id=entity.key))
    history.rename_entity(entity, "Hakan Fidan (bakan)")
    assert store.status_of("d") is Status.TODO


def test_a_refused_edit_starts_nothing(store: Store):
    history = session(store).history
    store.add_span(mention("a", "Halil Hayye"))
    with pytest.raises(InvalidSpan):
        history.add(mention("a", "Halil Hayye"))  # an exact duplicate
    assert store.status_of("a") is Status.TODO


# Filters and sorts, in SQL --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (ArticleOrder(), ["a", "b", "c", "d", "e"]),
        (ArticleOrder(sort=Sort.TITLE), ["c", "b", "d", "e", "a"]),  # Turkish-aware, any case
        (ArticleOrder(sort=Sort.DATE), ["d", "b", "e", "a", "c"]),  # no date last
        (ArticleOrder(sort=Sort.SPANS), ["d", "b", "a", "c", "e"]),  # most first, then id
        (ArticleOrder(sort=Sort.STATUS), ["e", "a", "b", "d", "c"]),  # in progress, todo, done
        (ArticleOrder(Status.TODO), ["a", "b", "d"]),
        (ArticleOrder(Status.TODO, Sort.TITLE), ["b", "d", "a"]),
        (ArticleOrder(Status.DONE), ["c"]),
        (ArticleOrder(Status.IN_PROGRESS, Sort.DATE), ["e"]),
    ],
)
def test_ordered_article_ids(store: Store, order: ArticleOrder, expected: list[str]):
    assert store.ordered_article_ids(order) == expected


def test_the_order_cycles_and_says_what_it_is():
    order = ArticleOrder()
    assert order.describe() == "status all   sorted by id"
    sorts = [order.sort]
    for _ in range(6):
        order = order.next_sort()
        sorts.append(order.sort)
    assert sorts == [Sort.ID, Sort.TITLE, Sort.DATE, Sort.SPANS, Sort.STATUS, Sort.UNCERTAIN, Sort.ID]
    statuses = [order.status]
    for _ in range(4):
        order = order.next_status()
        statuses.append(order.status)
    assert statuses == [None, Status.TODO, Status.IN_PROGRESS, Status.DONE, None]
    assert ArticleOrder(Status.IN_PROGRESS, Sort.SPANS).describe() == (
        "status in progress   sorted by spans"
    )


def test_the_fingerprint_changes_with_what_the_list_shows(db_path, store: Store):
    order = ArticleOrder()
    first = store.listing_fingerprint(order)
    store.add_span(mention("a", "Halil Hayye", "x"))
    assert store.listing_fingerprint(order) == first  # a span does not move an id sort
    by_spans = store.listing_fingerprint(ArticleOrder(sort=Sort.SPANS))
    store.add_span(mention("a", "Hakan Fidan", "x"))
    assert store.listing_fingerprint(ArticleOrder(sort=Sort.SPANS)) != by_spans
    store.set_status("a", Status.DONE)
    second = store.listing_fingerprint(order)
    assert second != first
    with Store(db_path) as other:  # another process imports an article
        version = store.data_version()
        other.save_articles([(Article("f", "Yeni", "Yeni haber."), None)])
    assert store.data_version() != version
    assert store.listing_fingerprint(order) != second


# The session follows the library --------------------------------------------------------------


def test_without_a_listing_neighbours_and_unfinished_follow_the_ids(store: Store):
    flow = session(store)
    assert flow.neighbour("b", 1) == "c" and flow.neighbour("a", -1) is None
    assert flow.next_unfinished("b") == "d"  # c is done
    assert flow.next_unfinished("e") == "a"  # from the start again
    assert flow.position("b") is None


def test_with_a_listing_the_session_follows_it(store: Store):
    flow = session(store)
    flow.listed_ids = store.ordered_article_ids(ArticleOrder(sort=Sort.TITLE))  # c b d e a
    assert flow.position("d") == (3, 5)
    assert flow.neighbour("b", 1) == "d" and flow.neighbour("b", -1) == "c"
    assert flow.neighbour("a", 1) is None
    assert flow.next_unfinished("d") == "e"
    assert flow.next_unfinished("a") == "b"  # wraps past the done c
    store.delete_article("d")  # another process deleted it: skipped
    assert flow.neighbour("b", 1) == "e"
    store.set_status("e", Status.DONE)
    store.set_status("a", Status.DONE)
    store.set_status("b", Status.DONE)
    assert flow.next_unfinished("b") is None
    assert flow.neighbour("x", 1) is None and flow.position("x") is None  # not listed: id order


# Export -----------------------------------------------------------------------------------------


def test_export_of_done_articles_counts_the_unfinished_it_left_out(store: Store):
    out = io.StringIO()
    report = export(store, "jsonl", None, ExportSelection(Status.DONE), ["PER"], stdout=out)
    assert report.articles == 1 and report.unfinished_left_out == 4
    every = export(store, "jsonl", None, ExportSelection(), ["PER"], stdout=io.StringIO())
    assert every.articles == 5 and every.unfinished_left_out == 0
    chosen = ExportSelection(Status.DONE, article_ids=("c", "e", "e"))
    assert unfinished_left_out(store, chosen) == 1
    assert unfinished_left_out(store, ExportSelection(Status.TODO)) == 0
