"""Pre-annotation: the CRF's features, training on the gold, proposals, preannotate, export and
the uncertain order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.article_order import ArticleOrder, Sort
from annotations.crf_features import EXTERNAL, Gazetteer, sentence_features, sentences_of
from annotations.errors import NoModel, NotEnoughGold
from annotations.model import Article, Span, Status
from annotations.ner_scores import entity_spans, score, spread_names
from annotations.pre_annotation import Proposer, gold_fingerprint, gold_articles, train
from annotations.entity_names import EntityNames
from annotations.preannotating import export_proposals, preannotate
from annotations.store import Store
from tests.benchmarks.corpus import generate_article

ANNOTATOR = "ayse"
UNFINISHED = generate_article(100_000, version=1)[0]


def test_an_apostrophe_suffix_is_its_own_token_and_feature_and_titles_count_before_a_name():
    text = "MİT Başkanı Kalın'dan açıklama geldi."
    tokens = sentences_of(text)[0]
    words = [text[start:end] for start, end in tokens]
    assert words == ["MİT", "Başkanı", "Kalın", "'dan", "açıklama", "geldi", "."]
    features = sentence_features(words, Gazetteer())
    kalin, suffix = features[2], features[3]
    assert "next-suffix=dan" in kalin and "title-before" in kalin and "s=Xx" in kalin
    assert "f=kalin" in kalin and "w=kalın" in kalin  # folded and Turkish-lowered
    assert "suffix=dan" in suffix
    assert "first" in features[0] and "title" in features[1]


def test_the_gazetteer_ignores_a_name_only_the_article_itself_supports():
    gazetteer = Gazetteer()
    gazetteer.add("İbrahim Kalın", "PER", {"a"})
    gazetteer.add("Mısır", "LOC", {EXTERNAL})
    words = ["İbrahim", "Kalın", "ve", "MISIR", "ve", "mısır"]
    assert gazetteer.tags(words) == ["B-PER", "I-PER", "", "B-LOC", "", ""]  # lower case: no
    assert gazetteer.tags(words, frozenset({"a"})) == ["", "", "", "B-LOC", "", ""]


def test_scores_count_exact_spans_per_label():
    gold = ["B-PER", "I-PER", "O", "B-LOC"]
    predicted = ["B-PER", "O", "O", "B-LOC"]
    scores = score([(gold, predicted)], ["PER", "LOC"])
    assert scores["LOC"]["f1"] == 1.0
    assert scores["PER"]["precision"] == 0.0 and scores["PER"]["support"] == 1
    assert scores["micro"]["precision"] == 0.5 and scores["micro"]["recall"] == 0.5
    assert entity_spans(["I-ORG", "I-ORG", "B-ORG"]) == [(0, 2, "ORG"), (2, 3, "ORG")]


def test_a_name_found_once_is_found_wherever_its_article_writes_it_again():
    words = "Ali Kaya geldi . Kaya ve Ali Kaya ile Kaya Holding , Kaya".split()
    found = [(0, 2, "PER"), (9, 11, "ORG")]  # Ali Kaya, Kaya Holding
    # Ali Kaya again (its tokens free); Kaya alone is no name found; Kaya Holding's Kaya is taken.
    assert spread_names(words, found) == [(6, 8, "PER")]
    twice = [(0, 2, "PER"), (9, 11, "ORG"), (4, 5, "LOC"), (12, 13, "PER"), (12, 13, "LOC")]
    # Kaya alone, found as LOC twice and PER once, takes LOC where no name is (the overlap of
    # the same tokens in ``found`` is the model's business, not the spread's).
    assert spread_names(words, twice) == [(6, 8, "PER")]
    assert spread_names("Kaya geldi . Kaya".split(), [(0, 1, "LOC"), (3, 4, "PER")]) == []
    assert spread_names("Kaya geldi , Kaya gitti , Kaya".split(), [(0, 1, "PER")]) == [
        (3, 4, "PER"), (6, 7, "PER"),
    ]  # fmt: skip
    # Not across sentences: "Ali" ends one (a line with no point), "Kaya" begins the next.
    lines = "Ali Kaya geldi Ali Kaya gitti".split()
    assert spread_names(lines, [(0, 2, "PER")], sentence_starts={0, 4}) == []
    assert spread_names(lines, [(0, 2, "PER")]) == [(3, 5, "PER")]


def test_proposals_cover_every_place_the_article_writes_a_name_the_model_found(crf_model):
    proposer = Proposer(crf_model, Gazetteer(), None)
    text = "Hamas yetkilisi Halil Hayye ile Kahire'de görüştü. Kahire sessiz kaldı."
    second = text.rindex("Kahire")
    # The model alone does not see the second Kahire (a name first in its sentence, no suffix).
    alone = sentence_features(["Kahire", "sessiz", "kaldı", "."], proposer.gazetteer)
    proposer.tagger.set(alone)
    assert entity_spans(proposer.tagger.tag()) == []
    found, _ = proposer.propose("x", text)
    places = [(p.start, p.end, p.label) for p in found if p.surface == "Kahire"]
    assert places == [(text.index("Kahire"), text.index("Kahire") + 6, "LOC"),
                      (second, second + 6, "LOC")]  # fmt: skip
    first, spread = (p for p in found if p.surface == "Kahire")
    assert spread.confidence == first.confidence  # as sure as where the model found it
    # Like every proposal: never over the annotator's span, never one rejected.
    taken, _ = proposer.propose("x", text, taken=[(second, second + 6)])
    rejected, _ = proposer.propose("x", text, rejected=[(second, second + 6, "LOC")])
    for proposals in (taken, rejected):
        assert [p.start for p in proposals if p.surface == "Kahire"] == [text.index("Kahire")]


def test_training_learns_the_gold_and_scores_it_held_back(crf_gold_store: Store):
    result = train(crf_gold_store, ANNOTATOR)
    record = result.record
    assert result.held_back == "5-fold"
    assert record.labels == ("LOC", "ORG", "PER") and record.articles == 6
    assert record.scores["micro"]["f1"] > 0.9  # the generated corpus's names are few
    assert {"LOC", "ORG", "PER", "micro"} <= record.scores.keys()
    stored = crf_gold_store.save_model(record)
    assert crf_gold_store.latest_model(ANNOTATOR) == stored and stored.model == record.model
    assert record.gold_fingerprint == gold_fingerprint(gold_articles(crf_gold_store, ANNOTATOR))


def test_the_fingerprint_follows_the_gold(crf_gold_store: Store):
    before = gold_fingerprint(gold_articles(crf_gold_store, ANNOTATOR))
    span = crf_gold_store.spans_for(gold_articles(crf_gold_store, ANNOTATOR)[0].article_id)[0]
    crf_gold_store.delete_span(span.key)
    assert gold_fingerprint(gold_articles(crf_gold_store, ANNOTATOR)) != before


def test_no_gold_is_a_clear_error(crf_gold_store: Store):
    with pytest.raises(NotEnoughGold, match="none of the 6 article"):
        train(crf_gold_store, "somebody else")
    with pytest.raises(NoModel, match="hasiye train"):
        preannotate(crf_gold_store, ANNOTATOR)


def test_proposals_find_the_names_link_them_and_never_touch_a_span(trained_store: Store):
    proposer = Proposer.load(trained_store, ANNOTATOR)
    assert proposer is not None
    article = trained_store.get_article(UNFINISHED)
    found, uncertainty = proposer.propose(article.id, article.text)
    assert len(found) > 10 and 0.0 <= uncertainty <= 1.0
    assert all(article.text[p.start : p.end] == p.surface for p in found)
    turkey = next(p for p in found if p.surface == "Türkiye")
    assert turkey.label == "LOC" and turkey.entity_id is not None
    first, second = found[0], found[1]
    taken = [(first.start, first.start + 1)]  # a span over part of it
    rejected = [(second.start, second.end, second.label)]
    again, _ = proposer.propose(article.id, article.text, taken, rejected)
    assert (first.start, first.end) not in {(p.start, p.end) for p in again}
    assert (second.start, second.end) not in {(p.start, p.end) for p in again}
    assert len(again) == len(found) - 2


def test_preannotate_writes_proposals_never_gold_and_export_reads_them(
    trained_store: Store, tmp_path: Path
):
    spans_before = trained_store.span_count()
    report = preannotate(trained_store, ANNOTATOR)
    assert report.articles == 2 and report.proposals > 20
    assert trained_store.span_count() == spans_before
    stored = trained_store.model_proposals(None, ANNOTATOR)
    assert set(stored) == {UNFINISHED, generate_article(100_001, version=1)[0]}

    layer_path = tmp_path / "proposals.jsonl"
    export_proposals(trained_store, ANNOTATOR, "jsonl", layer_path)
    layers = [json.loads(line) for line in layer_path.read_text(encoding="utf-8").splitlines()]
    texts = trained_store.texts_of([layer["id"] for layer in layers])
    for layer in layers:
        for span in layer["spans"]:
            assert texts[layer["id"]][span["start"] : span["end"]] == span["text"]
    assert any(span["entity"] == "Türkiye" for layer in layers for span in layer["spans"])

    studio_path = tmp_path / "tasks.json"
    export_proposals(trained_store, ANNOTATOR, "label-studio", studio_path)
    tasks = json.loads(studio_path.read_text(encoding="utf-8"))
    result = tasks[0]["predictions"][0]["result"][0]
    value = result["value"]
    assert tasks[0]["data"]["text"][value["start"] : value["end"]] == value["text"]
    assert result["type"] == "labels" and value["labels"][0] in ("PER", "ORG", "LOC")


def test_preannotate_replaces_an_articles_proposals_and_skips_its_spans(trained_store: Store):
    preannotate(trained_store, ANNOTATOR, [UNFINISHED])
    first = trained_store.model_proposals([UNFINISHED], ANNOTATOR)[UNFINISHED][0]
    trained_store.add_span(
        Span(UNFINISHED, first.start, first.end, first.label, first.surface, ANNOTATOR)
    )
    preannotate(trained_store, ANNOTATOR, [UNFINISHED])
    again = trained_store.model_proposals([UNFINISHED], ANNOTATOR)[UNFINISHED]
    assert (first.start, first.end) not in {(p.start, p.end) for p in again}


def test_the_library_orders_unfinished_articles_by_uncertainty(store: Store):
    for name in "abcd":
        store.save_articles([(Article(name, name.upper(), "Metin."), None)])
    store.set_status("d", Status.DONE)
    store.save_uncertainty({"a": 0.1, "b": 0.9, "d": 1.0}, ANNOTATOR, 1)
    order = ArticleOrder(sort=Sort.UNCERTAIN)
    before = store.listing_fingerprint(order)
    assert store.ordered_article_ids(order) == ["b", "a", "c", "d"]
    store.save_uncertainty({"c": 0.5}, ANNOTATOR, 1)
    assert store.ordered_article_ids(order) == ["b", "c", "a", "d"]
    assert store.listing_fingerprint(order) != before


def test_a_damaged_model_is_a_clear_error(crf_gold_store: Store, crf_model):
    from dataclasses import replace

    from annotations.errors import BrokenModel

    crf_gold_store.save_model(replace(crf_model, model=b"not a crfsuite model"))
    with pytest.raises(BrokenModel, match="cannot be read: run `hasiye train` again"):
        preannotate(crf_gold_store, ANNOTATOR)


def test_a_proposal_names_the_entity_matching_finds_when_none_is_written_alike(crf_model):
    from annotations.crf_features import Gazetteer
    from annotations.matching import EntityIndex
    from annotations.model import Entity

    index = EntityIndex.of([Entity(1, "Halil Hayye", "PER"), Entity(2, "Kahire", "LOC")])
    gazetteer = Gazetteer()  # as the test gold's entity base has them (its aliases)
    for name, label in (("Khalil al-Hayya", "PER"), ("Kahire", "LOC"), ("Hamas", "ORG")):
        gazetteer.add(name, label, {EXTERNAL})
    proposer = Proposer(crf_model, gazetteer, EntityNames(index, {}, 0))
    text = "Hamas yetkilisi Khalil al-Hayya ile Kahire'de görüştü."
    found, _ = proposer.propose("x", text)
    linked = {p.surface: p.entity_id for p in found}
    assert linked["Khalil al-Hayya"] == 1 and linked["Kahire"] == 2
    assert linked.get("Hamas") is None  # no entity of the base matches it


def test_a_new_model_keeps_the_matching_index_brought_up_to_date(trained_store: Store):
    """A model loaded after another takes over its matching index (built once: seconds over
    100,000 entities) with the entities changed since read again."""
    first = Proposer.load(trained_store, ANNOTATOR)
    assert first is not None and first.entities is not None
    index = first.entities.index
    added = trained_store.add_entity("Nuseyrat Kampı", "LOC")
    assert first._entity_of("Nuseyrat Kampı", "LOC") is None  # not known to it yet
    second = Proposer.load(trained_store, ANNOTATOR, earlier=first)
    assert second is not None and second.entities is not None
    assert second.entities.index is index  # the same index, not built again
    assert second.lock is first.lock  # who changes it in place takes turns
    assert second._entity_of("Nuseyrat Kampı", "LOC") == added.key
    later = trained_store.add_entity("Bureij Kampı", "LOC")
    second.catch_up(trained_store)
    assert second._entity_of("Bureij Kampı", "LOC") == later.key


def test_retraining_scores_unfinished_articles_for_the_uncertain_order(trained_store: Store):
    from annotations.preannotating import score_unfinished

    assert score_unfinished(trained_store, ANNOTATOR, limit=1) == 1
    assert list(trained_store.uncertainties(ANNOTATOR)) == [UNFINISHED]  # the first, by id
    assert score_unfinished(trained_store, ANNOTATOR) == 1  # the other one; done ones never
    assert set(trained_store.uncertainties(ANNOTATOR)) == {
        UNFINISHED, generate_article(100_001, version=1)[0]
    }  # fmt: skip
    assert score_unfinished(trained_store, ANNOTATOR) == 0  # all scored by this model


def test_proposals_of_an_article_marked_done_since_are_not_exported(
    trained_store: Store, tmp_path: Path
):
    """Its gold is the answer; the others go out under the model that made them."""
    preannotate(trained_store, ANNOTATOR)
    model_id = trained_store.latest_model_id(ANNOTATOR)
    trained_store.set_status(UNFINISHED, Status.DONE)
    path = tmp_path / "proposals.jsonl"
    report = export_proposals(trained_store, ANNOTATOR, "jsonl", path)
    layers = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [layer["id"] for layer in layers] == [generate_article(100_001, version=1)[0]]
    assert layers[0]["model"] == f"hasiye-crf-{model_id}"
    assert (report.articles, report.done_left_out) == (1, 1)
