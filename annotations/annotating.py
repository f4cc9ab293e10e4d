"""What a labelling key does, as pure functions over the text and the annotator's spans.

Trimming: whitespace, punctuation and quotes at either end go out of a span, and so does a
Turkish apostrophe suffix ("Erdoğan'a" → "Erdoğan", "2025'te" → "2025").
"""

from __future__ import annotations

import string
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from annotations.model import Span
from annotations.titles import STANDARD_TITLES, Titles, title_key
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


# Lower-case words that join the words of one name when names stand on both sides of them
# ("Muhammed bin Abdurrahman Al Sani", "Ursula von der Leyen").
NAME_PARTICLES = frozenset({"bin", "bint", "binti", "ibn", "von", "van", "der", "den"})
# Conjunctions and postpositions are capitalised only in Title Case headlines ("Ateşkeste İkinci
# Aşama ve ABD İle Koordinasyon"), where they end a name rather than join two.
FUNCTION_WORDS = frozenset({"ve", "veya", "ile", "icin", "ama", "fakat", "gibi", "gore", "kadar"})


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    key: str  # folded, without an apostrophe suffix: how titles are compared
    kind: str  # "name" (capitalised), "particle" (bin, von) or "other"
    suffixed: bool


def _word(text: str, bounds: tuple[int, int]) -> _Word:
    start, end = bounds
    written = text[start:end]
    key = title_key(written)
    # "el-Hayye", "es-Sisi", "al-Thani": a short lower-case Arabic article before a name.
    article, hyphen, rest = written.partition("-")
    arabic = bool(hyphen) and article.islower() and len(article) <= 3 and rest[:1].isupper()
    if key in FUNCTION_WORDS:
        kind = "other"
    elif written[0].isupper() or arabic:
        kind = "name"
    elif key in NAME_PARTICLES:
        kind = "particle"
    else:
        kind = "other"
    return _Word(start, end, key, kind, _has_suffix(text, start, end))


def _word_around(text: str, position: int) -> _Word | None:
    bounds = word_at(text, position)
    return None if bounds is None else _word(text, bounds)


def _previous(text: str, word: _Word, titles: Titles) -> _Word | None:
    """The word one blank before, or before ". " when it is an abbreviated title ("Dr. Ali")."""
    start = word.start
    if start >= 2 and text[start - 1] == " " and _in_word(text, start - 2):
        return _word_around(text, start - 2)
    if start >= 3 and text[start - 2 : start] == ". " and _in_word(text, start - 3):
        previous = _word_around(text, start - 3)
        return previous if previous is not None and (previous.key,) in titles.phrases else None
    return None


def _next(text: str, word: _Word, titles: Titles) -> _Word | None:
    end = word.end
    if text[end : end + 2] == ". " and (word.key,) in titles.phrases:
        end += 1  # "Prof. Dr. Ali": the full stop of an abbreviated title
    if end < len(text) - 1 and text[end] == " " and _in_word(text, end + 1):
        return _word_around(text, end + 1)
    return None


def _run(text: str, word: _Word, titles: Titles) -> tuple[list[_Word], int]:
    """The capitalised words (and the particles between them) around ``word``, and its index
    there. A word with an apostrophe suffix ends the run."""
    run = [word]
    previous = _previous(text, word, titles)
    while previous is not None and previous.kind != "other" and not previous.suffixed:
        run.insert(0, previous)
        previous = _previous(text, previous, titles)
    following = None if run[-1].suffixed else _next(text, run[-1], titles)
    while following is not None and following.kind != "other":
        run.append(following)
        following = None if following.suffixed else _next(text, following, titles)
    return run, run.index(word)


def _overlap(span: Span, word: _Word) -> bool:
    return span.start < word.end and word.start < span.end


def _without_edge_particles(run: list[_Word], first: int, last: int) -> tuple[int, int]:
    while first <= last and run[first].kind == "particle":
        first += 1
    while last >= first and run[last].kind == "particle":
        last -= 1
    return first, last


def name_at(
    text: str,
    position: int,
    spans: Iterable[Span] = (),
    label: str | None = None,
    titles: Titles = STANDARD_TITLES,
) -> tuple[int, int] | None:
    """The name under the cursor: the run of capitalised words around it, cut at titles and at
    the annotator's spans of ``label`` ("MİT Başkanı İbrahim Kalın": MİT on MİT, "İbrahim
    Kalın" on Kalın).

    - A word with an apostrophe suffix ends a name ("Başkanı Kalın'dan Hamas'la": Hamas alone).
    - Titles are cut before and after the cursor's word, the phrase-aware way of
      ``annotations.titles``: "Mısır Genel İstihbarat Servisi" stays whole, "NATO Genel
      Sekreteri Mark Rutte" gives NATO or Mark Rutte.
    - On a title, the name right after it ("Cumhurbaşkanı Erdoğan" on Cumhurbaşkanı gives
      Erdoğan); None when no name follows.
    - A span of ``label`` is a wall: the run never reaches into one ("Erdoğan Putin" with
      Erdoğan a PER gives Putin), and a cursor inside one gives that span.
    - Particles join names (Muhammed bin Abdurrahman Al Sani, Halil el-Hayye); capitalised
      conjunctions of Title Case headlines (Ve, İle, İçin) do not.
    - An acronym is a capitalised word like any other: alone before a title ("MİT Başkanı"),
      the first word of a longer name before a name word ("AK Parti", "BM Güvenlik Konseyi").
    """
    bounds = word_at(text, position)
    if bounds is None:
        return None
    walls = [span for span in spans if label is not None and span.label == label]
    cursor = _word(text, bounds)
    inside = [span for span in walls if _overlap(span, cursor)]
    if inside:  # pressing the key again on a span: the span, which decide_label leaves alone
        span = min(inside, key=lambda span: span.end - span.start)
        return span.start, span.end
    if cursor.kind == "other":
        return None
    run, index = _run(text, cursor, titles)
    marks = titles.marks([word.key for word in run])
    walled = [any(_overlap(span, word) for span in walls) for word in run]
    if marks[index]:
        # A title is said of the name that follows it: skip to that name.
        while index < len(run) and marks[index]:
            index += 1
        if index == len(run):
            return None
    if walled[index]:
        span = next(span for span in walls if _overlap(span, run[index]))
        return span.start, span.end
    first = last = index
    while first > 0 and not (marks[first - 1] or walled[first - 1]):
        first -= 1
    while last < len(run) - 1 and not (marks[last + 1] or walled[last + 1]):
        last += 1
    first, last = _without_edge_particles(run, first, last)
    if not first <= index <= last:
        return None  # the cursor is on a particle outside any name
    return trim(text, run[first].start, run[last].end)


