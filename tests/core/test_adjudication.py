"""Adjudication: the buckets of differences, taking a side or none into the gold layer (each
undoable), the gold layer's status, and where each gold span came from."""

from __future__ import annotations

import pytest

from annotations.adjudicating import ArticleAdjudication, take, take_agreed, take_none
from annotations.adjudication import Bucket
from annotations.model import Article, Span, Status
from annotations.session import Session
from annotations.store import Store

TEXT = "Halil Hayye ve Hakan Fidan Kahire'de MİT Başkanı Kalın ile görüştü."


def span(surface: str, label: str, annotator: str, entity_id: int | None = None) -> Span:
    start = TEXT.index(surface)
    return Span("a", start, start + len(surface), label, surface, annotator, entity_id)


@pytest.fixture
def session(store: Store) -> Session:
    store.save_articles([(Article("a", "t", TEXT), None)])
    hayye = store.add_entity("Halil Hayye", "PER").key
    other = store.add_entity("Halil", "PER").key
    for surface, label, annotator, entity in [
        ("Halil Hayye", "PER", "ayse", hayye),  # link differs
        ("Halil Hayye", "PER", "ali", other),
        ("Hakan Fidan", "PER", "ayse", None),  # all agree
        ("Hakan Fidan", "PER", "ali", None),
        ("Kahire", "LOC", "ayse", None),  # label differs
        ("Kahire", "ORG", "ali", None),
        ("MİT Başkanı Kalın", "PER", "ayse", None),  # boundary differs
        ("Kalın", "PER", "ali", None),
        ("görüştü", "ORG", "ali", None),  # only some
    ]:
        store.add_span(span(surface, label, annotator, entity))
    return Session(store, "hakem")


def test_the_differences_fall_into_their_buckets(session: Session):
    adjudication = ArticleAdjudication.read(session.store, "a")
    assert [(TEXT[c.start : c.end], c.bucket) for c in adjudication.clusters] == [
        ("Halil Hayye", Bucket.LINK),
        ("Hakan Fidan", Bucket.AGREE),
        ("Kahire", Bucket.LABEL),
        ("MİT Başkanı Kalın", Bucket.BOUNDARY),
        ("görüştü", Bucket.SOME),
    ]
    some = adjudication.clusters[-1]
    assert [names for _, names in some.versions] == [("ali",), ("ayse",)]
    assert some.version_of("ayse") == ()
    assert not adjudication.adjudicated and len(adjudication.unsettled) == 5


def test_settling_every_difference_adjudicates_the_article_and_undo_takes_it_back(
    session: Session,
):
    store = session.store
    adjudication = take_agreed(session, ArticleAdjudication.read(store, "a"))
    assert [(s.surface, s.annotator) for s in adjudication.gold_spans] == [("Hakan Fidan", "gold")]
    assert adjudication.provenance(adjudication.gold_spans[0]) == ("ali", "ayse")
    assert store.statuses_by_annotator("a")["gold"] is Status.IN_PROGRESS
    link, _, label, boundary, some = adjudication.clusters
    adjudication = take(session, adjudication, link, link.version_of("ayse") or ())
    adjudication = take(session, adjudication, label, label.version_of("ali") or ())
    adjudication = take(session, adjudication, boundary, boundary.version_of("ali") or ())
    assert not adjudication.adjudicated
    adjudication = take_none(session, adjudication, some)
    assert adjudication.adjudicated
    assert store.statuses_by_annotator("a")["gold"] is Status.DONE
    assert store.status_of("a") is Status.TODO  # hakem's own status is not the gold layer's
    gold = [(s.surface, s.label, s.entity_id) for s in store.spans_for("a") if s.annotator == "gold"]
    hayye = store.find_entity("Halil Hayye").key
    assert gold == [
        ("Halil Hayye", "PER", hayye),
        ("Hakan Fidan", "PER", None),
        ("Kahire", "ORG", None),
        ("Kalın", "PER", None),
    ]
    kalin = next(s for s in adjudication.gold_spans if s.surface == "Kalın")
    assert adjudication.provenance(kalin) == ("ali",)
    session.history.undo()  # "none" taken back: its rejections go, the gold status follows
    again = ArticleAdjudication.read(store, "a")
    assert [TEXT[c.start : c.end] for c in again.unsettled] == ["görüştü"]
    assert store.rejected_proposals("a", "gold") == set()
    assert store.statuses_by_annotator("a")["gold"] is Status.IN_PROGRESS
    session.history.undo()  # the boundary taken back
    again = ArticleAdjudication.read(store, "a")
    assert [TEXT[c.start : c.end] for c in again.unsettled] == ["MİT Başkanı Kalın", "görüştü"]
    assert "Kalın" not in [s.surface for s in again.gold_spans]
    session.history.redo()
    session.history.redo()
    assert ArticleAdjudication.read(store, "a").adjudicated
    assert store.rejected_proposals("a", "gold") == set(some.keys)
    assert store.statuses_by_annotator("a")["gold"] is Status.DONE


