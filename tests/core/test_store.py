from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotations.errors import (
    ArticleNotFound,
    InvalidSpan,
    NewerSchema,
    NotAHasiyeDatabase,
)
from annotations.model import Article, Span, Status
from annotations.store import APPLICATION_ID, SCHEMA_VERSION, Store

TEXT = "Mısır Genel İstihbarat Servisi Başkanı Hasan Reşat, Kahire'de konuştu."


def make_article(article_id: str = "a1", text: str = TEXT) -> Article:
    return Article(
        id=article_id,
        title="Başlık",
        text=text,
        summary="Özet.",
        date="2025-11-05",
        source="Yeni Şafak",
        tags=("Hamas", "MİT Başkanı"),
    )


def new_span(start: int, end: int, label: str = "ORG", annotator: str = "ayse", text: str = TEXT):
    return Span("a1", start, end, label, text[start:end], annotator)


def test_article_round_trip(store: Store):
    article = make_article()
    store.save_articles([(article, "a1.txt")])
    assert store.get_article("a1") == article
    assert store.article_count() == 1
    [row] = store.list_articles()
    assert (row.id, row.title, row.date, row.source, row.tags, row.status, row.span_count) == (
        "a1",
        "Başlık",
        "2025-11-05",
        "Yeni Şafak",
        ("Hamas", "MİT Başkanı"),
        Status.TODO,
        0,
    )


def test_reopened_store_keeps_everything(db_path: Path):
    with Store(db_path) as store:
        store.save_articles([(make_article(), None)])
        stored = store.add_span(new_span(0, 5, "LOC"))
        store.set_status("a1", Status.DONE)
    with Store(db_path) as store:
        assert store.spans_for("a1") == [stored]
        assert store.get_article("a1").status is Status.DONE
        assert store.schema_version == SCHEMA_VERSION


def test_span_round_trip_keeps_annotator_times_and_value(store: Store):
    store.save_articles([(make_article(), None)])
    entity = store.add_entity("Hasan Reşat", "PER", ["Hassan Rashad"])
    start = TEXT.index("Hasan")
    added = store.add_span(
        Span("a1", start, start + 11, "PER", "Hasan Reşat", "ayse", entity_id=entity.id)
    )
    assert added.id is not None and added.created and added.updated
    assert store.spans_for("a1") == [added]
    assert added.annotator == "ayse" and added.entity_id == entity.id
    assert store.get_entity(entity.id).aliases == ("Hasan Reşat", "Hassan Rashad")


def test_entities_by_ids_gives_those_that_exist_with_their_aliases(store: Store):
    first = store.add_entity("Hasan Reşat", "PER", ["Hassan Rashad"])
    second = store.add_entity("Mısır", "LOC")
    many = [store.add_entity(f"Kişi {number}", "PER") for number in range(600)]
    assert first.id is not None and second.id is not None
    assert store.entities_by_ids([second.id, 999_999, first.id, second.id]) == [first, second]
    assert store.entities_by_ids([]) == []
    ids = [entity.id for entity in many if entity.id is not None]
    assert store.entities_by_ids(reversed(ids)) == many  # more ids than one query takes


def test_spans_nest_but_never_cross(store: Store):
    store.save_articles([(make_article(), None)])
    outer = store.add_span(new_span(0, 30, "ORG"))  # Mısır Genel İstihbarat Servisi
    inner = store.add_span(new_span(0, 5, "LOC"))  # Mısır
    assert store.spans_for("a1") == [outer, inner]
    with pytest.raises(InvalidSpan, match="crosses ORG span 0-30"):
        store.add_span(new_span(6, 38, "PER"))
    with pytest.raises(InvalidSpan, match="already covers exactly"):
        store.add_span(new_span(0, 5, "PER"))
    assert store.span_count() == 2


