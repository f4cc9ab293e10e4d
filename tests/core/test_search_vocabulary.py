"""The search vocabulary in the database (schema 10): a word's near spellings and
transliterations are asked of it, its terms filed under keys, kept in step with the index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotations.model import Article
from annotations.name_keys import near_keys, skeletons_of
from annotations.search import Vocabulary, search
from annotations.store import Store, search_index

ARTICLES = [
    Article("kahire", "Zirve", "Mısır'ın başkenti Kahire'de zirve toplandı."),
    Article("gazze", "غزة", "Gazze Şeridi'nde (غزة) ateşkes görüşmeleri sürüyor; x1y kodu."),
]


def ids(store: Store, query: str) -> set[str]:
    return {hit.article_id for hit in search(store, query, limit=50)}


def filed(store: Store) -> set[tuple[str, str]]:
    """(key, term) of every term as the database files it."""
    return {
        (key, term)
        for key, terms in store._execute("SELECT key, terms FROM search_near")
        for term in terms.split(" ")
    }


def expected_filing(store: Store) -> set[tuple[str, str]]:
    terms = [term for (term,) in store._execute("SELECT term FROM search_vocabulary")]
    return {(key, term) for term in terms for key in near_keys(term)}


@pytest.mark.parametrize("refill_below", [1, search_index.REFILL_BELOW])
def test_the_keys_filed_are_the_keys_a_query_asks_for(store: Store, monkeypatch, refill_below):
    """Whether the new terms are added to a vocabulary (refill_below 1) or a small vocabulary is
    made again whole (the default), every term is filed under its keys."""
    monkeypatch.setattr(search_index, "REFILL_BELOW", refill_below)
    added: list[list[str]] = []
    file_terms = store._file_terms

    def adding(terms: list[str]) -> None:
        added.append(terms)
        file_terms(terms)

    monkeypatch.setattr(store, "_file_terms", adding)
    store.save_articles([(article, None) for article in ARTICLES])
    store.refresh_search_vocabulary()  # every term filed at once
    assert ("6:0:ka", "kahire") in filed(store)
    plan = store._execute(
        "EXPLAIN QUERY PLAN SELECT term FROM search_vocabulary WHERE skeleton = 'khr'"
    ).fetchall()
    assert "search_vocabulary_by_skeleton" in str(plan)  # made again after the fill
    assert any(term == "غزة" for _, term in filed(store))  # letters of another script
    assert filed(store) == expected_filing(store)
    store.save_articles([(Article("refah", "Refah", "Refah Kapısı'nda bekleyiş"), None)])
    store.refresh_search_vocabulary()
    assert ("5:0:re", "refah") in filed(store)
    assert filed(store) == expected_filing(store)
    assert added == ([["bekleyis", "kapisi", "nda", "refah"]] if refill_below == 1 else [])


def test_a_key_with_hundreds_of_terms_files_every_one(store: Store):
    words = [f"ka{a}{b}{c}" for a in "bcdfg" for b in "aeiou" for c in "lmnrst"]  # 150 under 5:0:ka
    store.save_articles([(Article("k", "Kelimeler", " ".join(words)), None)])
    store.refresh_search_vocabulary()
    assert {term for key, term in filed(store) if key == "5:0:ka"} == set(words)
    assert filed(store) == expected_filing(store)
    rows = store._execute("SELECT count(*), count(DISTINCT key) FROM search_near").fetchone()
    assert rows[0] == rows[1]


def test_the_skeletons_are_stored_with_the_terms(store: Store):
    store.save_articles([(article, None) for article in ARTICLES])
    store.search_vocabulary_ready()
    rows = store._execute("SELECT term, skeleton FROM search_vocabulary").fetchall()
    assert [skeleton for _, skeleton in rows] == skeletons_of([term for term, _ in rows])


def test_a_new_articles_words_are_found_misspelt_at_once(store: Store):
    store.save_articles([(ARTICLES[0], None)])
    assert ids(store, "kahrie") == {"kahire"}  # the vocabulary made at the first search
    assert ids(store, "Nusayrat") == set()
    store.save_articles([(Article("nuseyrat", "Kamp", "Nuseyrat kampında sabah"), None)])
    assert ids(store, "nusyerat") == {"nuseyrat"}  # a swap: the new term, found near
    assert ids(store, "Nusayrat") == {"nuseyrat"}  # a transliteration: by its skeleton
    vocabulary = Vocabulary(store)
    assert "nuseyrat" in vocabulary and "nusayrat" not in vocabulary


def test_a_rebuilt_index_forgets_the_terms_gone(store: Store):
    store.save_articles([(article, None) for article in ARTICLES])
    store.search_vocabulary_ready()
    store.delete_article("kahire")
    store.rebuild_search_index()
    assert "kahire" not in Vocabulary(store)
    assert not any(term == "kahire" for _, term in filed(store))
    assert filed(store) == expected_filing(store)


def test_a_schema_9_database_searches_after_the_upgrade(db_path: Path):
    with Store(db_path) as store:
        store.save_articles([(article, None) for article in ARTICLES])
    # The schema 9 vocabulary: terms only, no keys (and models without habits).
    connection = sqlite3.connect(db_path)
    connection.execute("ALTER TABLE crf_models DROP COLUMN habits")
    connection.execute("DROP TABLE search_near")
    connection.execute("DROP TABLE search_vocabulary")
    connection.execute("CREATE TABLE search_vocabulary (term TEXT PRIMARY KEY) WITHOUT ROWID")
    connection.execute("INSERT INTO search_vocabulary VALUES ('kahire'), ('zirve')")
    connection.execute("UPDATE search_state SET vocabulary_generation = generation")
    connection.execute("PRAGMA user_version = 9")
    connection.commit()
    connection.close()
    with Store(db_path) as store:
        assert ids(store, "kahrie") == {"kahire"}
        assert ids(store, "serıdi") == {"gazze"}  # a term the old table did not have
        assert filed(store) == expected_filing(store)


def test_the_vocabulary_is_made_without_holding_the_lock_until_it_is_written(
    store: Store, db_path: Path, monkeypatch
):
    """Reading, skeletons and filing (most of the ~10 s of 2 M terms) hold no lock: another
    process's write gets in meanwhile; the terms it indexed are added at the next need."""
    store.save_articles([(article, None) for article in ARTICLES])
    with store.transaction():
        store._execute("DELETE FROM search_vocabulary")
    written_meanwhile: list[bool] = []
    add = search_index.NearFiling.add

    def filing_while_another_writes(filing: search_index.NearFiling, terms: list[str]) -> None:
        with Store(db_path) as other:
            other.wait_for_lock(0)
            other.save_articles([(Article("refah", "Refah", "Refah Kapısı'nda bekleyiş"), None)])
            written_meanwhile.append(True)
        add(filing, terms)

    monkeypatch.setattr(search_index.NearFiling, "add", filing_while_another_writes)
    store.refresh_search_vocabulary()
    monkeypatch.setattr(search_index.NearFiling, "add", add)
    assert written_meanwhile == [True]
    stored = {term for (term,) in store._execute("SELECT term FROM search_vocabulary")}
    assert "kahire" in stored and "refah" not in stored  # the terms of the snapshot read
    assert filed(store) == expected_filing(store)
    assert "refah" in Vocabulary(store)  # added at the next need


