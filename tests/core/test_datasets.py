"""Gold datasets: export and import in every format, the checks, and lossless round trips."""

from __future__ import annotations

import io
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from annotations.conll import read_documents, rebuild, to_conll, tokens_of
from annotations.dataset import GoldSpan
from annotations.errors import ExportError
from annotations.exporting import ExportSelection, export, export_entities
from annotations.importers.datasets import import_dataset
from annotations.model import Article, Span, Status
from annotations.store import Store

LABELS = ("PER", "ORG", "LOC", "DATE")
TEXT = (
    "MİT Başkanı İbrahim Kalın, Hamas Siyasi Bürosu Başkanı Halil Hayye'yi 5 Kasım 2025'te "
    "İstanbul'da kabul etti.\nHayye, Kalın'a teşekkür etti. \x1b[31m [bold]son[/]"
)


def at(surface: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(surface, start + 1)
    return start, start + len(surface)


def span(surface: str, label: str, occurrence: int = 0, **extra) -> Span:
    start, end = at(surface, occurrence)
    return Span("a1", start, end, label, surface, extra.pop("annotator", "ayse"), **extra)


@pytest.fixture
def annotated(store: Store) -> Store:
    store.save_articles(
        [
            (
                Article(
                    "a1",
                    "Kalın Hayye'yi kabul etti",
                    TEXT,
                    summary="Özet.",
                    date="2025-11-05",
                    source="DHA",
                    tags=("Hamas", "MİT"),
                ),
                None,
            ),
            (Article("a2", "Boş", "Hiç etiket yok."), None),
        ]
    )
    store.set_status("a1", Status.DONE)
    hayye = store.add_entity("Halil Hayye", "PER", ["Hayye"])
    store.add_span(span("İbrahim Kalın", "PER"))
    store.add_span(span("Hamas Siyasi Bürosu", "ORG"))
    store.add_span(span("Hamas", "ORG"))  # nested, same label
    store.add_span(span("Halil Hayye", "PER", entity_id=hayye.id))
    store.add_span(span("Hayye", "PER", 1, entity_id=hayye.id))
    store.add_span(span("5 Kasım 2025", "DATE", value="2025-11-05"))
    store.add_span(span("İstanbul", "LOC"))
    store.add_span(span("Kalın", "PER", 1, annotator="mehmet"))
    return store


def exported(store: Store, format_name: str, **selection) -> str:
    out = io.StringIO()
    # Every layer (ayse's and mehmet's): these tests are about the formats, not the gold layer.
    selection = {"layers": "all", **selection}
    export(store, format_name, None, ExportSelection(**selection), LABELS, stdout=out)
    return out.getvalue()


def import_text(store: Store, tmp_path: Path, name: str, content: str, **options):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", newline="")
    return import_dataset(store, path, "ayse", LABELS, **options)


# JSONL -------------------------------------------------------------------------------------------


def test_jsonl_has_one_article_per_line_with_offsets_and_links(annotated: Store):
    lines = exported(annotated, "jsonl").splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert list(record) == [
        "id", "title", "date", "source", "tags", "status", "summary", "text", "spans",
    ]  # fmt: skip
    assert record["text"] == TEXT and record["status"] == "done"
    spans = record["spans"]
    # Text order, the outer span before the inner one at the same start.
    assert [item["text"] for item in spans] == [
        "İbrahim Kalın",
        "Hamas Siyasi Bürosu",
        "Hamas",
        "Halil Hayye",
        "5 Kasım 2025",
        "İstanbul",
        "Hayye",
        "Kalın",
    ]
    for item in spans:
        assert TEXT[item["start"] : item["end"]] == item["text"]
    hayye = [item for item in spans if item["text"] == "Halil Hayye"][0]
    assert hayye["canonical"] == "Halil Hayye" and hayye["entity_id"] == 1
    assert [item["value"] for item in spans if item["label"] == "DATE"] == ["2025-11-05"]
    assert {item["annotator"] for item in spans} == {"ayse", "mehmet"}


@pytest.mark.parametrize("format_name", ["jsonl", "yaml"])
def test_export_import_export_is_byte_identical(annotated: Store, tmp_path: Path, format_name):
    first = exported(annotated, format_name)
    with Store(tmp_path / "empty.db") as empty:
        report = import_text(empty, tmp_path, f"data.{format_name}", first)
        assert report.written and report.problems == []
        assert report.added == 2 and report.spans == 8
        assert exported(empty, format_name) == first
        assert empty.get_article("a1").status is Status.DONE


def test_yaml_is_reviewable(annotated: Store):
    text = exported(annotated, "yaml")
    assert text.startswith("entities:\n- id: 1\n  canonical: Halil Hayye\n")
    assert "\narticles:\n- id: a1\n" in text
    assert "  - start: " in text and "    text: Halil Hayye\n" in text


def test_selection_by_status_label_annotator_and_article(annotated: Store):
    assert [json.loads(x)["id"] for x in exported(annotated, "jsonl", status=Status.DONE).splitlines()] == ["a1"]
    only_loc = json.loads(exported(annotated, "jsonl", labels=("LOC",)).splitlines()[0])
    assert [s["text"] for s in only_loc["spans"]] == ["İstanbul"]
    mehmet = json.loads(exported(annotated, "jsonl", annotator="mehmet").splitlines()[0])
    assert [s["text"] for s in mehmet["spans"]] == ["Kalın"]
    assert [json.loads(x)["id"] for x in exported(annotated, "jsonl", article_ids=("a2",)).splitlines()] == ["a2"]
    with pytest.raises(ExportError, match="no article with id 'zz'"):
        exported(annotated, "jsonl", article_ids=("zz",))


def test_a_bad_span_stops_the_export_and_writes_nothing(annotated: Store, tmp_path: Path):
    # A span whose surface no longer matches (written behind the store's back).
    annotated._execute("UPDATE spans SET surface = 'Kahire' WHERE label = 'LOC'")
    annotated.db.conn.commit()
    target = tmp_path / "out.jsonl"
    target.write_text("the previous export\n")
    with pytest.raises(ExportError, match=r"article a1: span \d+-\d+ LOC: text 'Kahire' does not match"):
        export(annotated, "jsonl", target, ExportSelection(layers="all"), LABELS)
    assert target.read_text() == "the previous export\n"
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".partial")]
    out = io.StringIO()
    with pytest.raises(ExportError):
        export(annotated, "jsonl", None, ExportSelection(layers="all"), LABELS, stdout=out)
    assert out.getvalue() == ""  # checked before the first byte reaches the pipe


