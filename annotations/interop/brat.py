"""brat standoff: a ``.txt`` with the article text and a ``.ann`` beside it, in and out.

Entities are T lines, ``T1<TAB>LABEL START END<TAB>text``, offsets in code points into the
``.txt``. A span whose text crosses a line break (or holds a tab) is written as brat writes a
selection over lines: fragments ``START END;START END`` cut there, joined back on import. Any other discontinuous span is refused: hasiye has no such spans. The canonical name of a
span's entity goes in an AnnotatorNotes line (``#1<TAB>AnnotatorNotes T1<TAB>name``), as brat's
own note tool writes it. Relations, events, attributes and normalisations are refused with a
message: nothing in a file is dropped without a word.

A file's article id is its name: hasiye writes an id that is not a plain file name percent-encoded
(``a/b`` → ``a%2Fb.txt``) and decodes it on import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote, unquote

from annotations.dataset import GoldRecord, GoldSpan, RecordProblem, span_order
from annotations.model import Article

# Characters that end a line for brat's reader (Python's universal newlines) or for
# str.splitlines(), which some tools use, and the tab, which most brat readers take for the end of
# the text field: a span's text in a T line never holds one; the span is cut into fragments there.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(f"[{LINE_BREAKS}\t]+")
_T_LINE = re.compile(r"T\d+\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)", re.DOTALL)
_NOTE_LINE = re.compile(r"#\d+\tAnnotatorNotes (T\d+)\t?(.*)", re.DOTALL)
_OTHER_KINDS = {"R": "relations", "E": "events", "A": "attributes", "M": "attributes",
                "N": "normalisations", "*": "equivalences"}  # fmt: skip
_PLAIN_NAME = re.compile(r"[\w-][\w.-]*")


def file_stem(article_id: str) -> str:
    """The file name (without .txt / .ann) an article is written to."""
    if _PLAIN_NAME.fullmatch(article_id) and "%" not in article_id:
        return article_id
    return quote(article_id, safe="") if not article_id.startswith(".") else "%2E" + quote(
        article_id[1:], safe=""
    )


def article_id_of(stem: str) -> str:
    return unquote(stem)


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span's pieces between line breaks (one piece for a span on one line)."""
    pieces: list[tuple[int, int]] = []
    position = start
    for match in _BREAK_RUN.finditer(text, start, end):
        if match.start() > position:
            pieces.append((position, match.start()))
        position = match.end()
    if end > position:
        pieces.append((position, end))
    return pieces


def to_ann(record: GoldRecord) -> str:
    """The ``.ann`` content of one article (T lines in text order, a note after each linked T)."""
    text = record.article.text
    lines: list[str] = []
    note_number = 0
    for number, span in enumerate(sorted(record.spans, key=span_order), start=1):
        if not span.label or any(character.isspace() for character in span.label):
            raise RecordProblem(
                f"span {span.start}-{span.end}: the label {span.label!r} holds a space; brat "
                "types cannot"
            )
        pieces = fragments(text, span.start, span.end)
        if not pieces:
            raise RecordProblem(
                f"span {span.start}-{span.end} {span.label}: nothing but line breaks; brat "
                "cannot hold it"
            )
        offsets = ";".join(f"{first} {last}" for first, last in pieces)
        shown = " ".join(text[first:last] for first, last in pieces)
        lines.append(f"T{number}\t{span.label} {offsets}\t{shown}\n")
        if span.canonical:
            note_number += 1
            name = _BREAK_RUN.sub(" ", span.canonical)
            lines.append(f"#{note_number}\tAnnotatorNotes T{number}\t{name}\n")
    return "".join(lines)


def annotation_conf(labels: Iterable[str]) -> str:
    """A minimal annotation.conf declaring the labels as entity types (brat warns without one)."""
    entities = "\n".join(sorted(set(labels)))
    return f"[entities]\n{entities}\n[relations]\n\n[events]\n\n[attributes]\n"


def from_ann(
    ann_lines: Iterable[str], text: str, article_id: str, annotator: str
) -> GoldRecord:
    """One article from its text and the lines of its ``.ann``; RecordProblem says what is wrong,
    with the line number in the ``.ann``."""
    spans: dict[str, tuple[int, int, str, int]] = {}
    notes: dict[str, str] = {}
    for number, raw in enumerate(ann_lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        entity = _T_LINE.fullmatch(line)
        if entity is not None:
            label, offsets, shown = entity.groups()
            pieces = [tuple(map(int, piece.split())) for piece in offsets.split(";")]
            for (_, end), (start, _) in zip(pieces, pieces[1:]):
                if end > start or _BREAK_RUN.fullmatch(text[end:start]) is None:
                    raise RecordProblem(
                        f".ann line {number}: a discontinuous span ({offsets}); hasiye keeps "
                        "only continuous spans: split it into one T line per piece"
                    )
            key = line.split("\t", 1)[0]
            if key in spans:
                raise RecordProblem(f".ann line {number}: {key} again (line {spans[key][3]})")
            if pieces[-1][1] <= len(text):
                covered = " ".join(text[first:last] for first, last in pieces)
                if shown and shown != covered:
                    raise RecordProblem(
                        f".ann line {number}: {key}'s text {shown!r} does not match the .txt at "
                        f"{offsets} ({covered!r}); was the .txt changed?"
                    )
            spans[key] = (pieces[0][0], pieces[-1][1], label, number)
            continue
        note = _NOTE_LINE.fullmatch(line)
        if note is not None:
            notes[note.group(1)] = note.group(2).strip()
            continue
        kind = _OTHER_KINDS.get(line[:1])
        if kind is not None or line.startswith("#"):
            what = kind or "notes on something other than a text span"
            raise RecordProblem(
                f".ann line {number}: brat {what} ({line.split(chr(9), 1)[0]}) are not read by "
                "hasiye, which keeps entity spans only: remove those lines to import the spans"
            )
        raise RecordProblem(f".ann line {number}: not a brat standoff line: {line[:40]!r}")
    gold = []
    for key, (start, end, label, number) in spans.items():
        if not (0 <= start < end <= len(text)):
            raise RecordProblem(
                f".ann line {number}: offsets {start}-{end} outside the text (length {len(text)})"
            )
        gold.append(
            GoldSpan(start, end, label, text[start:end], annotator, canonical=notes.get(key))
        )
    title = text.split("\n", 1)[0][:120]
    return GoldRecord(Article(id=article_id, title=title, text=text), gold)


def pairs(path: Path) -> Iterator[tuple[Path, Path]]:
    """The (.txt, .ann) pairs a path names: the pair of a .txt or .ann file, or every .ann under a
    folder with the .txt beside it."""
    if path.is_dir():
        for ann in sorted(path.rglob("*.ann")):
            yield ann.with_suffix(".txt"), ann
    else:
        yield path.with_suffix(".txt"), path.with_suffix(".ann")


def read_text(path: Path) -> str:
    """A .txt exactly as brat reads it: UTF-8, line ends as they are (offsets count them)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()
