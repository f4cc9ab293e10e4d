"""Article status per annotator (schema 8): each annotator's own, migrated from the one status
of schema 6 to the annotators who made the article's spans (or the one who opens the file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotations.model import Article, Span, Status
from annotations.session import Session
from annotations.store import APPLICATION_ID, MIGRATIONS, Store

TEXT = "Halil Hayye ve Hakan Fidan Kahire'de görüştü."


def old_database(path: Path) -> None:
    """A schema 6 database: article a done with spans by ayse and ali, b done without spans,
    c in progress with a span of ayse, d to do."""
    connection = sqlite3.connect(path)
    connection.create_function("hasiye_fold", 1, lambda text: text or "")
    connection.create_function("hasiye_index_now", 0, lambda: 1)
    for statements in MIGRATIONS[:6]:
        for statement in statements:
            connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 6")
    for article_id, status in (("a", "done"), ("b", "done"), ("c", "in progress"), ("d", "todo")):
        connection.execute(
            "INSERT INTO articles (id, title, text, status, fingerprint, created, updated) "
            "VALUES (?, 't', ?, ?, 'x', 'then', 'then')",
            [article_id, TEXT, status],
        )
    for article_id, annotator in (("a", "ayse"), ("a", "ali"), ("a", "ali2"), ("c", "ayse")):
        start = 0 if annotator != "ali2" else 15
        end = 11 if annotator != "ali2" else 26
        connection.execute(
            "INSERT INTO spans (article_id, start, end, label, surface, annotator, created, "
            "updated) VALUES (?, ?, ?, 'PER', ?, ?, 'then', 'then')",
            [article_id, start, end, TEXT[start:end], annotator],
        )
    connection.commit()
    connection.close()


def test_the_migration_keeps_the_status_for_those_who_made_the_spans(db_path: Path):
    old_database(db_path)
    with Store(db_path, annotator="zeynep") as store:
        assert store.statuses_by_annotator("a") == {
            "ali": Status.DONE,
            "ali2": Status.DONE,
            "ayse": Status.DONE,
        }
        assert store.statuses_by_annotator("b") == {"zeynep": Status.DONE}
        assert store.statuses_by_annotator("c") == {"ayse": Status.IN_PROGRESS}
        assert store.statuses_by_annotator("d") == {}
        # zeynep (who opened it) has done b only; the rest is to do for her
        assert store.statuses(["a", "b", "c", "d"]) == {
            "a": Status.TODO,
            "b": Status.DONE,
            "c": Status.TODO,
            "d": Status.TODO,
        }
        store.annotator = "ayse"
        assert store.status_counts() == {Status.TODO: 2, Status.IN_PROGRESS: 1, Status.DONE: 1}
        assert [row.done_by for row in store.list_articles()] == [
            ("ali", "ali2", "ayse"),
            ("zeynep",),
            (),
            (),
        ]
    columns = [row[1] for row in sqlite3.connect(db_path).execute("PRAGMA table_info(articles)")]
    assert "status" not in columns


def test_each_annotator_has_their_own_status(store: Store):
    store.save_articles([(Article("a", "t", TEXT), None), (Article("b", "t", TEXT), None)])
    ayse = Session(store, "ayse")
    ayse.history.add(Span("a", 0, 11, "PER", "Halil Hayye", "ayse"))
    assert store.status_of("a") is Status.IN_PROGRESS
    store.set_status("b", Status.DONE)
    Session(store, "ali")  # the same store, now ali's
    assert store.status_of("a") is Status.TODO
    assert store.get_article("b").status is Status.TODO
    assert store.next_unfinished_by_id("a") == "b"
    store.set_status("a", Status.DONE)
    assert store.statuses_by_annotator("a") == {"ali": Status.DONE, "ayse": Status.IN_PROGRESS}
    assert store.article_count(Status.DONE) == 1
    assert [row.done_by for row in store.summaries(["a", "b"])] == [("ali",), ("ayse",)]
    store.annotator = "ayse"
    assert store.get_article("b").status is Status.DONE
    assert store.next_unfinished_by_id("b") == "a"


def test_a_second_process_sees_its_own_annotators_status(db_path: Path):
    with Store(db_path, annotator="ayse") as ayse, Store(db_path, annotator="ali") as ali:
        ayse.save_articles([(Article("a", "t", TEXT), None)])
        ayse.set_status("a", Status.DONE)
        assert ali.status_of("a") is Status.TODO
        assert ali.list_articles()[0].done_by == ("ayse",)
