"""Corpus search: a table of queries on the seeds and on generated text, and the index kept in step."""

from __future__ import annotations

import pytest

from annotations.importers.text_files import parse_article_text
from annotations.model import Article, Status
from annotations.search import parse_query, search
from annotations.store import Store
from tests.benchmarks.corpus import generate_articles

SEED_000 = "000_32c02bc332455d9c"
SEED_004 = "004_6b0b2ef26e7569ca"
EXTRA = [
    Article("x1", "Işık festivali", "IŞIK festivali Kadıköy'de başladı. Işıklar yandı."),
    Article("x2", "Istanbul Borsası", "ISTANBUL borsası güne yükselişle başladı."),
    Article("x3", "Şeyh Temim", "Katar Emiri Şeyh Temim bin Hamad Al Sani Doha'da konuştu."),
    Article("x4", "Kahire", "Mısır'ın başkenti Kahire'de zirve toplandı, Kahirede ikinci gün."),
]


@pytest.fixture
def corpus(seeded_store: Store) -> Store:
    seeded_store.save_articles([(article, None) for article in EXTRA])
    generated = [(parse_article_text(i, raw), None) for i, raw in generate_articles(60)]
    seeded_store.save_articles(generated)
    return seeded_store


def ids(store: Store, query: str, **options) -> list[str]:
    return [hit.article_id for hit in search(store, query, limit=200, **options)]


# query -> articles that must be among the hits (in any order), or [] for "finds nothing"
FINDS = [
    # exact and Turkish casing
    ("Halil Hayye", [SEED_004]),
    ("HALİL HAYYE", [SEED_004]),
    ("halil hayye", [SEED_004]),
    ("İstanbul", [SEED_004, "x2"]),
    ("istanbul", [SEED_004, "x2"]),
    ("ISTANBUL", [SEED_004, "x2"]),
    ("ışık", ["x1"]),
    ("IŞIK", ["x1"]),
    ("Işık", ["x1"]),
    ("MİT", [SEED_000, SEED_004]),
    # ASCII spellings
    ("Erdogan", [SEED_004]),
    ("istihbarat baskani", [SEED_000, SEED_004]),
    ("Misir", [SEED_000, "x4"]),
    ("Kadikoy", ["x1"]),
    ("tesekkur", [SEED_004]),
    ("Kalin", [SEED_000, SEED_004]),
    # suffixes
    ("Hayye'nin", [SEED_004]),
    ("Erdoğan'a", [SEED_004]),
    ("Kahire", [SEED_000, "x4"]),
    ("Doha", ["x3"]),
    ("Türkiye'nin", [SEED_000, SEED_004]),
    # typos (one edit for 4-7 letters, two for longer)
    ("halil hayya", [SEED_004]),
    ("Hayya", [SEED_004]),
    ("Erdoan", [SEED_004]),
    ("istihbarta", [SEED_000, SEED_004]),
    ("muzakre", [SEED_004]),
    ("Kahrie", [SEED_000, "x4"]),
    ("ateskez", [SEED_000, SEED_004]),
    ("Rahire", [SEED_000, "x4"]),  # a typo in the first letter: the second one still matches
    # phrases
    ('"Hamas Siyasi Bürosu"', [SEED_004]),
    ('"siyasi burosu"', [SEED_004]),
    ('"Milli İstihbarat Teşkilatı"', [SEED_000, SEED_004]),
    ('"Temim bin Hamad"', ["x3"]),
    # prefixes
    ("kahir*", [SEED_000, "x4"]),
    ("teşkil*", [SEED_000, SEED_004]),
    ("borsa*", ["x2"]),
    # every word must match
    ("Hamas Kahire", [SEED_000]),
    ("Katar Sani", ["x3"]),
    # nothing
    ("xyzzy", []),
    ("Halil xyzzy", []),
    ('"Bürosu Siyasi Hamas"', []),
    ("qqqq wwww", []),
    ("zzzzzzzzzzz*", []),
]


@pytest.mark.parametrize(("query", "expected"), FINDS)
def test_query_table(corpus: Store, query: str, expected: list[str]):
    found = ids(corpus, query)
    if not expected:
        assert found == []
    else:
        assert set(expected) <= set(found), found


def test_the_table_is_large():
    assert len(FINDS) >= 40


def test_generated_text_finds_every_spelling_of_a_name(corpus: Store):
    # The generator writes "Halil Hayye" as HALİL HAYYE, Halil el-Hayye, Khalil al-Hayya...
    folded = set(ids(corpus, "halil hayye"))
    typed = set(ids(corpus, "Halil Hayya"))
    assert len(folded) > 5 and folded <= typed | folded


