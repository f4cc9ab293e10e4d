from __future__ import annotations

from pathlib import Path

import pytest

from annotations.store import Store

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corpus.db"


@pytest.fixture
def store(db_path: Path):
    """A fresh database whose statuses are ayse's, the annotator most tests work as (statuses
    are per annotator)."""
    with Store(db_path, annotator="ayse") as opened:
        yield opened


@pytest.fixture
def seeded_store(store: Store) -> Store:
    from annotations.seeds import import_seeds_if_empty

    import_seeds_if_empty(store)
    return store


SEEDS_GOLD = REPO / "tests" / "benchmarks" / "seeds_gold.yaml"


def store_with_gold(store: Store, annotator: str = "gold") -> Store:
    """The two seed articles with their gold spans (tests/benchmarks/seeds_gold.yaml: 93 spans,
    nested ones, entities, DATE values), all done, imported the way a user's dataset is."""
    import json

    import yaml

    from annotations.importers.datasets import import_dataset
    from annotations.seeds import import_seeds_if_empty

    import_seeds_if_empty(store)
    gold = yaml.safe_load(SEEDS_GOLD.read_text(encoding="utf-8"))["articles"]
    lines = []
    for article_id, spans in gold.items():
        article = store.get_article(article_id)
        record = {
            "id": article.id,
            "title": article.title,
            "date": article.date,
            "status": "done",
            "text": article.text,
            "spans": [
                {
                    "start": span["start"],
                    "end": span["end"],
                    "label": span["label"],
                    "text": span["surface"],
                    "canonical": span.get("entity"),
                    "value": span.get("value"),
                    "annotator": annotator,
                }
                for span in spans
            ],
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    path = store.path.with_name("seeds-gold.jsonl")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_dataset(store, path, annotator, ["PER", "ORG", "LOC", "DATE"], replace=True)
    assert report.written and report.spans == 93, report.problems
    return store


# Pre-annotation: gold from the generated benchmark corpus (its known mentions), and one model
# trained on it once per test run (training takes seconds; the tests share it).
CRF_ANNOTATOR = "ayse"
CRF_GOLD_ARTICLES = 6
CRF_UNFINISHED = 100_000  # the first generated article number of the unfinished ones


def _fill_gold(store: Store) -> None:
    from tests.benchmarks import gold_corpus

    gold_corpus.add_entities(store)
    gold_corpus.build(store, 0, CRF_GOLD_ARTICLES, CRF_ANNOTATOR)
    gold_corpus.build(store, CRF_UNFINISHED, 2, CRF_ANNOTATOR, done=False)


@pytest.fixture(scope="session")
def crf_model(tmp_path_factory: pytest.TempPathFactory):
    """A model record trained (without held-back scoring) on the gold of ``crf_gold_store``."""
    from annotations.pre_annotation import train

    with Store(tmp_path_factory.mktemp("crf") / "gold.db") as gold:
        _fill_gold(gold)
        return train(gold, CRF_ANNOTATOR, evaluate=False).record


@pytest.fixture
def crf_gold_store(store: Store) -> Store:
    """Six articles of gold by ayse marked done, two unfinished ones without spans, and the
    corpus's entities in the entity base."""
    _fill_gold(store)
    return store


@pytest.fixture
def gold_store(store: Store) -> Store:
    return store_with_gold(store)


@pytest.fixture
def trained_store(crf_gold_store: Store, crf_model) -> Store:
    """``crf_gold_store`` with the model trained on its gold stored."""
    crf_gold_store.save_model(crf_model)
    return crf_gold_store
