"""hasiye import on files it used to swallow as plain text (issue 15): each is read as what it is,
or refused whole with one line naming the format and what to do; --format and standard input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.store import Store
from tests.conftest import REPO
from tui.cli import main

BRAT_EXAMPLES = REPO / "tests" / "data" / "brat"
WEBANNO = (
    "#FORMAT=WebAnno TSV 3.3\n#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value\n"
    "\n\n#Text=Erdoğan Ankara'da.\n1-1\t0-7\tErdoğan\tPER\n1-2\t8-14\tAnkara\tLOC\n"
    "1-3\t14-17\t'da\t_\n1-4\t17-18\t.\t_\n"
)
RECORD = {"id": "a1", "text": "Erdoğan Ankara'da.", "spans": [{"start": 0, "end": 7, "label": "PER"}]}


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()
    db = tmp_path / "corpus.db"

    def invoke(*arguments: str, input: str | None = None):
        return runner.invoke(main, ["--db", str(db), "--annotator", "ayse", *arguments], input=input)

    invoke.db = db  # type: ignore[attr-defined]
    return invoke


def article_ids(db: Path) -> list[str]:
    if not db.exists():
        return []
    with Store(db) as store:
        return store.article_ids()


def test_a_brat_ann_is_read_as_brat_not_as_an_article(run, tmp_path: Path):
    result = run("import", "--add-labels", str(BRAT_EXAMPLES / "040-text_span_annotation.ann"))
    assert result.exit_code == 0, result.stderr
    assert "1 added, 0 replaced, 3 span(s)" in result.stdout
    with Store(run.db) as store:
        assert [s.surface for s in store.spans_for("040-text_span_annotation")] == [
            "p53", "c-Rel", "Foxp3"]  # fmt: skip


@pytest.mark.parametrize("name", ["haber.tsv", "haber.txt", "haber"])
def test_webanno_tsv_is_refused_with_what_to_do(run, tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_text(WEBANNO, encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"hasiye: {path}: WebAnno TSV: hasiye does not read it; export the documents from "
        "INCEpTION or WebAnno as UIMA CAS XMI and import the .xmi files\n"
    )
    assert article_ids(run.db) == []


def test_xmi_is_read_now(run, tmp_path: Path):
    from annotations.dataset import GoldRecord, GoldSpan
    from annotations.interop.uima_xmi import to_xmi
    from annotations.model import Article

    record = GoldRecord(Article(id="x1", title="t", text="Erdoğan Ankara'da."),
                        [GoldSpan(8, 14, "LOC", "Ankara", "me")])  # fmt: skip
    path = tmp_path / "inception-export.txt"  # a misleading name: the content tells
    path.write_text(to_xmi(record), encoding="utf-8")
    refused = run("import", str(path))
    assert refused.exit_code == 1
    assert "looks like UIMA CAS XMI: not imported as text" in refused.stderr
    right = tmp_path / "doc.xmi"
    right.write_text(to_xmi(record), encoding="utf-8")
    result = run("import", str(right))
    assert result.exit_code == 0 and "1 added, 0 replaced, 1 span(s)" in result.stdout
    assert article_ids(run.db) == ["x1"]


def test_dev_stdin_with_jsonl_piped_in_is_read_as_jsonl(tmp_path: Path):
    hasiye = Path(sys.executable).with_name("hasiye")
    db = tmp_path / "corpus.db"
    done = subprocess.run(
        [str(hasiye), "--db", str(db), "import", "/dev/stdin"],
        input=json.dumps(RECORD, ensure_ascii=False) + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "HASIYE_DB": str(db)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "/dev/stdin: 1 added, 0 replaced, 1 span(s)" in done.stdout
    with Store(db) as store:
        (span,) = store.spans_for("a1")
        assert span.surface == "Erdoğan"


def test_dash_reads_standard_input_with_format_or_by_content(run):
    line = json.dumps(RECORD, ensure_ascii=False) + "\n"
    result = run("import", "-", "--format", "jsonl", input=line)
    assert result.exit_code == 0, result.stderr
    assert "<stdin>: 1 added" in result.stdout
    prose = run("import", "-", input="Bugün Ankara'da yağmur var.\n")
    assert prose.exit_code == 1
    assert prose.stderr == (
        "hasiye: <stdin>: standard input: cannot tell its format from its content; give "
        "--format (jsonl, doccano, yaml, conll, label-studio, xmi)\n"
    )
    brat = run("import", "-", "--format", "brat", input="T1\tPER 0 7\tErdoğan\n")
    assert brat.exit_code == 1 and brat.stderr == (
        "hasiye: <stdin>: standard input: --format brat reads files (a .txt and an .ann); name them\n"
    )
    unknown = run("import", "-", input='[{"id": 1}]\n')
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("hasiye: <stdin>: JSON of unknown records (records with the fields id)")
    problem = run("import", "-", "--format", "doccano", input='{"text": "x", "label": [[0, 5, "PER"]]}\n')
    assert problem.exit_code == 1
    assert "<stdin>:1: article stdin-0001: span 0-5 PER: offsets outside the text" in problem.stderr


def test_a_json_array_of_label_studio_tasks_is_read_whole(run, tmp_path: Path):
    tasks = [{"id": n, "data": {"text": "Erdoğan Ankara'da."}, "annotations": [{"result": [
        {"from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 8, "end": 14, "text": "Ankara", "labels": ["LOC"]}}]}]}
        for n in (1, 2)]  # fmt: skip
    path = tmp_path / "project.json"
    path.write_text(json.dumps(tasks, indent=2), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" and "2 added, 0 replaced, 2 span(s)" in result.stdout


def test_a_spacy_v2_json_array_is_refused_as_a_whole(run, tmp_path: Path):
    docs = [{"id": 0, "paragraphs": [{"raw": "Erdoğan", "sentences": [{"tokens": [
        {"id": 0, "orth": "Erdoğan", "ner": "U-PER"}]}]}]}]  # fmt: skip
    path = tmp_path / "train.json"
    path.write_text(json.dumps(docs, indent=2), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"hasiye: {path}: spaCy v2 training JSON: hasiye does not read it; convert it to CoNLL "
        "or to JSONL with text and spans first\n"
    )


def test_a_json_array_of_unknown_records_is_refused_as_a_whole(run, tmp_path: Path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps([{"sentence": "a", "tags": ["O"]}] * 50, indent=1), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "JSON of unknown records (records with the fields sentence, tags)" in result.stderr


def test_doccanos_own_example_shape_imports(run, tmp_path: Path):
    """doccano's documented import example for sequence labelling with relations: `entities`
    with start_offset / end_offset, no `id` (it used to fail with "missing field 'id'")."""
    record = {"text": "Google was founded on September 4, 1998, by Larry Page and Sergey Brin.",
              "entities": [{"id": 0, "start_offset": 0, "end_offset": 6, "label": "ORG"},
                           {"id": 1, "start_offset": 22, "end_offset": 39, "label": "DATE"},
                           {"id": 2, "start_offset": 44, "end_offset": 54, "label": "PER"},
                           {"id": 3, "start_offset": 59, "end_offset": 70, "label": "PER"}],
              "relations": []}  # fmt: skip
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    with Store(run.db) as store:
        spans = store.spans_for("doccano-0001")
        assert [s.surface for s in spans] == ["Google", "September 4, 1998", "Larry Page", "Sergey Brin"]
    record["relations"] = [{"id": 0, "from_id": 0, "to_id": 2, "type": "founded_by"}]
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    refused = run("import", "--replace", str(path))
    assert refused.exit_code == 1
    assert "1 doccano relation(s): hasiye keeps no relations" in refused.stderr


def test_entities_that_are_not_doccanos_shape_are_refused_not_dropped(run, tmp_path: Path):
    path = tmp_path / "spacy-like.jsonl"
    record = {"text": "Erdoğan Ankara'da.", "entities": [[0, 7, "PER"]]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert f"{path}:1: unknown annotation field(s) 'entities': hasiye reads spans as 'spans'" in (
        result.stderr
    )
    assert article_ids(run.db) == []


def test_format_overrides_the_name(run, tmp_path: Path):
    path = tmp_path / "dataset.txt"
    path.write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    refused = run("import", str(path))
    assert refused.exit_code == 1 and "looks like JSON: not imported as text" in refused.stderr
    result = run("import", "--format", "jsonl", str(path))
    assert result.exit_code == 0 and "1 added, 0 replaced, 1 span(s)" in result.stdout
    article = tmp_path / "notes.jsonl"
    article.write_text("Bir düz metin.\n", encoding="utf-8")
    as_text = run("import", "--format", "text", str(article))
    assert as_text.exit_code == 0 and "1 added" in as_text.stdout
    assert "notes" in article_ids(run.db)


@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_dataset_named_txt_in_a_folder_is_refused_there(run, tmp_path: Path, processes):
    """Found in a folder, a .txt whose content is a dataset is one problem of the import (told
    by the reading processes), not an article of its raw JSON; the texts beside it go in."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Sade bir metin.", encoding="utf-8")
    (folder / "b.txt").write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "c.txt").write_text("Başka bir metin.", encoding="utf-8")
    result = run("import", "--processes", processes, "--json", str(folder))
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert problem.startswith(f"{folder / 'b.txt'}: looks like JSON")
    assert f"hasiye: {problem}" in result.stderr.splitlines()
    assert sorted(article_ids(run.db)) == ["a", "c"]