def test_exact_ranks_over_folded_over_fuzzy(store: Store):
    store.save_articles(
        [
            (Article("exact", "", "Görüşmede Işık konuştu."), None),
            (Article("folded", "", "Görüşmede ISIK konuştu."), None),
            (Article("fuzzy", "", "Görüşmede Işin konuştu."), None),
            (Article("a fuzzy", "", "Görüşmede Işin konuştu."), None),  # sorts before "exact"
        ]
    )
    assert ids(store, "Işık") == ["exact", "folded", "a fuzzy", "fuzzy"]


def test_title_hits_rank_higher(store: Store):
    store.save_articles(
        [
            (Article("body", "Gündem", "Kahire zirvesi sürüyor. Başka haberler."), None),
            (Article("title", "Kahire zirvesi", "Zirve sürüyor. Başka haberler."), None),
        ]
    )
    assert ids(store, "kahire") == ["title", "body"]


def test_snippets_point_at_the_matches(corpus: Store):
    [hit] = [hit for hit in search(corpus, "Hayye'nin", limit=200) if hit.article_id == SEED_004]
    text = corpus.get_article(SEED_004).text
    assert 1 <= len(hit.snippets) <= 3
    for snippet in hit.snippets:
        assert text[snippet.start : snippet.end].replace("\n", " ") == snippet.text
        for start, end in snippet.matches:
            assert text[start:end] == "Hayye"


def test_filters_status_and_label(corpus: Store):
    corpus.set_status(SEED_000, Status.DONE)
    assert ids(corpus, "Kalın", status=Status.DONE) == [SEED_000]
    from annotations.model import Span

    text = corpus.get_article(SEED_004).text
    start = text.index("İbrahim Kalın")
    corpus.add_span(Span(SEED_004, start, start + 13, "PER", "İbrahim Kalın", "ayse"))
    assert ids(corpus, "Kalın", label="PER") == [SEED_004]
    assert ids(corpus, "Kalın", label="ORG") == []


def test_the_index_follows_import_replacement_and_deletion(store: Store):
    store.save_articles([(Article("a", "Başlık", "Eski metin Ankara'da."), None)])
    assert ids(store, "ankara") == ["a"]
    store.save_articles([(Article("a", "Başlık", "Yeni metin İzmir'de."), None)])
    assert ids(store, "ankara") == [] and ids(store, "izmir") == ["a"]
    store.delete_article("a")
    assert ids(store, "izmir") == []
    store.save_articles([(Article("b", "Başka", "İzmir yine."), None)])
    assert store.rebuild_search_index() == 1
    assert ids(store, "izmir") == ["b"]


def test_query_parsing():
    query = parse_query('Hayye\'nin "Siyasi Bürosu" kahir* ')
    assert [w.key for w in query.words] == ["hayye", "kahir"]
    assert query.words[1].prefix
    assert [[w.key for w in phrase] for phrase in query.phrases] == [["siyasi", "burosu"]]


def test_loose_key_fast_path_equals_the_character_table():
    import random

    from annotations.turkish import _LOOSE_TABLE, loose_key

    generator = random.Random(7)
    alphabet = "aAıIiİşŞğĞüÜöÖçÇâÂîÎûÛ'’‘ʼ`´ éÉñßẞǅΣσςÅ\u0307\x1b\n\t09-.:"
    for _ in range(5000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 30)))
        assert loose_key(text) == text.translate(_LOOSE_TABLE)
        assert len(loose_key(text)) == len(text)


def test_title_filter_keeps_titles_with_every_word():
    from annotations.title_filter import TitleIndex

    index = TitleIndex(
        [("a", "İstanbul'da ateşkes"), ("b", "ISTANBUL BORSASI"), ("c", "Hamas'la görüşme")]
    )
    assert index.matching("istanbul") == ["a", "b"]
    assert index.matching("borsasi istanbul") == ["b"]
    assert index.matching("hamasla") == ["c"]
    assert index.matching("yok") == []


def test_a_bulk_import_indexes_at_its_end_and_a_killed_one_is_indexed_at_the_next_open(db_path):
    with Store(db_path) as store:
        with store.indexing_later():
            store.save_articles([(Article("a", "Başlık", "Kahire'de zirve."), None)])
            assert ids(store, "kahire") == []  # not yet
        assert ids(store, "kahire") == ["a"]
        # As if the process died inside the block: the rows are committed, the index is not.
        store._index_now = False
        store.save_articles([(Article("b", "Başka", "Kahire yine."), None)])
    with Store(db_path) as store:
        assert set(ids(store, "kahire")) == {"a", "b"}
        store.delete_article("b")
        assert ids(store, "kahire") == ["a"]
