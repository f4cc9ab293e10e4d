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
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def seeded_store(store: Store) -> Store:
    from annotations.seeds import import_seeds_if_empty

    import_seeds_if_empty(store)
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
    """A model record trained (without held-back scoring) on the gold of ``gold_store``."""
    from annotations.pre_annotation import train

    with Store(tmp_path_factory.mktemp("crf") / "gold.db") as gold:
        _fill_gold(gold)
        return train(gold, CRF_ANNOTATOR, evaluate=False).record


@pytest.fixture
def gold_store(store: Store) -> Store:
    """Six articles of gold by ayse marked done, two unfinished ones without spans, and the
    corpus's entities in the entity base."""
    _fill_gold(store)
    return store


@pytest.fixture
def trained_store(gold_store: Store, crf_model) -> Store:
    """``gold_store`` with the model trained on its gold stored."""
    gold_store.save_model(crf_model)
    return gold_store