def test_the_gold_status_follows_undo_of_the_last_difference_taken(session: Session):
    """Seen in tmux: taking the last side, then undoing it, left "done by gold" in the library."""
    store = session.store
    adjudication = take_agreed(session, ArticleAdjudication.read(store, "a"))
    for cluster in adjudication.unsettled[:-1]:
        adjudication = take(session, adjudication, cluster, cluster.versions[0][0])
    last = adjudication.unsettled[-1]
    adjudication = take(session, adjudication, last, last.versions[-1][0])
    assert adjudication.adjudicated and store.statuses_by_annotator("a")["gold"] is Status.DONE
    session.history.undo()
    assert not ArticleAdjudication.read(store, "a").adjudicated
    assert store.statuses_by_annotator("a")["gold"] is Status.IN_PROGRESS
    session.history.redo()
    assert store.statuses_by_annotator("a")["gold"] is Status.DONE
    while session.history.done:  # back to before the agreed spans: no gold status at all
        session.history.undo()
    assert "gold" not in store.statuses_by_annotator("a")
    assert [s for s in store.spans_for("a") if s.annotator == "gold"] == []


def test_taking_another_side_replaces_the_gold_spans_there(session: Session):
    adjudication = ArticleAdjudication.read(session.store, "a", gold="hakem-gold")
    label = adjudication.clusters[2]
    adjudication = take(session, adjudication, label, label.version_of("ali") or ())
    adjudication = take(session, adjudication, adjudication.clusters[2], label.version_of("ayse") or ())
    assert [(s.surface, s.label) for s in adjudication.gold_spans] == [("Kahire", "LOC")]
    assert adjudication.gold_spans[0].annotator == "hakem-gold"


def test_spans_added_in_one_go_are_checked_each_and_all_or_none(session: Session):
    from annotations.errors import InvalidSpan

    store = session.store
    before = store.span_count()
    with pytest.raises(InvalidSpan, match="crosses"):
        store.add_spans(
            [span("Halil Hayye", "PER", "gold"), Span("a", 6, 14, "PER", TEXT[6:14], "gold")]
        )
    assert store.span_count() == before
    added = store.add_spans([span("Halil Hayye", "PER", "gold"), span("Kahire", "LOC", "gold")])
    assert [(s.surface, s.annotator) for s in added] == [("Halil Hayye", "gold"), ("Kahire", "gold")]
    assert all(s.id is not None for s in added)


def test_a_date_value_difference_is_its_own_bucket_shown_and_followed_to_the_gold(store: Store):
    """Two dates alike but for their value read "link differs" with the same words on both sides,
    and the gold span taken from one of them was said to come from both."""
    text = "Görüşme 5/11/2025 tarihinde Katar'da yapıldı."
    store.save_articles([(Article("d", "t", text), None)])
    katar = store.add_entity("Katar", "LOC").key
    start, where = text.index("5/11/2025"), text.index("Katar")
    for annotator, value, entity in (("ayse", "2025-11-05", katar), ("ali", "2025-11", None)):
        store.add_span(Span("d", start, start + 9, "DATE", "5/11/2025", annotator, None, value))
        store.add_span(Span("d", where, where + 5, "LOC", "Katar", annotator, entity))
    session = Session(store, "hakem")
    adjudication = ArticleAdjudication.read(store, "d")
    date, place = adjudication.clusters
    assert (date.bucket, place.bucket) == (Bucket.VALUE, Bucket.LINK)
    assert [adjudication.words(version[0], date.bucket) for version, _ in date.versions] == [
        "DATE 5/11/2025 = 2025-11", "DATE 5/11/2025 = 2025-11-05"
    ]
    assert [adjudication.words(version[0], place.bucket) for version, _ in place.versions] == [
        "LOC Katar → none", "LOC Katar → Katar"
    ]
    after = take(session, adjudication, date, date.version_of("ali") or ())
    (gold,) = after.gold_in(date)
    assert gold.value == "2025-11" and after.provenance(gold) == ("ali",)
