"""UIMA CAS XMI as INCEpTION and WebAnno read and write it, through dkpro-cassis.

One ``.xmi`` per article: the text is the CAS's document, each span a DKPro Core
``NamedEntity`` whose ``value`` is the label and whose ``identifier`` is the canonical name of its
entity, and a ``DocumentMetaData`` carrying the article id and title. The type system
(``TypeSystem.xml``, the types above and nothing else) is written beside the files, as INCEpTION's
own XMI export does. INCEpTION adds sentences and tokens to a document that has none.

cassis converts offsets: UIMA counts UTF-16 code units (Java), hasiye code points; a name after
an emoji keeps its place. Reading takes the ``TypeSystem.xml`` beside the file when there is one,
else hasiye's, and skips types it does not know (tokens, parts of speech...).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.dataset import GoldRecord, GoldSpan, RecordProblem, span_order
from annotations.model import Article

if TYPE_CHECKING:
    from cassis import TypeSystem

NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
DOCUMENT_META_DATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
TYPE_SYSTEM_FILE = "TypeSystem.xml"


def type_system_xml() -> bytes:
    return resources.files("annotations.interop").joinpath("dkpro_typesystem.xml").read_bytes()


@cache
def hasiye_type_system() -> TypeSystem:
    from cassis import load_typesystem

    return load_typesystem(type_system_xml().decode("utf-8"))


def to_xmi(record: GoldRecord) -> str:
    """One article as CAS XMI (XML 1.0)."""
    from cassis import Cas

    type_system = hasiye_type_system()
    cas = Cas(type_system)
    text = record.article.text
    cas.sofa_string = text
    cas.sofa_mime = "text/plain"
    meta = type_system.get_type(DOCUMENT_META_DATA)
    cas.add(
        meta(
            begin=0,
            end=len(text),
            language="tr",
            documentId=record.article.id,
            documentTitle=record.article.title,
        )
    )
    entity = type_system.get_type(NAMED_ENTITY)
    for span in sorted(record.spans, key=span_order):
        cas.add(entity(begin=span.start, end=span.end, value=span.label, identifier=span.canonical))
    return cas.to_xmi()


def _type_system_for(path: Path) -> TypeSystem:
    beside = path.with_name(TYPE_SYSTEM_FILE)
    if beside.is_file():
        from cassis import load_typesystem

        with beside.open("rb") as handle:
            return load_typesystem(handle)
    return hasiye_type_system()


def from_xmi(path: Path, annotator: str) -> GoldRecord:
    """One article from an XMI file; RecordProblem when cassis cannot read it or a named entity
    has no label."""
    from cassis import load_cas_from_xmi

    try:
        type_system = _type_system_for(path)
        with path.open("rb") as handle:
            cas = load_cas_from_xmi(handle, typesystem=type_system, lenient=True)
    except Exception as error:  # cassis raises plain ValueError, TypeError, lxml errors...
        raise RecordProblem(
            f"cannot read it as UIMA CAS XMI ({type(error).__name__}: {error}); an XMI from "
            f"INCEpTION or WebAnno needs the {TYPE_SYSTEM_FILE} of its export beside it"
        ) from None
    text = cas.sofa_string or ""
    article_id, title = path.stem, ""
    if type_system.contains_type(DOCUMENT_META_DATA):
        for meta in cas.select(DOCUMENT_META_DATA):
            article_id = meta.get("documentId") or article_id
            title = meta.get("documentTitle") or ""
    spans = []
    if type_system.contains_type(NAMED_ENTITY):
        for entity in cas.select(NAMED_ENTITY):
            label = entity.get("value")
            if not label:
                raise RecordProblem(
                    f"named entity {entity.begin}-{entity.end} "
                    f"({text[entity.begin : entity.end]!r}) has no value (label)"
                )
            identifier = entity.get("identifier") if _has_feature(entity, "identifier") else None
            spans.append(
                GoldSpan(
                    entity.begin,
                    entity.end,
                    label,
                    text[entity.begin : entity.end],
                    annotator,
                    canonical=identifier or None,
                )
            )
    article = Article(id=article_id, title=title or text.split("\n", 1)[0][:120], text=text)
    return GoldRecord(article, spans)


def _has_feature(annotation: object, name: str) -> bool:
    return any(feature.name == name for feature in annotation.type.all_features)  # type: ignore[attr-defined]
