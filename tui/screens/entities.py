"""The entities screen (e): every canonical entity with its label, mentions, articles and aliases.

n renames, r then a label key relabels (the entity and its spans), space marks and m merges the
marked entities into the one under the cursor, x deletes (spans stay, unlinked), i and t edit the
external id and the note, u and ctrl+r undo and redo, c opens the variant clusters, enter opens
the first mention. Every change goes through the undo history of the annotator that opened the
screen (or the screen's own, from the library).
"""

from __future__ import annotations

from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from annotations.errors import HasiyeError
from annotations.history import History
from annotations.matching import Cluster, name_words, variant_clusters
from annotations.model import EntityRow
from tui.screens.line import LineDialog
from tui.widgets.row_list import Cell, RowList

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

    def choose(self, index: int) -> None:
        self.screen.open_first_mention(self.rows[index])


class EntitiesScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "rename", "Rename"),
        Binding("r", "relabel", "Relabel"),
        Binding("space", "mark", "Mark"),
        Binding("m", "merge", "Merge marked"),
        Binding("x,delete", "delete", "Delete"),
        Binding("i", "external_id", "External id", show=False),
        Binding("t", "note", "Note", show=False),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo", show=False),
        Binding("c", "clusters", "Clusters"),
        Binding("enter", "open", "First mention", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, history: History | None = None) -> None:
        super().__init__()
        self.given_history = history
        self.relabel_pending = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="entities-title", markup=False)
        yield EntityList(id="entity-list")
        yield Footer()

    def on_mount(self) -> None:
        self.history = self.given_history or History(self.app.store)
        self.reload()
        self.listing.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    @property
    def listing(self) -> EntityList:
        return self.query_one(EntityList)

    def reload(self, cursor_on: int | None = None) -> None:
        listing = self.listing
        current = self.current()
        listing.rows = self.app.store.entity_rows()
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

    def _attempt(self, action, cursor_on: int | None = None):
        try:
            result = action()
        except HasiyeError as error:
            self.notify(str(error), severity="error", title="Not saved")
            result = None
        self.reload(cursor_on)
        return result

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
                self._attempt(lambda: self.history.rename_entity(row.entity, name))

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
        keys = " ".join(f"{label.key}={label.name}" for label in self.app.labels)
        self.notify(f"Relabel: press a label key ({keys})", timeout=3)

    def on_key(self, event: Key) -> None:
        if not self.relabel_pending:
            return
        self.relabel_pending = False
        event.stop()
        event.prevent_default()
        label = next((label.name for label in self.app.labels if label.key == event.key), None)
        row = self.current()
        if label is None or row is None:
            self.notify("Relabel cancelled", timeout=2)
            return
        self._attempt(lambda: self.history.relabel_entity(row.entity, label))

    def action_mark(self) -> None:
        row = self._need_entity()
        if row is None:
            return
        self.listing.marked ^= {row.entity.id}
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
        merged = self._attempt(
            lambda: self.history.merge_entities(row.entity, gone), cursor_on=row.entity.id
        )
        if merged is not None:
            self.listing.marked.clear()
            self.reload(row.entity.id)
            self.notify(f"Merged {len(gone)} into {merged.canonical} (u undoes)", timeout=3)

    def action_delete(self) -> None:
        row = self._need_entity()
        if row is not None:
            self._attempt(lambda: self.history.delete_entity(row.entity))
            self.notify(f"Deleted {row.entity.canonical}; its spans stay (u undoes)", timeout=3)

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
            self._attempt(lambda: self.history.set_entity_details(entity, external_id, note))

        title = "External id (a Wikidata QID, say)" if field == "external_id" else "Note"
        self.app.push_screen(
            LineDialog(f"{title} of {entity.canonical!r}", "empty clears it", current), done
        )

    def action_external_id(self) -> None:
        self._edit_details("external_id")

    def action_note(self) -> None:
        self._edit_details("note")

    def action_undo(self) -> None:
        if not self.history.done:
            self.notify("Nothing to undo", timeout=2)
            return
        step = self._attempt(self.history.undo)
        if step is not None:
            self.notify(f"Undone: {step.what}", timeout=2)

    def action_redo(self) -> None:
        if not self.history.undone:
            self.notify("Nothing to redo", timeout=2)
            return
        step = self._attempt(self.history.redo)
        if step is not None:
            self.notify(f"Redone: {step.what}", timeout=2)

    def action_clusters(self) -> None:
        index, _ = self.app.entity_index()
        clusters = variant_clusters(index, self.app.store.dismissed_clusters())
        if not clusters:
            self.notify("No variant clusters: every entity looks distinct", timeout=3)
            return
        self.app.push_screen(ClustersScreen(clusters, self.history))

    def action_open(self) -> None:
        row = self._need_entity()
        if row is not None:
            self.open_first_mention(row)

    def open_first_mention(self, row: EntityRow) -> None:
        from tui.screens.annotator import AnnotatorScreen

        spans = self.app.store.spans_of_entity(row.entity.id)
        if not spans:
            self.notify(f"{row.entity.canonical} has no linked spans", severity="warning")
            return
        self.app.push_screen(AnnotatorScreen(spans[0].article_id, start_at=spans[0].start))

    def action_back(self) -> None:
        self.app.pop_screen()


