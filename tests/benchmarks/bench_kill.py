"""kill -9 trials: a hasiye process killed at a random moment loses no action it confirmed and
leaves a database that opens without error (README, *Guarantees*).

Run by hand: ``python -m tests.benchmarks.bench_kill [TRIALS]`` (default 50, spread over the four
kinds). Each trial copies a prepared database, starts one process, sends SIGKILL after a random
delay (up to the time the same work took unkilled in this run), then opens the file again and
checks: ``PRAGMA integrity_check`` is ok, a hasiye Store opens, an export of everything works,
and every action the process confirmed before it died is there:

- text import (``hasiye import DIR``): confirmed when it printed its summary; whole batches only;
  running it again finishes the job.
- dataset import (``hasiye import FILE.jsonl``): the same; again with ``--replace`` finishes it.
- ``hasiye propagate ENTITY --apply``: one transaction: 0 or every span, all when it said "made".
- the app while labelling (a Pilot-driven app in a child process, printing each span the screen
  reported saved): every span it printed is in the file.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotations.exporting import ExportSelection, export
from annotations.importers.text_files import parse_article_text
from annotations.model import Article
from annotations.store import Store
from tests.benchmarks.corpus import generate_articles

ARTICLES = 2_000
LABELS = ("PER", "ORG", "LOC", "DATE")
HASIYE = [str(Path(sys.executable).parent / "hasiye")]  # the venv's entry point


def hasiye(db: Path, *arguments: str) -> list[str]:
    return [*HASIYE, "--db", str(db), "--annotator", "kill", *arguments]


def prepare(folder: Path) -> dict[str, Path]:
    """The inputs: a folder of text files, a JSONL dataset, a database ready for propagation and
    for the app, and an empty database."""
    texts = folder / "texts"
    texts.mkdir()
    dataset = folder / "data.jsonl"
    with dataset.open("w", encoding="utf-8") as out:
        for number, (article_id, raw) in enumerate(generate_articles(ARTICLES)):
            (texts / f"{article_id}.txt").write_text(raw, encoding="utf-8")
            article = parse_article_text(f"d{number:05d}", raw)
            spans = []
            found = article.text.find("Ankara")
            if found >= 0:
                spans.append({"start": found, "end": found + 6, "label": "LOC", "text": "Ankara"})
            record = {"id": article.id, "title": article.title, "text": article.text, "spans": spans}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    empty = folder / "empty.db"
    with Store(empty):
        pass
    annotated = folder / "annotated.db"
    with Store(annotated) as store:
        sentence = "Ankara'da Halil Hayye ile Mısır Genel İstihbarat Servisi görüştü. "
        store.save_articles(
            [(Article(f"p{number:04d}", "t", sentence * 40), None) for number in range(300)]
        )
        store.add_entity("Ankara", "LOC", ["Ankara"])
    return {"texts": texts, "dataset": dataset, "empty": empty, "annotated": annotated}


def check_reopens(db: Path) -> list[str]:
    """What is wrong with the file after the kill (nothing: [])."""
    errors = []
    try:
        with sqlite3.connect(db) as raw:
            result = raw.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            errors.append(f"integrity_check: {result}")
        with Store(db) as store:
            export(store, "jsonl", None, ExportSelection(), LABELS, stdout=io.StringIO())
    except Exception as error:  # noqa: BLE001 - any error on reopen is what this counts
        errors.append(f"{type(error).__name__}: {error}")
    return errors


def count(db: Path, sql: str) -> int:
    with Store(db) as store:
        return store._execute(sql).fetchone()[0]


def run_killed(command: list[str], delay: float) -> tuple[bool, str]:
    """Start, SIGKILL after ``delay`` (unless done): (finished by itself, its output)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        process.wait(delay)
        finished = True
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        finished = False
    KILLED.append(not finished)
    DURATIONS.append(time.perf_counter() - started)
    output = process.stdout.read() if process.stdout else ""
    return finished and process.returncode == 0, output


# The four kinds of trial: each returns (lost confirmed actions, errors on reopen) ------------------

KILLED: list[bool] = []  # whether each run was killed (rather than done before the delay)
DURATIONS: list[float] = []  # how long each run lasted


def trial_text_import(inputs, db: Path, delay: float) -> tuple[int, list[str]]:
    finished, _ = run_killed(hasiye(db, "import", str(inputs["texts"])), delay)
    errors = check_reopens(db)
    lost = 0
    if finished and count(db, "SELECT count(*) FROM articles") != ARTICLES:
        lost += 1
    subprocess.run(hasiye(db, "import", str(inputs["texts"])), capture_output=True, check=False)
    if count(db, "SELECT count(*) FROM articles") != ARTICLES:
        errors.append("importing again did not finish the job")
    return lost, errors


