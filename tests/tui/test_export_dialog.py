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


async def test_x_exports_the_done_articles_in_a_worker_and_says_what_it_left_out(
    seeded_store: Store, tmp_path: Path
):
    text = seeded_store.get_article(SEED_004).text
    start = text.index("Halil Hayye")
    seeded_store.add_span(Span(SEED_004, start, start + 11, "PER", "Halil Hayye", "ayse"))
    seeded_store.set_status(SEED_004, Status.DONE)
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        assert dialog.query_one("#status", Select).value == "done"  # the default: only done
        target = tmp_path / "gold.jsonl"
        await submit(app, pilot, target)
        assert isinstance(app.screen, LibraryScreen)
        records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert [record["id"] for record in records] == [SEED_004]
        assert records[0]["spans"][0]["text"] == "Halil Hayye"
        outcome = (
            f"exported 1 article(s), 1 span(s) to {target}; left out 1 unfinished article(s) "
            "(choose all articles to take them)"
        )
        assert [n.message for n in app._notifications] == [outcome]


async def test_while_it_runs_the_outcome_line_says_what_is_left_out(
    seeded_store: Store, tmp_path: Path
):
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        dialog.run_export = lambda *arguments: None  # the worker does not start: see the line
        dialog.query_one("#path", Input).value = str(tmp_path / "gold.jsonl")
        await pilot.press("enter")
        await pilot.pause()
        outcome = str(dialog.query_one("#outcome", Static).render())
        assert outcome == (
            "exporting 0 article(s); left out 2 unfinished article(s) "
            "(choose all articles to take them)…"
        )


async def test_format_and_all_articles_choices(seeded_store: Store, tmp_path: Path):
    seeded_store.set_status(SEED_004, Status.DONE)
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        dialog.query_one("#format", Select).value = "conll"
        dialog.query_one("#status", Select).value = "all"
        await pilot.pause()
        assert dialog.query_one("#path", Input).value.endswith("hasiye-export.conll")
        target = tmp_path / "gold.conll"
        await submit(app, pilot, target)
        content = target.read_text(encoding="utf-8")
        assert content.count("-DOCSTART-") == 2 and "Hamas\tO\n" in content
        [notification] = list(app._notifications)
        assert notification.message.startswith("exported 2 article(s)")
        assert "left out" not in notification.message


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


async def test_the_dialog_writes_a_spacy_docbin_spacy_reads(seeded_store: Store, tmp_path: Path):
    import pytest

    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    text = seeded_store.get_article(SEED_004).text
    start = text.index("Halil Hayye")
    seeded_store.add_span(Span(SEED_004, start, start + 11, "PER", "Halil Hayye", "ayse"))
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        dialog.query_one("#format", Select).value = "spacy"
        dialog.query_one("#status", Select).value = "all"
        await pilot.pause()
        assert dialog.query_one("#path", Input).value.endswith("hasiye-export.spacy")
        target = tmp_path / "gold.spacy"
        await submit(app, pilot, target)
        docs = list(DocBin().from_disk(target).get_docs(spacy.blank("tr").vocab))
        [doc] = [doc for doc in docs if doc.user_data["hasiye_id"] == SEED_004]
        assert [(s.start_char, s.text, s.label_) for s in doc.spans["sc"]] == [
            (start, "Halil Hayye", "PER")
        ]
        [notification] = list(app._notifications)
        assert notification.message.startswith("exported 2 article(s), 1 span(s)")


async def test_a_symlink_is_followed_and_stays_a_link(seeded_store: Store, tmp_path: Path):
    # The dialog writes through the same function as `hasiye export -o` (issue 17, item 1).
    for article_id in seeded_store.article_ids():
        seeded_store.set_status(article_id, Status.DONE)
    target = tmp_path / "gold.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await open_dialog(app, pilot)
        await submit(app, pilot, link)
    assert link.is_symlink() and len(target.read_text(encoding="utf-8").splitlines()) == 2


