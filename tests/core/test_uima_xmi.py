"""UIMA CAS XMI for INCEpTION / WebAnno, checked by loading hasiye's export with dkpro-cassis and
the TypeSystem.xml written beside it: every named entity with its exact offsets and label."""

from __future__ import annotations

from pathlib import Path

import pytest
from cassis import Cas, load_cas_from_xmi, load_typesystem

from annotations.errors import ExportError
from annotations.exporting import ExportSelection, export
from annotations.importers.datasets import import_dataset
from annotations.interop.uima_xmi import DOCUMENT_META_DATA, NAMED_ENTITY
from annotations.model import Article, Span
from annotations.store import Store

LABELS = ["PER", "ORG", "LOC", "DATE"]


def load(folder: Path, stem: str) -> Cas:
    with (folder / "TypeSystem.xml").open("rb") as handle:
        type_system = load_typesystem(handle)
    with (folder / f"{stem}.xmi").open("rb") as handle:
        return load_cas_from_xmi(handle, typesystem=type_system)


def test_every_gold_span_loads_in_cassis_with_its_exact_offsets(gold_store: Store, tmp_path):
    folder = tmp_path / "xmi"
    report = export(gold_store, "xmi", folder, ExportSelection(), LABELS)
    assert report.spans == 93
    names = gold_store.entity_names()
    loaded = 0
    for article_id in gold_store.article_ids():
        cas = load(folder, article_id)
        text = gold_store.get_article(article_id).text
        assert cas.sofa_string == text
        (meta,) = cas.select(DOCUMENT_META_DATA)
        assert meta.documentId == article_id
        got = {
            (e.begin, e.end, e.value, e.get_covered_text(), e.identifier)
            for e in cas.select(NAMED_ENTITY)
        }
        expected = {
            (s.start, s.end, s.label, s.surface,
             names[s.entity_id][0] if s.entity_id is not None else None)
            for s in gold_store.spans_for(article_id)
        }  # fmt: skip
        assert got == expected
        loaded += len(got)
    assert loaded == 93


def test_offsets_after_an_emoji_are_right_for_java_and_python(store: Store, tmp_path: Path):
    text = "🇹🇷 Erdoğan'a 😀 İstanbul’da"
    store.save_articles([(Article(id="emoji", title="emoji", text=text), None)])
    start = text.index("İstanbul")
    store.replace_article(
        store.get_article("emoji"),
        [Span("emoji", start, start + 8, "LOC", "İstanbul", "me")],
        "test",
    )
    folder = tmp_path / "out"
    export(store, "xmi", folder, ExportSelection(), LABELS)
    raw = (folder / "emoji.xmi").read_text(encoding="utf-8")
    utf16_start = len(text[:start].encode("utf-16-le")) // 2
    assert f'begin="{utf16_start}"' in raw  # what INCEpTION (Java) reads
    (entity,) = load(folder, "emoji").select(NAMED_ENTITY)
    assert (entity.begin, entity.get_covered_text()) == (start, "İstanbul")
    with Store(tmp_path / "again.db") as again:
        assert import_dataset(again, folder, "me", LABELS, format_name="xmi").written
        (span,) = again.spans_for("emoji")
        assert (span.start, span.end, span.surface) == (start, start + 8, "İstanbul")


def test_xmi_round_trips_through_hasiye(gold_store: Store, tmp_path: Path):
    folder = tmp_path / "xmi"
    export(gold_store, "xmi", folder, ExportSelection(), LABELS)
    with Store(tmp_path / "again.db") as again:
        report = import_dataset(again, folder, "gold", LABELS, format_name="xmi")
        assert report.written and report.added == 2 and report.spans == 93
        for article_id in gold_store.article_ids():
            key = lambda s: (s.start, s.end, s.label, s.surface)  # noqa: E731
            assert sorted(map(key, again.spans_for(article_id))) == sorted(
                map(key, gold_store.spans_for(article_id))
            )


def test_a_text_xml_cannot_carry_is_refused_naming_it(store: Store, tmp_path: Path):
    store.save_articles([(Article(id="esc", title="esc", text="a \x1b[31m b"), None)])
    folder = tmp_path / "out"
    with pytest.raises(ExportError, match=r"article esc: its text holds U\+001B at offset 2"):
        export(store, "xmi", folder, ExportSelection(), LABELS)
    assert not folder.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("corpus.db")] == []


def test_an_xmi_of_unknown_types_is_refused_with_a_message(store: Store, tmp_path: Path):
    path = tmp_path / "broken.xmi"
    path.write_text('<?xml version="1.0"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI" '
                    'xmlns:cas="http:///uima/cas.ecore"><cas:Sofa', encoding="utf-8")  # fmt: skip
    report = import_dataset(store, path, "me", LABELS)
    assert not report.written
    assert "cannot read it as UIMA CAS XMI" in report.problems[0]
