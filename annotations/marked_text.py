"""The text with spans marked inline, as ``hasiye show`` prints it: ``[Halil Hayye]PER``.

Nested spans nest their brackets: ``[[Mısır]LOC Genel İstihbarat Servisi]ORG``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from annotations.model import Span


@dataclass(frozen=True)
class Piece:
    """A run of text, or the opening or closing mark of a span."""

    kind: str  # "text", "open" or "close"
    text: str = ""
    span: Span | None = None
    depth: int = 0  # how many spans enclose this piece


def marked_pieces(text: str, spans: list[Span]) -> Iterator[Piece]:
    """Walk the text, yielding text runs and span marks in order (outer spans open first)."""
    ordered = sorted(spans, key=lambda span: (span.start, -span.end))
    open_spans: list[Span] = []
    position = 0
    index = 0
    while position < len(text) or open_spans or index < len(ordered):
        next_close = open_spans[-1].end if open_spans else None
        next_open = ordered[index].start if index < len(ordered) else None
        stops = [stop for stop in (next_close, next_open) if stop is not None]
        stop = min(stops) if stops else len(text)
        if stop > position:
            yield Piece("text", text[position:stop], depth=len(open_spans))
            position = stop
        if next_close is not None and next_close <= position:
            yield Piece("close", span=open_spans.pop(), depth=len(open_spans))
        elif next_open is not None and next_open <= position:
            span = ordered[index]
            index += 1
            yield Piece("open", span=span, depth=len(open_spans))
            open_spans.append(span)
        elif stop >= len(text):
            break


def marked_text(text: str, spans: list[Span]) -> str:
    """Plain marked text, for a pipe: every span as ``[surface]LABEL``."""
    parts = []
    for piece in marked_pieces(text, spans):
        if piece.kind == "text":
            parts.append(piece.text)
        elif piece.kind == "open":
            parts.append("[")
        elif piece.span is not None:
            parts.append(f"]{piece.span.label}")
    return "".join(parts)
