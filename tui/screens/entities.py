"""The entities screen (e): every canonical entity with its label, mentions, articles and aliases.

n renames, r then a label key relabels (the entity and its spans), space marks and m merges the
marked entities into the one under the cursor, x deletes (spans stay, unlinked), i and t edit the
external id and the note, c finds the variant clusters (in a worker), enter opens the first
mention. Every change goes through the session's one undo history (u and ctrl+r are the app's).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.events import Key
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from annotations import keymap
from annotations.history import History
from annotations.matching import EntityIndex
from annotations.variant_clusters import variant_clusters
from annotations.model import Entity, EntityRow
from tui.dialogs.line import LineDialog
from tui.keys import bindings
from tui.messages import OpenArticle, OpenClusters, StoreChanged
from tui.session_of import give_up_waiting_write, session_of, write_when_free
from tui.widgets.row_list import Cell, RowList

Result = TypeVar("Result")

MARKED = Style(bold=True, color="yellow")


class EntityList(RowList):
    HEADER = ("", "id", "label", "uses", "arts", "entity  (aliases)")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[EntityRow] = []
        self.marked: set[int] = set()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def column_widths(self) -> list[int]:
        return [1, 6, 5, 5, 5]

    def row_cells(self, index: int) -> list[Cell]:
        row = self.rows[index]
        entity = row.entity
        others = [alias for alias in entity.aliases if alias != entity.canonical]
        shown = entity.canonical + (f"  ({' | '.join(others)})" if others else "")
        if entity.external_id:
            shown += f"  [{entity.external_id}]"
        return [
            ("*" if entity.id in self.marked else "", MARKED),
            (str(entity.id), None),
            (entity.label, None),
            (str(row.mentions), None),
            (str(row.articles), None),
            (shown, MARKED if entity.id in self.marked else None),
        ]

    class Chosen(Message):
        def __init__(self, row: EntityRow) -> None:
            super().__init__()
            self.row = row

    def choose(self, index: int) -> None:
        self.post_message(self.Chosen(self.rows[index]))


class EntitiesScreen(Screen[None]):
    BINDINGS = bindings(keymap.ENTITIES)

    def __init__(self) -> None:
        super().__init__()
        self.relabel_pending = False

    @property
    def history(self) -> History:
        return session_of(self).history

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="entities-title", markup=False)
        yield EntityList(id="entity-list")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.listing.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_store_changed(self, message: StoreChanged) -> None:
        self.reload()

    @property
    def listing(self) -> EntityList:
        return self.query_one(EntityList)

    def reload(self, cursor_on: int | None = None) -> None:
        listing = self.listing
        current = self.current()
        listing.rows = session_of(self).store.entity_rows()
        present = {row.entity.id for row in listing.rows}
        listing.marked &= present
        wanted = cursor_on if cursor_on is not None else (current.entity.id if current else None)
        cursor = next(
            (i for i, row in enumerate(listing.rows) if row.entity.id == wanted), listing.cursor
        )
        listing.rows_changed(cursor=cursor)
        marked = f", {len(listing.marked)} marked" if listing.marked else ""
        self.query_one("#entities-title", Static).update(f"{len(listing.rows)} entities{marked}")

    def current(self) -> EntityRow | None:
        listing = self.listing
        return listing.rows[listing.cursor] if listing.rows else None

    def _attempt(
        self,
        what: str,
        action: Callable[[], Result],
        then: Callable[[Result], None] | None = None,
        cursor_on: int | None = None,
    ) -> None:
        """Run one store action (waiting for the database while another hasiye writes: escape
        here gives it up), then the list again and ``then(result)``; a refused one is a
        notification."""

        def done(result: Result) -> None:
            self.reload(cursor_on)
            if then is not None:
                then(result)

        write_when_free(self, what, action, done, lambda: self.reload(cursor_on))

    def _need_entity(self) -> EntityRow | None:
        row = self.current()
        if row is None:
            self.notify("No entities yet: link a span with k in an article", severity="warning")
        return row

    def action_rename(self) -> None:
        row = self._need_entity()
        if row is None:
            return

        def done(name: str | None) -> None:
            if name and name != row.entity.canonical:
                self._attempt(
                    f"rename {row.entity.canonical} to {name}",
                    lambda: self.history.rename_entity(row.entity, name),
                )

        self.app.push_screen(
            LineDialog(
                f"Rename {row.entity.canonical!r}",
                "the canonical name; the id and every link stay",
                row.entity.canonical,
                check=lambda text: None if text else "An entity needs a name",
            ),
            done,
        )

    def action_relabel(self) -> None:
        if self._need_entity() is None:
            return
        self.relabel_pending = True
        keys = " ".join(f"{label.key}={label.name}" for label in session_of(self).labels)
        self.notify(f"Relabel: press a label key ({keys})", timeout=3)

    def on_key(self, event: Key) -> None:
        if not self.relabel_pending:
            return
        self.relabel_pending = False
        event.stop()
        event.prevent_default()
        label = next((label.name for label in session_of(self).labels if label.key == event.key), None)
        row = self.current()
        if label is None or row is None:
            self.notify("Relabel cancelled", timeout=2)
            return
        self._attempt(
            f"relabel {row.entity.canonical} {label}",
            lambda: self.history.relabel_entity(row.entity, label),
        )

    def action_mark(self) -> None:
        row = self._need_entity()
        if row is None:
            return
        self.listing.marked ^= {row.entity.key}
        self.reload()
        self.listing.move_cursor(self.listing.cursor + 1)

    def action_merge(self) -> None:
        row = self._need_entity()
        if row is None:
            return
        marked = [r.entity for r in self.listing.rows if r.entity.id in self.listing.marked]
        gone = [entity for entity in marked if entity.id != row.entity.id]
        if not gone:
            self.notify(
                "Mark the entities to merge with space, then press m on the one to keep",
                severity="warning",
            )
            return
        def merged(entity: Entity) -> None:
            self.listing.marked.clear()
            self.reload(row.entity.id)
            self.notify(f"Merged {len(gone)} into {entity.canonical} (u undoes)", timeout=3)

        self._attempt(
            f"merge {len(gone)} into {row.entity.canonical}",
            lambda: self.history.merge_entities(row.entity, gone),
            merged,
            cursor_on=row.entity.id,
        )

    def action_delete(self) -> None:
        row = self._need_entity()
        if row is not None:
            canonical = row.entity.canonical
            self._attempt(
                f"delete {canonical}",
                lambda: self.history.delete_entity(row.entity),
                lambda _: self.notify(f"Deleted {canonical}; its spans stay (u undoes)", timeout=3),
            )

    def _edit_details(self, field: str) -> None:
        row = self._need_entity()
        if row is None:
            return
        entity = row.entity
        current = entity.external_id if field == "external_id" else entity.note

        def done(text: str | None) -> None:
            if text is None or text == (current or ""):
                return
            external_id = text if field == "external_id" else entity.external_id
            note = text if field == "note" else entity.note
            self._attempt(
                f"{field.replace('_', ' ')} of {entity.canonical}",
                lambda: self.history.set_entity_details(entity, external_id, note),
            )

        title = "External id (a Wikidata QID, say)" if field == "external_id" else "Note"
        self.app.push_screen(
            LineDialog(f"{title} of {entity.canonical!r}", "empty clears it", current), done
        )

    def action_external_id(self) -> None:
        self._edit_details("external_id")

    def action_note(self) -> None:
        self._edit_details("note")

    def action_clusters(self) -> None:
        session = session_of(self)
        self.notify("Looking for variant clusters", timeout=2)
        self._find_clusters(session.entities().index, session.store.dismissed_clusters())

    @work(thread=True, exclusive=True, group="clusters")
    def _find_clusters(self, index: EntityIndex, dismissed: set[frozenset[int]]) -> None:
        """Comparing every pair of alike aliases takes seconds over a large entity base: a worker
        does it (it only reads the index)."""
        clusters = variant_clusters(index, dismissed)
        if get_current_worker().is_cancelled:
            return
        if not clusters:
            self.app.call_from_thread(
                self.notify, "No variant clusters: every entity looks distinct", timeout=3
            )
            return
        self.app.call_from_thread(self.post_message, OpenClusters(clusters))

    def action_open(self) -> None:
        row = self._need_entity()
        if row is not None:
            self.open_first_mention(row)

    def on_entity_list_chosen(self, message: EntityList.Chosen) -> None:
        self.open_first_mention(message.row)

    def open_first_mention(self, row: EntityRow) -> None:
        spans = session_of(self).store.spans_of_entity(row.entity.key)
        if not spans:
            self.notify(f"{row.entity.canonical} has no linked spans", severity="warning")
            return
        self.post_message(OpenArticle(spans[0].article_id, start_at=spans[0].start))

    def action_back(self) -> None:
        """Back; while a write waits for the database, escape gives that write up instead."""
        if give_up_waiting_write(self) is not None:
            return
        self.app.pop_screen()
