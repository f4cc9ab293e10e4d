"""A long import commits in batches and leaves the lock free between them, so that another
writer (the app saving a label) gets in while it runs (issue 17, item 3)."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from annotations.errors import DatabaseBusy
from annotations.importers.datasets import import_dataset
from annotations.importers.text_files import import_files
from annotations.model import Article
from annotations.store import Store, connection, search_index

LABELS = ("PER", "ORG", "LOC", "DATE")
ARTICLES = 3000


def dataset(tmp_path: Path) -> Path:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for index in range(ARTICLES):
            text = f"Ankara bugün {index}. kez toplandı ve Halil Hayye konuştu."
            spans = [{"start": 0, "end": 6, "label": "LOC", "text": "Ankara"}]
            record = {"id": f"b{index:05d}", "title": "t", "text": text, "spans": spans}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def texts(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "texts"
    folder.mkdir()
    paths = []
    for index in range(ARTICLES):
        path = folder / f"t{index:05d}.txt"
        path.write_text(f"Başlık {index}\n\nAnkara bugün toplandı.\n", encoding="utf-8")
        paths.append(path)
    return paths


def counts_seen_by_a_writer_during(db_path: Path, importing) -> list[int]:
    """Run the import in a thread while another connection keeps trying short writes (as the
    app does); the number of articles each write that got in saw."""
    seen: list[int] = []
    worker = threading.Thread(target=importing)
    with Store(db_path) as app_store:
        app_store.wait_for_lock(0.05)
        worker.start()
        while worker.is_alive():
            try:
                with app_store.transaction():
                    count = app_store._execute("SELECT count(*) FROM articles").fetchone()[0]
                    app_store.set_status("seed", app_store.status_of("seed"))
                seen.append(count)
            except DatabaseBusy:
                pass
            worker.join(0.01)
    return seen


def test_a_dataset_import_leaves_room_for_another_writer(db_path: Path, tmp_path: Path) -> None:
    path = dataset(tmp_path)
    with Store(db_path) as store:
        store.save_articles([(Article("seed", "t", "Metin."), None)])

    def importing() -> None:
        with Store(db_path) as importer:
            report = import_dataset(importer, path, "ayse", LABELS)
            assert report.written and report.added == ARTICLES

    seen = counts_seen_by_a_writer_during(db_path, importing)
    assert any(1 < count < ARTICLES + 1 for count in seen), seen  # got in half way through
    with Store(db_path) as store:
        assert store._execute("SELECT count(*) FROM articles").fetchone()[0] == ARTICLES + 1


def test_a_text_import_leaves_room_for_another_writer(db_path: Path, tmp_path: Path) -> None:
    paths = texts(tmp_path)
    with Store(db_path) as store:
        store.save_articles([(Article("seed", "t", "Metin."), None)])

    def importing() -> None:
        with Store(db_path) as importer:
            assert len(import_files(importer, paths).added) == ARTICLES

    seen = counts_seen_by_a_writer_during(db_path, importing)
    assert any(1 < count < ARTICLES + 1 for count in seen), seen


def test_a_dataset_with_a_bad_last_line_still_writes_nothing(db_path: Path, tmp_path: Path):
    path = dataset(tmp_path)
    with path.open("a", encoding="utf-8") as out:
        out.write("{not json\n")
    with Store(db_path) as store:
        report = import_dataset(store, path, "ayse", LABELS)
        assert not report.written and report.records == 0
        assert len(report.problems) == 1 and f"{path}:{ARTICLES + 1}:" in report.problems[0]
        assert store._execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_indexing_an_import_leaves_the_lock_free_between_chunks(
    db_path: Path, monkeypatch
) -> None:
    """The articles an import adds are indexed a chunk per transaction: between two, nothing is
    held (another writer could get in), and what is left waits in search_pending."""
    monkeypatch.setattr(search_index, "INDEX_CHUNK", 2000)
    waiting_at_each_pause: list[int] = []
    with Store(db_path) as store:

        def leave_room() -> None:
            assert not store.connection.in_transaction
            waiting_at_each_pause.append(
                store._execute("SELECT count(*) FROM search_pending").fetchone()[0]
            )

        with store.indexing_later():
            articles = [Article(f"a{index:04d}", "t", f"Metin {index}.") for index in range(5000)]
            store.save_articles([(article, None) for article in articles])
            monkeypatch.setattr(store, "leave_room", leave_room)
        assert waiting_at_each_pause == [3000, 1000, 0]
        assert len(store.search_article_ids("metin")) == 5000


def test_an_import_that_writes_nothing_makes_no_pause(db_path: Path, tmp_path: Path, monkeypatch):
    """The pauses are for a writer waiting on the lock: a batch of unchanged files never took it."""
    paths = texts(tmp_path)
    with Store(db_path) as store:
        pauses: list[int] = []
        monkeypatch.setattr(store, "leave_room", lambda: pauses.append(1))
        import_files(store, paths)
        assert len(pauses) >= ARTICLES // 500  # one after each batch written, then the index's
        pauses.clear()
        report = import_files(store, paths)
        assert len(report.unchanged) == ARTICLES and pauses == []


def test_a_waiting_writer_says_so_beside_the_database_while_it_waits(db_path: Path) -> None:
    """A writer that finds the lock taken touches ``<db>-waiting`` while it waits and removes it
    when it got the lock; a writer that did not wait never makes it."""
    got_in = threading.Event()

    def write() -> None:
        with Store(db_path) as waiter:
            waiter.wait_for_lock(5)
            with waiter.transaction():
                waiter.set_status("seed", waiter.status_of("seed"))
        got_in.set()

    with Store(db_path) as holder:
        waiting = holder.waiting_path
        assert waiting == Path(f"{db_path.resolve()}-waiting")
        holder.save_articles([(Article("seed", "t", "Metin."), None)])
        assert not waiting.exists() and not holder.someone_waits()
        with holder.transaction():
            holder.set_status("seed", holder.status_of("seed"))
            thread = threading.Thread(target=write)
            thread.start()
            for _ in range(200):
                if holder.someone_waits():
                    break
                thread.join(0.01)
            assert holder.someone_waits() and not got_in.is_set()
        thread.join(5)
        assert got_in.is_set() and not waiting.exists() and not holder.someone_waits()


def test_a_writer_that_gives_up_waiting_still_says_so_until_it_gets_in(db_path: Path) -> None:
    """The app gives up after 50 ms and tries again 250 ms later: what it said stays meanwhile
    (the import pauses for it), and goes when it got in."""
    with Store(db_path) as holder, Store(db_path) as waiter:
        waiter.wait_for_lock(0.05)
        with holder.transaction():
            with pytest.raises(DatabaseBusy):
                with waiter.transaction():
                    raise AssertionError("got a lock that was held")
            assert holder.someone_waits()
        with waiter.transaction():
            pass
        assert not waiter.waiting_path.exists() and not holder.someone_waits()


def test_a_long_write_pauses_only_while_someone_waits(db_path: Path, monkeypatch) -> None:
    """``leave_room`` sleeps when a writer said lately that it waits; not when nobody did, nor
    for what a writer killed while it waited left behind (stale after a second)."""
    slept: list[float] = []
    monkeypatch.setattr(connection.time, "sleep", slept.append)
    with Store(db_path) as store:
        store.leave_room()
        assert slept == []
        store.waiting_path.touch()
        store.leave_room()
        assert slept == [connection.LEAVE_ROOM_SECONDS]
        stale = time.time() - 10
        os.utime(store.waiting_path, (stale, stale))
        store.leave_room()
        assert slept == [connection.LEAVE_ROOM_SECONDS]
        with store.transaction():
            store.waiting_path.touch()
            store.leave_room()  # inside a transaction the lock is not free to give
        assert slept == [connection.LEAVE_ROOM_SECONDS]


def waiting_to_be_indexed(store: Store) -> int:
    return store._execute("SELECT count(*) FROM search_pending").fetchone()[0]


def test_a_store_opened_while_an_import_runs_leaves_its_articles_to_it(db_path: Path) -> None:
    """`hasiye list` or the app's library opened during an import neither indexes what the import
    added nor waits for the lock to do it: the import says it runs (``<db>-importing``)."""
    articles = [(Article(f"a{index:03d}", "t", f"Metin {index}."), None) for index in range(50)]
    with Store(db_path) as importer:
        assert not importer.an_import_runs()
        with importer.indexing_later():
            importer.save_articles(articles)
            importer.leave_room()
            assert importer.an_import_runs()
            with Store(db_path) as opened:
                assert opened.an_import_runs() and waiting_to_be_indexed(opened) == 50
        assert not importer.importing_path.exists() and not importer.an_import_runs()
        assert waiting_to_be_indexed(importer) == 0
        assert len(importer.search_article_ids("metin")) == 50


def test_what_a_killed_import_left_is_indexed_by_the_next_store_opened(db_path: Path) -> None:
    articles = [(Article(f"a{index:03d}", "t", f"Metin {index}."), None) for index in range(50)]
    with Store(db_path) as importer:
        importer._index_now = False  # inside indexing_later, then killed before its end
        importer.save_articles(articles)
        importer.importing_path.touch()
    with Store(db_path) as opened:  # said lately: it may still be running
        assert waiting_to_be_indexed(opened) == 50
    gone = time.time() - search_index.IMPORT_GONE_AFTER_SECONDS - 1
    os.utime(opened.importing_path, (gone, gone))
    with Store(db_path) as opened:
        assert waiting_to_be_indexed(opened) == 0
        assert len(opened.search_article_ids("metin")) == 50
        assert not opened.importing_path.exists()


def test_indexing_an_import_ends_its_chunk_early_when_a_writer_waits(
    db_path: Path, monkeypatch
) -> None:
    """A chunk of the index takes 1.5-4 s: a writer that says it waits gets in within 1,000."""
    monkeypatch.setattr(search_index, "INDEX_CHUNK", 3000)
    waiting_at_each_pause: list[int] = []
    with Store(db_path) as store:

        def leave_room() -> None:
            waiting_at_each_pause.append(waiting_to_be_indexed(store))

        with store.indexing_later():
            articles = [Article(f"a{index:04d}", "t", f"Metin {index}.") for index in range(5000)]
            store.save_articles([(article, None) for article in articles])
            monkeypatch.setattr(store, "leave_room", leave_room)
            monkeypatch.setattr(store, "someone_waits", lambda: True)  # said lately
        assert waiting_at_each_pause == [4000, 3000, 2000, 1000, 0]
        assert len(store.search_article_ids("metin")) == 5000
