"""What a file to import is: by its name first, then by its first few kilobytes.

A file that looks like a format hasiye knows but does not read (WebAnno TSV, spaCy's v2 training
JSON, a JSON array of unknown records), or a dataset named as plain text, is refused with
:class:`ForeignFormat` naming the format and what to do, instead of becoming an article of its raw
content. ``--format`` overrides all of this.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from annotations.errors import ForeignFormat

# Every format ``hasiye import --format`` takes; "text" is a plain text article.
IMPORT_FORMATS = (
    "text", "jsonl", "doccano", "yaml", "conll", "brat", "label-studio", "xmi", "prodigy", "spacy",
)  # fmt: skip

SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".json": "jsonl",  # JSON Lines, one JSON object, or a JSON array (Label Studio tasks)
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".conll": "conll",
    ".iob": "conll",
    ".iob2": "conll",
    ".bio": "conll",
    ".ann": "brat",
    ".xmi": "xmi",
    ".spacy": "spacy",
}
HEAD_SIZE = 8192

_BRAT_LINE = re.compile(r"(T\d+\t\S+ \d+ \d+|[REAMN]\d+\t\S+ |#\d+\t\S+ |\*\t\S+ )")
_CONLL_LINE = re.compile(r"\S+([ \t]\S+)*[ \t]([BIOES]-\S+|O)")
_WEBANNO = "#FORMAT=WebAnno TSV"
# Not a headline in brackets ("[GÜNCELLEME] ..."): an array of objects or lists, or an empty one.
_JSON_ARRAY = re.compile(r"\[\s*([{\[]|\]\s*$)")
_JSON_OBJECT = re.compile(r'\{\s*("|\}\s*$)')


def read_head(path: Path) -> str:
    """The first kilobytes as text (undecodable bytes replaced: this is only for recognising)."""
    with path.open("rb") as handle:
        return head_of(handle.read(HEAD_SIZE))


def head_of(data: bytes) -> str:
    """``read_head`` of a file's content already read."""
    return data[:HEAD_SIZE].decode("utf-8", errors="replace").lstrip("\ufeff")


def sniff(head: str) -> str | None:
    """The format the content shows, or None when it looks like nothing in particular (prose)."""
    stripped = head.lstrip()
    if stripped.startswith(_WEBANNO):
        return "webanno-tsv"
    if stripped.startswith("<?xml") or stripped.startswith("<xmi:XMI"):
        return "xmi" if "http:///uima/cas.ecore" in head or "xmi:XMI" in head else "xml"
    if _JSON_ARRAY.match(stripped):
        return "json-array"
    first = stripped.split("\n", 1)[0]
    if _JSON_OBJECT.match(stripped):
        try:
            json.loads(first)
            return "jsonl"
        except (ValueError, RecursionError):  # JSONDecodeError, a deep or huge number's record
            return "json"  # a pretty-printed object, or not JSON at all: the reader says
    lines = [line for line in stripped.splitlines()[:20] if line.strip()]
    if lines and all(_BRAT_LINE.match(line) for line in lines):
        return "brat"
    if first.startswith("-DOCSTART-") or (
        len(lines) >= 3 and all(_CONLL_LINE.fullmatch(line.strip()) for line in lines)
    ):
        return "conll"
    return None


def refuse_foreign(path: Path, shown: str) -> None:
    """Raise ForeignFormat when ``shown`` (what :func:`sniff` said) is a format hasiye does not
    read at all."""
    if shown == "webanno-tsv":
        raise ForeignFormat(
            path,
            "WebAnno TSV",
            "hasiye does not read it; export the documents from INCEpTION or WebAnno as "
            "UIMA CAS XMI and import the .xmi files",
        )
    if shown == "xml":
        raise ForeignFormat(
            path, "XML that is not UIMA CAS XMI", "hasiye reads XML only as UIMA CAS XMI"
        )


def detect(path: Path, head: str | None = None) -> str:
    """The import format of a file (one of IMPORT_FORMATS); ForeignFormat when it is none.
    ``head``: its ``head_of`` when its content was read already."""
    by_name = SUFFIX_FORMATS.get(path.suffix.lower())
    if head is None:
        head = read_head(path)
    shown = sniff(head)
    refuse_foreign(path, shown or "")
    if by_name is not None:
        if by_name == "jsonl" and shown in ("brat", "conll", "xmi"):
            raise _misnamed(path, shown)
        if by_name == "jsonl" and shown is None and head.strip():
            raise ForeignFormat(
                path,
                "not JSON",
                "it does not start with a JSON object or array; --format text imports it as an "
                "article",
            )
        return by_name
    if path.suffix.lower() == ".txt" and path.with_suffix(".ann").is_file():
        return "brat"
    if shown is not None and shown != "json":
        raise _misnamed(path, shown)
    if shown == "json":
        raise _misnamed(path, "jsonl")
    return "text"


def detect_stream(path: Path, shown_as: Path) -> str:
    """The format of standard input spooled to ``path``: content only (there is no name)."""
    shown = sniff(read_head(path))
    refuse_foreign(shown_as, shown or "")
    if shown in ("jsonl", "json", "json-array"):
        return "jsonl"
    if shown in ("xmi", "conll"):
        return shown
    raise ForeignFormat(
        shown_as,
        "standard input",
        "cannot tell its format from its content; give --format (jsonl, doccano, yaml, conll, "
        "label-studio, xmi)",
    )


_NAMES = {
    "brat": "brat standoff annotations (.ann)",
    "conll": "CoNLL",
    "xmi": "UIMA CAS XMI",
    "jsonl": "JSON",
    "json-array": "a JSON array",
}


def _misnamed(path: Path, shown: str) -> ForeignFormat:
    advice = {
        "brat": "import the .txt / .ann pair (name the .ann or the folder) or give --format brat",
        "json-array": "name it .json (Label Studio tasks) or give --format label-studio",
    }.get(shown, f"give it its usual name or --format {shown}")
    return ForeignFormat(path, f"looks like {_NAMES.get(shown, shown)}", f"not imported as text; {advice}")


def refuse_foreign_records(path: Path, first: object) -> None:
    """Refuse a whole JSON file whose first record is of a tool hasiye does not read."""
    if isinstance(first, dict) and "paragraphs" in first:
        raise ForeignFormat(
            path,
            "spaCy v2 training JSON",
            "hasiye does not read it; convert it to CoNLL or to JSONL with text and spans first",
        )
    if not isinstance(first, dict) or not ("text" in first or isinstance(first.get("data"), dict)):
        what = (
            f"records with the fields {', '.join(sorted(map(str, first)))[:200]}"
            if isinstance(first, dict)
            else f"{type(first).__name__} records"
        )
        raise ForeignFormat(
            path,
            f"JSON of unknown records ({what})",
            "hasiye reads JSONL records with text and spans, doccano's JSONL, or Label Studio "
            "tasks (data.text)",
        )