def test_a_headline_in_brackets_is_still_an_article(run, tmp_path: Path):
    path = tmp_path / "guncelleme.txt"
    path.write_text("[GÜNCELLEME] Ankara'da toplantı\n\nMetin burada.\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert article_ids(run.db) == ["guncelleme"]


def test_a_folder_of_brat_pairs_and_texts(run, tmp_path: Path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Erdoğan Ankara'da.", encoding="utf-8")
    (folder / "a.ann").write_text("T1\tPER 0 7\tErdoğan\n", encoding="utf-8")
    (folder / "b.txt").write_text("Sade bir metin.", encoding="utf-8")
    result = run("import", str(folder))
    assert result.exit_code == 0, result.stderr
    assert f"{folder}: 1 added, 0 replaced, 1 span(s)" in result.stdout
    assert "1 added, 0 updated" in result.stdout  # b.txt, a text article
    assert sorted(article_ids(run.db)) == ["a", "b"]


def test_a_fifo_and_a_dangling_link_in_a_folder_are_refused_with_their_lines(run, tmp_path: Path):
    """Found in a folder, they are named and refused; the rest goes in (not passed over unsaid,
    not the whole import refused)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Başlık\nMetin.", encoding="utf-8")
    os.mkfifo(folder / "boru.txt")
    (folder / "kopuk.txt").symlink_to(folder / "yok.txt")
    (folder / "klasör.txt").mkdir()  # a folder named .txt is walked into, not read
    result = run("import", str(folder))
    assert result.exit_code == 1
    assert "1 added, 0 updated, 0 unchanged, 2 not imported" in result.stdout
    assert result.stderr.splitlines() == [
        f"hasiye: {folder}/boru.txt: not a regular file (a fifo, device or socket), not read",
        f"hasiye: {folder}/kopuk.txt: No such file or directory",
    ]
    assert article_ids(run.db) == ["a"]


def test_export_help_and_brat_to_a_folder(run, tmp_path: Path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({**RECORD, "status": "done"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("import", str(path)).exit_code == 0
    out = tmp_path / "brat"
    result = run("export", "--format", "brat", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "a1.ann").read_text(encoding="utf-8") == "T1\tPER 0 7\tErdoğan\n"
    to_stdout = run("export", "--format", "xmi")
    assert to_stdout.exit_code == 1
    assert to_stdout.stderr == "Error: xmi writes a folder of files: give -o FOLDER\n"


def test_prose_named_json_is_refused_in_one_line_not_line_by_line(run, tmp_path: Path):
    path = tmp_path / "notes.json"
    path.write_text("Bugün Ankara'da yağmur var.\nYarın da yağacak.\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"hasiye: {path}: not JSON: it does not start with a JSON object or array; --format text "
        "imports it as an article\n"
    )
