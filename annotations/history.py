"""Undo and redo for span edits: every step is written to the store as it happens.

A step remembers the span before and after (None for "did not exist"); undo writes ``before``
back, redo writes ``after``. A deleted span comes back with its old id, so older steps still
refer to the right row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from annotations.dates import span_value
from annotations.model import Span
from annotations.store import Store, now


@dataclass(frozen=True)
class Step:
    before: Span | None
    after: Span | None


class History:
    """``anchor`` is the article's date: a DATE span made or reshaped gets its value from it."""

    def __init__(self, store: Store, anchor: date | None = None) -> None:
        self.store = store
        self.anchor = anchor
        self.done: list[Step] = []
        self.undone: list[Step] = []

    def _record(self, step: Step) -> None:
        self.done.append(step)
        self.undone.clear()

    def add(self, span: Span) -> Span:
        if span.value is None:
            span = replace(span, value=span_value(span.label, span.surface, self.anchor))
        added = self.store.add_span(span)
        self._record(Step(None, added))
        return added

    def delete(self, span: Span) -> None:
        self.store.delete_span(span.id)
        self._record(Step(span, None))

    def change(self, span: Span, start: int, end: int, label: str, text: str) -> Span:
        surface = text[start:end]
        value = span_value(label, surface, self.anchor)
        wanted = replace(span, start=start, end=end, label=label, surface=surface, value=value)
        changed = self.store.update_span(replace(wanted, updated=now()))
        self._record(Step(span, changed))
        return changed

    def set_value(self, span: Span, value: str | None) -> Span:
        """A value typed by hand (the caller has checked it); None clears it."""
        changed = self.store.update_span(replace(span, value=value, updated=now()))
        self._record(Step(span, changed))
        return changed

    def _write(self, current: Span | None, wanted: Span | None) -> None:
        with self.store.transaction():
            if wanted is None:
                self.store.delete_span(current.id)
            elif current is None:
                self.store.add_span(wanted)
            else:
                self.store.update_span(wanted)

    def undo(self) -> Step | None:
        if not self.done:
            return None
        step = self.done.pop()
        self._write(step.after, step.before)
        self.undone.append(step)
        return step

    def redo(self) -> Step | None:
        if not self.undone:
            return None
        step = self.undone.pop()
        self._write(step.before, step.after)
        self.done.append(step)
        return step
