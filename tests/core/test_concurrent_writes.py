"""Two hasiye sessions on one database file: a write from a stale copy is refused, a write changes
only what its action changes, and undo never undoes another session's change (issue 17, item 4)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotations.errors import SpanChanged, StepChanged
from annotations.model import Article, Span
from annotations.session import Session
from annotations.store import Store

TEXT = "Ankara ile Kahire bugün görüştü."


@pytest.fixture
def two_sessions(db_path: Path):
    with Store(db_path) as first, Store(db_path) as second:
        first.save_articles([(Article("a1", "Birinci", TEXT), None)])
        first.add_span(Span("a1", 0, 6, "LOC", "Ankara", "ayse"))
        yield Session(first, "ayse"), Session(second, "ayse")


def test_a_relabel_from_a_stale_copy_is_refused_and_the_link_stays(two_sessions) -> None:
    a, b = two_sessions
    stale = b.store.spans_for("a1")[0]  # what B's screen shows
    linked = a.history.link_new(a.store.spans_for("a1")[0], "Ankara")  # A links and says saved

    with pytest.raises(SpanChanged, match="changed elsewhere"):
        b.history.change(stale, stale.start, stale.end, "ORG", TEXT)

    stored = b.store.spans_for("a1")[0]
    assert (stored.label, stored.entity_id) == ("LOC", linked.entity_id)
    assert b.history.done == []  # nothing was recorded for B
    # A's undo takes back A's own link, nothing else.
    a.history.undo()
    assert (a.store.spans_for("a1")[0].label, a.store.spans_for("a1")[0].entity_id) == ("LOC", None)


def test_undo_refuses_to_undo_another_sessions_change(two_sessions) -> None:
    a, b = two_sessions
    a.history.link_new(a.store.spans_for("a1")[0], "Ankara")
    fresh = b.store.spans_for("a1")[0]  # B has refreshed: it sees A's link
    b.history.change(fresh, fresh.start, fresh.end, "ORG", TEXT)

    with pytest.raises(StepChanged, match="cannot undo"):
        a.history.undo()

    stored = a.store.spans_for("a1")[0]
    assert stored.label == "ORG" and stored.entity_id is not None  # B's relabel and A's link
    assert a.history.done == [] and a.history.undone == []  # the step left A's history
    b.history.undo()  # B's own step still undoes
    assert a.store.spans_for("a1")[0].label == "LOC"


def test_a_write_changes_only_the_columns_its_action_changes(two_sessions) -> None:
    a, b = two_sessions
    copy = b.store.spans_for("a1")[0]
    a.history.set_value(a.store.spans_for("a1")[0], "elle yazıldı")
    # A copy without a version (not read from the store) is not checked, yet the relabel
    # writes the label only: the value written meanwhile stays.
    b.store.change_span(replace(copy, version=0), label="ORG")
    stored = a.store.spans_for("a1")[0]
    assert (stored.label, stored.value) == ("ORG", "elle yazıldı")


def test_every_write_of_a_span_raises_its_version(two_sessions) -> None:
    a, _ = two_sessions
    span = a.store.spans_for("a1")[0]
    entity = a.store.add_entity("Ankara", "LOC", ["Ankara"])
    changed = a.store.change_span(span, entity_id=entity.id)
    assert changed.version == span.version + 1
    a.store.relabel_entity(entity.key, "ORG")  # an entity change that rewrites its spans
    assert a.store.spans_for("a1")[0].version > changed.version


def test_redo_after_undo_still_works_in_one_session(two_sessions) -> None:
    a, _ = two_sessions
    span = a.store.spans_for("a1")[0]
    a.history.change(span, 0, 6, "ORG", TEXT)
    a.history.undo()
    a.history.redo()
    a.history.undo()
    assert a.store.spans_for("a1")[0].label == "LOC"