def test_an_exported_file_has_an_ordinary_files_mode(annotated: Store, tmp_path: Path):
    target = tmp_path / "gold.jsonl"
    export(annotated, "jsonl", target, ExportSelection(layers="all"), LABELS)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_an_unknown_label_stops_the_export(annotated: Store):
    with pytest.raises(ExportError, match="unknown label 'LOC'"):
        export(annotated, "jsonl", None, ExportSelection(layers="all"), ("PER", "ORG", "DATE"), stdout=io.StringIO())


def test_entities_file(annotated: Store, tmp_path: Path):
    assert export_entities(annotated, tmp_path / "entities.jsonl") == 1
    [entity] = [json.loads(line) for line in (tmp_path / "entities.jsonl").read_text().splitlines()]
    assert entity == {
        "id": 1,
        "canonical": "Halil Hayye",
        "label": "PER",
        "aliases": ["Halil Hayye", "Hayye"],
        "external_id": None,
    }


# Import checks -----------------------------------------------------------------------------------


def native_line(**changes) -> str:
    record = {
        "id": "x1",
        "text": "Halil Hayye Kahire'de.",
        "spans": [{"start": 0, "end": 11, "label": "PER", "text": "Halil Hayye"}],
    }
    record.update(changes)
    return json.dumps(record, ensure_ascii=False)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "not valid JSON"),
        (native_line(spans=[{"start": 0, "end": 99, "label": "PER", "text": "x"}]), "offsets outside the text"),
        (native_line(spans=[{"start": 0, "end": 5, "label": "PER", "text": "Hayye"}]), "text 'Hayye' does not match"),
        (native_line(spans=[{"start": 0, "end": 11, "label": "KISI", "text": "Halil Hayye"}]), "unknown label 'KISI'"),
        (
            native_line(
                spans=[
                    {"start": 0, "end": 11, "label": "PER", "text": "Halil Hayye"},
                    {"start": 6, "end": 18, "label": "LOC", "text": "Hayye Kahire"},
                ]
            ),
            "crosses span 0-11 PER",
        ),
        (native_line(spans=[{"start": "0", "end": 11, "label": "PER"}]), "field 'start' must be int"),
        (native_line(text=None), "missing field 'text'"),
        (native_line(status="bitti"), "status 'bitti' is not one of"),
    ],
)
def test_each_problem_is_reported_with_file_and_line_and_nothing_is_written(
    store: Store, tmp_path: Path, bad_line: str, message: str
):
    good = native_line(id="ok")
    report = import_text(store, tmp_path, "data.jsonl", f"{good}\n\n{bad_line}\n")
    assert not report.written
    assert len(report.problems) == 1
    assert report.problems[0].startswith(f"{tmp_path / 'data.jsonl'}:3: ")
    assert message in report.problems[0]
    assert store.article_count() == 0  # the sound record did not go in either


