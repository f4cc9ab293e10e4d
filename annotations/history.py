"""Undo and redo for span edits: every step is written to the store as it happens.

A step remembers the span before and after (None for "did not exist"); undo writes ``before``
back, redo writes ``after``. A deleted span comes back with its old id, so older steps still
refer to the right row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotations.model import Span
from annotations.store import Store, now


@dataclass(frozen=True)
class Step:
    before: Span | None
    after: Span | None


class History:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.done: list[Step] = []
        self.undone: list[Step] = []

    def _record(self, step: Step) -> None:
        self.done.append(step)
        self.undone.clear()

    def add(self, span: Span) -> Span:
        added = self.store.add_span(span)
        self._record(Step(None, added))
        return added

    def delete(self, span: Span) -> None:
        self.store.delete_span(span.id)
        self._record(Step(span, None))

    def change(self, span: Span, start: int, end: int, label: str, text: str) -> Span:
        wanted = replace(span, start=start, end=end, label=label, surface=text[start:end])
        changed = self.store.update_span(replace(wanted, updated=now()))
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