class ClusterList(RowList):
    HEADER = ("label", "score", "entities  (most alike names)")

    def __init__(
        self,
        clusters: list[Cluster],
        names: dict[int, str],
        labels: dict[int, str],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.clusters = clusters
        self.names = names
        self.labels = labels

    @property
    def row_count(self) -> int:
        return len(self.clusters)

    def column_widths(self) -> list[int]:
        return [5, 5]

    def row_cells(self, index: int) -> list[Cell]:
        cluster = self.clusters[index]
        label = self.labels.get(cluster.entity_ids[0], "")
        members = " ~ ".join(self.names.get(entity_id, "?") for entity_id in cluster.entity_ids)
        return [
            (label, None),
            (f"{cluster.score:g}", None),
            (f"{members}   ({' / '.join(cluster.evidence)})", None),
        ]


class ClustersScreen(Screen[None]):
    """Groups of entities that are probably one: m merges a group into its most used entity (on a
    tie the one whose name has most words), n dismisses it for good."""

    BINDINGS = [
        Binding("m", "merge", "Merge group"),
        Binding("n", "dismiss_group", "Not the same"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, clusters: list[Cluster], history: History) -> None:
        super().__init__()
        self.clusters = list(clusters)
        self.history = history

    def compose(self) -> ComposeResult:
        index, names = self.app.entity_index()
        yield Header()
        yield Static(id="clusters-title", markup=False)
        yield ClusterList(self.clusters, names, dict(index.labels), id="cluster-list")
        yield Footer()

    def on_mount(self) -> None:
        self._show_count()
        self.listing.focus()

    @property
    def listing(self) -> ClusterList:
        return self.query_one(ClusterList)

    def _show_count(self) -> None:
        self.query_one("#clusters-title", Static).update(
            f"{len(self.clusters)} variant clusters (m merge into the most used, n not the same, "
            "u undo, escape back)"
        )

    def _current(self) -> Cluster | None:
        if not self.clusters:
            self.notify("No clusters left", timeout=2)
            return None
        return self.clusters[self.listing.cursor]

    def _drop(self, cluster: Cluster) -> None:
        self.clusters.remove(cluster)
        self.listing.clusters = self.clusters
        self.listing.rows_changed()
        self._show_count()

    def action_merge(self) -> None:
        cluster = self._current()
        if cluster is None:
            return
        store = self.app.store
        rows = {row.entity.id: row for row in store.entity_rows()}
        members = [rows[entity_id] for entity_id in cluster.entity_ids if entity_id in rows]
        if len(members) < 2:
            self._drop(cluster)
            return
        # The most used; on a tie the fullest name ("İbrahim Kalın" over "Kalın"), then the oldest.
        keep = max(
            members,
            key=lambda row: (row.mentions, len(name_words(row.entity.canonical)), -row.entity.id),
        )
        gone = [row.entity for row in members if row is not keep]
        try:
            merged = self.history.merge_entities(keep.entity, gone)
        except HasiyeError as error:
            self.notify(str(error), severity="error", title="Not saved")
            return
        self.notify(f"Merged into {merged.canonical} (u undoes)", timeout=3)
        self._drop(cluster)

    def action_dismiss_group(self) -> None:
        cluster = self._current()
        if cluster is not None:
            self.app.store.dismiss_cluster(cluster.entity_ids)
            self._drop(cluster)

    def action_undo(self) -> None:
        if not self.history.done:
            self.notify("Nothing to undo", timeout=2)
            return
        try:
            step = self.history.undo()
        except HasiyeError as error:
            self.notify(str(error), severity="error", title="Not saved")
            return
        self.notify(f"Undone: {step.what}", timeout=2)

    def action_back(self) -> None:
        self.app.pop_screen()
