"""`hasiye export -o PATH` and `--entities PATH` write where PATH leads without replacing what it is:
a symbolic link stays a link (its target is written), a device stays a device, a fifo's reader
gets the data. A regular or a new file is replaced whole, or not at all."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.store import Store
from tui.cli import main

TEXT = "Halil Hayye Kahire'de konuştu."


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(db: Path, *arguments: str):
        return runner.invoke(main, ["--db", str(db), "--annotator", "ayse", *arguments])

    return invoke


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    dataset = tmp_path / "in.jsonl"
    record = {
        "id": "a1",
        "text": TEXT,
        "status": "done",
        "spans": [
            {"start": 0, "end": 11, "label": "PER", "canonical": "Halil Hayye"},
            {"start": 12, "end": 18, "label": "LOC"},
        ],
    }
    dataset.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["--db", str(path), "import", str(dataset)]).exit_code == 0
    return path


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_a_symlink_stays_a_link_and_its_target_gets_the_export(run, db, tmp_path: Path):
    target = tmp_path / "target.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    result = run(db, "export", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert [record["id"] for record in _records(target.read_text(encoding="utf-8"))] == ["a1"]
    assert [path.name for path in tmp_path.iterdir() if "partial" in path.name] == []


def test_a_dangling_symlink_gets_its_target_made(run, db, tmp_path: Path):
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "made.jsonl")
    assert run(db, "export", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and (tmp_path / "made.jsonl").is_file()


def test_entities_through_a_symlink_keep_the_link(run, db, tmp_path: Path):
    target = tmp_path / "entities.jsonl"
    link = tmp_path / "entities-link.jsonl"
    link.symlink_to(target)
    result = run(db, "export", "-o", str(tmp_path / "out.jsonl"), "--entities", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert [record["canonical"] for record in _records(target.read_text(encoding="utf-8"))] == [
        "Halil Hayye"
    ]


def _read_fifo_in_background(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, received


@pytest.mark.parametrize("option", ["-o", "--entities"])
def test_a_fifo_is_streamed_to_its_reader_and_stays_a_fifo(run, db, tmp_path: Path, option):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, received = _read_fifo_in_background(fifo)
    arguments = ["-o", str(fifo)] if option == "-o" else ["-o", str(tmp_path / "x"), option, str(fifo)]
    result = run(db, "export", *arguments)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    [record] = _records(received[0].decode("utf-8"))
    assert record["id" if option == "-o" else "canonical"] in ("a1", "Halil Hayye")


def test_a_bad_export_writes_nothing_to_a_fifo_and_never_opens_it(run, db, tmp_path: Path):
    with Store(db) as store:
        store._execute("UPDATE spans SET surface = 'Halil Haye' WHERE label = 'PER'")
        store.db.conn.commit()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run(db, "export", "-o", str(fifo))  # no reader: opening it would wait forever
    assert result.exit_code == 1 and "does not match" in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def _null_device(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a character device (mknod) needs root; these tests run as a user")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second /dev/null


def test_a_character_device_stays_a_device(run, db, tmp_path: Path):
    device = tmp_path / "null"
    _null_device(device)
    link = tmp_path / "to-null"
    link.symlink_to(device)
    for arguments in (
        ["-o", str(device)],
        ["-o", str(tmp_path / "x"), "--entities", str(device)],
        ["-o", str(link)],
    ):
        result = run(db, "export", *arguments)
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(device.stat().st_mode) and link.is_symlink()
        assert os.major(device.stat().st_rdev) == 1 and os.minor(device.stat().st_rdev) == 3


def test_dev_null_itself_stays_a_device(run, db, tmp_path: Path):
    # The same on a copy first: if that fails, the real /dev/null is not put at risk.
    test_a_character_device_stays_a_device(run, db, tmp_path)
    result = run(db, "export", "-o", "/dev/null", "--entities", "/dev/null")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert "exported 1 article(s), 2 span(s) to /dev/null" in result.stderr


def test_a_directory_is_refused_with_one_line(run, db, tmp_path: Path):
    result = run(db, "export", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: cannot write {tmp_path}: it is a directory; nothing was written"


def test_a_regular_file_is_still_replaced_whole(run, db, tmp_path: Path):
    target = tmp_path / "gold.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    assert run(db, "export", "-o", str(target)).exit_code == 0
    assert _records(target.read_text(encoding="utf-8"))[0]["id"] == "a1"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(path.name for path in tmp_path.iterdir()) == ["corpus.db", "gold.jsonl", "in.jsonl"]