def test_crossing_is_checked_against_far_spans_too(store: Store):
    # The check reads only the spans that overlap the new one: ends touching are not overlaps.
    store.save_articles([(make_article(), None)])
    store.add_span(new_span(0, 5, "LOC"))  # Mısır
    store.add_span(new_span(52, 58, "LOC"))  # Kahire
    assert store.add_span(new_span(58, 61, "ORG")).surface == "'de"  # starts where Kahire ends
    with pytest.raises(InvalidSpan, match="crosses LOC span 52-58"):
        store.add_span(new_span(40, 55, "PER"))


def test_list_ids_titles_and_summaries_for_the_library(store: Store):
    store.save_articles(
        [(make_article(article_id), None) for article_id in ("b", "c", "a")]
    )
    store.add_span(Span("a", 0, 5, "LOC", TEXT[0:5], "ayse"))
    store.set_status("c", Status.DONE)
    assert store.article_ids() == ["a", "b", "c"]
    assert store.titles() == [("a", "Başlık"), ("b", "Başlık"), ("c", "Başlık")]
    rows = store.summaries(["c", "gone", "a"])  # in the order asked, unknown ids left out
    assert [(row.id, row.status, row.span_count) for row in rows] == [
        ("c", Status.DONE, 0),
        ("a", Status.TODO, 1),
    ]


def test_other_annotators_layer_is_independent(store: Store):
    store.save_articles([(make_article(), None)])
    store.add_span(new_span(0, 30, "ORG", annotator="ayse"))
    store.add_span(new_span(0, 30, "ORG", annotator="mehmet"))
    store.add_span(new_span(6, 38, "PER", annotator="can"))
    assert store.span_count() == 3


def test_span_must_fit_its_article(store: Store):
    store.save_articles([(make_article(), None)])
    with pytest.raises(InvalidSpan, match="does not match"):
        store.add_span(Span("a1", 0, 5, "LOC", "Misir", "ayse"))
    with pytest.raises(InvalidSpan, match="outside the text"):
        store.add_span(Span("a1", 60, 600, "LOC", "x", "ayse"))
    with pytest.raises(ArticleNotFound):
        store.add_span(Span("zz", 0, 5, "LOC", "Mısır", "ayse"))
    assert store.span_count() == 0


def test_a_failed_action_writes_nothing(store: Store):
    store.save_articles([(make_article(), None)])
    with pytest.raises(RuntimeError), store.transaction():
        store.add_span(new_span(0, 5, "LOC"))
        store.set_status("a1", Status.DONE)
        raise RuntimeError("interrupted")
    assert store.span_count() == 0
    assert store.get_article("a1").status is Status.TODO


def test_deleting_span_and_changed_text_drops_stale_spans(store: Store):
    store.save_articles([(make_article(), None)])
    kept = store.add_span(new_span(0, 5, "LOC"))
    stale = store.add_span(new_span(39, 50, "PER"))
    new_text = TEXT.replace("Hasan Reşat", "Hassan Rashad")
    dropped = store.save_articles([(make_article(text=new_text), None)])
    assert dropped == 1
    assert store.spans_for("a1") == [kept]
    store.delete_span(kept.id)
    assert store.spans_for("a1") == []
    assert stale.id is not None


def test_two_connections_on_one_file(db_path: Path):
    first, second = Store(db_path), Store(db_path)
    first.save_articles([(make_article("a1"), None)])
    assert second.get_article("a1").title == "Başlık"
    with first.transaction():
        first.set_status("a1", Status.DONE)
        # The second writer waits for the first instead of failing with "database is locked".
    second.save_articles([(make_article("a2"), None)])
    assert first.article_count() == 2
    first.close()
    second.close()


WRITER = textwrap.dedent(
    """
    import sys
    from annotations.model import Article
    from annotations.store import Store
    store = Store(sys.argv[1])
    prefix = sys.argv[2]
    for number in range(200):
        store.save_articles([(Article(f"{prefix}{number}", "t", "metin"), None)])
    """
)


