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


@pytest.fixture
def gold_store(store: Store) -> Store:
    return store_with_gold(store)
