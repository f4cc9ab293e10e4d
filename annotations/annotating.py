"""What a labelling key does, as pure functions over the text and the annotator's spans.

Trimming: whitespace, punctuation and quotes at either end go out of a span, and so does a
Turkish apostrophe suffix ("Erdoğan'a" → "Erdoğan", "2025'te" → "2025").
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from annotations.model import Span
from annotations.turkish import APOSTROPHES

TRIMMED = set(string.punctuation) | set(APOSTROPHES) | set("“”«»„‹›…–—")
WORD_JOINERS = set(APOSTROPHES) | {"-", "."}


def _trimmable(character: str) -> bool:
    return character.isspace() or character in TRIMMED


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without surrounding blanks, punctuation, quotes and an apostrophe suffix."""
    while start < end and _trimmable(text[start]):
        start += 1
    while end > start and _trimmable(text[end - 1]):
        end -= 1
    apostrophe = max(text.rfind(mark, start, end) for mark in APOSTROPHES)
    if apostrophe > start and text[apostrophe - 1].isalnum():
        suffix = text[apostrophe + 1 : end]
        if suffix and suffix.isalpha() and suffix == suffix.lower():
            end = apostrophe
    while end > start and _trimmable(text[end - 1]):
        end -= 1
    return start, end


def _in_word(text: str, index: int) -> bool:
    if not 0 <= index < len(text):
        return False
    character = text[index]
    if character.isalnum():
        return True
    joined = 0 < index < len(text) - 1 and text[index - 1].isalnum() and text[index + 1].isalnum()
    return character in WORD_JOINERS and joined


def word_at(text: str, position: int) -> tuple[int, int] | None:
    if not _in_word(text, position):
        if _in_word(text, position - 1):
            position -= 1
        else:
            return None
    start = end = position
    while _in_word(text, start - 1):
        start -= 1
    while _in_word(text, end):
        end += 1
    return start, end


def _has_suffix(text: str, start: int, end: int) -> bool:
    return any(character in APOSTROPHES for character in text[start:end])


def name_at(text: str, position: int) -> tuple[int, int] | None:
    """The run of capitalised words around the position ("Halil Hayye'nin" → "Halil Hayye").

    A word with an apostrophe suffix ends a name: in "Başkanı Kalın'dan Hamas'la" the cursor on
    Hamas takes "Hamas", on Kalın "Başkanı Kalın".
    """
    word = word_at(text, position)
    if word is None or not text[word[0]].isupper():
        return None
    start, end = word
    while start >= 2 and text[start - 1] == " ":
        previous = word_at(text, start - 2)
        if previous is None or not text[previous[0]].isupper() or _has_suffix(text, *previous):
            break
        start = previous[0]
    while end < len(text) - 1 and text[end] == " " and not _has_suffix(text, start, end):
        following = word_at(text, end + 1)
        if following is None or not text[following[0]].isupper():
            break
        end = following[1]
    return trim(text, start, end)


def grown(text: str, span: Span) -> tuple[int, int] | None:
    """The span's range with the next word added at its end; None at the end of the line."""
    position = span.end
    while _in_word(text, position):  # the rest of the last word, such as a suffix
        position += 1
    while position < len(text) and text[position] in " \t":
        position += 1
    while position < len(text) and not _in_word(text, position) and text[position] != "\n":
        position += 1
    following = word_at(text, position) if position < len(text) else None
    if following is None:
        return None
    start, end = trim(text, span.start, following[1])
    return (start, end) if end > span.end else None


def shrunk(text: str, span: Span) -> tuple[int, int] | None:
    """The span's range without its last word; None when it is one word."""
    position = span.end - 1
    while position > span.start and _in_word(text, position):
        position -= 1
    while position > span.start and not _in_word(text, position):
        position -= 1
    if position <= span.start:
        return None
    start, end = trim(text, span.start, position + 1)
    return (start, end) if start < end < span.end else None


def innermost_at(spans: list[Span], position: int) -> Span | None:
    """The smallest span containing the position (or ending right at it)."""
    containing = [span for span in spans if span.start <= position < span.end]
    if not containing:
        containing = [span for span in spans if span.end == position]
    return min(containing, key=lambda span: span.end - span.start, default=None)


@dataclass(frozen=True)
class LabelDecision:
    """What labelling a range means: create, resize or relabel a span, or refuse (with why)."""

    kind: str  # "create", "resize", "relabel", "unchanged" or "refuse"
    start: int = 0
    end: int = 0
    span: Span | None = None  # the span resized or relabelled
    why: str = ""


def decide_label(text: str, spans: list[Span], start: int, end: int, label: str) -> LabelDecision:
    start, end = trim(text, start, end)
    if start >= end:
        return LabelDecision("refuse", why="nothing to label there")
    for span in spans:
        if (span.start, span.end) == (start, end):
            if span.label == label:
                return LabelDecision("unchanged", start, end, span, f"already {label}")
            return LabelDecision("relabel", start, end, span)
    overlapping = [span for span in spans if span.start < end and start < span.end]
    crossing_other = [
        span
        for span in overlapping
        if span.label != label and span.crosses(Span(span.article_id, start, end, label, "", ""))
    ]
    if crossing_other:
        other = crossing_other[0]
        return LabelDecision(
            "refuse",
            why=f"crosses {other.label} span {other.surface!r}; fix that one first",
        )
    same_label = [span for span in overlapping if span.label == label]
    if len(same_label) == 1:
        return LabelDecision("resize", start, end, same_label[0])
    if len(same_label) > 1:
        return LabelDecision("refuse", why=f"overlaps {len(same_label)} {label} spans")
    return LabelDecision("create", start, end)
