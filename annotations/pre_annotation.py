"""Pre-annotation: a CRF learnt from the annotator's own gold proposes the names of the next
article, to be corrected instead of typed.

The gold is the annotator's spans in the articles marked done. ``train`` learns a model
(python-crfsuite, L-BFGS: seconds on CPU, no weights fetched from anywhere) over hasiye's own
Turkish tokens (``annotations.crf_features``), measures it on held-back gold (k-fold over
articles when the gold is small, one held-back fifth otherwise) and returns it ready to store,
with the fingerprint of the gold it learnt from. ``Proposer`` turns a stored model into
proposals for one article (a name it found also wherever the article writes it again): never
over, across or inside a span of the annotator, never one rejected before, each with the entity
it would link to and a confidence, and says how unsure the model was of the article (least
confidence of its sentences: the active-learning order).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pycrfsuite

from annotations.conll import to_conll
from annotations.crf_features import EXTERNAL, Gazetteer, sentence_features, sentences_of
from annotations.dataset import GoldSpan
from annotations.errors import BrokenModel, NotEnoughGold
from annotations.entity_names import EntityNames
from annotations.model import Entity, Status
from annotations.ner_scores import entity_spans, score, spread_names
from annotations.store import Store
from annotations.store.models import ModelProposal, ModelRecord
from annotations.titles import STANDARD_TITLES, Titles
from annotations.word_habits import WordHabits, corpus_habits

PROPOSAL_LINK_SCORE = 90.0  # a proposal names an entity that is not written alike from this score
RETRAIN_EVERY = 3  # articles marked done in the app before it retrains in the background
FOLDS = 5
SMALL_GOLD = 5000  # sentences: below it the scores are k-fold, above one held-back fifth
# Up to LARGE_GOLD sentences: L-BFGS with elastic-net regularisation (the best scores, ~5 s per
# thousand sentences here). Above it L-BFGS would take minutes (it passes over all the data ~100
# times): the averaged perceptron takes 10 passes over the same features and the same model
# form, within the 120 s budget for 25,000 sentences.
LARGE_GOLD = 6000
TRAINING = {"c1": 0.05, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True}
LARGE_TRAINING = {"max_iterations": 10, "feature.possible_transitions": True}

Sentence = tuple[list[str], list[str]]  # words and their IOB2 tags


@dataclass
class GoldArticle:
    article_id: str
    text: str
    spans: list[GoldSpan]


@dataclass
class TrainingResult:
    record: ModelRecord
    held_back: str  # "5-fold" or "20% held back"


def gold_articles(store: Store, annotator: str, labels: Sequence[str] | None = None) -> list[GoldArticle]:
    """The annotator's spans (of ``labels``, or all) in every article marked done."""
    found = []
    with store.reading():
        for batch in store.iter_articles(status=Status.DONE):
            rows = store.span_rows_of_articles([article.id for article in batch])
            for article in batch:
                spans = [
                    GoldSpan(start, end, label, surface, who, entity_id)
                    for start, end, label, surface, who, entity_id, _ in rows[article.id]
                    if who == annotator and (labels is None or label in labels)
                ]
                found.append(GoldArticle(article.id, article.text, spans))
    return found


def gold_fingerprint(articles: Iterable[GoldArticle]) -> str:
    digest = hashlib.sha1()
    for article in sorted(articles, key=lambda article: article.article_id):
        digest.update(article.article_id.encode() + b"\0")
        for span in sorted(article.spans, key=lambda span: (span.start, span.end, span.label)):
            digest.update(f"{span.start},{span.end},{span.label};".encode())
    return digest.hexdigest()


def build_gazetteer(
    entities: Iterable[Entity],
    entity_articles: dict[int, set[str]],
    gold: Iterable[GoldArticle],
    labels: Sequence[str] | None = None,
) -> Gazetteer:
    """Every alias of the entity base (supported by the articles whose spans link to it, or
    ``EXTERNAL`` when none does) and every gold surface (supported by its article)."""
    gazetteer = Gazetteer()
    for entity in entities:
        if labels is not None and entity.label not in labels:
            continue
        supports = entity_articles.get(entity.key) or {EXTERNAL}
        for name in {entity.canonical, *entity.aliases}:
            gazetteer.add(name, entity.label, supports)
    for article in gold:
        for span in article.spans:
            gazetteer.add(span.text, span.label, {article.article_id})
    return gazetteer


def article_sentences(article: GoldArticle) -> list[Sentence]:
    """The article as the CoNLL export tokenises and tags it (outermost spans)."""
    return [
        ([token for token, _ in sentence], [tag for _, tag in sentence])
        for sentence in to_conll(article.text, article.spans).sentences
    ]


def featurised(
    article: GoldArticle,
    gazetteer: Gazetteer,
    exclude: frozenset[str],
    titles: Titles,
    habits: WordHabits,
    learning: bool = True,
) -> list[tuple[list[list[str]], list[str]]]:
    return [
        (sentence_features(words, gazetteer, exclude, titles, learning, habits), tags)
        for words, tags in article_sentences(article)
    ]