async def test_the_dialog_offers_the_new_formats_and_writes_a_brat_folder(
    seeded_store: Store, tmp_path: Path
):
    text = seeded_store.get_article(SEED_004).text
    start = text.index("Halil Hayye")
    seeded_store.add_span(Span(SEED_004, start, start + 11, "PER", "Halil Hayye", "ayse"))
    seeded_store.set_status(SEED_004, Status.DONE)
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        offered = [value for _, value in dialog.query_one("#format", Select)._options]
        assert {"label-studio", "label-studio-predictions", "brat", "xmi"} <= set(offered)
        for format_name, name in (("label-studio", "hasiye-export.label-studio.json"),
                                  ("xmi", "hasiye-export.xmi"), ("brat", "hasiye-export.brat")):  # fmt: skip
            dialog.query_one("#format", Select).value = format_name
            await pilot.pause()
            assert dialog.query_one("#path", Input).value.endswith(name)
        target = tmp_path / "gold.brat"
        await submit(app, pilot, target)
        assert isinstance(app.screen, LibraryScreen)
        assert (target / f"{SEED_004}.ann").read_text(encoding="utf-8") == (
            f"T1\tPER {start} {start + 11}\tHalil Hayye\n"
        )
        [notification] = list(app._notifications)
        assert notification.message.startswith(f"exported 1 article(s), 1 span(s) to {target}")


async def test_an_article_with_two_layers_and_no_gold_is_left_out_and_said(
    seeded_store: Store, tmp_path: Path
):
    text = seeded_store.get_article(SEED_004).text
    start = text.index("Halil Hayye")
    for annotator, label in (("ayse", "PER"), ("ali", "ORG")):
        seeded_store.add_span(Span(SEED_004, start, start + 11, label, "Halil Hayye", annotator))
    seeded_store.set_status(SEED_004, Status.DONE)
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        await open_dialog(app, pilot)
        target = tmp_path / "gold.jsonl"
        await submit(app, pilot, target)
        assert target.read_text(encoding="utf-8") == ""
        outcome = (
            f"exported 0 article(s), 0 span(s) to {target}; left out 1 unfinished article(s) "
            "(choose all articles to take them); left out 1 article(s) with several layers and "
            "no gold layer (adjudicate them, or export from the command line with --layers all)"
        )
        assert [n.message for n in app._notifications] == [outcome]


async def test_choosing_a_format_with_an_emptied_file_field_names_the_default_file(
    seeded_store: Store,
):
    # Typing over the selected path, then choosing a format, crashed the app (Path('') has no name).
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        await pilot.press("space", "backspace")
        assert dialog.query_one("#path", Input).value == ""
        dialog.query_one("#format", Select).value = "brat"
        await pilot.pause()
        assert dialog.query_one("#path", Input).value == "hasiye-export.brat"
        assert app.is_running and isinstance(app.screen, ExportDialog)


async def test_the_proposed_file_is_one_not_taken_and_the_bar_shows_only_once_it_runs(
    seeded_store: Store, tmp_path: Path, monkeypatch
):
    """Found by a user: a second brat export failed until the name was edited, and the progress
    bar moved before anything was exported."""
    from textual.widgets import ProgressBar

    monkeypatch.chdir(tmp_path)
    (tmp_path / "hasiye-export.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "hasiye-export.brat").mkdir()
    (tmp_path / "hasiye-export-2.brat").mkdir()
    seeded_store.set_status(SEED_004, Status.DONE)
    app = make_app(seeded_store, "ayse")
    async with app.run_test(size=(120, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        path = dialog.query_one("#path", Input)
        assert path.value == str(tmp_path / "hasiye-export-2.jsonl")
        bar = dialog.query_one(ProgressBar)
        assert not bar.display
        dialog.query_one("#format", Select).value = "brat"
        await pilot.pause()
        assert path.value == str(tmp_path / "hasiye-export-3.brat")
        path.value = str(tmp_path / "mine.jsonl")
        dialog.query_one("#format", Select).value = "conll"
        await pilot.pause()
        assert path.value == str(tmp_path / "mine.conll")  # a name of one's own stays
        monkeypatch.setattr(ExportDialog, "run_export", lambda *arguments: None)  # held: the bar
        await pilot.press("enter")
        await pilot.pause()
        assert bar.display and bar.total == 1 and bar.progress == 0