def test_skip_invalid_imports_the_sound_records(store: Store, tmp_path: Path):
    content = "\n".join([native_line(id="ok"), "{oops", native_line(id="ok")]) + "\n"
    report = import_text(store, tmp_path, "data.jsonl", content, skip_invalid=True)
    assert report.written and report.added == 1
    assert [problem.split(": ", 1)[0][-1] for problem in report.problems] == ["2", "3"]
    assert "repeats the one on line 1" in report.problems[1]
    assert [span.surface for span in store.spans_for("ok")] == ["Halil Hayye"]


def test_unknown_labels_can_be_added_and_are_then_known_to_export(store: Store, tmp_path: Path):
    line = native_line(spans=[{"start": 0, "end": 11, "label": "KISI", "text": "Halil Hayye"}])
    report = import_text(store, tmp_path, "data.jsonl", line + "\n", add_labels=True)
    assert report.written and report.new_labels == {"KISI"}
    assert json.loads(exported(store, "jsonl"))["spans"][0]["label"] == "KISI"


def test_an_article_already_stored_needs_replace(store: Store, tmp_path: Path):
    import_text(store, tmp_path, "one.jsonl", native_line() + "\n")
    again = native_line(spans=[])
    report = import_text(store, tmp_path, "two.jsonl", again + "\n")
    assert not report.written and "already in the database" in report.problems[0]
    assert len(store.spans_for("x1")) == 1
    report = import_text(store, tmp_path, "two.jsonl", again + "\n", replace=True)
    assert report.written and report.replaced == 1 and store.spans_for("x1") == []


def test_an_imported_span_without_annotator_is_the_importers(store: Store, tmp_path: Path):
    import_text(store, tmp_path, "data.jsonl", native_line() + "\n")
    assert [span.annotator for span in store.spans_for("x1")] == ["ayse"]


def test_canonical_names_create_or_reuse_entities(store: Store, tmp_path: Path):
    line = native_line(
        text="Halil Hayye ve Hayye.",
        spans=[
            {"start": 0, "end": 11, "label": "PER", "text": "Halil Hayye", "canonical": "Halil Hayye"},
            {"start": 15, "end": 20, "label": "PER", "text": "Hayye", "canonical": "Halil Hayye"},
        ],
    )
    import_text(store, tmp_path, "data.jsonl", line + "\n")
    [entity] = list(store.entities())
    assert entity.canonical == "Halil Hayye" and set(entity.aliases) == {"Halil Hayye", "Hayye"}
    assert {span.entity_id for span in store.spans_for("x1")} == {entity.id}


