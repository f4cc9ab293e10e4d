"""What the annotator's keys would do, predicted with the core functions the screen calls.

The keystroke player (``tests.benchmarks.keystroke_player``) plans the keys for each gold span by
searching over these predictions, then presses them for real and checks after every key that the
screen did what was predicted. Nothing here touches the app: it mirrors
``tui/screens/annotator/screen.py`` (labelling, the span just made, resizing, relabelling, find),
``links.py`` (automatic link, the picker opening after labelling) and Textual's TextArea word and
arrow movement, over plain values.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from itertools import count

from annotations.annotating import (
    decide_label,
    grown,
    grown_start,
    innermost_at,
    name_at,
    next_name,
    next_word_start,
    outermost_at,
    shrunk,
    shrunk_start,
    with_title,
)
from annotations.dates import DATE_LABEL, span_value
from annotations.linking import auto_link_target, picker_is_likely
from annotations.matching import EntityIndex
from annotations.model import Span
from annotations.titles import Titles
from annotations.turkish import find_all

# Textual's TextArea word boundary (TextArea._word_pattern).
WORD_BOUNDARY = re.compile(r"(?<=\W)(?=\w)|(?<=\w)(?=\W)")
RESIZES = {">": grown, "<": shrunk, "(": grown_start, ")": shrunk_start}
MOVES = ("f", "F", "w", "b", "right", "left", "n", "N", "g", "G")


@dataclass(frozen=True)
class SimSpan:
    id: int
    start: int
    end: int
    label: str
    entity: int | None = None


@dataclass(frozen=True)
class Sim:
    """The annotator's state as far as the keys care: cursor and selection (anchor == cursor: no
    selection), the v mode, the span just made, the spans, an open link picker, the find."""

    cursor: int
    anchor: int
    selecting: bool
    fresh: int | None
    fresh_cursor: int
    spans: tuple[SimSpan, ...]
    picker: int | None = None  # the span the link picker opened for by itself
    relabel_pending: bool = False
    query: str = ""
    match_index: int = -1
    next_id: int = -1  # ids of spans made in the simulation (negative)

    @property
    def selected(self) -> tuple[int, int] | None:
        low, high = sorted((self.anchor, self.cursor))
        return (low, high) if low < high else None

    def ranges(self) -> frozenset[tuple[int, int, str]]:
        return frozenset((span.start, span.end, span.label) for span in self.spans)


@dataclass
class Page:
    """What does not change while one span is planned: the article, the labels, the index."""

    article_id: str
    text: str
    titles: Titles
    index: EntityIndex
    label_keys: dict[str, str]  # key -> label name
    anchor_date: date | None

    def __post_init__(self) -> None:
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        self.lines = self.text.split("\n")
        self._matches: dict[str, list[tuple[int, int]]] = {}

    def location(self, offset: int) -> tuple[int, int]:
        row = bisect_right(self.line_starts, offset) - 1
        return row, offset - self.line_starts[row]

    def offset(self, row: int, column: int) -> int:
        return self.line_starts[row] + column

    def matches(self, query: str) -> list[tuple[int, int]]:
        if query not in self._matches:
            length = len(query.strip())
            self._matches[query] = [(s, s + length) for s in find_all(self.text, query)]
        return self._matches[query]

    def model_spans(self, sim: Sim) -> list[Span]:
        return [
            Span(self.article_id, s.start, s.end, s.label, self.text[s.start : s.end], "", s.entity,
                 id=s.id)
            for s in sim.spans
        ]  # fmt: skip

    # Textual's movement ---------------------------------------------------------------------

    def word_right(self, cursor: int) -> int:
        if cursor >= len(self.text):
            return cursor
        row, column = self.location(cursor)
        line = self.lines[row]
        if row < len(self.lines) - 1 and column == len(line):
            return self.offset(row + 1, 0)
        rest = line[column:]
        stripped = rest.lstrip()
        found = WORD_BOUNDARY.search(stripped)
        if found is None:
            return self.offset(row, len(line))
        return self.offset(row, column + found.start() + len(rest) - len(stripped))

    def word_left(self, cursor: int) -> int:
        if cursor == 0:
            return 0
        row, column = self.location(cursor)
        if row > 0 and column == 0:
            return self.offset(row - 1, len(self.lines[row - 1]))
        before = self.lines[row][:column].rstrip()
        found = list(WORD_BOUNDARY.finditer(before))
        return self.offset(row, found[-1].start() if found else 0)

    def char_right(self, cursor: int) -> int:
        return min(cursor + 1, len(self.text))

    def char_left(self, cursor: int) -> int:
        return max(cursor - 1, 0)


def just_made(sim: Sim) -> SimSpan | None:
    if sim.fresh is None or sim.cursor != sim.fresh_cursor:
        return None
    return next((span for span in sim.spans if span.id == sim.fresh), None)


def _by_id(sim: Sim, spans: list[Span], found: Span | None) -> SimSpan | None:
    if found is None:
        return None
    return next(span for span in sim.spans if span.id == found.id)


def under_cursor(page: Page, sim: Sim) -> SimSpan | None:
    """The span just made, else the innermost span at the cursor (the span keys' target)."""
    spans = page.model_spans(sim)
    return just_made(sim) or _by_id(sim, spans, innermost_at(spans, sim.cursor))


def link_target(page: Page, sim: Sim) -> SimSpan | None:
    """The span k opens the picker for: the span just made, else the outermost linkable one."""
    linkable = [span for span in page.model_spans(sim) if span.label != DATE_LABEL]
    return just_made(sim) or _by_id(sim, linkable, outermost_at(linkable, sim.cursor))


def _put(sim: Sim, offset: int) -> Sim:
    return replace(sim, cursor=offset, anchor=offset, selecting=False)


def _move(sim: Sim, offset: int, select: bool) -> Sim:
    return replace(sim, cursor=offset, anchor=sim.anchor if select else offset)


def _changed(page: Page, sim: Sim, span: SimSpan, start: int, end: int, label: str) -> Sim:
    """A span reshaped or relabelled (history.change keeps its id and link), and the cursor
    waiting past it."""
    new = replace(span, start=start, end=end, label=label)
    spans = tuple(new if s.id == span.id else s for s in sim.spans)
    return _wait_after(page, replace(sim, spans=spans), new)


def _wait_after(page: Page, sim: Sim, span: SimSpan) -> Sim:
    waiting = next_word_start(page.text, span.end)
    return replace(_put(sim, waiting), fresh=span.id, fresh_cursor=waiting)


def step(page: Page, sim: Sim, key: str) -> Sim | None:
    """The state after one key (a find is one step: ``/query⏎``); None when the key does nothing
    (or nothing this simulation follows)."""
    text = page.text
    if sim.picker is not None:
        return replace(sim, picker=None) if key == "escape" else None
    if sim.relabel_pending:
        label = page.label_keys.get(key)
        if label is None:
            return None
        span = under_cursor(page, sim)
        assert span is not None
        spans = tuple(replace(s, label=label) if s.id == span.id else s for s in sim.spans)
        return replace(sim, spans=spans, relabel_pending=False)
    if key in ("f", "F"):
        found = next_name(text, sim.cursor, page.model_spans(sim), 1 if key == "f" else -1)
        if found is None:
            return None
        return _move(sim, found, True) if sim.selecting else _put(sim, found)
    if key in ("w", "b", "right", "left"):
        if key in ("right", "left") and sim.selected and not sim.selecting:
            low, high = sim.selected
            return _move(sim, high if key == "right" else low, False)
        move = {"w": page.word_right, "b": page.word_left, "right": page.char_right,
                "left": page.char_left}[key]  # fmt: skip
        target = move(sim.cursor)
        return None if target == sim.cursor and not sim.selected else _move(sim, target, sim.selecting)
    if key in ("g", "G"):
        target = 0 if key == "g" else len(text)
        return None if target == sim.cursor else _move(sim, target, sim.selecting)
    if key == "v":
        if sim.selecting:
            return replace(sim, selecting=False)
        return replace(sim, selecting=True, anchor=sim.anchor if sim.selected else sim.cursor)
    if key.startswith("/"):
        query = key[1:]
        matches = page.matches(query)
        if not matches:
            return None
        before = next((i for i, (start, _) in enumerate(matches) if start >= sim.cursor), 0) - 1
        return _select_match(replace(sim, query=query), matches, before + 1)
    if key in ("n", "N"):
        matches = page.matches(sim.query) if sim.query else []
        if not matches:
            return None
        return _select_match(sim, matches, sim.match_index + (1 if key == "n" else -1))
    if key in RESIZES:
        span = under_cursor(page, sim)
        if span is None:
            return None
        model = next(s for s in page.model_spans(sim) if s.id == span.id)
        wanted = RESIZES[key](text, model)
        if wanted is None:
            return None
        was_fresh = just_made(sim) == span
        new = replace(span, start=wanted[0], end=wanted[1])
        spans = tuple(new if s.id == span.id else s for s in sim.spans)
        moved = replace(sim, spans=spans)
        return _wait_after(page, moved, new) if was_fresh else moved
    if key == "r":
        return replace(sim, relabel_pending=True) if under_cursor(page, sim) else None
    if key in page.label_keys:
        return _label(page, sim, page.label_keys[key])
    return None


def _select_match(sim: Sim, matches: list[tuple[int, int]], index: int) -> Sim:
    index %= len(matches)
    start, end = matches[index]
    return replace(sim, anchor=start, cursor=end, selecting=False, match_index=index)


def _label(page: Page, sim: Sim, label: str) -> Sim | None:
    text = page.text
    fresh = just_made(sim)
    if sim.selected is None and fresh is not None and fresh.label == label:
        # The same key again takes the title back; with none, it labels the next name.
        wanted = with_title(text, fresh.start, fresh.end, page.titles)
        if wanted is not None:
            return _changed(page, sim, fresh, wanted[0], wanted[1], label)
    spans = page.model_spans(sim)
    chosen = sim.selected or name_at(text, sim.cursor, spans, label, page.titles)
    if chosen is None:
        return None
    decision = decide_label(text, spans, *chosen, label)
    if decision.kind == "refuse":
        return None
    if decision.kind == "unchanged":
        return _put(sim, decision.start)
    if decision.kind == "create":
        new = SimSpan(sim.next_id, decision.start, decision.end, label)
        model = Span(page.article_id, new.start, new.end, label, text[new.start : new.end], "")
        target = auto_link_target(page.index, model)
        picker = target is None and picker_is_likely(page.index, model)
        new = replace(new, entity=target)
        made = replace(sim, spans=(*sim.spans, new), next_id=sim.next_id - 1)
        made = _wait_after(page, made, new)
        return replace(made, picker=new.id) if picker else made
    assert decision.span is not None
    changed = next(s for s in sim.spans if s.id == decision.span.id)
    return _changed(page, sim, changed, decision.start, decision.end, label)


# Planning ------------------------------------------------------------------------------------


def typed(surface: str) -> str:
    """How an annotator types a find query for a surface: lower case (the find is
    Turkish-aware, so "kalin" finds "Kalın")."""
    return surface.replace("İ", "i").replace("I", "ı").lower()


def key_count(key: str) -> int:
    """``/query`` is the slash, each character and enter."""
    return len(key) + 1 if key.startswith("/") else 1


@dataclass(frozen=True)
class Plan:
    keys: tuple[str, ...]
    end: Sim
    cost: int  # keys to make the span, without linking


def plan_span(
    page: Page,
    sim: Sim,
    start: int,
    end: int,
    label: str,
    bound: int = 14,
    slack: int = 3,
) -> list[Plan]:
    """The cheapest ways (up to ``slack`` keys over the cheapest) to make the span (start, end,
    label) and change nothing else: key sequences whose predicted end state has it, several, so
    the caller can add what linking costs from each end state.

    Two searches, each cheapest first: where the cursor (or a find's selection) can go by the
    movement keys, f / F, w / b, the arrows, a find and n / N; then, from each place near the
    target, the editing keys: a label key, v and movement, > < ( ), r and a label key."""
    base = sim.ranges()
    wanted = base | {(start, end, label)}
    bound = min(bound, _naive_cost(page, sim, start, end, label, wanted))
    finds = [
        "/" + typed(page.text[start : start + length])
        for length in range(1, end - start + 1)
        if not page.text[start + length - 1].isspace()
    ]
    low = min(sim.cursor, start) - 20
    high = max(sim.cursor, end) + 20

    def moving(state: Sim) -> list[str]:
        # A find first, if at all (then n / N and the other moves).
        return [*MOVES, *finds] if state is sim else list(MOVES)

    places = _cheapest(page, sim, moving, bound, lambda s: low <= s.cursor <= high)
    near = [
        (cost, place, keys)
        for place, (cost, keys) in places.items()
        if start - 40 <= place.cursor <= end + 2
        or (place.selected is not None and place.selected[0] < end and start < place.selected[1])
    ]
    near.sort(key=lambda item: item[0])
    # The edits care where the cursor and the selection are, not how the find got there.
    cheapest_place: dict[tuple[int, int, bool], tuple[int, Sim, tuple[str, ...]]] = {}
    for cost, place, keys in near:
        cheapest_place.setdefault((place.cursor, place.anchor, place.selecting), (cost, place, keys))
    near = list(cheapest_place.values())
    plans: list[Plan] = []
    best = bound
    # Another label's key only to nest a span in one of its own label (label it so, then r).
    nesting = any(s < end and start < e and lab == label for s, e, lab in base)
    labels = [
        key
        for key, name in page.label_keys.items()
        if name == label or (nesting and name != DATE_LABEL)
    ]

    def allowed(state: Sim) -> bool:
        if state.selected is not None and not (
            start - 10 <= state.selected[0] and state.selected[1] <= end + 10
        ):
            return False
        return _only_near(state, base, start, end) and state.cursor <= high

    def editing(state: Sim) -> list[str]:
        if state.picker is not None:
            return ["escape"]
        if state.relabel_pending:
            return labels
        if state.ranges() == base:  # nothing made yet: select, or label
            moves = ["w", "b", "right", "left", "f"] if state.selecting else []
            return [*labels, "v", *moves]
        return [*labels, *RESIZES, "r"]

    # One search from every place at once, cheapest first, so that no place's edits are
    # explored past what the cheapest plan found so far (plus the slack) costs.
    heap = [(cost, index, place, keys) for index, (cost, place, keys) in enumerate(near)]
    heapq.heapify(heap)
    order = count(len(heap))
    reached: dict[Sim, int] = {}
    while heap:
        cost, _, state, keys = heapq.heappop(heap)
        if cost > best + slack:
            break
        if state.ranges() == wanted and not state.relabel_pending and (
            state.picker is None or _span_at(state, start, end, label)
        ):
            plans.append(Plan(keys, state, cost))
            best = min(best, cost)
            continue
        edited = state.ranges() != base or state.selecting or state.relabel_pending
        for key in editing(state):
            if not edited and key not in labels and key != "v":
                continue  # the first edit key labels or starts a selection
            following = step(page, state, key)
            if following is None or not allowed(following):
                continue
            total = cost + 1
            if reached.get(following, total + 1) <= total:
                continue
            reached[following] = total
            heapq.heappush(heap, (total, next(order), following, (*keys, key)))
    return sorted(plans, key=lambda plan: plan.cost)


def _cheapest(
    page: Page,
    sim: Sim,
    keys: list[str] | Callable[[Sim], list[str]],
    bound: int,
    allowed: Callable[[Sim], bool],
    seen: dict[Sim, int] | None = None,
    offset: int = 0,
    first: bool = False,
) -> dict[Sim, tuple[int, tuple[str, ...]]]:
    """Every state the keys reach within ``bound`` keys, with the cheapest way there.
    ``seen``: states reached before (with their cost plus ``offset``), not explored again.
    ``first``: the first key must change the spans or start a selection (an edit, not a move)."""
    heap: list[tuple[int, int, Sim, tuple[str, ...]]] = [(0, 0, sim, ())]
    reached: dict[Sim, tuple[int, tuple[str, ...]]] = {sim: (0, ())}
    seen = {} if seen is None else seen
    order = count(1)
    while heap:
        cost, _, state, path = heapq.heappop(heap)
        if reached[state][0] < cost:
            continue
        for key in keys(state) if callable(keys) else keys:
            following = step(page, state, key)
            if following is None:
                continue
            if first and not path and key not in page.label_keys and key != "v":
                continue
            total = cost + key_count(key)
            if total > bound or not allowed(following):
                continue
            if key.startswith("/") and following.selected is None:
                continue
            if reached.get(following, (bound + 1,))[0] <= total:
                continue
            if seen.get(following, bound + offset + 1) < total + offset:
                continue
            seen[following] = total + offset
            reached[following] = (total, (*path, key))
            heapq.heappush(heap, (total, next(order), following, (*path, key)))
    return reached


def _naive_cost(
    page: Page, sim: Sim, start: int, end: int, label: str, wanted: frozenset[tuple[int, int, str]]
) -> int:
    """What / + the surface + enter (+ n to the match) + the label key costs, when it works: a
    first bound for the search."""
    query = "/" + typed(page.text[start:end])
    state = step(page, sim, query)
    cost = key_count(query)
    for _ in range(6):
        if state is None or state.selected == (start, end):
            break
        state, cost = step(page, state, "n"), cost + 1
    key = next(key for key, name in page.label_keys.items() if name == label)
    labelled = step(page, state, key) if state is not None else None
    if labelled is None or labelled.ranges() != wanted:
        return 99
    return cost + 1


def _span_at(sim: Sim, start: int, end: int, label: str) -> SimSpan | None:
    return next(
        (s for s in sim.spans if (s.start, s.end, s.label) == (start, end, label)), None
    )


def _only_near(sim: Sim, base: frozenset[tuple[int, int, str]], start: int, end: int) -> bool:
    """Every span that is not one of the base spans overlaps the target, and the base spans are
    all still there."""
    ranges = sim.ranges()
    if not base <= ranges:
        return False
    return all(
        s < end and start < e and start - 40 <= s and e <= end + 40 for s, e, _ in ranges - base
    )


def value_of(page: Page, label: str, surface: str) -> str | None:
    return span_value(label, surface, page.anchor_date)
