"""brat standoff in and out, checked with brat's own example files and with bratly, a brat reader
from the package registry: every span it reads from hasiye's export has its exact offsets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bratly import EntityAnnotation, NoteAnnotation
from bratly.io import read_and_load_ann_file

from annotations.exporting import ExportSelection, export
from annotations.importers.datasets import import_dataset
from annotations.store import Store
from tests.conftest import REPO

BRAT_EXAMPLES = REPO / "tests" / "data" / "brat"
LABELS = ["PER", "ORG", "LOC", "DATE"]


def brat_entities(folder: Path, stem: str) -> tuple[str, list[EntityAnnotation], dict]:
    """What bratly reads from one exported pair: the text, its entities, the notes by entity."""
    text = (folder / f"{stem}.txt").read_text(encoding="utf-8")
    collection = read_and_load_ann_file(
        str(folder / f"{stem}.ann"), no_duplicates=False, sorting=False, renumerotize=False
    )
    assert collection is not None
    entities = [a for a in collection.annotations if isinstance(a, EntityAnnotation)]
    notes = {
        a.component.id: a.value for a in collection.annotations if isinstance(a, NoteAnnotation)
    }
    return text, entities, notes


def test_every_gold_span_loads_in_bratly_with_its_exact_offsets(gold_store: Store, tmp_path):
    folder = tmp_path / "brat"
    report = export(gold_store, "brat", folder, ExportSelection(), LABELS)
    assert report.spans == 93
    loaded = 0
    for article in map(gold_store.get_article, gold_store.article_ids()):
        text, entities, notes = brat_entities(folder, article.id)
        assert text == article.text
        expected = {
            (span.start, span.end, span.label, span.surface) for span in gold_store.spans_for(article.id)
        }
        got = set()
        for entity in entities:
            assert len(entity.fragments) == 1
            start, end = entity.fragments[0].start, entity.fragments[0].end
            assert text[start:end] == entity.content
            got.add((start, end, entity.label, entity.content))
        assert got == expected
        loaded += len(got)
        names = gold_store.entity_names()
        for span, entity in zip(sorted(gold_store.spans_for(article.id), key=lambda s: (s.start, -s.end)), entities):
            if span.entity_id is not None:
                assert notes[entity.id] == names[span.entity_id][0]
    assert loaded == 93
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    assert conf.startswith("[entities]\nDATE\nLOC\nORG\nPER\n")


def test_brats_own_example_imports_with_its_offsets(store: Store, tmp_path):
    report = import_dataset(
        store, BRAT_EXAMPLES / "040-text_span_annotation.ann", "me", LABELS, add_labels=True,
        format_name="brat",
    )
    assert report.written and report.added == 1 and report.spans == 3
    article = store.get_article("040-text_span_annotation")
    assert article.text == (BRAT_EXAMPLES / "040-text_span_annotation.txt").read_text(encoding="utf-8")
    spans = [(s.start, s.end, s.label, s.surface) for s in store.spans_for(article.id)]
    assert spans == [(214, 217, "Protein", "p53"), (219, 224, "Protein", "c-Rel"),
                     (229, 234, "Protein", "Foxp3")]  # fmt: skip


def test_relations_and_events_are_refused_naming_them(store: Store):
    report = import_dataset(
        store, BRAT_EXAMPLES / "110-note_annotation.ann", "me", LABELS, add_labels=True,
        format_name="brat",
    )
    assert not report.written and store.article_count(None) == 0
    assert len(report.problems) == 1
    assert "brat events (E1) are not read by hasiye" in report.problems[0]


def pair(folder: Path, stem: str, text: str, ann: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.txt").write_text(text, encoding="utf-8", newline="")
    (folder / f"{stem}.ann").write_text(ann, encoding="utf-8", newline="")
    return folder / f"{stem}.ann"


def test_notes_name_the_entity_and_discontinuous_spans_are_refused(store: Store, tmp_path):
    text = "MİT Başkanı İbrahim Kalın Kahire'de.\nİkinci satır"
    ann = pair(tmp_path / "a", "haber", text,
               "T1\tORG 0 3\tMİT\nT2\tPER 12 25\tİbrahim Kalın\n"
               "#1\tAnnotatorNotes T2\tİbrahim Kalın\nT3\tLOC 26 32\tKahire\n")  # fmt: skip
    report = import_dataset(store, ann, "me", LABELS)
    assert report.written and report.spans == 3
    (kalin,) = [s for s in store.spans_for("haber") if s.label == "PER"]
    assert store.entity_names()[kalin.entity_id][0] == "İbrahim Kalın"

    broken = pair(tmp_path / "b", "parca", text, "T1\tPER 12 19;20 25\tİbrahim Kalın\n")
    report = import_dataset(store, broken, "me", LABELS)
    assert not report.written
    assert "a discontinuous span (12 19;20 25)" in report.problems[0]


def test_a_span_over_a_line_break_goes_out_as_fragments_and_comes_back_whole(tmp_path):
    with Store(tmp_path / "one.db") as store:
        text = "Milli İstihbarat\nTeşkilatı açıkladı"
        folder = tmp_path / "in"
        pair(folder, "satir", text, "")
        (folder / "satir.ann").write_text("T1\tORG 0 16;17 26\tMilli İstihbarat Teşkilatı\n")
        report = import_dataset(store, folder, "me", LABELS, format_name="brat")
        assert report.written, report.problems
        (span,) = store.spans_for("satir")
        assert (span.start, span.end, span.surface) == (0, 26, "Milli İstihbarat\nTeşkilatı")
        out = tmp_path / "out"
        export(store, "brat", out, ExportSelection(), LABELS)
        _, (entity,), _ = brat_entities(out, "satir")
        assert [(f.start, f.end) for f in entity.fragments] == [(0, 16), (17, 26)]


def test_a_folder_of_pairs_round_trips_ids_included(gold_store: Store, tmp_path):
    folder = tmp_path / "brat"
    export(gold_store, "brat", folder, ExportSelection(), LABELS)
    shutil.copy(BRAT_EXAMPLES / "README.md", folder / "README.md")  # other files are left alone
    with Store(tmp_path / "again.db") as again:
        report = import_dataset(again, folder, "gold", LABELS, format_name="brat")
        assert report.written and report.added == 2 and report.spans == 93
        for article in map(gold_store.get_article, gold_store.article_ids()):
            assert again.get_article(article.id).text == article.text
            key = lambda s: (s.start, s.end, s.label, s.surface)  # noqa: E731
            assert sorted(map(key, again.spans_for(article.id))) == sorted(
                map(key, gold_store.spans_for(article.id))
            )


@pytest.mark.parametrize("article_id", ["a/b", ".gizli", "yüzde%50", "İstanbul haber"])
def test_an_id_that_is_no_file_name_is_encoded_and_decoded(article_id: str):
    from annotations.interop.brat import article_id_of, file_stem

    stem = file_stem(article_id)
    assert "/" not in stem and not stem.startswith(".")
    assert article_id_of(stem) == article_id


def test_brat_needs_a_folder_and_leaves_a_non_empty_one_alone(gold_store: Store, tmp_path):
    from annotations.errors import ExportError

    with pytest.raises(ExportError, match="give -o FOLDER"):
        export(gold_store, "brat", None, ExportSelection(), LABELS)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="not an empty folder"):
        export(gold_store, "brat", busy, ExportSelection(), LABELS)
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_t_line_whose_text_is_not_the_txts_is_refused(store: Store, tmp_path):
    text = "MİT Başkanı İbrahim Kalın"
    ann = pair(tmp_path, "degisti", text, "T1\tORG 0 3\tMİT\nT2\tPER 12 19\tKalın\nT1\tORG 0 3\tMİT\n")
    report = import_dataset(store, ann, "me", LABELS)
    assert report.problems == [
        f"{ann}: degisti.ann: .ann line 2: T2's text 'Kalın' does not match the .txt at 12 19 "
        "('İbrahim'); was the .txt changed?"
    ]
    (tmp_path / "degisti.ann").write_text("T1\tORG 0 3\tMİT\nT1\tORG 0 3\tMİT\n", encoding="utf-8")
    report = import_dataset(store, ann, "me", LABELS)
    assert report.problems == [f"{ann}: degisti.ann: .ann line 2: T1 again (line 1)"]
    assert store.article_count(None) == 0