def test_yaml_problems_name_the_line(store: Store, tmp_path: Path):
    content = "entities: []\narticles:\n- id: y1\n  text: kısa\n  spans:\n  - {start: 0, end: 9, label: PER}\n"
    report = import_text(store, tmp_path, "data.yaml", content)
    assert report.problems == [f"{tmp_path / 'data.yaml'}:3: article y1: span 0-9 PER: offsets outside the text (length 4) or empty"]
    broken = import_text(store, tmp_path, "broken.yaml", "articles:\n- id: [\n")
    assert broken.problems[0].startswith(f"{tmp_path / 'broken.yaml'}:") and "not valid YAML" in broken.problems[0]


def test_yaml_is_loaded_safely(store: Store, tmp_path: Path):
    content = "articles:\n- !!python/object/apply:os.system ['echo hacked']\n"
    report = import_text(store, tmp_path, "evil.yaml", content)
    assert not report.written and "not valid YAML" in report.problems[0]


# doccano -----------------------------------------------------------------------------------------


def test_doccano_out_and_in(annotated: Store, tmp_path: Path):
    lines = exported(annotated, "doccano", annotator="ayse").splitlines()
    record = json.loads(lines[0])
    assert set(record) == {"id", "text", "label"}
    assert [TEXT[s:e] for s, e, _ in record["label"]][:2] == ["İbrahim Kalın", "Hamas Siyasi Bürosu"]
    with Store(tmp_path / "other.db") as other:
        report = import_text(other, tmp_path, "doccano.jsonl", "\n".join(lines) + "\n")
        assert report.written and report.spans == 7
        assert [(s.label, s.surface) for s in other.spans_for("a1")] == [
            (s.label, s.surface) for s in annotated.spans_for("a1") if s.annotator == "ayse"
        ]
    bad = import_text(annotated, tmp_path, "bad.jsonl", '{"text": "abc", "label": [[0, 9, "PER"]]}\n')
    assert "offsets outside the text" in bad.problems[0]


# CoNLL -------------------------------------------------------------------------------------------


def test_tokens_split_suffixes_and_keep_dates_times_and_hyphenated_names():
    text = "Erdoğan'a 'Gazze' 5.11.2025 20:20'de el-Hayye, (AA) Türkiye’nin?"
    assert [text[a:b] for a, b in tokens_of(text)] == [
        "Erdoğan", "'a", "'", "Gazze", "'", "5.11.2025", "20:20", "'de", "el-Hayye", ",",
        "(", "AA", ")", "Türkiye", "’nin", "?",
    ]  # fmt: skip


def test_conll_outermost_wins_and_inner_spans_are_counted():
    text = "Hamas Siyasi Bürosu Başkanı Halil Hayye'nin açıklaması. Sonra döndü."
    spans = [
        GoldSpan(0, 19, "ORG", "Hamas Siyasi Bürosu", "a"),
        GoldSpan(0, 5, "ORG", "Hamas", "a"),
        GoldSpan(28, 39, "PER", "Halil Hayye", "a"),
    ]
    result = to_conll(text, spans)
    assert result.left_out == 1
    assert result.sentences[0][:8] == [
        ("Hamas", "B-ORG"), ("Siyasi", "I-ORG"), ("Bürosu", "I-ORG"), ("Başkanı", "O"),
        ("Halil", "B-PER"), ("Hayye", "I-PER"), ("'nin", "O"), ("açıklaması", "O"),
    ]  # fmt: skip
    assert result.sentences[1] == [("Sonra", "O"), ("döndü", "O"), (".", "O")]


def test_conll_round_trip_keeps_tokens_and_tags(annotated: Store, tmp_path: Path):
    first = exported(annotated, "conll")
    assert first.startswith("-DOCSTART- -X- O O\n\n")
    with Store(tmp_path / "other.db") as other:
        report = import_text(other, tmp_path, "data.conll", first)
        assert report.written, report.problems
        assert exported(other, "conll") == first


