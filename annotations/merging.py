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
from annotations.store.foreign import opened


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
    """Bring the layers (with their articles and entities) of the database at ``path`` in: the
    other file streamed (a batch of articles, one layer at a time), in one transaction here."""
    if os.path.realpath(path) == os.path.realpath(store.path):
        raise MergeRefused(path, "it is the database being merged into")
    report = MergeReport(path)
    with opened(path) as other, store.transaction():
        for batch in other.article_batches():
            texts = store.texts_of([article.id for article in batch])
            for article in batch:
                if article.id in texts and texts[article.id] != article.text:
                    raise MergeRefused(
                        path, "its text differs from this database's article of that id", article.id
                    )
            new = [article for article in batch if article.id not in texts]
            store.save_articles((article, str(path)) for article in new)
            report.articles_added += len(new)
        entity_ids: dict[int, int] = {}
        for entity in other.entities():
            assert entity.id is not None
            report.entities_added += store.matching_entity(entity) is None
            entity_ids[entity.id] = store.merged_entity(entity)
        for article_id, annotator, layer, status in other.layers():
            spans = [replace(span, entity_id=entity_ids.get(span.entity_id or 0)) for span in layer]
            _merge_layer(store, report, article_id, annotator, spans, status, replace_layers)
    return report


def _merge_layer(
    store: Store,
    report: MergeReport,
    article_id: str,
    annotator: str,
    spans: list[Span],
    status: str | None,
    replace_layers: bool,
) -> None:
    here, here_status = store.layer(article_id, annotator)
    if here_status == "todo":
        here_status = None
    if not here and here_status is None:
        report.layers_added += 1
    elif here == _rows(spans) and here_status == status:
        report.layers_unchanged += 1
        return
    elif replace_layers:
        report.layers_replaced += 1
    else:
        raise MergeRefused(
            report.path,
            f"{annotator}'s layer differs from the one here (--replace to replace it)",
            article_id,
        )
    store.put_layer(article_id, annotator, spans, status)
