"""The two seed articles bundled with hasiye (installed as the data package ``hasiye_seeds``)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from annotations.importers import ImportReport, import_files
from annotations.store import Store


def seed_files() -> list[Path]:
    folder = files("hasiye_seeds")
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".txt"))


def import_seeds_if_empty(store: Store) -> ImportReport | None:
    """Import the bundled seeds into a database with no articles; None when it had some."""
    if store.article_count():
        return None
    return import_files(store, seed_files())
