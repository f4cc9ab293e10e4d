"""The session's entity index follows every change, its own and other processes', one entity at
a time; the history knows the article of each step and the date of every article."""

from __future__ import annotations

from annotations.model import Article, Span
from annotations.session import Session
from annotations.store import Store

TEXT = "Kahire'de Halil Hayye ile Hayye'nin heyeti 5 Kasım'da görüştü."


def ranked(session: Session, surface: str, label: str = "PER") -> list[str]:
    entities = session.entities()
    return [entities.names[c.entity_id] for c in entities.index.rank(surface, label=label)]


def test_the_index_follows_its_own_history_in_place(store: Store):
    store.save_articles([(Article("a", "A", TEXT), None)])
    session = Session(store, "ayse")
    index = session.entities().index
    span = session.history.add(Span("a", 10, 21, "PER", "Halil Hayye", "ayse"))
    linked = session.history.link_new(span, "Halil Hayye")
    assert ranked(session, "Hayye") == ["Halil Hayye"]
    session.history.rename_entity(store.get_entity(linked.entity_id), "Halil el-Hayye")
    assert ranked(session, "Hayye") == ["Halil el-Hayye"]
    session.history.undo()
    session.history.undo()
    assert ranked(session, "Hayye") == []  # the new entity is gone, and out of the index
    session.history.redo()
    assert ranked(session, "Hayye") == ["Halil Hayye"]
    assert session.entities().index is index  # never built again


def test_the_index_sees_what_another_process_changed(db_path, store: Store):
    session = Session(store, "ayse")
    kept = store.add_entity("İbrahim Kalın", "PER")
    index = session.entities().index
    with Store(db_path) as other:  # another hasiye on the same file
        gone = other.add_entity("Kalın", "PER")
        other.add_alias(kept.key, "Kalin")
    assert sorted(ranked(session, "Kalın")) == ["Kalın", "İbrahim Kalın"]
    with Store(db_path) as other:
        other.merge_entities(kept.key, gone.key)
    assert ranked(session, "Kalın") == ["İbrahim Kalın"]
    assert session.entities().names == {kept.key: "İbrahim Kalın"}
    assert session.entities().index is index


def test_an_index_older_than_the_change_log_is_read_again(store: Store):
    session = Session(store, "ayse")
    store.add_entity("Hakan Fidan", "PER")
    first = session.entities()
    first.generation = -5  # as if the log had been pruned past it
    assert store.entities_changed_since(-5) is None
    assert ranked(session, "Fidan") == ["Hakan Fidan"]
    assert session.entities() is not first


def test_steps_know_their_article_and_dates_take_their_own_articles_date(store: Store):
    store.save_articles(
        [
            (Article("a", "A", TEXT, date="2025-11-05"), None),
            (Article("b", "B", "Dün görüştüler.", date="2024-02-01"), None),
        ]
    )
    session = Session(store, "ayse")
    history = session.history
    first = history.add(Span("a", 43, 50, "DATE", "5 Kasım", "ayse"))
    second = history.add(Span("b", 0, 3, "DATE", "Dün", "ayse"))
    assert (first.value, second.value) == ("2025-11-05", "2024-01-31")
    step = history.undo()
    assert step is not None and (step.article_id, step.offset) == ("b", 0)
    step = history.undo()
    assert step is not None and (step.article_id, step.offset) == ("a", 43)
