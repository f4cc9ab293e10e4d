"""CoNLL (IOB2) out and in, tokenised the way Turkish news NER data is (annotations.tokenizing).

Span boundaries always split tokens, so every entity keeps its exact tokens. Sentences end at a
line break, and in running text after ``.`` ``!`` ``?`` ``…`` before a capital letter or a digit
(never inside a span, never after ``Dr.`` or an ordinal). Each article is one document, opened by
``-DOCSTART- -X- O O``, the line spaCy's converter and flair (``document_separator_token``) know.

Reading accepts IOB and IOB2, tab or space separated, ``word|POS|tag`` too (one token per line or
one sentence per line), any number of columns (the tag column is the last unless chosen by
position or by a name from a ``# columns = ...`` / ``# global.columns = ...`` header), with or
without ``-DOCSTART-``, with a BOM and CRLF line ends. A document's text is its tokens joined by
single spaces, one sentence per line (``Almanya 'nın``: a suffix token stays a token), tagged
``tokenised``: exported again, it gives the file's tokens, tags (IOB2) and sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotations.dataset import GoldSpan
from annotations.tokenizing import Token, ends_sentence, tokens_of

__all__ = ["Token", "tokens_of"]

DOCSTART = "-DOCSTART-"
DOCSTART_LINE = "-DOCSTART- -X- O O"
# flair's ColumnCorpus decides from the first lines which column holds the tags: spaCy's line puts
# "-X-" there and flair then finds no entity. This one reads as a document break in both flair and
# hasiye (spaCy's converter knows only its own).
FLAIR_DOCSTART_LINE = "-DOCSTART-\tO"


@dataclass
class ConllExport:
    """What one article became: its sentences of (token, tag), and the spans CoNLL could not hold."""

    sentences: list[list[tuple[str, str]]]
    left_out: int


def outermost(spans: Iterable[GoldSpan]) -> tuple[list[GoldSpan], int]:
    """The spans CoNLL can hold (outermost first; a span crossing a kept one is left out too)."""
    kept: list[GoldSpan] = []
    left_out = 0
    for span in sorted(spans, key=lambda span: (span.start, -span.end)):
        if kept and span.start < kept[-1].end:
            left_out += 1
            continue
        kept.append(span)
    return kept, left_out


def to_conll(text: str, spans: Iterable[GoldSpan], tokenised: bool = False) -> ConllExport:
    """``tokenised``: the text is a tokenised file's (its words are the tokens, its lines the
    sentences)."""
    kept, left_out = outermost(spans)
    boundaries = [offset for span in kept for offset in (span.start, span.end)]
    tokens = tokens_of(text, boundaries, tokenised)
    starts = [span.start for span in kept]
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for index, (start, end) in enumerate(tokens):
        position = bisect_left(starts, start + 1) - 1  # the last kept span starting at or before
        tag = "O"
        if position >= 0 and start < kept[position].end:
            span = kept[position]
            tag = f"{'B' if start == span.start else 'I'}-{span.label}"
        sentence.append((text[start:end], tag))
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or _sentence_ends(text, (start, end), following, kept, starts, tokenised):
            sentences.append(sentence)
            sentence = []
    return ConllExport(sentences, left_out)


def _sentence_ends(
    text: str,
    token: Token,
    following: Token,
    kept: list[GoldSpan],
    starts: list[int],
    tokenised: bool,
) -> bool:
    position = bisect_left(starts, following[0] + 1) - 1
    if position >= 0 and kept[position].start < following[0] < kept[position].end:
        return False  # never inside a span
    return ends_sentence(text, token, following, tokenised)


def write_document(
    sentences: list[list[tuple[str, str]]], docstart: str = DOCSTART_LINE
) -> Iterator[str]:
    """One document's lines after its ``-DOCSTART-`` line (spaCy's by default)."""
    yield f"{docstart}\n\n"
    for sentence in sentences:
        for token, tag in sentence:
            yield f"{token}\t{tag}\n"
        yield "\n"


# Reading ----------------------------------------------------------------------------------------


@dataclass
class ConllDocument:
    """Tokens and tags of one document as read, with the line each token came from."""

    sentences: list[list[tuple[str, str, int]]]
    line: int


class ConllProblem(ValueError):
    def __init__(self, line: int, why: str) -> None:
        super().__init__(why)
        self.line = line


_TAG = re.compile(r"O|[BIES]-\S+")
_HEADER = re.compile(r"#\s*(?:global\.)?columns\s*=\s*(.+)", re.IGNORECASE)
_TOKEN_COLUMN_NAMES = ("form", "word", "token", "text")


@dataclass
class _Columns:
    """Which field is the token and which the tag (0-based, negative from the end)."""

    wanted: str | int | None
    token: int = 0
    tag: int = -1
    names: tuple[str, ...] = ()

    def named(self, names: list[str], line: int) -> None:
        self.names = tuple(name.lower() for name in names)
        for position, name in enumerate(self.names):
            if name in _TOKEN_COLUMN_NAMES:
                self.token = position
                break
        if isinstance(self.wanted, str):
            self.tag = self.position_of(self.wanted, line)

    def position_of(self, name: str, line: int) -> int:
        if name.lower() not in self.names:
            known = ", ".join(self.names) or "none (no '# columns = ...' header line)"
            raise ConllProblem(line, f"no column named {name!r}; the file's columns: {known}")
        return self.names.index(name.lower())


def tag_column(value: str) -> str | int:
    """``--tag-column``: a 1-based position (negative counts from the end) or a column name."""
    try:
        number = int(value)
    except ValueError:
        return value
    if number == 0:
        raise ValueError("column positions count from 1 (or from -1 at the end)")
    return number - 1 if number > 0 else number


def _is_comment(line: str) -> bool:
    """CoNLL-U's ``# sent_id = 1``, ``# text = ...``: a ``#`` line without a tab that does not end
    in a tag (``#<TAB>O`` and ``# O`` stay tokens)."""
    return line.startswith("#") and "\t" not in line and not _TAG.fullmatch(line.split()[-1])


def _line_tokens(line: str) -> list[list[str]]:
    """The fields of each token on a line: one token (tab or space separated fields), or, in the
    ``word|POS|tag`` style, every space-separated item a token of ``|``-separated fields."""
    if "\t" in line:
        return [[value.strip() for value in line.split("\t") if value.strip()]]
    items = line.split()
    if all("|" in item for item in items):
        return [item.split("|") for item in items]
    return [items]


def read_documents(
    lines: Iterable[str], column: str | int | None = None
) -> Iterator[ConllDocument]:
    """Documents from CoNLL lines; ``-DOCSTART-`` (if any) separates them, a blank line (or the
    end of a ``word|tag`` line) ends a sentence. ``column``: the tag column (see tag_column)."""
    columns = _Columns(column, tag=column if isinstance(column, int) else -1)
    sentences: list[list[tuple[str, str, int]]] = []
    sentence: list[tuple[str, str, int]] = []
    first_line = 1
    for number, raw in enumerate(lines, start=1):
        # A byte-order mark starts a file, not a line: a U+FEFF token later is a token.
        line = (raw.lstrip("\ufeff") if number == 1 else raw).rstrip("\r\n")
        if not line.strip():
            if sentence:
                sentences.append(sentence)
                sentence = []
            continue
        header = None if "\t" in line else _HEADER.fullmatch(line.strip())
        if header:
            columns.named(header.group(1).split(), number)
            continue
        if _is_comment(line):
            continue
        if line.split()[0] == DOCSTART:
            if sentence:
                sentences.append(sentence)
                sentence = []
            if sentences:
                yield ConllDocument(sentences, first_line)
            sentences, first_line = [], number + 1
            continue
        if isinstance(columns.wanted, str) and not columns.names:
            columns.position_of(columns.wanted, number)  # raises: the name is unknown
        on_line = _line_tokens(line)
        for fields in on_line:
            sentence.append(_token(fields, columns, number, line))
        if len(on_line) > 1 and sentence:  # word|POS|tag word|POS|tag: a sentence per line
            sentences.append(sentence)
            sentence = []
    if sentence:
        sentences.append(sentence)
    if sentences:
        yield ConllDocument(sentences, first_line)


def _token(fields: list[str], columns: _Columns, number: int, line: str) -> tuple[str, str, int]:
    if len(fields) < 2:
        raise ConllProblem(number, f"expected a token and a tag, got {line!r}")
    try:
        token, tag = fields[columns.token], fields[columns.tag]
    except IndexError:
        raise ConllProblem(
            number, f"no column {columns.tag + 1 if columns.tag >= 0 else columns.tag} in {line!r}"
        ) from None
    if not _TAG.fullmatch(tag):
        hint = " (--tag-column chooses another column)" if len(fields) > 2 else ""
        raise ConllProblem(
            number, f"tag {tag!r} is not O or B-, I-, E-, S- and a label (IOB, IOB2, BIOES){hint}"
        )
    if any(character.isspace() for character in token):
        # Stored as words separated by spaces, it would come back as two tokens.
        raise ConllProblem(
            number, f"token {token!r} contains a space; a token is one word (split or join it)"
        )
    return token, tag, number


def rebuild(document: ConllDocument, annotator: str) -> tuple[str, list[GoldSpan]]:
    """The text (tokens joined by single spaces, one sentence per line) and the spans of the tags.

    IOB and IOB2 both read: ``I-X`` after ``O`` or after another label starts an entity; the
    ``E-`` and ``S-`` of BIOES end one.
    """
    pieces: list[str] = []
    found: list[list] = []  # [label, start, end] per entity
    current: list | None = None
    length = 0
    for sentence_number, sentence in enumerate(document.sentences):
        if sentence_number:
            pieces.append("\n")
            length += 1
        current = None  # an entity never runs across a sentence break
        for token_number, (token, tag, _) in enumerate(sentence):
            if token_number:
                pieces.append(" ")
                length += 1
            start = length
            pieces.append(token)
            length += len(token)
            kind, _, label = tag.partition("-")
            if kind == "O":
                current = None
            elif kind in "BS" or current is None or current[0] != label:
                current = [label, start, length]
                found.append(current)
            else:
                current[2] = length
            if kind in "ES":
                current = None
    text = "".join(pieces)
    spans = [GoldSpan(start, end, label, text[start:end], annotator) for label, start, end in found]
    return text, spans
