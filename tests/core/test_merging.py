"""`hasiye merge`: layers of other files brought in; refusals write nothing; twice is once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotations.errors import MergeRefused, NotAHasiyeDatabase
from annotations.merging import merge_database
from annotations.model import Article, Span, Status
from annotations.store import Store

TEXT = "Halil Hayye ve Hakan Fidan Kahire'de görüştü."


def span(surface: str, label: str, annotator: str, entity_id: int | None = None) -> Span:
    start = TEXT.index(surface)
    return Span("a", start, start + len(surface), label, surface, annotator, entity_id)


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """ayse's file: article a with her layer; entity 1 is Hakan Fidan here."""
    path = tmp_path / "mine.db"
    with Store(path, annotator="ayse") as store:
        store.save_articles([(Article("a", "t", TEXT), None)])
        fidan = store.add_entity("Hakan Fidan", "PER")
        store.add_span(span("Hakan Fidan", "PER", "ayse", fidan.id))
        store.set_status("a", Status.DONE)
    return path


@pytest.fixture
def theirs(tmp_path: Path) -> Path:
    """ali's file: article a and b; entity 1 is Halil Hayye there (its id collides), entity 2
    Hakan Fidan (matched by name)."""
    path = tmp_path / "theirs.db"
    with Store(path, annotator="ali") as store:
        store.save_articles([(Article("a", "t", TEXT), None), (Article("b", "t2", "Yeni."), None)])
        hayye = store.add_entity("Halil Hayye", "PER", ["Hayye"])
        fidan = store.add_entity("Hakan Fidan", "PER")
        store.add_span(span("Halil Hayye", "PER", "ali", hayye.id))
        store.add_span(span("Hakan Fidan", "PER", "ali", fidan.id))
        store.add_span(span("Kahire", "LOC", "ali"))
        store.set_status("a", Status.IN_PROGRESS)
    return path


def layer(store: Store, annotator: str) -> list[tuple]:
    return [
        (s.surface, s.label, store.get_entity(s.entity_id).canonical if s.entity_id else None)
        for s in store.spans_for("a")
        if s.annotator == annotator
    ]


def test_layers_articles_and_entities_come_in_and_twice_is_once(mine: Path, theirs: Path):
    with Store(mine, annotator="ayse") as store:
        report = merge_database(store, theirs)
        assert (report.articles_added, report.layers_added, report.entities_added) == (1, 1, 1)
        assert layer(store, "ali") == [
            ("Halil Hayye", "PER", "Halil Hayye"),
            ("Hakan Fidan", "PER", "Hakan Fidan"),
            ("Kahire", "LOC", None),
        ]
        assert layer(store, "ayse") == [("Hakan Fidan", "PER", "Hakan Fidan")]
        assert store.statuses_by_annotator("a") == {"ali": Status.IN_PROGRESS, "ayse": Status.DONE}
        assert store.entity_count() == 2 and "Hayye" in store.find_entity("Halil Hayye").aliases
        before = (store.span_count(), store.entity_count(), store.article_count())
        again = merge_database(store, theirs)
        assert (again.layers_added, again.layers_unchanged, again.entities_added) == (0, 1, 0)
        assert (store.span_count(), store.entity_count(), store.article_count()) == before
        assert store.get_article("b").text == "Yeni."


def test_an_article_with_another_text_refuses_the_file(mine: Path, tmp_path: Path):
    other = tmp_path / "other.db"
    with Store(other, annotator="ali") as store:
        store.save_articles([(Article("z", "t", "Z."), None), (Article("a", "t", "Başka."), None)])
        store.add_span(Span("z", 0, 1, "LOC", "Z", "ali"))
    with Store(mine, annotator="ayse") as store:
        with pytest.raises(MergeRefused, match=r"other.db: article 'a': its text differs"):
            merge_database(store, other)
        assert store.article_ids() == ["a"] and store.span_count() == 1


def test_a_different_layer_is_refused_unless_replaced(mine: Path, theirs: Path, tmp_path: Path):
    with Store(mine, annotator="ayse") as store:
        merge_database(store, theirs)
    with Store(theirs, annotator="ali") as store:
        store.delete_span(next(s.key for s in store.spans_for("a") if s.surface == "Kahire"))
    with Store(mine, annotator="ayse") as store:
        with pytest.raises(MergeRefused, match="article 'a': ali's layer differs.*--replace"):
            merge_database(store, theirs)
        assert len(layer(store, "ali")) == 3
        report = merge_database(store, theirs, replace_layers=True)
        assert report.layers_replaced == 1
        assert [surface for surface, _, _ in layer(store, "ali")] == ["Halil Hayye", "Hakan Fidan"]


def test_a_file_that_is_not_ours_or_is_this_one_is_refused(mine: Path, tmp_path: Path):
    foreign = tmp_path / "foreign.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    content = foreign.read_bytes()
    with Store(mine, annotator="ayse") as store:
        with pytest.raises(NotAHasiyeDatabase, match="another application"):
            merge_database(store, foreign)
        with pytest.raises(NotAHasiyeDatabase, match="no such file"):
            merge_database(store, tmp_path / "missing.db")
        with pytest.raises(MergeRefused, match="the database being merged into"):
            merge_database(store, mine)
    assert foreign.read_bytes() == content


def test_a_layer_with_a_status_and_no_span_comes_in_too(mine: Path, tmp_path: Path):
    """ali looked at article a and found nothing: a layer (agreement counts it)."""
    path = tmp_path / "empty.db"
    with Store(path, annotator="ali") as store:
        store.save_articles([(Article("a", "t", TEXT), None)])
        store.set_status("a", Status.DONE)
    with Store(mine, annotator="ayse") as store:
        report = merge_database(store, path)
        assert report.layers_added == 1
        assert store.statuses_by_annotator("a")["ali"] is Status.DONE
        assert layer(store, "ali") == []


def test_a_file_is_read_in_batches_and_a_refusal_late_in_it_writes_nothing(
    mine: Path, tmp_path: Path
):
    """1,200 articles (three batches): the last one's text differs from this file's."""
    path = tmp_path / "many.db"
    with Store(path, annotator="ali") as store:
        store.save_articles(
            [(Article(f"n{number:04d}", "t", f"Haber {number}."), None) for number in range(1200)]
        )
        for number in range(0, 1200, 7):
            store.add_span(Span(f"n{number:04d}", 0, 5, "LOC", "Haber", "ali"))
    with Store(mine, annotator="ayse") as store:
        store.save_articles([(Article("n1199", "t", "Another text."), None)])
        before = store.article_count()
        with pytest.raises(MergeRefused, match="n1199"):
            merge_database(store, path)
        assert store.article_count() == before and store.span_count() == 1
    with Store(mine, annotator="ayse") as store:
        store.delete_article("n1199")
        report = merge_database(store, path)
        assert (report.articles_added, report.layers_added) == (1200, 172)
        assert store.span_count() == 1 + 172
        assert merge_database(store, path).layers_unchanged == 172  # twice is once
