"""Trained pre-annotation models, the proposals they wrote, and how unsure they were.

A model is stored with the gold it learnt from (a fingerprint of the spans and the counts), so
``hasiye train`` can say whether the gold changed since. Proposals are never spans: they live in
their own table, per annotator, and become gold only when the annotator accepts one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotations.store.connection import Connection
from annotations.store.schema import now


@dataclass(frozen=True)
class ModelRecord:
    """One trained model as stored."""

    annotator: str
    labels: tuple[str, ...]
    articles: int
    sentences: int
    gold_fingerprint: str
    scores: dict[str, dict[str, float]]
    seconds: float
    model: bytes = field(repr=False)
    habits: bytes | None = field(default=None, repr=False)  # annotations.word_habits, stored
    id: int | None = None
    created: str | None = None


@dataclass(frozen=True)
class ModelProposal:
    """A span the model proposes (with the entity it would link to, and its confidence)."""

    article_id: str
    start: int
    end: int
    label: str
    surface: str
    confidence: float
    entity_id: int | None = None


_MODEL_COLUMNS = (
    "id, annotator, created, labels, articles, sentences, gold_fingerprint, scores, seconds, model,"
    " habits"
)


def _record(row: tuple) -> ModelRecord:
    (
        id_, annotator, created, labels, articles, sentences, fingerprint, scores, seconds, blob,
        habits,
    ) = row  # fmt: skip
    return ModelRecord(
        annotator, tuple(json.loads(labels)), articles, sentences, fingerprint,
        json.loads(scores), seconds, bytes(blob), habits and bytes(habits), id_, created,
    )  # fmt: skip


class ModelRows(Connection):
    def save_model(self, record: ModelRecord) -> ModelRecord:
        """Store a trained model; older models of the annotator are dropped (one is kept)."""
        with self.transaction():
            self._execute("DELETE FROM crf_models WHERE annotator = ?", [record.annotator])
            created = now()
            model_id = self._insert(
                f"INSERT INTO crf_models ({_MODEL_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    record.annotator, created, json.dumps(list(record.labels)), record.articles,
                    record.sentences, record.gold_fingerprint, json.dumps(record.scores),
                    record.seconds, record.model, record.habits,
                ],
            )  # fmt: skip
        return self.latest_model(record.annotator) or record

    def latest_model(self, annotator: str) -> ModelRecord | None:
        row = self._execute(
            f"SELECT {_MODEL_COLUMNS} FROM crf_models WHERE annotator = ? ORDER BY id DESC LIMIT 1",
            [annotator],
        ).fetchone()
        return _record(row) if row else None

    def latest_model_id(self, annotator: str) -> int | None:
        """The id alone (no blob read): whether a newer model is there to load."""
        row = self._execute(
            "SELECT max(id) FROM crf_models WHERE annotator = ?", [annotator]
        ).fetchone()
        return row[0] if row else None

    def save_model_proposals(
        self,
        article_id: str,
        annotator: str,
        model_id: int,
        proposals: Iterable[ModelProposal],
        uncertainty: float,
    ) -> int:
        """Replace the article's model proposals (one transaction); how many were written."""
        with self.transaction():
            self._execute(
                "DELETE FROM model_proposals WHERE article_id = ? AND annotator = ?",
                [article_id, annotator],
            )
            written = 0
            for proposal in proposals:
                self._execute(
                    """
                    INSERT OR IGNORE INTO model_proposals (article_id, annotator, model_id, start,
                        end, label, surface, entity_id, confidence)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        article_id, annotator, model_id, proposal.start, proposal.end,
                        proposal.label, proposal.surface, proposal.entity_id, proposal.confidence,
                    ],
                )  # fmt: skip
                written += 1
            self.save_uncertainty({article_id: uncertainty}, annotator, model_id)
        return written

    def save_uncertainty(self, values: dict[str, float], annotator: str, model_id: int) -> None:
        with self.transaction():
            for article_id, uncertainty in values.items():
                self._execute(
                    """
                    INSERT OR REPLACE INTO model_uncertainty
                        (article_id, annotator, model_id, uncertainty)
                    VALUES (?, ?, ?, ?)
                    """,
                    [article_id, annotator, model_id, uncertainty],
                )

    def model_proposals(
        self, article_ids: list[str] | None, annotator: str
    ) -> dict[str, list[ModelProposal]]:
        """The stored proposals of these articles (None: every article), in text order."""
        sql = """
            SELECT article_id, start, end, label, surface, confidence, entity_id
            FROM model_proposals WHERE annotator = ? {where} ORDER BY article_id, start, end
        """
        if article_ids is None:
            rows = list(self._execute(sql.format(where=""), [annotator]))
        else:
            rows = list(
                self._rows_for_ids(
                    sql.format(where="AND article_id IN ({marks})"), article_ids, annotator
                )
            )
        found: dict[str, list[ModelProposal]] = {}
        for row in rows:
            found.setdefault(row[0], []).append(ModelProposal(*row))
        return found

    def entity_article_ids(self) -> dict[int, set[str]]:
        """For each entity, the articles whose spans link to it."""
        found: dict[int, set[str]] = {}
        for entity_id, article_id in self._execute(
            "SELECT DISTINCT entity_id, article_id FROM spans WHERE entity_id IS NOT NULL"
        ):
            found.setdefault(entity_id, set()).add(article_id)
        return found

    def scored_by(self, annotator: str, model_id: int) -> set[str]:
        """The articles this model of the annotator has an uncertainty for."""
        rows = self._execute(
            "SELECT article_id FROM model_uncertainty WHERE annotator = ? AND model_id = ?",
            [annotator, model_id],
        )
        return {article_id for (article_id,) in rows}

    def proposal_models(self, annotator: str) -> dict[str, int]:
        """For each article with stored proposals of the annotator, the model that made them."""
        rows = self._execute(
            "SELECT DISTINCT article_id, model_id FROM model_proposals WHERE annotator = ?",
            [annotator],
        )
        return dict(rows.fetchall())

    def uncertainties(self, annotator: str) -> dict[str, float]:
        rows = self._execute(
            "SELECT article_id, uncertainty FROM model_uncertainty WHERE annotator = ?",
            [annotator],
        )
        return dict(rows.fetchall())