def _train_bytes(sequences: Iterable[tuple[list[list[str]], list[str]]], count: int) -> bytes:
    """A model learnt from ``count`` sentences, streamed into crfsuite (which keeps its own
    compact copy: the features as Python strings would take gigabytes at 25,000 sentences)."""
    large = count > LARGE_GOLD
    trainer = pycrfsuite.Trainer("ap" if large else "lbfgs", verbose=False)
    trainer.set_params(LARGE_TRAINING if large else TRAINING)
    for features, tags in sequences:
        trainer.append(features, tags)
    handle, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(handle)
    try:
        trainer.train(path)
        with open(path, "rb") as model_file:
            return model_file.read()
    finally:
        os.unlink(path)


def tagger_of(model: bytes, model_id: int | None = None) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open_inmemory(model)
    except ValueError:  # crfsuite's "Invalid model": a damaged or foreign blob
        raise BrokenModel(model_id) from None
    return tagger


def train(
    store: Store,
    annotator: str,
    labels: Sequence[str] | None = None,
    titles: Titles = STANDARD_TITLES,
    evaluate: bool = True,
    progress: Callable[[str], None] | None = None,
) -> TrainingResult:
    """Learn a model from the annotator's gold, scored on held-back gold; not stored yet."""
    gold = [article for article in gold_articles(store, annotator, labels) if article.text]
    if not any(article.spans for article in gold):
        raise NotEnoughGold(annotator, len(gold))
    with store.reading():
        entities = list(store.entities())
        entity_articles = store.entity_article_ids()
    gazetteer = build_gazetteer(entities, entity_articles, gold, labels)
    if progress:
        progress("reading how the corpus writes its words")
    habits = corpus_habits(store, ((article.article_id, article.text) for article in gold))
    sentence_counts = {article.article_id: len(article_sentences(article)) for article in gold}
    sentence_count = sum(sentence_counts.values())
    label_names = sorted({span.label for article in gold for span in article.spans})
    scores: dict[str, dict[str, float]] = {}
    held_back = "none (one article)"
    if evaluate and len(gold) >= 2:
        folds = FOLDS if sentence_count < SMALL_GOLD else 1
        held_back = f"{min(folds, len(gold))}-fold" if folds > 1 else "20% held back"
        scores = _held_back_scores(
            gold, sentence_counts, entities, entity_articles, labels, titles, habits, folds,
            progress,
        )  # fmt: skip
    started = time.perf_counter()
    if progress:
        progress(f"training on {sentence_count} sentences")
    model = _train_bytes(
        (
            pair
            for article in gold
            for pair in featurised(
                article, gazetteer, frozenset({article.article_id}), titles, habits
            )
        ),
        sentence_count,
    )
    seconds = time.perf_counter() - started
    record = ModelRecord(
        annotator, tuple(label_names), len(gold), sentence_count, gold_fingerprint(gold),
        scores, seconds, model, habits.to_bytes(),
    )  # fmt: skip
    return TrainingResult(record, held_back)


