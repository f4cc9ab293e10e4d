"""The SQLite store: the only package that speaks SQL.

``Store`` is one object made of one part per table, each a class on ``Connection`` in its own
file:

- ``connection.py``: opening a file (refusing one that is not ours or is newer), the pragmas
  (WAL, busy timeout), migrations, ``transaction()`` and the chunked ``IN (...)`` query;
- ``schema.py``: the schema version and its migrations, column lists, rows to model objects;
- ``articles.py``: articles (and a dataset's article with its spans, in one go);
- ``spans.py``: spans, checked before they are stored;
- ``entities.py``: entities and their aliases, found by name, renamed, merged;
- ``snapshots.py``: the spans and entities an undo step puts back;
- ``search_index.py``: the corpus search index and its vocabulary;
- ``decisions.py``: extra labels, rejected proposals, dismissed variant clusters;
- ``models.py``: trained pre-annotation models, their proposals and uncertainty.
- ``layers.py``: annotators' layers (who has one, each article's layers for agreement);
- ``merging.py``: the writes of ``hasiye merge``; ``foreign.py`` reads the other file.
"""

from __future__ import annotations

from annotations.store.articles import ArticleRows
from annotations.store.decisions import Decisions
from annotations.store.entities import EntityRows
from annotations.store.models import ModelRows
from annotations.store.layers import LayerRows
from annotations.store.merging import MergeRows
from annotations.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, now
from annotations.store.search_index import SearchIndex
from annotations.store.snapshots import Snapshots
from annotations.store.spans import SpanRows

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "Store", "now"]


class Store(
    ArticleRows,
    SpanRows,
    EntityRows,
    Snapshots,
    SearchIndex,
    Decisions,
    ModelRows,
    LayerRows,
    MergeRows,
):
    """A hasiye database. Use from the thread that opened it; a worker opens its own."""
