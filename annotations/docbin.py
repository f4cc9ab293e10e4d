"""spaCy's DocBin (``.spacy``), written with hasiye's Turkish tokens and read back.

spaCy's own Turkish tokenizer keeps an apostrophe suffix on the word (``Almanya'nın`` is one
token), so a span that ends before the suffix has no tokens to cover it. Each Doc here is built from
hasiye's tokens (annotations.tokenizing, span boundaries always between tokens), so every span is
in ``doc.spans["sc"]`` (nested ones too, the key spaCy's span categoriser reads) and the outermost
ones in ``doc.ents`` (what the entity recogniser trains on), at exactly their offsets. The article's
id and title ride in ``doc.user_data``.

spaCy is an optional extra (``pip install 'hasiye[spacy]'``): DocBin stores token attributes as
hashes from spaCy's string store, and writing it without spaCy would copy spaCy's internals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from annotations.conll import outermost
from annotations.dataset import GoldRecord, GoldSpan
from annotations.errors import ExportError
from annotations.model import Article
from annotations.tokenizing import is_tokenised, spacy_words, tokens_of

SPANS_KEY = "sc"
INSTALL_HINT = "pip install 'hasiye[spacy]'"


class SpacyMissing(ImportError):
    """spaCy is not installed: the message says how to install it."""

    def __init__(self) -> None:
        super().__init__(f"the .spacy format needs spaCy ({INSTALL_HINT})")


def _spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise SpacyMissing() from None
    return spacy


@lru_cache(maxsize=1)
def _turkish_vocab() -> Any:
    """spaCy's blank Turkish pipeline's vocabulary (made once: it takes a third of a second)."""
    return _spacy().blank("tr").vocab


def to_docbin(records: Iterable[GoldRecord]) -> tuple[bytes, int, int]:
    """The DocBin's bytes, the number of docs and of spans."""
    _spacy()  # says how to install it when it is missing
    from spacy.tokens import Doc, DocBin

    vocab = _turkish_vocab()

    docbin = DocBin(store_user_data=True)
    docs = spans_written = 0
    for record in records:
        article = record.article
        text = article.text
        boundaries = [offset for span in record.spans for offset in (span.start, span.end)]
        words = spacy_words(text, tokens_of(text, boundaries, is_tokenised(article.tags)))
        doc = Doc(
            vocab,
            words=[text[start:end] for start, end, _ in words],
            spaces=[ws for _, _, ws in words],
        )
        doc.user_data["hasiye_id"] = article.id
        doc.user_data["hasiye_title"] = article.title

        def piece(span: GoldSpan) -> Any:
            made = doc.char_span(span.start, span.end, label=span.label)
            if made is None:  # cannot happen: every span boundary is a token boundary
                raise ExportError(f"article {article.id}: span {span.start}-{span.end} has no tokens")
            return made

        doc.spans[SPANS_KEY] = [piece(span) for span in record.spans]
        doc.ents = [piece(span) for span in outermost(record.spans)[0]]
        docbin.add(doc)
        docs += 1
        spans_written += len(record.spans)
    return docbin.to_bytes(), docs, spans_written


def from_docbin(data: bytes, annotator: str, fallback_stem: str) -> Iterator[GoldRecord]:
    """Records from a DocBin's bytes: the spans of ``doc.spans["sc"]``, or ``doc.ents`` when a
    doc has no span group (a DocBin made for the entity recogniser)."""
    _spacy()
    from spacy.tokens import DocBin

    vocab = _turkish_vocab()

    docbin = DocBin(store_user_data=True).from_bytes(data)
    for number, doc in enumerate(docbin.get_docs(vocab), start=1):
        text = doc.text
        pieces = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else list(doc.ents)
        spans = [
            GoldSpan(piece.start_char, piece.end_char, piece.label_, piece.text, annotator)
            for piece in pieces
        ]
        article_id = doc.user_data.get("hasiye_id") or f"{fallback_stem}-{number:04d}"
        title = doc.user_data.get("hasiye_title") or text.split("\n", 1)[0][:120]
        yield GoldRecord(Article(id=str(article_id), title=str(title), text=text), spans, number)
