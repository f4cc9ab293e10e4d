"""What hasiye writes, it reads back the same (issue 17, items 7-9).

- YAML holds any Unicode string byte for byte: C0, C1, NEL, U+2028/2029, a BOM, lone combining
  marks, noncharacters (item 7).
- A span never starts or ends with whitespace; such a span is refused at import and by the store,
  naming the article and the span; every export of a valid store re-imports to the same spans, in
  every format, whatever odd characters the text holds (item 8).
- An entity linking spans of two labels (after a merge) stays one entity; a null value stays null
  (item 9).
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotations.conll import outermost
from annotations.dataset import GoldRecord, GoldSpan
from annotations.errors import InvalidSpan
from annotations.exporting import ExportReport, ExportSelection, export, write_yaml
from annotations.importers.dataset_readers import read_dataset
from annotations.importers.datasets import import_dataset
from annotations.model import Article, Entity, Span, Status
from annotations.store import Store

LABELS = ("PER", "ORG", "LOC", "DATE")
ODD = [
    "\x00", "\x07", "\x1b", "\r", "\t", "\x0b", "\x0c", "\x1c", "\x7f", "\x80", "\x85", "\x9b",
    "\xa0", "\u2028", "\u2029", "\ufeff", "\u200b", "\u200d", "\u202e", "\u0301", "\u0308",
    "\ufffe", "\uffff", "\U0001f600", "'", "’", "[/]", "-DOCSTART-", "\n", "\n\n", " ", "  ",
]  # fmt: skip
WORDS = ["Ali", "Veli", "İstanbul'da", "5.11.2025", "el-Hayye", "MİT'in", "ışık", "O", "B-PER"]
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


def pieces() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(ODD), st.sampled_from(WORDS), ANY_TEXT)


# Item 7: YAML keeps every string -------------------------------------------------------------


def yaml_round_trip(record: GoldRecord, entities: list[Entity], directory: Path) -> list:
    out = io.StringIO()
    write_yaml([record], out, ExportReport(), entities)
    path = directory / "data.yaml"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return list(read_dataset(path, "yaml", "importer"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(pieces(), max_size=8).map("".join),
    title=ANY_TEXT,
    source=ANY_TEXT,
    tag=ANY_TEXT,
    canonical=ANY_TEXT.filter(str.strip),
    article_id=ANY_TEXT.filter(str.strip),
)
@example(text="Ali\x85Veli geldi.", title="", source="", tag="", canonical="x", article_id="a")
@example(text="x\n\n", title="\n", source="\u2028", tag="\ufeff", canonical="\u0301", article_id="a\x85")
def test_yaml_holds_any_unicode_string_byte_for_byte(
    text, title, source, tag, canonical, article_id
):
    article = Article(article_id, title, text, "", "2025-11-05", source, (tag,), Status.DONE)
    spans = [GoldSpan(0, len(text), "PER", text, "ayse", 7, canonical)] if text.strip() == text and text else []
    record = GoldRecord(article, spans)
    entity = Entity(7, canonical, "PER", (canonical, title))
    with tempfile.TemporaryDirectory() as scratch:
        read = yaml_round_trip(record, [entity], Path(scratch))
    assert [type(item).__name__ for item in read] == ["Entity", "GoldRecord"], read
    back_entity, back = read
    assert back_entity == entity
    assert back.article == article
    assert [(s.start, s.end, s.text, s.canonical) for s in back.spans] == [
        (s.start, s.end, s.text, s.canonical) for s in spans
    ]


# Item 8: what a span may be, and every format keeps the spans --------------------------------


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [
        (3, 8, "' Veli' starts with whitespace"),
        (0, 4, "'Ali ' ends with whitespace"),
        (3, 4, "' ' is only whitespace"),
    ],
)
def test_the_store_refuses_a_span_with_whitespace_at_an_edge(store: Store, start, end, why):
    text = "Ali Veli geldi."
    store.save_articles([(Article("a1", "t", text), None)])
    with pytest.raises(InvalidSpan, match=f"article a1: span {start}-{end}: {why}"):
        store.add_span(Span("a1", start, end, "PER", text[start:end], "ayse"))
    assert store.spans_for("a1") == []


def test_import_refuses_a_span_with_leading_whitespace_naming_article_and_span(
    store: Store, tmp_path: Path
):
    path = tmp_path / "in.jsonl"
    spans = [{"start": 3, "end": 8, "label": "PER"}, {"start": 8, "end": 9, "label": "LOC"}]
    path.write_text(json.dumps({"id": "a1", "text": "Ali Veli geldi.", "spans": spans}) + "\n")
    report = import_dataset(store, path, "ayse", LABELS)
    assert not report.written and not store.has_article("a1")
    assert report.problems == [
        f"{path}:1: article a1: span 3-8 PER: text ' Veli' starts with whitespace; a span cannot",
        f"{path}:1: article a1: span 8-9 LOC: text ' ' is only whitespace; a span cannot",
    ]


@st.composite
def articles(draw):
    text = "".join(draw(st.lists(pieces(), min_size=1, max_size=12)))
    spans: list[tuple[int, int, str]] = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 30)))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end or any(
            (s, e) == (start, end)
            or s < end and start < e and not (s <= start and end <= e or start <= s and e <= end)
            for s, e, _ in spans
        ):
            continue
        spans.append((start, end, draw(st.sampled_from(LABELS))))
    return text, spans


def _exported(store: Store, format_name: str) -> str:
    out = io.StringIO()
    export(store, format_name, None, ExportSelection(), LABELS, stdout=out)
    return out.getvalue()


def _reimported(content: str, suffix: str, directory: Path) -> list[Span]:
    path = directory / f"data.{suffix}"
    path.write_text(content, encoding="utf-8", newline="")
    with Store(directory / f"{suffix}.db") as second:
        report = import_dataset(second, path, "ayse", LABELS)
        assert report.written and not report.problems, report.problems
        return [span for article_id in second.article_ids() for span in second.spans_for(article_id)]


def _exact(spans) -> list[tuple]:
    return sorted((span.start, span.end, span.label, span.surface) for span in spans)


def _ink(text: str) -> str:
    """The text without its whitespace: what CoNLL's tokens keep of a span."""
    return "".join(text.split())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
