"""Undo and redo for span and entity edits: every step is written to the store as it happens.

A step is two snapshots of the rows it touched (spans and entities, None for "did not exist"):
undo restores ``before``, redo restores ``after``. A deleted span or entity comes back with its
old id, so older steps still refer to the right row.

One history serves the whole session (every article, the entities screen, the CLI's one command):
a step knows the article its spans are in, so undoing it elsewhere can open that article first.
A DATE span made or reshaped gets its value from its own article's date.

An article starts at its first edit: a span step (added, deleted, reshaped, relabelled, valued,
linked) moves a *todo* article it touches to *in progress* for the annotator whose spans it
changed (one's own; the gold layer's when adjudication's `e` edits it), in the step's own
transaction. Opening
an article changes nothing. Entity steps (rename, merge...) touch spans all over the corpus and
start no article. Undo and redo never change a status: the status is not part of the rows a step
restores, and an article once worked on stays in progress until the user says otherwise (``m``).
The one exception is adjudication, whose gold status follows what is left to settle: its steps
carry that status (and the proposals "take none" rejects), and undo puts them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from annotations.dates import DATE_LABEL, parse_anchor, span_value
from annotations.errors import StepChanged
from annotations.model import Entity, RejectionKey, Snapshot, Span, Status, StatusKey
from annotations.store import Store

Result = TypeVar("Result")


@dataclass(frozen=True)
class Step:
    what: str
    before: Snapshot
    after: Snapshot

    @property
    def spans(self) -> list[Span]:
        """The spans the step touched, as they were before or after it."""
        spans = [*self.before.spans.values(), *self.after.spans.values()]
        return [span for span in spans if span is not None]

    @property
    def rejections(self) -> list[RejectionKey]:
        return [*self.before.rejections, *self.after.rejections]

    @property
    def article_id(self) -> str | None:
        """The one article whose spans, rejected proposals or statuses the step changed (None:
        none, or several articles)."""
        articles = {span.article_id for span in self.spans}
        articles.update(key[0] for key in self.rejections)
        articles.update(key[0] for key in (*self.before.statuses, *self.after.statuses))
        return articles.pop() if len(articles) == 1 else None

    @property
    def offset(self) -> int | None:
        """Where in that article the step happened (the first span's or rejection's start)."""
        starts = [span.start for span in self.spans] + [key[2] for key in self.rejections]
        return min(starts, default=None)


def _content(snapshot: Snapshot) -> Snapshot:
    """The snapshot without span versions: a restore writes a row back exactly but its version
    still rises, so rows are compared on what they hold (times included). Statuses are not
    compared: they follow the rows (a step puts its own back)."""
    spans = {
        span_id: None if span is None else replace(span, version=0)
        for span_id, span in snapshot.spans.items()
    }
    return Snapshot(spans, snapshot.entities, snapshot.rejections)


class History:
    """``on_change()`` is called after every step, undo and redo (a matching index catches up)."""

    def __init__(self, store: Store, on_change: Callable[[], None] | None = None) -> None:
        self.store = store
        self.on_change = on_change
        self.done: list[Step] = []
        self.undone: list[Step] = []
        # Counted changes, and the rows the last one left (None: it left nothing known, a step
        # dropped as changed by someone else): a screen one change behind may catch up from them.
        self.changes = 0
        self.last_rows: Snapshot | None = None
        self._anchors: dict[str, date | None] = {}

    def anchor(self, article_id: str) -> date | None:
        """The article's date, from which relative dates in it get their value."""
        if article_id not in self._anchors:
            self._anchors[article_id] = parse_anchor(self.store.get_article(article_id).date)
        return self._anchors[article_id]

    def _changed(self, rows: Snapshot | None = None) -> None:
        self.changes += 1
        self.last_rows = rows
        if self.on_change is not None:
            self.on_change()

    def _record(
        self,
        what: str,
        action: Callable[[], Result],
        span_ids: Iterable[int] = (),
        entity_ids: Iterable[int] = (),
        new_rows: Callable[[Result], tuple[list[int], list[int]]] | None = None,
        starts_work: bool = True,
        rejections: Iterable[RejectionKey] = (),
        statuses: Iterable[StatusKey] = (),
    ) -> Result:
        """Run ``action`` in one transaction between two snapshots of the rows it touches.

        ``new_rows(result)`` names the rows the action created (span ids, entity ids): they did
        not exist before. ``starts_work``: a todo article whose spans the step touched is now in
        progress.
        """
        with self.store.transaction():
            before = self.store.snapshot(
                list(span_ids), list(entity_ids), list(rejections), list(statuses)
            )
            result = action()
            if new_rows is not None:
                new_spans, new_entities = new_rows(result)
                before.spans.update(dict.fromkeys(new_spans))
                before.entities.update(dict.fromkeys(new_entities))
            after = self.store.snapshot(
                before.spans, before.entities, before.rejections, before.statuses
            )
            step = Step(what, before, after)
            if starts_work:  # for the layer edited: the gold layer's, from adjudication's `e`
                edited: dict[str, set[str]] = {}
                for span in step.spans:
                    edited.setdefault(span.annotator, set()).add(span.article_id)
                for annotator, article_ids in edited.items():
                    self.store.start_work_on(article_ids, annotator)
        self.done.append(step)
        self.undone.clear()
        self._changed(step.after)
        return result

    # Spans --------------------------------------------------------------------------------------

    def add(self, span: Span) -> Span:
        if span.value is None:
            anchor = self.anchor(span.article_id)
            span = replace(span, value=span_value(span.label, span.surface, anchor))

        def add() -> Span:
            if span.entity_id is not None:
                self.store.add_alias(span.entity_id, span.surface)
            return self.store.add_span(span)

        entities = [span.entity_id] if span.entity_id is not None else []
        return self._record(
            f"{span.label} {span.surface}", add, (), entities, lambda added: ([added.key], [])
        )

    def set_status(self, article_id: str, status: Status, annotator: str) -> None:
        """An annotator's status of an article, as a step: undo puts the one before back."""
        self._record(
            f"status {status.value}",
            lambda: self.store.set_status(article_id, status, annotator),
            starts_work=False,
            statuses=[(article_id, annotator)],
        )

    def reject(self, key: RejectionKey, what: str) -> None:
        """A proposal rejected for good (never proposed again), as a step: undo proposes it
        again."""
        self._record(
            what, lambda: self.store.reject_proposal(*key), starts_work=False, rejections=[key]
        )

    def replace_spans(
        self,
        what: str,
        remove: list[Span],
        add: list[Span],
        reject: Iterable[RejectionKey] = (),
        settle: tuple[StatusKey, Callable[[list[Span]], Status]] | None = None,
    ) -> list[Span]:
        """Delete some spans, add others and reject some proposals, as one step (adjudication
        takes a side: the gold spans there go, the side's come in; or takes none: the spans there
        are rejected for the gold layer). Starts no article; ``settle``: a status and how to work
        it out from the spans added, part of the step (undo puts the status back too)."""
        reject = list(reject)

        def replace_them() -> list[Span]:
            for span in remove:
                self.store.delete_span(span.key)
            added = self.store.add_spans(add)
            for key in reject:
                self.store.reject_proposal(*key)
            if settle is not None:
                (article_id, annotator), status_now = settle
                self.store.set_status(article_id, status_now(added), annotator)
            return added

        return self._record(
            what,
            replace_them,
            [span.key for span in remove],
            (),
            lambda added: ([span.key for span in added], []),
            starts_work=False,
            rejections=reject,
            statuses=[settle[0]] if settle is not None else [],
        )

    def delete(self, span: Span) -> None:
        what = f"deleted {span.label} {span.surface}"
        self._record(what, lambda: self.store.delete_span(span.key), [span.key])

    def change(self, span: Span, start: int, end: int, label: str, text: str) -> Span:
        """A span reshaped or relabelled; its date value worked out again. A span that becomes a
        DATE leaves its entity: DATE spans are never linked (nor could it be unlinked after)."""
        surface = text[start:end]
        value = span_value(label, surface, self.anchor(span.article_id))
        unlinked = {"entity_id": None} if label == DATE_LABEL and span.entity_id is not None else {}
        return self._record(
            f"{label} {surface}",
            lambda: self.store.change_span(
                span, start=start, end=end, label=label, surface=surface, value=value, **unlinked
            ),
            [span.key],
        )

    def set_value(self, span: Span, value: str | None) -> Span:
        """A value typed by hand (the caller has checked it); None clears it."""
        return self._record(
            f"value of {span.surface}: {value or 'cleared'}",
            lambda: self.store.change_span(span, value=value),
            [span.key],
        )

    # Links --------------------------------------------------------------------------------------

    def link(self, span: Span, entity_id: int | None) -> Span:
        """Link the span to an entity (its surface becomes an alias), or unlink it (None)."""

        def link() -> Span:
            if entity_id is not None:
                self.store.add_alias(entity_id, span.surface)
            return self.store.change_span(span, entity_id=entity_id)

        entities = [entity_id] if entity_id is not None else []
        name = self.store.get_entity(entity_id).canonical if entity_id is not None else None
        what = f"{span.surface} → {name}" if name else f"{span.surface} unlinked"
        return self._record(what, link, [span.key], entities)

    def link_new(self, span: Span, canonical: str) -> Span:
        """A new entity named ``canonical`` with the span's label, and the span linked to it."""

        def create_and_link() -> Span:
            entity = self.store.add_entity(canonical.strip(), span.label, [span.surface])
            return self.store.change_span(span, entity_id=entity.id)

        return self._record(
            f"{span.surface} → new entity {canonical.strip()}",
            create_and_link,
            [span.key],
            (),
            lambda linked: ([], [linked.entity_id] if linked.entity_id is not None else []),
        )

    # Entities -----------------------------------------------------------------------------------

    def _entity_step(
        self, what: str, entity_ids: list[int], action: Callable[[], Result]
    ) -> Result:
        spans = [
            span.key for entity_id in entity_ids for span in self.store.spans_of_entity(entity_id)
        ]
        return self._record(what, action, spans, entity_ids, starts_work=False)

    def rename_entity(self, entity: Entity, canonical: str) -> Entity:
        return self._entity_step(
            f"renamed {entity.canonical} to {canonical}",
            [entity.key],
            lambda: self.store.rename_entity(entity.key, canonical, shown=entity),
        )

    def relabel_entity(self, entity: Entity, label: str) -> Entity:
        return self._entity_step(
            f"{entity.canonical} is now {label}",
            [entity.key],
            lambda: self.store.relabel_entity(entity.key, label, shown=entity),
        )

    def set_entity_details(
        self, entity: Entity, external_id: str | None, note: str | None
    ) -> Entity:
        return self._entity_step(
            f"details of {entity.canonical}",
            [entity.key],
            lambda: self.store.set_entity_details(entity.key, external_id, note, shown=entity),
        )

    def merge_entities(self, keep: Entity, gone: list[Entity]) -> Entity:
        """Merge every entity of ``gone`` into ``keep``: one step, undone at once."""

        def merge() -> Entity:
            for entity in gone:
                self.store.merge_entities(keep.key, entity.key, shown=(keep, entity))
            return self.store.get_entity(keep.key)

        names = ", ".join(entity.canonical for entity in gone)
        return self._entity_step(
            f"merged {names} into {keep.canonical}",
            [keep.key, *(entity.key for entity in gone)],
            merge,
        )

    def delete_entity(self, entity: Entity) -> None:
        self._entity_step(
            f"deleted entity {entity.canonical}",
            [entity.key],
            lambda: self.store.delete_entity(entity.key, shown=entity),
        )

    # Undo ---------------------------------------------------------------------------------------

    def undo(self) -> Step | None:
        """Put the last step's rows back as they were before it; StepChanged (and the step leaves
        the history) when they are no longer as the step left them: another hasiye on the same
        file changed them since, and undoing would silently undo that change too."""
        if not self.done:
            return None
        step = self.done[-1]
        self._step_back_or_forth(step, step.after, step.before, "undo")
        self.undone.append(self.done.pop())
        self._changed(step.before)
        return step

    def redo(self) -> Step | None:
        if not self.undone:
            return None
        step = self.undone[-1]
        self._step_back_or_forth(step, step.before, step.after, "redo")
        self.done.append(self.undone.pop())
        self._changed(step.after)
        return step

    def _step_back_or_forth(
        self, step: Step, expected: Snapshot, wanted: Snapshot, direction: str
    ) -> None:
        with self.store.transaction():
            now = self.store.snapshot(expected.spans, expected.entities, expected.rejections)
            if _content(now) != _content(expected):
                (self.done if direction == "undo" else self.undone).pop()
                self._changed()
                raise StepChanged(step.what, direction)
            self.store.restore(wanted)
