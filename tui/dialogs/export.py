"""The export dialog (key x in the library): format, articles, file; runs in a worker with progress.

The export itself is ``annotations.exporting.export``, the same function as ``hasiye export``. The
worker opens its own connection to the database (a connection belongs to the thread that made it)
and reports each article written; the dialog stays open on an error, which it shows.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from annotations import keymap
from annotations.errors import HasiyeError
from annotations.exporting import (
    DEFAULT_EXPORT_STATUS,
    FORMATS,
    ExportReport,
    ExportSelection,
    export,
    unfinished_left_out,
)
from annotations.model import Status
from annotations.store import Store
from tui.keys import bindings
from tui.session_of import session_of

DEFAULT_STEM = "hasiye-export"
_DEFAULT_NAME = re.compile(rf"{DEFAULT_STEM}(?:-\d+)?")


def free_name(folder: Path, stem: str, extension: str) -> Path:
    """``stem.extension`` in the folder, or ``stem-2.extension``... the first that does not exist
    (a second brat or XMI export into the same folder was refused until the name was edited)."""
    number = 1
    while True:
        name = f"{stem}.{extension}" if number == 1 else f"{stem}-{number}.{extension}"
        if not (folder / name).exists():
            return folder / name
        number += 1


EXTENSIONS = {
    "jsonl": "jsonl",
    "yaml": "yaml",
    "conll": "conll",
    "conll-flair": "flair.conll",
    "doccano": "doccano.jsonl",
    "prodigy": "prodigy.jsonl",
    "spacy": "spacy",
    "label-studio": "label-studio.json",
    "label-studio-predictions": "predictions.json",
    "brat": "brat",  # a folder
    "xmi": "xmi",  # a folder
}
ALL = "all"


class ExportDialog(ModalScreen[ExportReport | None]):
    BINDINGS = bindings(keymap.DIALOG)

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static("Export the annotations as a gold dataset", classes="title")
            yield Label("format")
            yield Select(
                [(name, name) for name in FORMATS], value="jsonl", allow_blank=False, id="format"
            )
            yield Label("articles")
            yield Select(
                [*[(f"only {s.value}", s.value) for s in Status], ("all articles", ALL)],
                value=DEFAULT_EXPORT_STATUS.value,
                allow_blank=False,
                id="status",
            )
            yield Label("file (enter starts the export)")
            yield Input(str(free_name(Path.cwd(), DEFAULT_STEM, "jsonl")), id="path")
            bar = ProgressBar(id="progress", show_eta=False)
            bar.display = False  # until an export runs: an idle bar seemed to be working
            yield bar
            yield Static("", id="outcome", markup=False)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "format":
            return
        field = self.query_one("#path", Input)
        path = Path(field.value.strip())
        if not path.name:  # an emptied field ('.') or '/': the default name there
            path = path / DEFAULT_STEM
        stem = path.name.split(".", 1)[0] or DEFAULT_STEM
        extension = EXTENSIONS[str(event.value)]
        if _DEFAULT_NAME.fullmatch(stem):  # a name the dialog proposed: one not taken yet
            field.value = str(free_name(path.parent, DEFAULT_STEM, extension))
        else:
            field.value = str(path.with_name(f"{stem}.{extension}"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            self.notify("Give the file to write", severity="warning", markup=False)
            return
        status = self.query_one("#status", Select).value
        selection = ExportSelection(status=None if status == ALL else Status(str(status)))
        store = session_of(self).store
        total = store.article_count(selection.status)
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(total, 1), progress=0)
        self.query_one("#outcome", Static).update(
            f"exporting {total} article(s){_left_out(unfinished_left_out(store, selection))}…"
        )
        labels = tuple(label.name for label in session_of(self).labels)
        format_name = str(self.query_one("#format", Select).value)
        self.run_export(store.path, format_name, Path(value).expanduser(), selection, labels)

    @work(thread=True, exclusive=True, group="export")
    def run_export(
        self,
        database: Path,
        format_name: str,
        destination: Path,
        selection: ExportSelection,
        labels: tuple[str, ...],
    ) -> None:
        worker = get_current_worker()

        def advance(_: str) -> None:
            if worker.is_cancelled:
                raise HasiyeError("export cancelled; nothing was written")
            self.app.call_from_thread(self.query_one(ProgressBar).advance, 1)

        try:
            with Store(database, annotator=session_of(self).annotator) as store:
                # In one process: multiprocessing cannot start one from inside the app (it
                # hands the child sys.stderr's descriptor, which Textual has replaced).
                report = export(
                    store, format_name, destination, selection, labels, on_article=advance,
                    processes=1,
                )  # fmt: skip
        except (HasiyeError, OSError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._done, report, destination)

    def _failed(self, why: str) -> None:
        self.query_one("#outcome", Static).update(f"not exported: {why}")
        self.notify(why, severity="error", title="Not exported", markup=False)

    def _done(self, report: ExportReport, destination: Path) -> None:
        message = f"exported {report.articles} article(s), {report.spans} span(s) to {destination}"
        if report.left_out:
            message += f"; CoNLL cannot nest: {report.left_out} inner span(s) left out"
        message += _left_out(report.unfinished_left_out)
        if report.unsettled_left_out:
            message += (
                f"; left out {len(report.unsettled_left_out)} article(s) with several layers and "
                "no gold layer (adjudicate them, or export from the command line with --layers all)"
            )
        self.app.notify(message, title="Exported", timeout=8, markup=False)
        self.dismiss(report)

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "export")
        self.dismiss(None)


def _left_out(unfinished: int) -> str:
    """What the outcome line says of the unfinished articles an export of done ones left out."""
    if not unfinished:
        return ""
    return f"; left out {unfinished} unfinished article(s) (choose all articles to take them)"