def with_title(
    text: str, start: int, end: int, titles: Titles = STANDARD_TITLES
) -> tuple[int, int] | None:
    """The range grown leftwards over the title right before it, with the rest of the
    capitalised run the title belongs to ("İbrahim Kalın" in "MİT Başkanı İbrahim Kalın" grows
    to the whole); None when no title stands right before the range.

    What a second press of a label key on a span ``name_at`` just made offers: the name with
    its title, as the run was before titles were cut.
    """
    bounds = word_at(text, start)
    if bounds is None or bounds[0] != start:
        return None
    run, index = _run(text, _word(text, bounds), titles)
    if index == 0:
        return None
    marks = titles.marks([word.key for word in run[: index + 1]])
    if not marks[index - 1]:
        return None
    first, _ = _without_edge_particles(run, 0, index)
    return run[first].start, end


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


def grown_start(text: str, span: Span) -> tuple[int, int] | None:
    """The span's range with the previous word added at its start; None at the start of the
    line."""
    position = span.start
    while position > 0 and text[position - 1] in " \t":
        position -= 1
    while position > 0 and not _in_word(text, position - 1) and text[position - 1] != "\n":
        position -= 1
    previous = word_at(text, position - 1) if position > 0 else None
    if previous is None:
        return None
    start, end = trim(text, previous[0], span.end)
    return (start, end) if start < span.start else None


def shrunk_start(text: str, span: Span) -> tuple[int, int] | None:
    """The span's range without its first word; None when it is one word."""
    position = span.start
    while position < span.end and _in_word(text, position):
        position += 1
    while position < span.end and not _in_word(text, position):
        position += 1
    if position >= span.end:
        return None
    start, end = trim(text, position, span.end)
    return (start, end) if span.start < start < end else None


def next_word_start(text: str, position: int) -> int:
    """Where the next word begins after ``position`` (past a suffix, blanks and punctuation, not
    past the end of the paragraph): where the cursor waits after a span is made."""
    while _in_word(text, position):
        position += 1
    while position < len(text) and not _in_word(text, position) and text[position] != "\n":
        position += 1
    return position


def next_name(
    text: str,
    position: int,
    spans: Iterable[Span],
    step: int = 1,
    titles: Titles = STANDARD_TITLES,
) -> int | None:
    """The start of the next (``step`` 1) or previous (-1) capitalised word that no span covers
    and that is not a title (Başkanı): where the next name to label probably is. None when there
    is none that way."""
    merged: list[list[int]] = []  # the covered ranges, joined, in text order
    for start, end in sorted((span.start, span.end) for span in spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    starts = [start for start, _ in merged]

    def free_name_at(index: int) -> bool:
        if not text[index].isupper() or (index > 0 and _in_word(text, index - 1)):
            return False
        covering = bisect_right(starts, index) - 1
        if covering >= 0 and merged[covering][1] > index:
            return False
        bounds = word_at(text, index)
        return bounds is None or text[bounds[0] : bounds[1]] not in titles

    if step > 0:
        indexes: Iterable[int] = range(position + 1, len(text))
    else:
        indexes = range(word_start(text, position) - 1, -1, -1)
    return next((index for index in indexes if free_name_at(index)), None)


def word_start(text: str, position: int) -> int:
    """The start of the word the position is in (the position itself between words)."""
    while position > 0 and _in_word(text, position - 1) and _in_word(text, position):
        position -= 1
    return position


def _containing(spans: Iterable[Span], position: int) -> list[Span]:
    """The spans containing the position, or else those ending right at it."""
    spans = list(spans)
    inside = [span for span in spans if span.start <= position < span.end]
    return inside or [span for span in spans if span.end == position]


def outermost_at(spans: Iterable[Span], position: int) -> Span | None:
    """The largest span containing the position (or ending right at it)."""
    return max(_containing(spans, position), key=lambda span: span.end - span.start, default=None)


def innermost_at(spans: Iterable[Span], position: int) -> Span | None:
    """The smallest span containing the position (or ending right at it)."""
    return min(_containing(spans, position), key=lambda span: span.end - span.start, default=None)


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
