"""A large export of JSON lines to a file, written by several processes (runs of articles by id):
the same bytes as one process, one snapshot, errors as one process gives them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotations import export_in_runs
from annotations.errors import ExportError
from annotations.exporting import ExportSelection, export
from annotations.importers.datasets import import_dataset
from annotations.model import Span
from annotations.store import Store

LABELS = ("PER", "ORG", "LOC", "DATE")


def version(number: int, articles: int = 40) -> str:
    """A dataset whose every article's text and span differ between versions 1 and 2; article
    a007 has a second span on its number."""
    name = "Ankara" if number == 1 else "İstanbul Büyükşehir"
    lines = []
    for index in range(articles):
        text = f"{name} bugün {index}. kez toplandı."
        spans = [{"start": 0, "end": len(name), "label": "LOC", "text": name}]
        if index == 7:
            start = text.index(str(index))
            date = text[start : start + 2]
            spans.append({"start": start, "end": start + 2, "label": "DATE", "text": date})
        record = {"id": f"a{index:03d}", "title": "t", "text": text, "spans": spans}
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


@pytest.fixture
def forty(db_path: Path, tmp_path: Path) -> Path:
    source = tmp_path / "v1.jsonl"
    source.write_text(version(1), encoding="utf-8")
    with Store(db_path) as store:
        assert import_dataset(store, source, "ayse", LABELS).written
    return db_path


@pytest.mark.parametrize("format_name", ["jsonl", "doccano", "prodigy"])
def test_three_processes_write_the_bytes_one_writes(forty: Path, tmp_path: Path, format_name: str):
    one, three = tmp_path / "one" / "out.jsonl", tmp_path / "three" / "out.jsonl"
    one.parent.mkdir()
    three.parent.mkdir()
    seen: dict[int, list[str]] = {1: [], 3: []}
    with Store(forty) as store:
        assert len(store.article_id_bounds(3)) == 2
        reports = {
            processes: export(
                store, format_name, path, ExportSelection(), LABELS,
                on_article=seen[processes].append, processes=processes,
            )
            for processes, path in ((1, one), (3, three))
        }  # fmt: skip
    assert three.read_bytes() == one.read_bytes()
    assert len(one.read_text(encoding="utf-8").splitlines()) == 40
    assert reports[3] == reports[1] and reports[1].articles == 40 and reports[1].spans == 41
    assert seen[3] == seen[1] == [f"a{index:03d}" for index in range(40)]
    assert sorted(path.name for path in three.parent.iterdir()) == ["out.jsonl"]  # no part left


def test_a_write_while_the_runs_are_read_has_it_exported_again_in_one_snapshot(
    forty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    second = tmp_path / "v2.jsonl"
    second.write_text(version(2), encoding="utf-8")
    copy = shutil.copyfileobj

    def copy_after_an_import(*arguments: object) -> None:
        if not imported:
            with Store(forty) as other:
                assert import_dataset(other, second, "ayse", LABELS, replace=True).replaced == 40
            imported.append(True)
        copy(*arguments)  # type: ignore[arg-type]

    imported: list[bool] = []
    monkeypatch.setattr(export_in_runs.shutil, "copyfileobj", copy_after_an_import)
    destination = tmp_path / "out.jsonl"
    with Store(forty) as store:
        report = export(store, "jsonl", destination, ExportSelection(), LABELS, processes=2)
    assert imported and report.articles == 40
    names = {
        record["spans"][0]["text"]
        for record in map(json.loads, destination.read_text(encoding="utf-8").splitlines())
    }
    assert names == {"İstanbul Büyükşehir"}  # all of the version after the write, none before


def test_a_bad_span_in_another_process_s_run_stops_the_export_and_writes_nothing(
    forty: Path, tmp_path: Path
):
    destination = tmp_path / "out.jsonl"
    destination.write_text("earlier\n", encoding="utf-8")
    with Store(forty) as store:
        store.add_span(Span("a035", 7, 12, "LOC", "bugün", "ayse"))
        with store.transaction():  # a surface that is not the text it covers: refused
            store._execute(
                "UPDATE spans SET surface = 'dün' WHERE article_id = 'a035' AND start = 7"
            )
        with pytest.raises(ExportError, match="article a035: .*nothing was written"):
            export(store, "jsonl", destination, ExportSelection(), LABELS, processes=2)
    assert destination.read_text(encoding="utf-8") == "earlier\n"
    assert sorted(path.name for path in tmp_path.iterdir() if "out" in path.name) == ["out.jsonl"]
