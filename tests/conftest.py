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
