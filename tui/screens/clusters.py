"""Variant clusters (c on the entities screen): groups of entities that are probably one name,
found by ``annotations.variant_clusters.variant_clusters``. m merges a group (``cluster_keeper`` says into
which), n dismisses it for good; u undoes a merge like any step.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from annotations import keymap
from annotations.history import History
from annotations.linking import cluster_keeper
from annotations.model import Entity
from annotations.variant_clusters import Cluster
from tui.keys import bindings
from tui.session_of import give_up_waiting_write, session_of, write_when_free
from tui.widgets.row_list import Cell, RowList


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

    BINDINGS = bindings(keymap.CLUSTERS)

    def __init__(self, clusters: list[Cluster]) -> None:
        super().__init__()
        self.clusters = list(clusters)

    @property
    def history(self) -> History:
        return session_of(self).history

    def compose(self) -> ComposeResult:
        entities = session_of(self).entities()
        yield Header()
        yield Static(id="clusters-title", markup=False)
        yield ClusterList(
            self.clusters, entities.names, dict(entities.index.labels), id="cluster-list"
        )
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
        rows = {row.entity.id: row for row in session_of(self).store.entity_rows()}
        members = [rows[entity_id] for entity_id in cluster.entity_ids if entity_id in rows]
        if len(members) < 2:
            self._drop(cluster)
            return
        keep = cluster_keeper(members)
        gone = [row.entity for row in members if row is not keep]

        def merged(entity: Entity) -> None:
            self.notify(f"Merged into {entity.canonical} (u undoes)", timeout=3)
            self._drop(cluster)

        write_when_free(
            self,
            f"merge {len(gone)} into {keep.entity.canonical}",
            lambda: self.history.merge_entities(keep.entity, gone),
            merged,
        )

    def action_dismiss_group(self) -> None:
        cluster = self._current()
        if cluster is not None:
            write_when_free(
                self,
                "not the same: " + ", ".join(map(str, cluster.entity_ids)),
                lambda: session_of(self).store.dismiss_cluster(cluster.entity_ids),
                lambda _: self._drop(cluster),
            )

    def action_back(self) -> None:
        """Back; while a write waits for the database, escape gives that write up instead."""
        if give_up_waiting_write(self) is not None:
            return
        self.app.pop_screen()