def trial_dataset_import(inputs, db: Path, delay: float) -> tuple[int, list[str]]:
    finished, _ = run_killed(hasiye(db, "import", str(inputs["dataset"])), delay)
    errors = check_reopens(db)
    lost = 0
    if finished and count(db, "SELECT count(*) FROM articles") != ARTICLES:
        lost += 1
    again = hasiye(db, "import", "--replace", str(inputs["dataset"]))
    subprocess.run(again, capture_output=True, check=False)
    if count(db, "SELECT count(*) FROM articles") != ARTICLES:
        errors.append("importing again with --replace did not finish the job")
    return lost, errors


def trial_propagation(inputs, db: Path, delay: float) -> tuple[int, list[str]]:
    finished, output = run_killed(hasiye(db, "propagate", "Ankara", "--apply"), delay)
    errors = check_reopens(db)
    made = count(db, "SELECT count(*) FROM spans")
    expected = 300 * 40
    lost = 1 if finished and "made" in output and made != expected else 0
    if made not in (0, expected):
        errors.append(f"propagation half applied: {made} of {expected} spans")
    return lost, errors


def trial_app(inputs, db: Path, delay: float) -> tuple[int, list[str]]:
    command = [sys.executable, "-m", "tests.benchmarks.bench_kill", "--app", str(db)]
    _, output = run_killed(command, delay)
    errors = check_reopens(db)
    confirmed = [
        tuple(map(int, line.split()[1:3])) for line in output.splitlines() if line.startswith("saved")
    ]
    with Store(db) as store:
        stored = {(span.start, span.end) for span in store.spans_for("p0000")}
    lost = sum(1 for span in confirmed if span not in stored)
    return lost, errors


async def label_in_the_app(db: Path) -> None:
    """The child of an app trial: label every name of article p0000, one key each, printing
    each span once the screen said "saved"."""
    from textual.widgets import Static

    from tui.app import make_app
    from tui.screens.annotator import AnnotatorScreen

    with Store(db) as store:
        app = make_app(store, "kill")
        async with app.run_test(size=(120, 30)) as pilot:
            app.push_screen(AnnotatorScreen("p0000"))
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, AnnotatorScreen)
            text, position = screen.article.text, 0
            while True:
                position = text.find("Halil", position)
                if position < 0:
                    return
                screen.text_area.put_cursor(position)
                await pilot.press("p")
                await pilot.pause()
                if str(screen.query_one("#saved", Static).render()).startswith("saved"):
                    span = screen.fresh
                    assert span is not None
                    print(f"saved {span.start} {span.end}", flush=True)
                position += 5


def fresh_copy(template: Path, db: Path) -> None:
    """The template as the trial's file, without the last trial's -wal and -shm beside it."""
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    shutil.copy(template, db)


def main(trials: int) -> None:
    kinds = {
        "text import": (trial_text_import, "empty"),
        "dataset import": (trial_dataset_import, "empty"),
        "propagate --apply": (trial_propagation, "annotated"),
        "app labelling": (trial_app, "annotated"),
    }
    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        inputs = prepare(folder)
        print(f"{'kind':20} {'trials':>6} {'killed':>6} {'lost':>5} {'errors':>6}  unkilled run")
        totals = [0, 0, 0]
        for number, (name, (trial, template)) in enumerate(kinds.items()):
            share = trials // len(kinds) + (1 if number < trials % len(kinds) else 0)
            db = folder / "trial.db"
            fresh_copy(inputs[template], db)
            lost, errors = trial(inputs, db, 600)  # the reference: the same work, not killed
            full = DURATIONS[-1]
            assert lost == 0 and not errors, (name, errors)
            killed = lost_total = errored = 0
            for _ in range(share):
                fresh_copy(inputs[template], db)
                delay = rng.uniform(0.3, full)
                lost, errors = trial(inputs, db, delay)
                killed += KILLED[-1]
                lost_total += lost
                errored += bool(errors)
                for error in errors:
                    print(f"  {name}: {error}")
            totals = [totals[0] + share, totals[1] + lost_total, totals[2] + errored]
            print(f"{name:20} {share:6} {killed:6} {lost_total:5} {errored:6}  {full:.1f} s")
        print(f"{'all':20} {totals[0]:6} {'':6} {totals[1]:5} {totals[2]:6}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--app"]:
        asyncio.run(label_in_the_app(Path(sys.argv[2])))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
