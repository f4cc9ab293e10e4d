"""Hostile input at the library's level (issue 17): date arithmetic at the edges of the calendar,
files that would exhaust the stack or memory, values SQLite cannot hold, paths that are not files."""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

import pytest

from annotations.dates import OUT_OF_RANGE, find_dates, parse_date
from annotations.errors import HasiyeError, ImportFileError, StoreError
from annotations.importers import read_article_file
from annotations.importers.datasets import import_dataset
from annotations.labels import LabelFileError, load_labels
from annotations.store import Store

LABELS = ("PER", "ORG", "LOC", "DATE")
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi")
)


@pytest.mark.parametrize(
    "surface, anchor",
    [
        ("999999 gün önce", date(2025, 11, 5)),
        ("9999999 gün sonra", date(2025, 11, 5)),
        ("999999 hafta önce", date(2025, 11, 5)),
        ("999999 ay sonra", date(2025, 11, 5)),
        ("3024 yıl önce", date(2025, 11, 5)),
        ("9" * 5000 + " gün önce", date(2025, 11, 5)),
        ("yarın", date(9999, 12, 31)),
        ("gelecek hafta", date(9999, 12, 31)),
        ("gelecek ay", date(9999, 12, 31)),
        ("gelecek yıl", date(9999, 12, 31)),
        ("gelecek Cuma", date(9999, 12, 31)),
        ("dün", date(1, 1, 1)),
        ("geçen hafta", date(1, 1, 1)),
        ("geçen ay", date(1, 1, 1)),
        ("geçen yıl", date(1, 1, 1)),
        ("geçen Cuma", date(1, 1, 1)),
    ],
)
def test_counting_beyond_the_calendar_gives_no_value_and_says_why(surface: str, anchor: date):
    assert parse_date(surface, anchor).value is None
    assert parse_date(surface, anchor).reason == OUT_OF_RANGE
    (found,) = find_dates(f"Toplantı {surface} yapıldı.", anchor)
    assert found.value.reason == OUT_OF_RANGE


def test_no_value_is_ever_a_negative_year():
    assert parse_date("3024 yıl önce", date(2025, 1, 1)).value is None
    assert parse_date("24300 ay önce", date(2025, 1, 1)).value is None
    assert parse_date("2024 yıl önce", date(2025, 1, 1)).value == "0001"


