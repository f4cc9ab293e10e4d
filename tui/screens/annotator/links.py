"""Linking spans to canonical entities in the annotator: k opens the picker; a new span written
like one alias of exactly one entity is linked at once (``annotations.linking`` says when)."""

from __future__ import annotations

from annotations.annotating import outermost_at
from annotations.dates import DATE_LABEL
from annotations.errors import HasiyeError
from annotations.linking import auto_link_target, picker_is_likely
from annotations.model import Span
from annotations.entity_names import EntityNames
from tui.dialogs.link import NEW, UNLINK, LinkChoice, LinkPicker
from tui.screens.annotator.base import AnnotatorBase

# Up to this many entities the index is built at once if the app's worker has not handed it in
# yet (well under a second); above, the keys say it is still loading rather than freeze.
BUILD_AT_ONCE_LIMIT = 5_000


class LinkKeys(AnnotatorBase):
    def _entities(self) -> EntityNames | None:
        session = self.session
        if session.has_entity_index or self.store.entity_count() <= BUILD_AT_ONCE_LIMIT:
            return session.entities()
        self.notify("The entity index is still being built: link in a moment", timeout=3)
        return None

    def _link_new_span(self, span: Span) -> None:
        """A new span written like one alias of exactly one entity of its label is linked at once
        (its own undo step); else, when an entity of the label is a likely match, the picker opens."""
        entities = self._entities()
        if entities is None:
            return
        target = auto_link_target(entities.index, span)
        if target is not None:
            name = entities.names[target]
            self._attempt(f"{span.surface} → {name}", lambda: self.history.link(span, target))
            self.notify(f"Linked to {name} (u undoes)", timeout=3)
        elif picker_is_likely(entities.index, span):
            self._open_picker(span)

    def action_link(self) -> None:
        # The span just made, else the outermost one at the cursor that can be linked (on
        # "Mısır Genel İstihbarat Servisi" the ORG, not the LOC Mısır inside it).
        linkable = [span for span in self.spans if span.label != DATE_LABEL]
        just_made = self._span_just_made()
        if just_made is not None and just_made.label == DATE_LABEL:
            just_made = None  # DATE spans are never linked: a date has a value, not an entity
        span = just_made or outermost_at(linkable, self.text_area.cursor_offset)
        if span is None:
            self.notify("Put the cursor on a span to link it to an entity", severity="warning")
            return
        self._open_picker(span)

    def _open_picker(self, span: Span) -> None:
        entities = self._entities()
        if entities is None:
            return

        def chosen(choice: LinkChoice | None) -> None:
            if choice is None:
                return
            try:
                current = self.store.get_span(span.key)
            except HasiyeError as error:  # gone meanwhile (undone from another screen)
                self.notify(str(error), severity="error", title="Not linked")
                return
            entity_id = choice.entity_id
            if entity_id == NEW:
                self._attempt(
                    f"{span.surface} → new entity {choice.name}",
                    lambda: self.history.link_new(current, choice.name),
                )
            elif entity_id == UNLINK:
                self._attempt(f"{span.surface} unlinked", lambda: self.history.link(current, None))
            elif isinstance(entity_id, int) and entity_id != current.entity_id:
                self._attempt(
                    f"{span.surface} → {entities.names.get(entity_id, '')}",
                    lambda: self.history.link(current, entity_id),
                )

        self.app.push_screen(LinkPicker(span, entities.index, entities.names), chosen)
