"""CoNLL (IOB2) out and in, tokenised the way Turkish news NER data is.

An apostrophe suffix is its own token (``Erdoğan`` B-PER, ``'a`` O); numbers and names with
inner punctuation (``5.11.2025``, ``20:20``, ``el-Hayye``) stay whole; other punctuation is a
token of its own. Span boundaries always split tokens, so every entity keeps its exact tokens.
Sentences end at a line break, and after ``.`` ``!`` ``?`` ``…`` when the next token starts with a
capital letter or a digit (never inside a span).

Reading accepts IOB and IOB2, tab or space separated, with or without ``-DOCSTART-``, with a BOM
and CRLF line ends; the text is rebuilt from the tokens with suffix tokens joined back
(``Almanya 'nın`` → ``Almanya'nın``), one sentence per line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotations.dataset import GoldSpan
from annotations.turkish import APOSTROPHES

DOCSTART = "-DOCSTART-"
_APOSTROPHE_CLASS = re.escape(APOSTROPHES)
TOKEN = re.compile(rf"(?<=\w)[{_APOSTROPHE_CLASS}]\w+|\w+(?:[-.:/,]\w+)*|[^\w\s]")
SENTENCE_END = {".", "!", "?", "…"}

Token = tuple[int, int]  # start and end offsets in the text


@dataclass
class ConllExport:
    """What one article became: its sentences of (token, tag), and the spans CoNLL could not hold."""

    sentences: list[list[tuple[str, str]]]
    left_out: int


def tokens_of(text: str, boundaries: Iterable[int] = ()) -> list[Token]:
    """Token offsets; no token crosses one of ``boundaries`` (span starts and ends)."""
    cuts = sorted({0, len(text), *(b for b in boundaries if 0 < b < len(text))})
    tokens: list[Token] = []
    for first, last in zip(cuts, cuts[1:]):
        tokens.extend(match.span() for match in TOKEN.finditer(text, first, last))
    return tokens


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


def to_conll(text: str, spans: Iterable[GoldSpan]) -> ConllExport:
    kept, left_out = outermost(spans)
    boundaries = [offset for span in kept for offset in (span.start, span.end)]
    tokens = tokens_of(text, boundaries)
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
        if following is None or _sentence_ends(text, (start, end), following, tag, kept, starts):
            sentences.append(sentence)
            sentence = []
    return ConllExport(sentences, left_out)


def _sentence_ends(
    text: str,
    token: Token,
    following: Token,
    tag: str,
    kept: list[GoldSpan],
    starts: list[int],
) -> bool:
    position = bisect_left(starts, following[0] + 1) - 1
    if position >= 0 and kept[position].start < following[0] < kept[position].end:
        return False  # never inside a span
    if "\n" in text[token[1] : following[0]]:
        return True
    word = text[token[0] : token[1]]
    nxt = text[following[0]]
    return word in SENTENCE_END and (nxt.isupper() or nxt.isdigit())


def write_document(sentences: list[list[tuple[str, str]]]) -> Iterator[str]:
    yield f"{DOCSTART}\tO\n\n"
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


def read_documents(lines: Iterable[str]) -> Iterator[ConllDocument]:
    """Documents from CoNLL lines; ``-DOCSTART-`` (if any) separates them."""
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
        fields = line.split("\t") if "\t" in line else line.split()
        fields = [value.strip() for value in fields if value.strip()]
        if fields[0] == DOCSTART:
            if sentence:
                sentences.append(sentence)
                sentence = []
            if sentences:
                yield ConllDocument(sentences, first_line)
            sentences, first_line = [], number + 1
            continue
        if len(fields) < 2:
            raise ConllProblem(number, f"expected a token and a tag, got {line!r}")
        tag = fields[-1]
        if not (tag == "O" or re.fullmatch(r"[BI]-\S+", tag)):
            raise ConllProblem(number, f"tag {tag!r} is not O, B-LABEL or I-LABEL")
        sentence.append((fields[0], tag, number))
    if sentence:
        sentences.append(sentence)
    if sentences:
        yield ConllDocument(sentences, first_line)


def is_suffix(token: str) -> bool:
    return len(token) > 1 and token[0] in APOSTROPHES and token[1:].isalnum()


def rebuild(document: ConllDocument, annotator: str) -> tuple[str, list[GoldSpan]]:
    """The text (suffix tokens joined back, one sentence per line) and the spans of the tags.

    IOB and IOB2 both read: ``I-X`` after ``O`` or after another label starts an entity.
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
            if token_number and not is_suffix(token):
                pieces.append(" ")
                length += 1
            start = length
            pieces.append(token)
            length += len(token)
            kind, _, label = tag.partition("-")
            if kind == "O":
                current = None
            elif kind == "B" or current is None or current[0] != label:
                current = [label, start, length]
                found.append(current)
            else:
                current[2] = length
    text = "".join(pieces)
    spans = [GoldSpan(start, end, label, text[start:end], annotator) for label, start, end in found]
    return text, spans