def _held_back_scores(
    gold: list[GoldArticle],
    sentence_counts: dict[str, int],
    entities: list[Entity],
    entity_articles: dict[int, set[str]],
    labels: Sequence[str] | None,
    titles: Titles,
    habits: WordHabits,
    folds: int,
    progress: Callable[[str], None] | None,
) -> dict[str, dict[str, float]]:
    """Each fold learns from the other folds' gold only: its gazetteer's gold names exclude the
    held-back articles, so a name is known only if the training side saw it."""
    ordered = sorted(gold, key=lambda article: hashlib.sha1(article.article_id.encode()).digest())
    if folds > 1:
        groups = [ordered[index::folds] for index in range(min(folds, len(ordered)))]
    else:
        cut = max(1, len(ordered) // 5)
        groups = [ordered[:cut]]
    label_names = {span.label for article in gold for span in article.spans}
    pairs: list[tuple[list[str], list[str]]] = []
    for number, held in enumerate(groups, start=1):
        if progress:
            progress(f"held-back part {number} of {len(groups)}")
        held_ids = frozenset(article.article_id for article in held)
        learning = [article for article in gold if article.article_id not in held_ids]
        gazetteer = build_gazetteer(entities, entity_articles, learning, labels)
        model = _train_bytes(
            (
                pair
                for article in learning
                for pair in featurised(
                    article, gazetteer, held_ids | {article.article_id}, titles, habits
                )
            ),
            sum(sentence_counts[article.article_id] for article in learning),
        )
        tagger = tagger_of(model)
        for article in held:
            for features, tags in featurised(article, gazetteer, held_ids, titles, habits, False):
                pairs.append((tags, tagger.tag(features)))
    return score(pairs, label_names)


class Proposer:
    """A stored model, its gazetteer and the entity index: proposals for one article at a time."""

    def __init__(
        self,
        record: ModelRecord,
        gazetteer: Gazetteer,
        entities: EntityNames | None = None,
        titles: Titles = STANDARD_TITLES,
        lock: threading.Lock | None = None,
    ) -> None:
        self.record = record
        self.tagger = tagger_of(record.model, record.id)
        self.gazetteer = gazetteer
        self.habits = WordHabits.from_bytes(record.habits)
        self.entities = entities  # the matching index a proposal's entity is found with
        self.titles = titles
        # A crfsuite tagger holds one sentence at a time, and the matching index is brought up to
        # date in place: the app's workers take turns (proposers sharing an index share a lock).
        self.lock = lock or threading.Lock()

    @staticmethod
    def load(
        store: Store,
        annotator: str,
        titles: Titles = STANDARD_TITLES,
        earlier: Proposer | None = None,
    ) -> Proposer | None:
        """The annotator's latest model with the entity base as it is now; None without one.
        ``earlier``: a proposer whose matching index is taken over and brought up to date, not
        built again (seconds over 100,000 entities, at every retraining in the app)."""
        record = store.latest_model(annotator)
        if record is None:
            return None
        with store.reading():
            every_entity = list(store.entities())
            entity_articles = store.entity_article_ids()
        gold = gold_articles(store, annotator, record.labels)
        gazetteer = build_gazetteer(every_entity, entity_articles, gold, record.labels)
        if earlier is None or earlier.entities is None:
            return Proposer(record, gazetteer, EntityNames.read(store, titles), titles)
        earlier.catch_up(store)
        return Proposer(record, gazetteer, earlier.entities, titles, earlier.lock)

    def catch_up(self, store: Store) -> None:
        """The matching index with the entities made or changed since it was read."""
        with self.lock:
            if self.entities is not None:
                self.entities = self.entities.caught_up(store, self.titles)

    def propose(
        self,
        article_id: str,
        text: str,
        taken: Iterable[tuple[int, int]] = (),
        rejected: Iterable[tuple[int, int, str]] = (),
    ) -> tuple[list[ModelProposal], float]:
        """The model's spans in the text that touch no span in ``taken`` and were not rejected,
        and the model's uncertainty about the article (0 sure, 1 unsure)."""
        with self.lock:
            return self._propose(article_id, text, sorted(taken), set(rejected))

    def _propose(
        self,
        article_id: str,
        text: str,
        taken: list[tuple[int, int]],
        refused: set[tuple[int, int, str]],
    ) -> tuple[list[ModelProposal], float]:
        least_sure = 1.0
        tagger = self.tagger
        tokens: list[tuple[int, int]] = []
        words: list[str] = []
        found: list[tuple[int, int, str, float]] = []  # tokens of the article, label, confidence
        starts: set[int] = set()  # the tokens that begin a sentence
        for sentence in sentences_of(text):
            starts.add(len(words))
            sentence_words = [text[start:end] for start, end in sentence]
            tagger.set(
                sentence_features(
                    sentence_words, self.gazetteer, titles=self.titles, habits=self.habits
                )
            )
            tags = tagger.tag()
            least_sure = min(least_sure, tagger.probability(tags))
            for first, last, label in entity_spans(tags):
                confidence = sum(
                    tagger.marginal(tags[position], position) for position in range(first, last)
                ) / (last - first)
                found.append((len(words) + first, len(words) + last, label, confidence))
            tokens += sentence
            words += sentence_words
        # A name found elsewhere in the article is as sure there as where the model found it.
        confidence_of: dict[tuple[tuple[str, ...], str], float] = {}
        for first, last, label, confidence in found:
            confidence_of.setdefault((tuple(words[first:last]), label), confidence)
        spread = spread_names(
            words, [(first, last, label) for first, last, label, _ in found], starts
        )
        found += [
            (first, last, label, confidence_of[(tuple(words[first:last]), label)])
            for first, last, label in spread
        ]
        proposals: list[ModelProposal] = []
        for first, last, label, confidence in sorted(found):
            start, end = tokens[first][0], tokens[last - 1][1]
            if (start, end, label) in refused or any(
                span_start < end and start < span_end for span_start, span_end in taken
            ):
                continue
            surface = text[start:end]
            proposals.append(
                ModelProposal(
                    article_id, start, end, label, surface, round(confidence, 4),
                    self._entity_of(surface, label),
                )
            )  # fmt: skip
        return proposals, round(1.0 - least_sure, 4)

    def _entity_of(self, surface: str, label: str) -> int | None:
        """The entity the span would be linked to: the only one of its label written alike, else
        the best match of its label when it scores ``PROPOSAL_LINK_SCORE`` and no other comes
        close (Khalil al-Hayya → Halil Hayye)."""
        if self.entities is None:
            return None
        index = self.entities.index
        alike = index.written_alike(surface, label)
        if len(alike) == 1:
            return next(iter(alike))
        if alike:
            return None
        best = index.rank(surface, label=label, limit=2, minimum=PROPOSAL_LINK_SCORE - 10)
        if not best or best[0].score < PROPOSAL_LINK_SCORE:
            return None
        if index.labels[best[0].entity_id] != label:
            return None
        if len(best) > 1 and best[1].score >= best[0].score - 5:
            return None  # two entities about as likely: the annotator chooses (k)
        return best[0].entity_id
