"""Several annotators on the command line: statuses per --annotator, `hasiye agree`, `hasiye merge`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.model import Span, Status
from annotations.store import Store
from tests.conftest import SEEDS
from tui.cli import main

SEED_004 = "004_6b0b2ef26e7569ca"


@pytest.fixture
def run(db_path: Path):
    runner = CliRunner()

    def invoke(*arguments: str, annotator: str = "ayse"):
        return runner.invoke(main, ["--db", str(db_path), "--annotator", annotator, *arguments])

    return invoke


def label(store: Store, annotator: str, surface: str, tag: str, nth: int = 0) -> None:
    text = store.get_article(SEED_004).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    store.add_span(Span(SEED_004, start, start + len(surface), tag, surface, annotator))


@pytest.fixture
def two_layers(run, db_path: Path) -> Path:
    """Seed 004 labelled by ayse and ali, differently; ayse has done it."""
    assert run("import", str(SEEDS)).exit_code == 0
    with Store(db_path, annotator="ayse") as store:
        for annotator in ("ayse", "ali"):
            label(store, annotator, "Kalın", "PER")
            label(store, annotator, "Hamas", "ORG")
        label(store, "ayse", "İstanbul", "LOC")
        label(store, "ali", "DHA", "ORG")
        store.set_status(SEED_004, Status.DONE)
    return db_path


def test_list_shows_the_annotators_own_status_and_who_has_done_it(run, two_layers: Path):
    ayse = run("list").stdout.splitlines()
    ali = run("list", annotator="ali").stdout.splitlines()
    assert ayse[2].split("\t")[-2:] == ["done", "ayse"]
    assert ali[2].split("\t")[-2:] == ["todo", "ayse"]
    assert run("list", "--status", "done", annotator="ali").stdout.count("\n") == 1  # header


def test_agree_prints_every_pair_and_label(run, two_layers: Path):
    result = run("agree")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:8] == [
        "pair", "label", "spans 1", "spans 2", "exact", "exact F1", "overlap F1", "kappa"
    ]
    rows = {tuple(line.split("\t")[:2]): line.split("\t") for line in lines[1:5]}
    # ali: Kalın, Hamas, DHA; ayse: Kalın, Hamas, İstanbul; 2 exact of 3 + 3
    assert rows[("ali / ayse", "all")][2:6] == ["3", "3", "2", "0.667"]
    assert rows[("ali / ayse", "LOC")][2:6] == ["0", "1", "0", "0.000"]
    assert "1 article(s) with layers of at least two of ali, ayse" in result.stderr
    assert f"{SEED_004}\t0.667" in result.stdout


def test_agree_json_and_its_filters(run, two_layers: Path):
    figures = json.loads(run("agree", "--json", "--label", "ORG").stdout)
    pair = figures["pairs"][0]
    assert pair["annotators"] == ["ali", "ayse"]
    assert pair["overall"]["spans"] == [2, 1] and pair["overall"]["exact_f1"] == pytest.approx(2 / 3)
    assert figures["article_count"] == 1
    only = json.loads(run("agree", "--json", "-a", "ayse", "-a", "ali", "--article", SEED_004).stdout)
    assert only["annotators"] == ["ayse", "ali"]
    assert only["pairs"][0]["overall"]["exact_f1"] == pytest.approx(2 / 3)


def test_agree_in_several_processes_prints_what_one_process_prints(run, two_layers: Path):
    with Store(two_layers, annotator="ayse") as store:
        assert store.article_id_bounds(2)  # the seeds are cut in two runs
    one = run("agree", "--json", "--processes", "1")
    two = run("agree", "--json", "--processes", "2")
    assert one.exit_code == two.exit_code == 0
    assert json.loads(two.stdout) == json.loads(one.stdout)
    assert json.loads(one.stdout)["pairs"][0]["overall"]["exact_matches"] == 2
    none = run("agree", "--processes", "0")
    assert none.exit_code == 2 and "--processes" in none.stderr


def test_agree_refuses_what_it_cannot_measure(run, two_layers: Path):
    alone = run("agree", "-a", "ayse")
    assert alone.exit_code == 1
    assert alone.stderr.strip() == (
        "Error: agreement needs at least two annotators with a layer; found: ayse"
    )
    mistyped = run("agree", "-a", "ayse", "-a", "aly")
    assert mistyped.exit_code == 1
    assert mistyped.stderr.strip() == (
        "Error: no annotator aly in this database; annotators with a layer: ali, ayse"
    )
    missing = run("agree", "--article", "nope")
    assert missing.exit_code == 1 and "no article with id 'nope'" in missing.stderr
    assert "Traceback" not in alone.output + missing.output


def test_merge_brings_another_file_in_and_refuses_with_one_line(run, tmp_path: Path):
    runner = CliRunner()
    theirs = tmp_path / "theirs.db"

    def in_theirs(*arguments: str):
        return runner.invoke(main, ["--db", str(theirs), "--annotator", "ali", *arguments])

    assert run("import", str(SEEDS)).exit_code == 0
    assert in_theirs("import", str(SEEDS)).exit_code == 0
    with Store(theirs, annotator="ali") as store:
        label(store, "ali", "Kalın", "PER")
        store.set_status(SEED_004, Status.DONE)
    merged = run("merge", str(theirs))
    assert merged.exit_code == 0, merged.output
    assert merged.stdout == (
        f"{theirs}: 0 article(s) added, 1 layer(s) added, 0 replaced, 0 already here, "
        "0 entit(ies) added\n"
    )
    assert run("list").stdout.splitlines()[2].split("\t")[-2:] == ["todo", "ali"]
    assert "1 already here" in run("merge", str(theirs)).stdout
    with Store(theirs, annotator="ali") as store:
        label(store, "ali", "Hamas", "ORG")
    refused = run("merge", str(theirs))
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert refused.stderr == (
        f"Error: {theirs}: article '{SEED_004}': ali's layer differs from the one here "
        "(--replace to replace it); nothing of it was merged\n"
    )
    assert run("merge", "--replace", str(theirs)).exit_code == 0
    figures = json.loads(run("agree", "--json", "-a", "ali", "-a", "ayse").stdout)
    assert figures["article_count"] == 0  # ayse has no layer in it yet
    with Store(tmp_path / "corpus.db", annotator="ayse") as store:
        store.set_status(SEED_004, Status.DONE)  # she read it and found no name
    figures = json.loads(run("agree", "--json", "-a", "ali", "-a", "ayse").stdout)
    assert figures["pairs"][0]["overall"]["spans"] == [2, 0]


def test_export_takes_the_gold_layer_or_says_what_it_left_out(run, two_layers: Path):
    default = run("export")
    assert default.exit_code == 0 and default.stdout == ""
    assert default.stderr == (
        "exported 0 article(s), 0 span(s) to standard output; left out 1 unfinished article(s) "
        "(--status any takes them); left out 1 article(s) with several layers and no gold layer "
        f"({SEED_004}; adjudicate them, or --annotator NAME or --layers all)\n"
    )
    alis = json.loads(run("export", "--annotator", "ali").stdout)
    assert [(s["text"], s["annotator"]) for s in alis["spans"]] == [
        ("Kalın", "ali"), ("Hamas", "ali"), ("DHA", "ali")
    ]  # fmt: skip
    every = json.loads(run("export", "--layers", "all").stdout)
    assert sorted({s["annotator"] for s in every["spans"]}) == ["ali", "ayse"]
    with Store(two_layers, annotator="ayse") as store:
        label(store, "gold", "Kalın", "PER")
    gold = run("export")
    assert [(s["text"], s["annotator"]) for s in json.loads(gold.stdout)["spans"]] == [
        ("Kalın", "gold")
    ]
    assert "several layers" not in gold.stderr
    with Store(two_layers, annotator="ayse") as store:
        label(store, "hakem", "Hamas", "ORG")
    named = json.loads(run("export", "--gold", "hakem").stdout)
    assert [s["annotator"] for s in named["spans"]] == ["hakem"]


def test_adjudicate_lists_settles_and_export_writes_the_gold_layer(run, two_layers: Path):
    listed = run("adjudicate", SEED_004)
    assert listed.exit_code == 0, listed.output
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert rows[0] == ["n", "bucket", "settled", "text", "versions", "gold (from)"]
    by_text = {row[3]: row for row in rows[1:]}
    assert by_text["Kalın"][1:3] == ["all agree", "yes"]  # taken at once
    assert by_text["Kalın"][5] == "PER Kalın (ali, ayse)"
    assert by_text["İstanbul"][1:3] == ["only some", "no"]
    assert by_text["İstanbul"][4] == "ali: (none) | ayse: LOC İstanbul"
    assert listed.stderr == f"{SEED_004}: 2 difference(s) left\n"
    numbers = {row[3]: row[0] for row in rows[1:]}
    settled = run(
        "adjudicate", SEED_004, "--json",
        "--take", f"{numbers['İstanbul']}:ayse", "--none", numbers["DHA"],
    )  # fmt: skip
    figures = json.loads(settled.stdout)
    assert figures["adjudicated"] is True
    assert [d["gold"][0]["from"] for d in figures["differences"] if d["gold"]] == [
        ["ali", "ayse"], ["ali", "ayse"], ["ayse"]
    ]  # fmt: skip
    gold = run("export", "--status", "any", "--article", SEED_004)
    assert [(s["text"], s["annotator"]) for s in json.loads(gold.stdout)["spans"]] == [
        ("Kalın", "gold"), ("Hamas", "gold"), ("İstanbul", "gold")
    ]  # fmt: skip
    done = run("export", annotator="gold")  # the gold layer's status: done
    assert json.loads(done.stdout)["id"] == SEED_004
    alis = run("export", annotator="ali")  # ali's statuses: nothing done, and it says where
    assert alis.stdout == ""
    assert alis.stderr.rstrip("\n").endswith(
        "left out 2 unfinished article(s) (--status any takes them); 1 of them adjudicated: "
        "hasiye --annotator gold export takes those"
    )
    summary = json.loads(run("export", "--json", "-o", str(two_layers.parent / "o.jsonl"),
                             annotator="ali").stdout)  # fmt: skip
    assert (summary["unfinished_left_out"], summary["adjudicated_left_out"]) == (2, 1)
    wrong = run("adjudicate", SEED_004, "--take", "9:ayse")
    assert wrong.exit_code == 1
    assert wrong.stderr == f"Error: article '{SEED_004}': there is no difference 9\n"


def test_the_global_gold_name_is_the_one_adjudicate_writes_and_export_takes(
    run, two_layers: Path, db_path: Path
):
    def hakem(*arguments: str):
        return CliRunner().invoke(
            main, ["--db", str(db_path), "--annotator", "ayse", "--gold", "hakem", *arguments]
        )

    assert hakem("adjudicate", SEED_004).exit_code == 0  # what all agree on: taken
    with Store(db_path) as store:
        layers = {s.annotator for s in store.spans_for(SEED_004)}
        assert "hakem" in layers and "gold" not in layers
    exported = hakem("export", "--status", "any", "--article", SEED_004)
    assert {s["annotator"] for s in json.loads(exported.stdout)["spans"]} == {"hakem"}
    # A command's own --gold wins over the global one: "gold" has no layer, so nothing here.
    own = hakem("export", "--status", "any", "--article", SEED_004, "--gold", "gold")
    assert own.stdout == "" and "several layers and no gold layer" in own.stderr


def test_agree_and_adjudicate_name_annotators_and_articles_literally_on_stderr(
    run, two_layers: Path
):
    hostile = "a\x1b[31mRED\x1b[0m"
    with Store(two_layers, annotator="ayse") as store:
        label(store, hostile, "Hamas", "ORG")
    agreed = run("agree", "-a", "ayse", "-a", hostile)
    assert agreed.exit_code == 0 and "\x1b" not in agreed.stderr
    assert "of ayse, a␛[31mRED␛[0m" in agreed.stderr
    adjudicated = run("adjudicate", SEED_004)
    assert adjudicated.exit_code == 0 and "\x1b" not in adjudicated.stderr


def test_the_importer_of_a_file_is_no_annotator_of_it(run, tmp_path: Path):
    """An import gives the importer a status row (to do); agree counted them as an annotator and
    printed an empty pair instead of saying there is only one layer."""
    dataset = tmp_path / "ali.jsonl"
    dataset.write_text(
        '{"id": "a", "text": "Ali geldi.", "spans": [{"start": 0, "end": 3, "label": "PER", '
        '"annotator": "ali"}]}\n',
        encoding="utf-8",
    )
    assert run("import", str(dataset), annotator="root").exit_code == 0
    alone = run("agree", annotator="root")
    assert alone.exit_code == 1
    assert alone.stderr.strip() == (
        "Error: agreement needs at least two annotators with a layer; found: ali"
    )


def test_an_article_nobody_annotated_is_not_said_adjudicated(run, two_layers: Path):
    seed_000 = "000_32c02bc332455d9c"  # no span in any layer
    result = run("adjudicate", seed_000)
    assert result.exit_code == 0 and result.stdout.splitlines() == [
        "n\tbucket\tsettled\ttext\tversions\tgold (from)"
    ]
    assert result.stderr == f"{seed_000}: nothing to adjudicate: no annotator has a span in it\n"