def test_two_processes_write_at_once(db_path: Path):
    Store(db_path).close()
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), prefix], stderr=subprocess.PIPE)
        for prefix in ("x", "y")
    ]
    errors = [writer.communicate()[1].decode() for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    with Store(db_path) as store:
        assert store.article_count() == 400


def test_a_second_store_in_one_process_keeps_the_first_ones_locks(db_path: Path):
    """Opening a second store (a worker's) must not drop the first one's SQLite locks: without
    them, another process closing the database takes itself for the last one and deletes the
    -wal and -shm files under the open connections (the next one to open fails, or worse)."""
    store = Store(db_path)
    store.save_articles([(make_article("a1"), None)])
    with Store(db_path) as worker:  # a worker thread's own store, opened and closed
        assert worker.article_count() == 1
    other = "import sys\nfrom annotations.store import Store\nStore(sys.argv[1]).close()"
    subprocess.run([sys.executable, "-c", other, str(db_path)], check=True)
    wal, shm = (db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm"))
    assert wal.exists() and shm.exists()
    with Store(db_path) as again:
        assert again.article_count() == 1
    store.close()


def test_a_file_that_is_not_a_database_is_left_untouched(tmp_path: Path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my precious notes\n" * 100)
    before = notes.read_bytes()
    with pytest.raises(NotAHasiyeDatabase, match="notes.txt: not a hasiye database"):
        Store(notes)
    assert notes.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]


def test_another_applications_database_is_refused(tmp_path: Path):
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE accounts (id INTEGER)")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    with pytest.raises(NotAHasiyeDatabase, match="another application"):
        Store(other)
    assert other.read_bytes() == before


def test_a_directory_is_refused(tmp_path: Path):
    with pytest.raises(NotAHasiyeDatabase, match="directory"):
        Store(tmp_path)


def test_a_newer_schema_is_refused_not_rewritten(db_path: Path):
    Store(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerSchema, match=f"version {SCHEMA_VERSION + 1} is newer"):
        Store(db_path)
    assert db_path.read_bytes() == before


def test_an_empty_sqlite_file_becomes_a_hasiye_database(tmp_path: Path):
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with Store(empty) as store:
        assert store.schema_version == SCHEMA_VERSION
    connection = sqlite3.connect(empty)
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    connection.close()


def test_an_older_database_is_upgraded_with_a_notice(db_path: Path):
    from annotations.store import MIGRATIONS

    connection = sqlite3.connect(db_path)
    for statement in MIGRATIONS[0]:
        connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 1")
    connection.execute(
        "INSERT INTO articles (id, title, text, fingerprint, created, updated) "
        "VALUES ('a', 'Başlık', 'İstanbul''da toplantı.', 'x', 'now', 'now')"
    )
    connection.commit()
    connection.close()
    upgrades = []
    with Store(db_path, on_upgrade=lambda old, new: upgrades.append((old, new))) as store:
        assert upgrades == [(1, SCHEMA_VERSION)]
        assert store.schema_version == SCHEMA_VERSION
        from annotations.search import search

        assert [hit.article_id for hit in search(store, "istanbul")] == ["a"]
    with Store(db_path, on_upgrade=lambda old, new: upgrades.append((old, new))):
        assert len(upgrades) == 1


def test_a_nested_transaction_is_a_savepoint_and_sqlite_utils_is_imported_only_for_it(
    db_path: Path,
):
    """Opening and reading never import sqlite-utils (~0.1 s of every start); its Database makes
    the savepoints of nested transactions, and the connection has the recursive triggers it would
    set."""
    script = textwrap.dedent(
        f"""
        import sys
        from annotations.model import Article
        from annotations.store import Store
        with Store({str(db_path)!r}) as store:
            store.save_articles([(Article("a", "t", "Bir metin."), None)])
            print("sqlite_utils" in sys.modules, store._execute("PRAGMA recursive_triggers").fetchone()[0])
            with store.transaction():
                store.save_articles([(Article("b", "t", "İki."), None)])
                try:
                    with store.transaction():
                        store.save_articles([(Article("c", "t", "Üç."), None)])
                        raise RuntimeError
                except RuntimeError:
                    pass
            print("sqlite_utils" in sys.modules, sorted(store.article_ids()))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True,
        cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert result.stdout.splitlines() == ["False 1", "True ['a', 'b']"]
