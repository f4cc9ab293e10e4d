"""Pilot tests of the export dialog (x in the library)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Select, Static

from annotations.model import Span, Status
from annotations.store import Store
from tui.app import make_app
from tui.dialogs.export import ExportDialog
from tui.screens.library import LibraryScreen

SEED_004 = "004_6b0b2ef26e7569ca"


async def open_dialog(app, pilot) -> ExportDialog:
    await pilot.pause()
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(app.screen, ExportDialog)
    return app.screen


async def submit(app, pilot, path: Path) -> None:
    field = app.screen.query_one("#path", Input)
    field.value = str(path)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_x_exports_jsonl_in_a_worker(seeded_store: Store, tmp_path: Path):
    text = seeded_store.get_article(SEED_004).text
    start = text.index("Halil Hayye")
    seeded_store.add_span(Span(SEED_004, start, start + 11, "PER", "Halil Hayye", "ayse"))
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await open_dialog(app, pilot)
        target = tmp_path / "gold.jsonl"
        await submit(app, pilot, target)
        assert isinstance(app.screen, LibraryScreen)
        records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert [record["id"] for record in records][1] == SEED_004
        assert records[1]["spans"][0]["text"] == "Halil Hayye"
        assert any("exported 2 article(s), 1 span(s)" in n.message for n in app._notifications)


async def test_format_and_status_choices(seeded_store: Store, tmp_path: Path):
    seeded_store.set_status(SEED_004, Status.DONE)
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        dialog.query_one("#format", Select).value = "conll"
        dialog.query_one("#status", Select).value = "done"
        await pilot.pause()
        assert dialog.query_one("#path", Input).value.endswith("hasiye-export.conll")
        target = tmp_path / "gold.conll"
        await submit(app, pilot, target)
        content = target.read_text(encoding="utf-8")
        assert content.count("-DOCSTART-") == 1 and "Hamas\tO\n" in content


async def test_an_unwritable_file_is_reported_and_the_dialog_stays(
    seeded_store: Store, tmp_path: Path
):
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        await submit(app, pilot, tmp_path / "no" / "such" / "dir" / "gold.jsonl")
        assert app.screen is dialog
        outcome = str(dialog.query_one("#outcome", Static).render())
        assert outcome.startswith("not exported: cannot write") and "No such file" in outcome
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and not app._exit
