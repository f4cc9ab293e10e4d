"""What a screen asks of the app. Screens never import each other: they post one of these and the
app decides what to push (``HasiyeApp`` handles them)."""

from __future__ import annotations

from textual.message import Message

from annotations.matching import Cluster


class OpenArticle(Message):
    """Open the annotator on an article, the cursor at ``start_at`` (a search hit, a mention).

    ``replace``: in place of the screen that asks (the next article), not on top of it.
    ``layer``: edit that annotator's layer (the gold layer, from adjudication), not one's own.
    """

    def __init__(
        self,
        article_id: str,
        start_at: int | None = None,
        replace: bool = False,
        layer: str | None = None,
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.start_at = start_at
        self.replace = replace
        self.layer = layer


class OpenSearch(Message):
    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query = query


class OpenAdjudication(Message):
    """Adjudicate an article: its layers' differences settled into the gold layer."""

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id


class OpenAgreement(Message):
    """Show the agreement between the annotators."""


class OpenEntities(Message):
    pass


class OpenExport(Message):
    pass


class OpenClusters(Message):
    def __init__(self, clusters: list[Cluster]) -> None:
        super().__init__()
        self.clusters = clusters


class StoreChanged(Message):
    """Sent by the app to the screen on top after an undo or redo: show the store as it is now.
    ``what`` says what happened ("undo", "redo")."""

    def __init__(self, what: str = "") -> None:
        super().__init__()
        self.what = what


class ArticleFinished(Message):
    """The annotator marked an article done: the app may retrain the pre-annotation model."""


class DatabaseWaiting(Message):
    """Sent by the app to the screen on top: a write waits for another process's write lock
    (``what`` it is), or (None) no write waits any more."""

    def __init__(self, what: str | None) -> None:
        super().__init__()
        self.what = what
