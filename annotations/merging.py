"""``hasiye merge``: other databases' layers brought into this one, one transaction per file.

Articles are matched by id and text (the same id with another text refuses the whole file);
entities by external id, then by canonical name and label, else added under a new id (ids never
collide: every entity and span gets this database's next id); a layer (one annotator's spans and
status in one article) that exists here already is refused unless ``replace``, except when it is
the same layer: merging a file twice changes nothing the second time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from annotations.errors import MergeRefused
from annotations.model import Span
from annotations.store import Store
from annotations.store.foreign import ForeignDatabase, read_foreign_database


@dataclass
class MergeReport:
    path: Path
    articles_added: int = 0
    entities_added: int = 0
    layers_added: int = 0
    layers_replaced: int = 0
    layers_unchanged: int = 0

    def summary(self) -> str:
        return (
            f"{self.path}: {self.articles_added} article(s) added, {self.layers_added} layer(s) "
            f"added, {self.layers_replaced} replaced, {self.layers_unchanged} already here, "
            f"{self.entities_added} entit(ies) added"
        )


def _rows(spans: list[Span]) -> list[tuple]:
    return sorted(
        (span.start, span.end, span.label, span.surface, span.entity_id, span.value)
        for span in spans
    )


def merge_database(store: Store, path: Path, replace_layers: bool = False) -> MergeReport:
    """Bring the layers (with their articles and entities) of the database at ``path`` in."""
    if os.path.realpath(path) == os.path.realpath(store.path):
        raise MergeRefused(path, "it is the database being merged into")
    other = read_foreign_database(path)
    report = MergeReport(path)
    with store.transaction():
        _check_articles(store, other)
        new = [article for id_, article in other.articles.items() if not store.has_article(id_)]
        store.save_articles((article, str(path)) for article in new)
        report.articles_added = len(new)
        entity_ids: dict[int, int] = {}
        for entity_id, entity in other.entities.items():
            report.entities_added += store.matching_entity(entity) is None
            entity_ids[entity_id] = store.merged_entity(entity)
        for article_id, annotator in other.layers:
            spans = [
                replace(span, entity_id=entity_ids.get(span.entity_id or 0))
                for span in other.spans.get((article_id, annotator), [])
            ]
            status = other.statuses.get((article_id, annotator))
            here, here_status = store.layer(article_id, annotator)
            if here_status == "todo":
                here_status = None
            if not here and here_status is None:
                report.layers_added += 1
            elif here == _rows(spans) and here_status == status:
                report.layers_unchanged += 1
                continue
            elif replace_layers:
                report.layers_replaced += 1
            else:
                raise MergeRefused(
                    path,
                    f"{annotator}'s layer differs from the one here (--replace to replace it)",
                    article_id,
                )
            store.put_layer(article_id, annotator, spans, status)
    return report


def _check_articles(store: Store, other: ForeignDatabase) -> None:
    ids = list(other.articles)
    texts = store.texts_of(ids)
    for article_id in ids:
        if article_id in texts and texts[article_id] != other.articles[article_id].text:
            raise MergeRefused(
                other.path, "its text differs from this database's article of that id", article_id
            )