def test_new_terms_are_added_a_batch_per_transaction_the_lock_free_between(
    store: Store, db_path: Path, monkeypatch
):
    """Adding to a large vocabulary (after an import into a large corpus) writes a batch of
    terms per transaction, each read and given its skeletons holding no lock: between two
    nothing is held, and a term that another process added meanwhile is not added twice."""
    monkeypatch.setattr(search_index, "REFILL_BELOW", 1)
    monkeypatch.setattr(search_index, "VOCABULARY_BATCH", 3)
    store.save_articles([(ARTICLES[0], None)])
    store.refresh_search_vocabulary()
    store.save_articles([(Article("refah", "Refah", "Refah Kapısı'nda bekleyiş sürüyor"), None)])

    def vocabulary() -> list[str]:
        return [term for (term,) in store._execute("SELECT term FROM search_vocabulary")]

    before = len(vocabulary())
    sizes_at_pauses: list[int] = []

    def leave_room() -> None:
        assert not store.connection.in_transaction
        sizes_at_pauses.append(len(vocabulary()))

    def skeletons_while_another_adds(terms: list[str]) -> list[str]:
        if "suruyor" in terms:  # the second batch, read; another process adds one of its terms
            with Store(db_path) as other, other.transaction():
                other._execute("INSERT INTO search_vocabulary VALUES ('suruyor', 'srr')")
        return skeletons_of(terms)

    monkeypatch.setattr(store, "leave_room", leave_room)
    monkeypatch.setattr(search_index, "skeletons_of", skeletons_while_another_adds)
    store.refresh_search_vocabulary()
    assert sizes_at_pauses == [before + 3, before + 5]  # bekleyis kapisi nda; refah (+ suruyor)
    terms = vocabulary()
    assert len(terms) == len(set(terms)) == before + 5
    assert ("7:0:su", "suruyor") not in filed(store)  # filed by whoever added it, not twice
    assert ("5:0:re", "refah") in filed(store)
    generation, read_at = store._execute(
        "SELECT generation, vocabulary_generation FROM search_state"
    ).fetchone()
    assert generation == read_at
