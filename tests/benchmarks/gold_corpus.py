"""Gold for the generated benchmark corpus: every known mention of its entities as a span.

The generator (``corpus.py``) writes mentions from a fixed list of variants; each is found again
with the propagation finder (longest variant first, suffix outside the span) and labelled with
its entity's label. Titles in a variant ("MİT Başkanı Kalın") are not part of the name: the
name and the organisation are found on their own. Articles are stored marked done, with their
entities in the entity base, so ``hasiye train`` learns from them as from a user's gold.
"""

from __future__ import annotations

from annotations.importers.text_files import parse_article_text
from annotations.model import Span, Status
from annotations.propagation import find_mentions
from annotations.store import Store
from tests.benchmarks.corpus import ENTITIES, generate_article

LABELS = {
    "Halil Hayye": "PER", "İbrahim Kalın": "PER", "Recep Tayyip Erdoğan": "PER",
    "Muhammed bin Abdurrahman Al Sani": "PER", "Hasan Reşat": "PER",
    "Milli İstihbarat Teşkilatı": "ORG", "Hamas": "ORG",
}  # fmt: skip
TITLED = ("MİT Başkanı Kalın", "Cumhurbaşkanı Erdoğan")


def label_of(canonical: str) -> str:
    return LABELS.get(canonical, "LOC")


def variants() -> dict[str, str]:
    """Each variant, as written, with its label."""
    return {
        variant: label_of(canonical)
        for canonical, names in ENTITIES.items()
        for variant in names
        if variant not in TITLED
    }


def gold_spans(article_id: str, text: str, annotator: str) -> list[Span]:
    labelled = variants()
    spans: list[Span] = []
    for start, end in find_mentions(text, labelled):
        surface = text[start:end]
        label = next(
            (value for name, value in labelled.items() if find_mentions(surface, [name])),
            "LOC",
        )
        spans.append(Span(article_id, start, end, label, surface, annotator))
    return spans


def build(store: Store, first: int, count: int, annotator: str, done: bool = True) -> int:
    """Import articles ``first``.. of the generator with their gold; the sentence count."""
    from annotations.pre_annotation import GoldArticle, article_sentences

    sentences = 0
    with store.transaction():
        for number in range(first, first + count):
            article_id, content = generate_article(number, version=1)  # dense gold
            article = parse_article_text(article_id, content)
            store.save_articles([(article, None)])
            if done:  # an unfinished article has no gold yet
                for span in gold_spans(article_id, article.text, annotator):
                    store.add_span(span)
                store.set_status(article_id, Status.DONE)
            gold = GoldArticle(article_id, article.text, [])
            sentences += len(article_sentences(gold))
    return sentences


def add_entities(store: Store) -> None:
    for canonical, names in ENTITIES.items():
        store.add_entity(canonical, label_of(canonical), [n for n in names if n not in TITLED])