def test_a_conll_file_made_elsewhere_imports(store: Store, tmp_path: Path):
    # IOB1 (I- opens an entity), space separated, BOM, CRLF, no -DOCSTART-, extra columns.
    content = (
        "\ufeffAlmanya NNP I-LOC\r\n'nın X O\r\nbaşkenti NN O\r\nBerlin NNP I-LOC\r\n. . O\r\n\r\n"
        "Angela NNP I-PER\r\nMerkel NNP I-PER\r\nkonuştu VB O\r\n"
    )
    report = import_text(store, tmp_path, "foreign.conll", content)
    assert report.written and report.added == 1
    article = store.get_article("foreign-0001")
    assert article.text == "Almanya 'nın başkenti Berlin .\nAngela Merkel konuştu"
    assert [(s.label, s.surface) for s in store.spans_for("foreign-0001")] == [
        ("LOC", "Almanya"),
        ("LOC", "Berlin"),
        ("PER", "Angela Merkel"),
    ]


def test_a_bad_conll_tag_names_its_line(store: Store, tmp_path: Path):
    report = import_text(store, tmp_path, "bad.conll", "-DOCSTART-\tO\n\nAnkara\tB-LOC\nde\tX-LOC\n")
    assert report.problems == [f"{tmp_path / 'bad.conll'}:4: tag 'X-LOC' is not O or B-, I-, E-, S- and a label (IOB, IOB2, BIOES)"]
    assert store.article_count() == 0


def test_conll_reader_rebuilds_text_from_tokens():
    lines = ["-DOCSTART- -X- O O\n", "\n", "Almanya\tB-LOC\n", "'nın\tO\n", "lideri\tO\n"]
    [document] = list(read_documents(lines))
    text, spans = rebuild(document, "a")
    assert text == "Almanya 'nın lideri"
    assert [(s.start, s.end, s.text) for s in spans] == [(0, 7, "Almanya")]


def test_spacy_loads_every_span_when_installed(annotated: Store):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("tr")
    for line in exported(annotated, "jsonl").splitlines():
        record = json.loads(line)
        doc = nlp.make_doc(record["text"])
        for item in record["spans"]:
            piece = doc.char_span(item["start"], item["end"], label=item["label"], alignment_mode="expand")
            assert piece is not None and item["text"] in piece.text


def test_spans_keep_their_values_through_import(annotated: Store, tmp_path: Path):
    with Store(tmp_path / "other.db") as other:
        import_text(other, tmp_path, "data.jsonl", exported(annotated, "jsonl"))
        [date] = [s for s in other.spans_for("a1") if s.label == "DATE"]
        assert date.value == "2025-11-05"
        assert replace(date, id=None, created=None, updated=None).surface == "5 Kasım 2025"


def test_a_record_with_metadata_passes_one_with_foreign_annotations_does_not():
    from annotations.dataset import RecordProblem, record_kind

    base = {"id": "a", "text": "Erdoğan", "spans": []}
    assert record_kind({**base, "metadata": {"url": "x"}, "keywords": ["a", "b"]}) == "native"
    assert record_kind({"text": "x", "label": [[0, 1, "PER"]]}) == "doccano"
    assert record_kind({"data": {"text": "x"}, "annotations": []}) == "label-studio"
    with pytest.raises(RecordProblem, match="unknown annotation field\\(s\\) 'ents'"):
        record_kind({**base, "ents": [{"start": 0, "end": 7, "label": "PER"}]})


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("-999", "expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-Www or START/END"),
        ("2025-02-30", "no such date: 2025-02-30"),
    ],
)
def test_an_imported_date_value_that_is_no_date_is_a_problem_of_its_line(
    store: Store, tmp_path: Path, value: str, why: str
):
    """A value is kept as the file says (not worked out again): a wrong one must not go in."""
    spans = [{"start": 12, "end": 18, "label": "DATE", "text": "Kahire", "value": value}]
    report = import_text(store, tmp_path, "dates.jsonl", native_line(spans=spans) + "\n")
    assert report.problems == [
        f"{tmp_path / 'dates.jsonl'}:1: article x1: span 12-18 DATE: value {value!r} is not a "
        f"date value ({why})"
    ]
    assert store.article_count() == 0
    fine = [{**spans[0], "value": "2025-11-05"}]
    assert import_text(store, tmp_path, "fine.jsonl", native_line(spans=fine) + "\n").written