def dataset(tmp_path: Path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return path


@pytest.mark.parametrize(
    "line",
    [
        '{"id": "a1", "title": "t", "date": "2025-11-05", "text": "999999 gün önce geldi.", '
        '"spans": [{"start": 0, "end": 15, "label": "DATE"}]}',
        '{"id": "a1", "title": "t", "date": "9999-12-31", "text": "yarın geldi.", '
        '"spans": [{"start": 0, "end": 5, "label": "DATE"}]}',
    ],
)
def test_a_date_beyond_the_calendar_is_imported_without_a_value(store: Store, tmp_path: Path, line):
    report = import_dataset(store, dataset(tmp_path, "d.jsonl", line + "\n"), "ayse", LABELS)
    assert report.written and report.problems == []
    (span,) = store.spans_for("a1")
    assert (span.label, span.value) == ("DATE", None)


@pytest.mark.parametrize(
    "name, content, why",
    [
        ("deep.jsonl", "[" * 100_000 + "]" * 100_000, "nested deeper than 64 levels"),
        ("deep.yaml", "[" * 20_000 + "]" * 20_000, "nested deeper than 64 levels"),
        ("text.jsonl", '{"id": "a1", "text": "A \\ud800", "spans": []}', "lone surrogate U+D800"),
        ("id.jsonl", '{"id": "\\ud800", "text": "A", "spans": []}', "lone surrogate U+D800"),
        (
            "label.jsonl",
            '{"id": "a1", "text": "Ali", "spans": [{"start": 0, "end": 3, "label": "\\udc00"}]}',
            "lone surrogate U+DC00",
        ),
        (
            "entity.jsonl",
            '{"id": "a1", "text": "Ali", "spans": [{"start": 0, "end": 3, "label": "PER", '
            '"entity_id": 1000000000000000000000000000000}]}',
            "a whole number beyond 64 bits",
        ),
        (
            "external.yaml",
            "entities:\n- {id: 1, canonical: Ali, label: PER, external_id: [1, 2]}\n",
            "external_id must be a string",
        ),
        (
            "aliases.yaml",
            "entities:\n- {id: 1, canonical: Ali, label: PER, aliases: [{a: 1}]}\n",
            "aliases must be names",
        ),
        (
            "bomb.yaml",
            "x:\n" + "".join(f"  {line}\n" for line in BOMB.splitlines())
            + "entities:\n- {id: 1, canonical: Ali, label: PER, aliases: *i}\n",
            "an alias (*a) to a list or mapping is not accepted",
        ),
        ("bell.yaml", "articles:\n- {id: a1, text: Ali\x07}\n", "U+0007 is not allowed"),
    ],
)
def test_a_hostile_dataset_is_one_problem_line_and_nothing_written(
    store: Store, tmp_path: Path, name: str, content: str, why: str
):
    started = time.monotonic()
    report = import_dataset(store, dataset(tmp_path, name, content + "\n"), "ayse", LABELS)
    assert time.monotonic() - started < 5  # an alias bomb used to grow for minutes
    assert not report.written
    (problem,) = report.problems
    assert problem.startswith(f"{tmp_path / name}:") and why in problem
    assert store.article_ids() == [] and store.entity_rows() == []


def test_external_ids_given_as_numbers_become_strings(store: Store, tmp_path: Path):
    path = dataset(tmp_path, "e.yaml", "entities:\n- {id: 1, canonical: Ali, label: PER, external_id: 42}\n")
    assert import_dataset(store, path, "ayse", LABELS).written
    assert store.get_entity(1).external_id == "42"


def test_a_fifo_is_refused_not_waited_for(store: Store, tmp_path: Path):
    for name in ("fifo.txt", "fifo.jsonl"):
        os.mkfifo(tmp_path / name)
    with pytest.raises(ImportFileError, match="fifo.txt: not a regular file"):
        read_article_file(tmp_path / "fifo.txt")
    with pytest.raises(ImportFileError, match="fifo.jsonl: not a regular file"):
        import_dataset(store, tmp_path / "fifo.jsonl", "ayse", LABELS)


@pytest.mark.parametrize(
    "content, why",
    [
        (BOMB + "labels:\n- {name: *i, key: x, color: '#fff'}\n", "alias (*a) to a list"),
        ("- !!python/object/apply:os.system ['echo hi']\n", "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not accepted"),
        ("- {name: X, key: ',', color: '#fff'}\n", "key ',' must be one letter or digit"),
        ("- {name: X, key: ' ', color: '#fff'}\n", "key ' ' must be one letter or digit"),
        ('- {name: X, key: "\\e", color: "#fff"}\n', "key '\\x1b' must be one letter or digit"),
        ('- {name: "PER\\n", key: x, color: "#fff"}\n', "name 'PER\\n' is not a plain word"),
        ('- {name: X, key: z, color: "#fff\\n"}\n', "is not #rgb or #rrggbb"),
        ("- {name: [PER], key: x, color: '#fff'}\n", "name ['PER'] is not a plain word"),
    ],
)
def test_a_hostile_label_file_is_refused_by_name(tmp_path: Path, content: str, why: str):
    path = tmp_path / "labels.yaml"
    path.write_text(content)
    started = time.monotonic()
    with pytest.raises(LabelFileError) as raised:
        load_labels(path)
    assert time.monotonic() - started < 5
    assert str(raised.value).startswith(f"{path}: ") and why in str(raised.value)


def test_a_database_path_that_cannot_be_a_database_is_refused_and_nothing_is_made(tmp_path: Path):
    for path, why in [
        (tmp_path / "no" / "such" / "x.db", f"the directory {tmp_path / 'no' / 'such'} does not exist"),
        (Path(""), "the database path is empty"),
        (Path("/proc/self/status"), "not a regular file"),
        (Path("/dev/null"), "not a regular file"),
    ]:
        with pytest.raises(StoreError, match=__import__("re").escape(why)):
            Store(path)
    assert not (tmp_path / "no").exists()


def test_an_entity_id_beyond_64_bits_is_no_entity(store: Store):
    with pytest.raises(HasiyeError, match="no entity with id 1000000000000000000000000000000"):
        store.find_entity(str(10**30))
    with pytest.raises(HasiyeError, match="no entity named '²'"):
        store.find_entity("²")
