"""The malformed-input corpus, part one: the files (every importer's, and ``--labels``), made in
code. ``tests/cli/test_malformed_input.py`` adds the options and arguments and runs them all."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


GOOD = {"id": "a1", "title": "t", "date": "2025-11-05", "text": "Ali Ankara'ya geldi.", "spans": []}
SPAN = {"start": 0, "end": 3, "label": "PER", "text": "Ali"}
DEEP = 100_000


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
    "bad-prefix": "Ali\tB_PER\n",  # E-PER is BIOES now, read
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


# Only standard input (- or /dev/stdin) is read as a stream: a fifo nobody writes to would wait
# forever, so any other fifo is refused (pipe it into `hasiye import -`).
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
