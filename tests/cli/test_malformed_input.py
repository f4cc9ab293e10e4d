"""The malformed-input corpus (issue 17): several hundred hostile inputs, made here in code, over
every importer (native JSONL, doccano, YAML, CoNLL, text), ``--labels``, ``--db``, ``search``,
``dates`` and display. Each must end with a non-zero exit status, an error that names the file,
line, article or argument, no traceback, nothing raw on the terminal (no control character but
newline and tab) and the database exactly as it was."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.store import Store
from tests.conftest import SEEDS
from tui.cli import main

GOOD = {"id": "a1", "title": "t", "date": "2025-11-05", "text": "Ali Ankara'ya geldi.", "spans": []}
SPAN = {"start": 0, "end": 3, "label": "PER", "text": "Ali"}
DEEP = 100_000
RAW = {chr(code) for code in range(0x20) if chr(code) not in "\n\t"} | {
    chr(code) for code in range(0x7F, 0xA0)
}


@dataclass(frozen=True)
class Case:
    """``make(folder)`` writes what the case needs and returns the CLI arguments after --db;
    ``names``: what the error must name (the file by default)."""

    make: Callable[[Path], list[str]]
    names: str | None = None


def file_case(name: str, content: str | bytes, *command: str, names: str | None = None) -> Case:
    def make(folder: Path) -> list[str]:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        return [*(command or ("import",)), str(path)]

    return Case(make, names or name)


def record(**changes: object) -> dict:
    data = dict(GOOD)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not _DROP}


def with_span(**changes: object) -> dict:
    span = dict(SPAN)
    span.update(changes)
    return record(spans=[{key: value for key, value in span.items() if value is not _DROP}])


_DROP = object()


def jsonl(*records: object) -> str:
    return "".join(
        (item if isinstance(item, str) else json.dumps(item, ensure_ascii=True)) + "\n"
        for item in records
    )


CASES: dict[str, Case] = {}

# Native JSONL: whole lines ---------------------------------------------------------------------

LINES = {
    "truncated": '{"id": "a1", "text": "x"',
    "trailing-comma": '{"id": "a1", "text": "x",}',
    "single-quotes": "{'id': 'a1', 'text': 'x'}",
    "bare-word": "hello",
    "array": '["a1", "x"]',
    "number": "42",
    "string": '"a1"',
    "null": "null",
    "deep-array": "[" * DEEP + "]" * DEEP,
    "deep-object": '{"a":' * DEEP + "1" + "}" * DEEP,
    "deep-in-text": json.dumps(record())[:-1] + ', "x": ' + "[" * 200 + "]" * 200 + "}",
    "long-number": '{"id": "a1", "text": "x", "spans": [], "n": ' + "9" * 5000 + "}",
    "surrogate-text": '{"id": "a1", "text": "Ali \\ud800 geldi.", "spans": []}',
    "surrogate-id": '{"id": "a\\udfff", "text": "Ali geldi.", "spans": []}',
    "surrogate-title": '{"id": "a1", "title": "\\ud834", "text": "Ali geldi."}',
    "surrogate-label": '{"id": "a1", "text": "Ali", "spans": [{"start": 0, "end": 3, "label": "P\\ud800"}]}',
    "surrogate-key": '{"id": "a1", "text": "Ali", "\\ud800": 1}',
    "nan": '{"id": "a1", "text": "Ali", "spans": [{"start": NaN, "end": 3, "label": "PER"}]}',
    "infinity": '{"id": "a1", "text": "Ali", "spans": [{"start": 0, "end": Infinity, "label": "PER"}]}',
    "escape-in-key": '{"id": "a1", "text": "Ali", "\\u001b]0;T\\u0007": 1, "spans": 5}',
}
for key, line in LINES.items():
    CASES[f"jsonl-line-{key}"] = file_case(f"{key}.jsonl", line + "\n")
CASES["jsonl-second-line-broken"] = file_case(
    "second.jsonl", jsonl(record(), '{"id": "a2", "text": ')
)
CASES["jsonl-not-utf8"] = file_case("latin.jsonl", json.dumps(record()).encode() + b"\xff\xfe\n")
CASES["jsonl-nul"] = file_case("nul.jsonl", json.dumps(record()).encode() + b"\n\x00\n")
CASES["jsonl-bom-mid-file"] = file_case("bom.jsonl", jsonl(record()) + "\ufeff" + jsonl(record(id="a2")))
CASES["jsonl-repeated-id"] = file_case("repeat.jsonl", jsonl(record(), record()))

# Native JSONL: fields --------------------------------------------------------------------------

BAD_VALUES = {
    "float": 1.5,
    "list": [1, 2],
    "object": {"a": 1},
    "true": True,
    "huge": 10**30,
    "negative-huge": -(10**30),
}
for field in ("id", "text", "title", "date", "source", "summary", "status", "tags", "spans"):
    for key, value in BAD_VALUES.items():
        if field in ("tags", "spans") and key == "list":
            value = [1.5]
        if field == "id" and key in ("huge", "negative-huge"):
            value = 10**30 if key == "huge" else -(10**30)
        CASES[f"jsonl-{field}-{key}"] = file_case(f"{field}-{key}.jsonl", jsonl(record(**{field: value})))
for field in ("id", "text"):
    CASES[f"jsonl-missing-{field}"] = file_case(f"no-{field}.jsonl", jsonl(record(**{field: _DROP})))
CASES["jsonl-empty-id"] = file_case("empty-id.jsonl", jsonl(record(id="  ")))
CASES["jsonl-status-unknown"] = file_case("status.jsonl", jsonl(record(status="bitti")))
CASES["jsonl-status-escape"] = file_case("status-esc.jsonl", jsonl(record(status="\x1b]0;T\x07")))

SPAN_VALUES = {
    "start-negative": {"start": -1},
    "start-huge": {"start": 10**30},
    "start-string": {"start": "0"},
    "start-float": {"start": 0.0},
    "start-bool": {"start": False},
    "start-null": {"start": None},
    "start-missing": {"start": _DROP},
    "end-beyond": {"end": 999},
    "end-huge": {"end": 2**64},
    "end-before-start": {"start": 3, "end": 0},
    "empty": {"start": 2, "end": 2},
    "end-missing": {"end": _DROP},
    "label-missing": {"label": _DROP},
    "label-number": {"label": 5},
    "label-empty": {"label": ""},
    "label-unknown": {"label": "KİŞİ"},
    "label-newline": {"label": "PER\n"},
    "label-escape": {"label": "\x1b[31mPER"},
    "label-markup": {"label": "[/]"},
    "label-c1": {"label": "PER\x9b"},
    "text-mismatch": {"text": "Veli"},
    "text-number": {"text": 3},
    "text-escape": {"text": "\x1b]0;T\x07"},
    "annotator-number": {"annotator": 7},
    "annotator-list": {"annotator": ["a"]},
    "entity-huge": {"entity_id": 10**30},
    "entity-negative-huge": {"entity_id": -(10**20)},
    "entity-string": {"entity_id": "7"},
    "entity-float": {"entity_id": 7.5},
    "canonical-number": {"canonical": 5},
    "canonical-list": {"canonical": ["Ali"]},
    "value-number": {"value": 2025},
    "value-list": {"value": ["2025"]},
}
for key, changes in SPAN_VALUES.items():
    CASES[f"jsonl-span-{key}"] = file_case(f"span-{key}.jsonl", jsonl(with_span(**changes)))
CASES["jsonl-span-not-object"] = file_case("span-list.jsonl", jsonl(record(spans=[[0, 3, "PER"], "x"])))
CASES["jsonl-span-crossing"] = file_case(
    "crossing.jsonl",
    jsonl(record(spans=[{"start": 0, "end": 7, "label": "PER"}, {"start": 4, "end": 10, "label": "LOC"}])),
)
CASES["jsonl-span-duplicate"] = file_case("duplicate.jsonl", jsonl(record(spans=[SPAN, SPAN])))

# doccano ---------------------------------------------------------------------------------------

DOCCANO = {
    "label-not-list": {"text": "Ali geldi.", "label": "PER"},
    "label-short": {"text": "Ali geldi.", "label": [[0, 3]]},
    "label-long": {"text": "Ali geldi.", "label": [[0, 3, "PER", 1]]},
    "label-string-offsets": {"text": "Ali geldi.", "label": [["0", "3", "PER"]]},
    "label-float-offsets": {"text": "Ali geldi.", "label": [[0.0, 3, "PER"]]},
    "label-bool-offsets": {"text": "Ali geldi.", "label": [[False, True, "PER"]]},
    "label-huge-offsets": {"text": "Ali geldi.", "label": [[0, 10**30, "PER"]]},
    "label-beyond": {"text": "Ali geldi.", "label": [[0, 300, "PER"]]},
    "label-backwards": {"text": "Ali geldi.", "label": [[3, 0, "PER"]]},
    "label-unknown": {"text": "Ali geldi.", "label": [[0, 3, "KİŞİ"]]},
    "label-number-name": {"text": "Ali geldi.", "label": [[0, 3, 5]]},
    "text-missing": {"label": [[0, 3, "PER"]]},
    "text-number": {"text": 5, "label": []},
    "text-surrogate": {"text": "Ali \ud800", "label": []},
    "id-list": {"id": [1], "text": "Ali", "label": []},
    "id-huge": {"id": 10**30, "text": "Ali", "label": []},
    "crossing": {"text": "Ali Veli geldi.", "label": [[0, 8, "PER"], [4, 14, "LOC"]]},
    "duplicate": {"text": "Ali geldi.", "label": [[0, 3, "PER"], [0, 3, "PER"]]},
}
for key, data in DOCCANO.items():
    CASES[f"doccano-{key}"] = file_case(f"doccano-{key}.jsonl", json.dumps(data) + "\n")

# YAML ------------------------------------------------------------------------------------------

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi")
)
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BOMB
ARTICLE_YAML = "articles:\n- id: a1\n  text: Ali geldi.\n  spans: []\n"
YAMLS = {
    "deep-flow": "[" * 20_000 + "]" * 20_000,
    "deep-block": "".join("  " * depth + "- \n" for depth in range(200)),
    "deep-in-article": "articles:\n- id: a1\n  text: x\n  extra: " + "[" * 100 + "]" * 100 + "\n",
    "bomb-root": "x:\n" + "".join("  " + line + "\n" for line in BOMB.splitlines()) + ARTICLE_YAML,
    "bomb-aliases": "x:\n"
    + "".join("  " + line + "\n" for line in BOMB.splitlines())
    + "entities:\n- {id: 1, canonical: Ali, label: PER, aliases: *i}\narticles: []\n",
    "bomb-tags": "x: &t [a, b]\narticles:\n- {id: a1, text: Ali, tags: *t}\n",
    "python-tag": "articles:\n- !!python/object/apply:os.system ['echo hi']\n",
    "python-name": "articles:\n- {id: !!python/name:os.system '', text: x}\n",
    "binary-tag": "articles:\n- {id: a1, text: !!binary aGVsbG8=}\n",
    "timestamp-date": "articles:\n- {id: a1, text: Ali, date: 2025-11-05}\n",
    "root-list": "- a\n- b\n",
    "root-string": "just words\n",
    "unknown-section": "article:\n- {id: a1, text: x}\n",
    "articles-mapping": "articles: {id: a1}\n",
    "article-string": "articles:\n- a1\n",
    "tab-indent": "articles:\n\t- id: a1\n",
    "unclosed-quote": 'articles:\n- {id: "a1, text: x}\n',
    "duplicate-anchor-alias-undefined": "articles:\n- *nothing\n",
    "surrogate-escape": 'articles:\n- {id: a1, text: "Ali \\ud800"}\n',
    "control-in-plain": "articles:\n- {id: a1, text: Ali\x07}\n",
    "entity-aliases-mapping": "entities:\n- {id: 1, canonical: Ali, label: PER, aliases: [{a: 1}]}\n",
    "entity-aliases-string": "entities:\n- {id: 1, canonical: Ali, label: PER, aliases: [[x]]}\n",
    "entity-external-list": "entities:\n- {id: 1, canonical: Ali, label: PER, external_id: [1, 2]}\n",
    "entity-external-mapping": "entities:\n- {id: 1, canonical: Ali, label: PER, external_id: {a: 1}}\n",
    "entity-id-huge": "entities:\n- {id: 1000000000000000000000000000000, canonical: Ali, label: PER}\n",
    "entity-id-string": "entities:\n- {id: x, canonical: Ali, label: PER}\n",
    "entity-id-float": "entities:\n- {id: 1.5, canonical: Ali, label: PER}\n",
    "entity-label-list": "entities:\n- {id: 1, canonical: Ali, label: [PER]}\n",
    "entity-no-canonical": "entities:\n- {id: 1, label: PER}\n",
    "entity-not-mapping": "entities:\n- Ali\n",
    "span-huge": ARTICLE_YAML.replace("[]", "[{start: 0, end: 100000000000000000000000, label: PER}]"),
    "span-entity-huge": ARTICLE_YAML.replace(
        "[]", "[{start: 0, end: 3, label: PER, entity_id: 100000000000000000000000}]"
    ),
    "span-mismatch": ARTICLE_YAML.replace("[]", "[{start: 0, end: 3, label: PER, text: Veli}]"),
    "span-unknown-label": ARTICLE_YAML.replace("[]", "[{start: 0, end: 3, label: KİŞİ}]"),
    "two-documents": ARTICLE_YAML + "---\n" + ARTICLE_YAML,
}
for key, content in YAMLS.items():
    CASES[f"yaml-{key}"] = file_case(f"{key}.yaml", content)
CASES["yaml-not-utf8"] = file_case("latin.yaml", ARTICLE_YAML.encode() + b"# \xe7\n")

# CoNLL -----------------------------------------------------------------------------------------

CONLLS = {
    "no-tag": "Ali\n",
    "bad-tag": "Ali\tX-PER\n",
    "bad-prefix": "Ali\tE-PER\n",
    "empty-label": "Ali\tB-\n",
    "unknown-label": "Ali\tB-KİŞİ\n",
    "escape-tag": "Ali\tB-\x1b]0;T\x07\n",
    "markup-tag": "Ali\tB-[/]\n",
    "tab-only": "\tO\n",
    "bom-token": "\ufeff\tO\n",
}
for key, content in CONLLS.items():
    CASES[f"conll-{key}"] = file_case(f"{key}.conll", content)
CASES["conll-not-utf8"] = file_case("latin.conll", b"Ali\tB-PER\n\xff\tO\n")

# Text files ------------------------------------------------------------------------------------

CASES["text-empty"] = file_case("empty.txt", "")
CASES["text-blank"] = file_case("blank.txt", "\n \n\t\n")
CASES["text-nul"] = file_case("nul.txt", b"Ali\x00geldi")
CASES["text-latin1"] = file_case("latin.txt", "Ali Ankara'ya gitti. Çok güzel.".encode("latin-1", "replace") + b"\xe7")
CASES["text-utf16"] = file_case("utf16.txt", "Ali geldi.".encode("utf-16"))
CASES["text-surrogate-bytes"] = file_case("surrogate.txt", b"Ali \xed\xa0\x80 geldi.")
CASES["text-escape-name"] = file_case("\x1b]0;PWNED\x07.txt", b"\xff", names="PWNED")


def _fifo(folder: Path) -> list[str]:
    path = folder / "fifo.txt"
    os.mkfifo(path)
    return ["import", str(path)]


def _fifo_dataset(folder: Path) -> list[str]:
    path = folder / "fifo.jsonl"
    os.mkfifo(path)
    return ["import", str(path)]


CASES["text-fifo"] = Case(_fifo, "fifo.txt")
CASES["dataset-fifo"] = Case(_fifo_dataset, "fifo.jsonl")
CASES["import-missing"] = Case(lambda folder: ["import", str(folder / "nothing.txt")], "nothing.txt")

# --labels --------------------------------------------------------------------------------------

LABEL_FILES = {
    "bomb-name": BOMB + "labels:\n- {name: *i, key: z, color: '#fff'}\n",
    "bomb-key": BOMB + "labels:\n- {name: X, key: *i, color: '#fff'}\n",
    "python-tag": "- !!python/object/apply:os.system ['echo hi']\n",
    "python-tag-name": "- {name: !!python/name:os.system '', key: z, color: '#fff'}\n",
    "key-comma": "- {name: X, key: ',', color: '#fff'}\n",
    "key-space": "- {name: X, key: ' ', color: '#fff'}\n",
    "key-escape": '- {name: X, key: "\\e", color: "#fff"}\n',
    "key-tab": '- {name: X, key: "\\t", color: "#fff"}\n',
    "key-two": "- {name: X, key: xy, color: '#fff'}\n",
    "key-number": "- {name: X, key: 5, color: '#fff'}\n",
    "key-taken": "- {name: X, key: u, color: '#fff'}\n",
    "name-newline": '- {name: "PER\\n", key: z, color: "#fff"}\n',
    "name-space": "- {name: 'P ER', key: z, color: '#fff'}\n",
    "name-list": "- {name: [PER], key: z, color: '#fff'}\n",
    "name-escape": '- {name: "\\e]0;T\\a", key: z, color: "#fff"}\n',
    "name-markup": "- {name: '[/]', key: z, color: '#fff'}\n",
    "color-word": "- {name: X, key: z, color: red}\n",
    "color-newline": '- {name: X, key: z, color: "#fff\\n"}\n',
    "color-list": "- {name: X, key: z, color: ['#fff']}\n",
    "twice": "- {name: X, key: z, color: '#fff'}\n- {name: X, key: y, color: '#fff'}\n",
    "empty-list": "[]\n",
    "not-list": "labels: PER\n",
    "entry-string": "- PER\n",
    "deep": "[" * 20_000 + "]" * 20_000 + "\n",
    "broken": "labels: [\n",
    "titles-not-list": "labels:\n- {name: X, key: z, color: '#fff'}\ntitles: Bey\n",
    "titles-number": "labels:\n- {name: X, key: z, color: '#fff'}\ntitles: [5]\n",
    "surrogate": '- {name: "X\\ud800", key: z, color: "#fff"}\n',
}
for key, content in LABEL_FILES.items():
    name = f"labels-{key}.yaml"
    CASES[f"labels-{key}"] = Case(
        (lambda name, content: lambda folder: (
            (folder / name).write_text(content, encoding="utf-8"),
            ["--labels", str(folder / name), "export", "-o", str(folder / "out.jsonl")],
        )[1])(name, content),
        name,
    )
CASES["labels-not-utf8"] = Case(
    lambda folder: (
        (folder / "latin.yaml").write_bytes(b"- {name: X\xe7, key: z, color: '#fff'}\n"),
        ["--labels", str(folder / "latin.yaml"), "export"],
    )[1],
    "latin.yaml",
)

# --db ------------------------------------------------------------------------------------------
# These use another database path; the corpus database beside them must stay as it was.


def db_case(make_path: Callable[[Path], str], names: str | None = None) -> Case:
    return Case(lambda folder: ["--db", make_path(folder), "list"], names)


def _write(folder: Path, name: str, content: bytes) -> str:
    (folder / name).write_bytes(content)
    return str(folder / name)


def _foreign(folder: Path) -> str:
    connection = sqlite3.connect(folder / "other.db")
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    return str(folder / "other.db")


def _newer(folder: Path) -> str:
    path = folder / "newer.db"
    with Store(path):
        pass
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 9999")
    connection.commit()
    connection.close()
    return str(path)


def _fifo_db(folder: Path) -> str:
    os.mkfifo(folder / "fifo.db")
    return str(folder / "fifo.db")


CASES["db-empty-path"] = db_case(lambda folder: "", "empty")
CASES["db-directory"] = db_case(lambda folder: str(folder), "directory")
CASES["db-missing-directory"] = db_case(lambda folder: str(folder / "no" / "such" / "x.db"), "no/such")
CASES["db-proc"] = db_case(lambda folder: "/proc/self/status", "/proc/self/status")
CASES["db-dev-null"] = db_case(lambda folder: "/dev/null", "/dev/null")
CASES["db-fifo"] = db_case(_fifo_db, "fifo.db")
CASES["db-text-file"] = db_case(lambda folder: _write(folder, "notes.db", b"hello\n"), "notes.db")
CASES["db-random-bytes"] = db_case(lambda folder: _write(folder, "r.db", os.urandom(4096)), "r.db")
CASES["db-truncated-header"] = db_case(
    lambda folder: _write(folder, "t.db", b"SQLite format 3\x00" + b"\x00" * 20), "t.db"
)
CASES["db-foreign"] = db_case(_foreign, "other.db")
CASES["db-newer"] = db_case(_newer, "newer.db")
CASES["db-escape-name"] = db_case(lambda folder: str(folder / "no\x1b]0;T\x07" / "x.db"), "x.db")

# search ----------------------------------------------------------------------------------------

SEARCHES = {
    "limit-zero": (["search", "Kalın", "--limit", "0"], "--limit"),
    "limit-negative": (["search", "Kalın", "--limit", "-5"], "--limit"),
    "limit-word": (["search", "Kalın", "--limit", "çok"], "--limit"),
    "limit-float": (["search", "Kalın", "--limit", "1.5"], "--limit"),
    "status-unknown": (["search", "Kalın", "--status", "bitti"], "--status"),
    "label-unknown": (["search", "Kalın", "--label", "KİŞİ"], None),
    "entity-huge": (["search", "Kalın", "--entity", str(10**30)], str(10**30)),
    "entity-unknown": (["search", "", "--entity", "Kimse Yok"], "Kimse Yok"),
    "entity-escape": (["search", "", "--entity", "\x1b]0;T\x07"], "0;T"),
    "nothing-found": (["search", "zzqqxxyy"], None),
    "page-zero": (["list", "--page", "0"], "--page"),
    "per-page-word": (["list", "--per-page", "x"], "--per-page"),
    "suggest-limit-zero": (["entities", "suggest", "Kalın", "--limit", "0"], "--limit"),
}
for key, (arguments, names) in SEARCHES.items():
    CASES[f"search-{key}"] = Case((lambda arguments: lambda folder: list(arguments))(arguments), names)

# dates -----------------------------------------------------------------------------------------

DATES = {
    "anchor-month-13": (["dates", "bugün", "--anchor", "2025-13-01"], "--anchor"),
    "anchor-feb-30": (["dates", "bugün", "--anchor", "2025-02-30"], "--anchor"),
    "anchor-word": (["dates", "bugün", "--anchor", "dün"], "--anchor"),
    "anchor-empty": (["dates", "bugün", "--anchor", ""], "--anchor"),
    "anchor-five-digit-year": (["dates", "bugün", "--anchor", "99999-01-01"], "--anchor"),
    "anchor-escape": (["dates", "bugün", "--anchor", "\x1b]0;T\x07"], "--anchor"),
    "many-days-ago": (["dates", "999999 gün önce", "--anchor", "2025-11-05"], "999999 gün önce"),
    "many-days-later": (["dates", "9999999 gün sonra", "--anchor", "2025-11-05"], "gün sonra"),
    "many-weeks": (["dates", "999999 hafta önce", "--anchor", "2025-11-05"], "hafta önce"),
    "many-months": (["dates", "999999 ay sonra", "--anchor", "2025-11-05"], "ay sonra"),
    "many-years": (["dates", "3024 yıl önce", "--anchor", "2025-11-05"], "yıl önce"),
    "long-number": (["dates", "9" * 5000 + " gün önce", "--anchor", "2025-11-05"], "gün önce"),
    "tomorrow-at-the-end": (["dates", "yarın", "--anchor", "9999-12-31"], "yarın"),
    "next-week-at-the-end": (["dates", "gelecek hafta", "--anchor", "9999-12-31"], "gelecek hafta"),
    "next-month-at-the-end": (["dates", "gelecek ay", "--anchor", "9999-12-31"], "gelecek ay"),
    "next-year-at-the-end": (["dates", "gelecek yıl", "--anchor", "9999-12-31"], "gelecek yıl"),
    "next-friday-at-the-end": (["dates", "gelecek Cuma", "--anchor", "9999-12-31"], "gelecek Cuma"),
    "yesterday-at-the-start": (["dates", "dün", "--anchor", "0001-01-01"], "dün"),
    "last-week-at-the-start": (["dates", "geçen hafta", "--anchor", "0001-01-01"], "geçen hafta"),
    "last-month-at-the-start": (["dates", "geçen ay", "--anchor", "0001-01-01"], "geçen ay"),
    "last-year-at-the-start": (["dates", "geçen yıl", "--anchor", "0001-01-01"], "geçen yıl"),
    "last-friday-at-the-start": (["dates", "geçen Cuma", "--anchor", "0001-01-01"], "geçen Cuma"),
    "nothing": (["dates", "hiçbir tarih yok"], None),
    "nothing-escape": (["dates", "\x1b]0;T\x07"], None),
}
for key, (arguments, names) in DATES.items():
    CASES[f"dates-{key}"] = Case((lambda arguments: lambda folder: list(arguments))(arguments), names)

# Display ---------------------------------------------------------------------------------------

DISPLAY = {
    "show-unknown": (["show", "yok"], "yok"),
    "show-escape": (["show", "\x1b]0;T\x07"], "0;T"),
    "show-markup": (["show", "[/]"], "[/]"),
    "show-c1": (["show", "x\x9b31m"], "31m"),
    "entity-huge": (["entities", "show", str(10**30)], str(10**30)),
    "entity-superscript": (["entities", "show", "²"], "²"),
    "entity-markup": (["entities", "show", "[@click=app.quit]X[/]"], "[@click=app.quit]X[/]"),
    "entity-escape": (["entities", "show", "\x1b]0;T\x07"], "0;T"),
    "entity-delete-huge": (["entities", "delete", str(2**63)], str(2**63)),
    "entity-rename-huge": (["entities", "rename", str(2**64), "x"], str(2**64)),
    "entity-merge-huge": (["entities", "merge", str(10**25), str(10**26)], str(10**25)),
    "propagate-huge": (["propagate", str(10**30)], str(10**30)),
    "propagate-unknown": (["propagate", "Kimse"], "Kimse"),
    "export-unknown-article": (["export", "--article", "\x1b]0;T\x07"], "0;T"),
    "export-bad-format": (["export", "--format", "xml"], "xml"),
}
for key, (arguments, names) in DISPLAY.items():
    CASES[f"display-{key}"] = Case((lambda arguments: lambda folder: list(arguments))(arguments), names)


def test_the_corpus_holds_at_least_200_inputs():
    assert len(CASES) >= 200


# The run ---------------------------------------------------------------------------------------


def dump(path: Path) -> list[str]:
    """Every row of the database, in SQL (the FTS tables included)."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    """The seed articles with a linked span, made once; each case works on a copy."""
    path = tmp_path_factory.mktemp("corpus") / "base.db"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(path), "import", str(SEEDS)]).exit_code == 0
    return path


@pytest.mark.parametrize("key", sorted(CASES))
def test_malformed_input_is_refused_in_one_line_and_changes_nothing(
    key: str, corpus_db: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    db = tmp_path / "corpus.db"
    db.write_bytes(corpus_db.read_bytes())
    before = dump(db)
    case = CASES[key]
    arguments = case.make(tmp_path)
    result = CliRunner().invoke(main, ["--db", str(db), *arguments])
    shown = result.stdout + result.stderr
    assert result.exit_code != 0, shown
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in shown and "unexpected error" not in shown, shown
    assert not (RAW & set(shown)), [line for line in shown.splitlines() if RAW & set(line)]
    errors = result.stderr.strip().splitlines()
    if case.names is not None:
        assert errors, shown
        assert case.names in errors[0] or case.names in shown, shown
        # Every problem is one line: the first line names the file, line, article or argument.
        assert len(errors[0]) < 2_000
    assert dump(db) == before
    assert not (tmp_path / "state").exists(), "a crash log was written"