@example(("Ali Veli\ufeff geldi.", [(4, 8, "PER")]))
@example(("\ufeffAli Veli geldi.", [(1, 4, "PER")]))
def test_every_export_of_a_valid_store_reimports_to_the_same_spans(article):
    text, wanted = article
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        with Store(directory / "first.db") as store:
            store.save_articles([(Article("p1", "başlık", text, status=Status.DONE), None)])
            for start, end, label in wanted:
                store.add_span(Span("p1", start, end, label, text[start:end], "ayse"))
            stored = store.spans_for("p1")
            contents = {name: _exported(store, name) for name in ("jsonl", "yaml", "doccano", "conll")}
        for name, suffix in (("jsonl", "jsonl"), ("yaml", "yaml"), ("doccano", "json")):
            assert _exact(_reimported(contents[name], suffix, directory)) == _exact(stored), name
        # CoNLL holds the outermost spans, as tokens: same labels, same characters, in order.
        kept, _ = outermost(
            GoldSpan(span.start, span.end, span.label, span.surface, "ayse") for span in stored
        )
        back = sorted(_reimported(contents["conll"], "conll", directory), key=lambda s: s.start)
        assert [(s.label, _ink(s.surface)) for s in back] == [(s.label, _ink(s.text)) for s in kept]


# Item 9: an entity of merged labels, and a null value -------------------------------------------


def _merged_store(store: Store) -> None:
    text = "Ali Koç konuştu. Koç Holding açıkladı. 5 Kasım 2025 tarihinde."
    store.save_articles([(Article("a1", "t", text, status=Status.DONE), None)])
    person = store.put_entity(Entity(None, "Ali Koç", "PER"))
    company = store.put_entity(Entity(None, "Koç Holding", "ORG"))
    for surface, label, entity_id in (("Koç Holding", "ORG", company), ("Ali Koç", "PER", person)):
        start = text.index(surface)
        store.add_span(Span("a1", start, start + len(surface), label, surface, "ayse", entity_id))
    date_start = text.index("5 Kasım 2025")
    date = store.add_span(
        Span("a1", date_start, date_start + 12, "DATE", "5 Kasım 2025", "ayse", value="2025-11-05")
    )
    store.change_span(date, value=None)  # cleared with `=` and an empty value
    store.merge_entities(person, company)


@pytest.mark.parametrize("format_name", ["jsonl", "yaml"])
def test_a_merged_entity_and_a_cleared_value_come_back_as_they_were(
    store: Store, tmp_path: Path, format_name: str
):
    _merged_store(store)
    content = _exported(store, format_name)
    path = tmp_path / f"gold.{format_name}"
    path.write_text(content, encoding="utf-8")
    for again in (False, True):  # into an empty database, then over it with --replace
        with Store(tmp_path / "second.db") as second:
            report = import_dataset(second, path, "ayse", LABELS, replace=again)
            assert report.written and not report.problems, report.problems
            [entity] = list(second.entities())
            spans = second.spans_for("a1")
            assert sorted((s.label, s.entity_id) for s in spans if s.label != "DATE") == [
                ("ORG", entity.id),
                ("PER", entity.id),
            ]
            assert [s.value for s in spans if s.label == "DATE"] == [None]
            assert _exported(second, format_name) == content


def test_a_name_without_an_id_still_makes_one_entity_per_label(store: Store, tmp_path: Path):
    path = tmp_path / "foreign.jsonl"
    spans = [
        {"start": 0, "end": 6, "label": "LOC", "canonical": "Ankara"},
        {"start": 12, "end": 18, "label": "ORG", "canonical": "Ankara"},
    ]
    record = {"id": "f1", "text": "Ankara dedi Ankara.", "spans": spans}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert import_dataset(store, path, "ayse", LABELS).written
    assert sorted((e.canonical, e.label) for e in store.entities()) == [
        ("Ankara", "LOC"),
        ("Ankara", "ORG"),
    ]
