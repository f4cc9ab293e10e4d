"""How the corpus writes each word (the pre-annotation model's view beyond the gold): counted from
the texts, read from the store's articles, stored with the model and used by its proposals."""

from __future__ import annotations

from annotations.crf_features import Gazetteer, sentence_features
from annotations.model import Article, Status
from annotations.pre_annotation import Proposer, train
from annotations.store import Store
from annotations.word_habits import WordHabits, corpus_habits

TEXT = (
    "Bugün Ankara'da toplantı var. Dün de Ankara'nın valisi yeni kararı açıkladı.\n"
    "Bugün yeni bir gün. Valiler Ankara'da, Kurosawa filmi yeni gösterimde."
)


def test_a_words_capitals_inside_sentences_and_its_suffixes_are_counted():
    habits = WordHabits()
    habits.add_text(TEXT)
    # capitalised inside a sentence, inside a sentence, an apostrophe suffix after, every time
    assert habits.counts["ankara"] == [3, 3, 3, 3]
    assert habits.counts["bugun"] == [0, 0, 0, 2]  # only ever first in its sentence
    assert habits.counts["yeni"] == [0, 3, 0, 3]
    assert "'da" not in habits.counts and "da" not in habits.counts  # a suffix is no word
    assert habits.features("ankara") == ["case=all", "apos=high"]
    assert habits.features("yeni") == ["case=0", "apos=0"]
    assert habits.features("bugun") == ["case=rarel", "apos=0"]
    assert habits.features("kurosawa") == ["case=rareU", "apos=unseen"]
    assert habits.features("yok") == ["case=unseen", "apos=unseen"]


def test_the_features_of_a_word_carry_its_habits():
    habits = WordHabits()
    habits.add_text(TEXT)
    words = ["Ankara", "yeni"]
    with_habits = sentence_features(words, Gazetteer(), habits=habits)
    assert "case=all" in with_habits[0] and "case=0" in with_habits[1]
    assert not any(f.startswith("case=") for f in sentence_features(words, Gazetteer())[0])


def test_habits_survive_storing_and_a_model_made_before_has_none():
    habits = WordHabits()
    habits.add_text(TEXT)
    habits.finish()
    assert habits.company["ankara"]
    assert WordHabits.from_bytes(habits.to_bytes()) == habits
    assert WordHabits.from_bytes(None) == WordHabits()


def test_a_word_keeps_the_company_of_its_most_frequent_neighbours():
    habits = WordHabits()
    habits.add_text(
        "Akira Kurosawa'nın filmi. Akira Kurosawa'nın son filmi. Usta Kurosawa ile konuştuk. "
        "Ali geldi. Ali geldi. Ali gitti."
    )
    assert habits.company == {}  # made once the corpus is read
    habits.finish()
    # Before it: akira twice, usta once; after it: 'nın twice, ile once.
    assert habits.company["kurosawa"] == [["akira", "usta"], ["'nin", "ile"]]
    assert habits.company["ali"] == [["."], ["geldi", "gitti"]]
    assert "akira" not in habits.company  # seen twice: too few to know its company
    assert habits.features("kurosawa") == [
        "case=all", "apos=high", "b0=akira", "b1=usta", "a0='nin", "a1=ile",
    ]  # fmt: skip
    assert not habits.pairs  # the counts of pairs are let go


def test_a_word_has_at_most_three_neighbours_on_each_side():
    habits = WordHabits()
    habits.add_text(" ".join(f"{before} Ankara {after}." for before, after in zip("abcde", "fghij")))
    habits.add_text("a Ankara f. a Ankara f.")
    habits.finish()
    before, after = habits.company["ankara"]
    assert before[0] == "a" and after[0] == "f" and len(before) == len(after) == 3


def test_a_model_stored_before_the_company_was_reads_its_counts():
    import json
    import zlib

    habits = WordHabits.from_bytes(zlib.compress(json.dumps({"ankara": [3, 3, 3, 3]}).encode()))
    assert habits.counts == {"ankara": [3, 3, 3, 3]} and habits.company == {}
    assert habits.features("ankara") == ["case=all", "apos=high"]


def test_the_gold_is_read_first_then_the_other_articles_up_to_a_size(store: Store):
    store.save_articles(
        [(Article(f"a{n}", "t", f"Yazı {n} Ankara'da yazıldı."), None) for n in range(5)]
    )
    every = corpus_habits(store, [("g", "Kurosawa geldi.")])
    assert every.counts["kurosawa"][3] == 1 and every.counts["ankara"][3] == 5
    some = corpus_habits(store, [("g", "Kurosawa geldi.")], characters=40)
    assert some.counts["kurosawa"][3] == 1 and some.counts["ankara"][3] == 1


def test_a_model_learns_and_proposes_with_the_habits_of_the_whole_corpus(crf_gold_store: Store):
    unfinished = [
        article
        for batch in crf_gold_store.iter_articles()
        for article in batch
        if crf_gold_store.statuses([article.id])[article.id] is Status.TODO
    ]
    assert unfinished  # articles with no gold: their words count too
    record = crf_gold_store.save_model(train(crf_gold_store, "ayse", evaluate=False).record)
    assert record.habits
    proposer = Proposer.load(crf_gold_store, "ayse")
    assert proposer is not None
    expected = corpus_habits(crf_gold_store, [])
    assert proposer.habits == expected
