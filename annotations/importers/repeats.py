"""An article a dataset file holds more than once: each time another annotator's layer of the
same text (Prodigy writes one answer per annotator of a multi-user session). Anything else that
repeats an article id is refused, naming the line of the first record."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from annotations.dataset import GoldRecord


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def annotators_of(record: GoldRecord) -> set[str]:
    """Whose layers the record holds: its spans' annotators, and the annotator whose answer it
    is (an answer with no span is a layer that found nothing)."""
    found = {span.annotator for span in record.spans}
    if record.annotator:
        found.add(record.annotator)
    return found


@dataclass
class FirstRecord:
    """What the import keeps of an article's first record: not its text, a digest of it."""

    line: int
    digest: bytes
    annotators: set[str]
    taken: bool = False

    @classmethod
    def of(cls, record: GoldRecord) -> FirstRecord:
        return cls(record.line, _digest(record.article.text), annotators_of(record))

    def problem_with(self, record: GoldRecord) -> str | None:
        """Why the record cannot be another layer of this article (None: it can)."""
        article_id = record.article.id
        repeats = f"article id {article_id!r} repeats the one on line {self.line}"
        if _digest(record.article.text) != self.digest:
            return f"{repeats} with another text"
        both = annotators_of(record) & self.annotators
        if both or not record.spans and not record.annotator:
            who = f" for annotator {sorted(both)[0]!r}" if both else ""
            return f"{repeats}{who} (a repeated article must be another annotator's layer)"
        if not self.taken:
            return f"article {article_id!r}: its first record, line {self.line}, was not imported"
        return None
