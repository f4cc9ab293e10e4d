"""An export reads one snapshot: a replace import committed while it runs is not seen at all,
never half (issue 17, item 6)."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest

from annotations.exporting import ExportSelection, export
from annotations.importers.datasets import import_dataset
from annotations.store import Store

LABELS = ("PER", "ORG", "LOC", "DATE")


def version(number: int, articles: int = 40) -> str:
    """A dataset whose every article's text and span differ between versions 1 and 2."""
    name = "Ankara" if number == 1 else "İstanbul Büyükşehir"
    lines = []
    for index in range(articles):
        text = f"{name} bugün {index}. kez toplandı."
        span = {"start": 0, "end": len(name), "label": "LOC", "text": name}
        record = {"id": f"a{index:03d}", "title": "t", "text": text, "spans": [span]}
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def write_version(tmp_path: Path, number: int) -> Path:
    path = tmp_path / f"v{number}.jsonl"
    path.write_text(version(number), encoding="utf-8")
    return path


def exported_names(text: str) -> set[str]:
    return {record["spans"][0]["text"] for record in map(json.loads, text.splitlines())}


@pytest.mark.parametrize("to_file", [False, True])
def test_an_import_committed_between_the_exports_reads_is_not_seen(
    db_path: Path, tmp_path: Path, monkeypatch, to_file: bool
) -> None:
    with Store(db_path) as store, Store(db_path) as other:
        assert import_dataset(store, write_version(tmp_path, 1), "ayse", LABELS).written
        second = write_version(tmp_path, 2)
        reads = store.span_rows_of_articles

        def read_then_let_the_import_in(article_ids):
            # The other process replaces every article right after the export read the texts
            # of the first batch and before it reads their spans.
            report = import_dataset(other, second, "ayse", LABELS, replace=True)
            assert report.written and report.replaced == 40
            monkeypatch.setattr(store, "span_rows_of_articles", reads)
            return reads(article_ids)

        monkeypatch.setattr(store, "span_rows_of_articles", read_then_let_the_import_in)
        out = io.StringIO()
        destination = tmp_path / "out.jsonl" if to_file else None
        report = export(store, "jsonl", destination, ExportSelection(), LABELS, stdout=out)
        text = destination.read_text(encoding="utf-8") if destination else out.getvalue()
        assert report.articles == 40
        assert exported_names(text) == {"Ankara"}  # the version the export started on
        # The next export sees the import.
        out = io.StringIO()
        export(store, "jsonl", None, ExportSelection(), LABELS, stdout=out)
        assert exported_names(out.getvalue()) == {"İstanbul Büyükşehir"}


def test_exports_looping_beside_replace_imports_are_each_one_version(
    db_path: Path, tmp_path: Path
) -> None:
    """The issue's loop, small: one thread re-imports two versions while exports run."""
    with Store(db_path) as store:
        import_dataset(store, write_version(tmp_path, 1), "ayse", LABELS)
    paths = [write_version(tmp_path, 1), write_version(tmp_path, 2)]
    stop = threading.Event()

    def importing() -> None:
        with Store(db_path) as importer:
            turn = 0
            while not stop.is_set():
                import_dataset(importer, paths[turn % 2], "ayse", LABELS, replace=True)
                turn += 1

    worker = threading.Thread(target=importing)
    worker.start()
    try:
        with Store(db_path) as store:
            for _ in range(30):
                out = io.StringIO()
                export(store, "jsonl", None, ExportSelection(), LABELS, stdout=out)
                records = [json.loads(line) for line in out.getvalue().splitlines()]
                assert len(records) == 40
                for record in records:
                    span = record["spans"][0]
                    assert record["text"][span["start"] : span["end"]] == span["text"]
    finally:
        stop.set()
        worker.join()
