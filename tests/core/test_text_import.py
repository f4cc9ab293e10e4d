from __future__ import annotations

import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from annotations.errors import ArticleHasSpans, DuplicateArticleId, NotUtf8, SkippedFile
from annotations.importers import (
    discover_files,
    import_files,
    parse_article_text,
    read_article_file,
)
from annotations.importers.text_files import READ_CHUNK
from annotations.model import Span
from annotations.search import search
from annotations.seeds import import_seeds_if_empty, seed_files
from annotations.store import Store
from annotations.store.search_index import FTS_DEFAULT_HASH_SIZE
from tests.conftest import SEEDS, SHARED

SEED_000 = "000_32c02bc332455d9c"
SEED_004 = "004_6b0b2ef26e7569ca"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="shared seeds not beside the repo")
def test_bundled_seeds_are_byte_for_byte_the_delivered_ones():
    delivered = sorted((SHARED / "seeds").glob("*.txt"))
    assert [path.name for path in delivered] == [path.name for path in seed_files()]
    for original, bundled in zip(delivered, seed_files(), strict=True):
        assert bundled.read_bytes() == original.read_bytes()


def test_seed_with_header_and_tags():
    article = read_article_file(SEEDS / f"{SEED_004}.txt")
    assert article.id == SEED_004
    assert article.date == "2025-11-05"
    assert article.source == "Yeni Şafak"
    assert article.title == "MİT Başkanı Kalın'dan Hamas'la kritik görüşme"
    assert article.tags == ("Hamas", "MİT Başkanı", "İbrahim Kalın")
    assert article.summary == ""
    assert article.text.startswith("MİT Başkanı Kalın'dan Hamas'la kritik görüşme\n\n20:205/11/2025")
    assert article.text.endswith("yürütülmekte olan çalışmalar ele alındı.")
    assert "#" not in article.text and " date " not in article.text
    # Apart from the header and the tag lines, the text is the file's as written.
    original = (SEEDS / f"{SEED_004}.txt").read_text(encoding="utf-8")
    assert article.text in original


def test_seed_with_summary_then_title():
    article = read_article_file(SEEDS / f"{SEED_000}.txt")
    assert article.title == (
        "MİT Başkanı Kalın, Katar ve Mısırlı Mevkidaşlarıyla Gazze Görüşmeleri İçin Kahire'de Buluştu"
    )
    assert article.summary.startswith("MİT Başkanı İbrahim Kalın, Katar Başbakanı")
    assert article.summary.endswith("Son dakika istihbarat zirvesi haberleri.")
    assert article.date is None and article.source is None and article.tags == ()
    assert article.text == (SEEDS / f"{SEED_000}.txt").read_text(encoding="utf-8")


def test_plain_text_title_is_the_first_line():
    article = parse_article_text("x", "\n\nBaşlık burada\nGövde cümlesi. İkinci cümle.\n")
    assert article.title == "Başlık burada"
    assert article.text == "Başlık burada\nGövde cümlesi. İkinci cümle."
    assert article.summary == ""


def test_a_hash_inside_the_text_is_not_a_tag():
    article = parse_article_text("x", "Başlık\n#etiket ortada\nSon satır.\n#Son\n")
    assert article.tags == ("Son",)
    assert "#etiket ortada" in article.text


def test_crlf_bom_and_decomposed_letters_are_normalised(tmp_path: Path):
    path = write(tmp_path / "crlf.txt", "\ufeffI\u0307stanbul'da\r\nikinci satır\r\n".encode())
    article = read_article_file(path)
    assert article.text == "İstanbul'da\nikinci satır"
    assert article.title == "İstanbul'da"


def test_a_very_long_first_line_makes_a_short_title():
    article = parse_article_text("x", "kelime " * 1000)
    assert len(article.title) <= 201 and article.title.endswith("…")
    assert article.text == ("kelime " * 1000).rstrip("\n")


def test_non_utf8_file_names_the_byte_and_others_still_import(store: Store, tmp_path: Path):
    write(tmp_path / "good.txt", "Başlık\nMetin.")
    write(tmp_path / "latin.txt", "Başlık\nGüzel".encode("iso-8859-9"))
    report = import_files(store, discover_files([tmp_path]))
    assert report.added == ["good"]
    [problem] = report.problems
    assert isinstance(problem, NotUtf8)
    assert problem.byte_offset == 2  # "Ba" then the ISO-8859-9 "ş"
    assert "latin.txt: not valid UTF-8 at byte 2" in str(problem)
    assert store.article_count() == 1


def test_empty_and_binary_files_are_skipped_and_reported(store: Store, tmp_path: Path):
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "blank.txt", "\n  \n")
    write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / "good.txt", "Başlık\nMetin.")
    report = import_files(store, discover_files([tmp_path]))
    assert report.added == ["good"]
    assert all(isinstance(problem, SkippedFile) for problem in report.problems)
    messages = sorted(str(problem) for problem in report.problems)
    assert "blank.txt: empty file, skipped" in messages[0]
    assert "empty.txt: empty file, skipped" in messages[1]
    assert "image.txt: binary file (contains NUL bytes), skipped" in messages[2]


@pytest.mark.parametrize("written", ["2025-02-30", "2025-13-45", "0000-01-01"])
def test_a_header_date_the_calendar_has_not_refuses_the_file(
    store: Store, tmp_path: Path, written: str
):
    write(tmp_path / "bad.txt", f" date {written} Kaynak\nBaşlık\nMetin.")
    write(tmp_path / "good.txt", " date 2024-02-29 Kaynak\nBaşlık\nMetin.")
    report = import_files(store, discover_files([tmp_path]))
    assert report.added == ["good"] and store.get_article("good").date == "2024-02-29"
    (problem,) = report.problems
    bad = tmp_path / "bad.txt"
    assert str(problem) == (
        f"{bad}: the header's date {written} is not a date on the calendar, skipped"
    )
    assert not store.has_article("bad")


def test_reimport_unchanged_changes_nothing(seeded_store: Store):
    before = seeded_store.list_articles()
    report = import_files(seeded_store, seed_files())
    assert report.unchanged == [SEED_000, SEED_004]
    assert report.added == report.updated == report.problems == []
    assert seeded_store.list_articles() == before


def test_changed_file_updates_an_article_without_spans(store: Store, tmp_path: Path):
    path = write(tmp_path / "a.txt", "Başlık\nEski metin.")
    import_files(store, [path])
    write(path, "Başlık\nYeni metin.")
    report = import_files(store, [path])
    assert report.updated == ["a"]
    assert store.get_article("a").text == "Başlık\nYeni metin."


def test_changed_file_of_an_annotated_article_is_refused(store: Store, tmp_path: Path):
    path = write(tmp_path / "a.txt", "Başlık\nHalil Hayye konuştu.")
    import_files(store, [path])
    store.add_span(Span("a", 7, 18, "PER", "Halil Hayye", "ayse"))
    write(path, "Başlık\nDün Halil Hayye konuştu.")
    report = import_files(store, [path])
    [problem] = report.problems
    assert isinstance(problem, ArticleHasSpans)
    assert "article a changed but has 1 span(s)" in str(problem)
    assert store.get_article("a").text == "Başlık\nHalil Hayye konuştu."
    assert [span.surface for span in store.spans_for("a")] == ["Halil Hayye"]


def test_replace_keeps_the_spans_that_still_fit(store: Store, tmp_path: Path):
    path = write(tmp_path / "a.txt", "Başlık\nHalil Hayye ve Kalın konuştu.")
    import_files(store, [path])
    store.add_span(Span("a", 0, 6, "ORG", "Başlık", "ayse"))
    store.add_span(Span("a", 22, 27, "PER", "Kalın", "ayse"))
    write(path, "Başlık\nHalil Hayye ile Kalın konuştu.")
    report = import_files(store, [path], replace=True)
    assert report.updated == ["a"] and report.spans_dropped == 1
    assert [span.surface for span in store.spans_for("a")] == ["Başlık"]


def test_the_same_id_twice_in_one_import_is_reported(store: Store, tmp_path: Path):
    write(tmp_path / "one" / "a.txt", "Birinci\nmetin")
    write(tmp_path / "two" / "a.txt", "İkinci\nmetin")
    report = import_files(store, discover_files([tmp_path]))
    assert report.added == ["a"]
    [problem] = report.problems
    assert isinstance(problem, DuplicateArticleId)
    assert store.get_article("a").title == "Birinci"


def test_ten_megabyte_article(store: Store, tmp_path: Path):
    paragraph = "Milli İstihbarat Teşkilatı Başkanı İbrahim Kalın, Kahire'de görüştü. " * 30
    text = "Uzun Haber\n" + "\n".join([paragraph] * 5000)
    assert len(text.encode()) > 10_000_000
    path = write(tmp_path / "long.txt", text)
    report = import_files(store, [path])
    assert report.added == ["long"]
    assert store.get_article("long").text == text


def test_directory_of_ten_thousand_files(store: Store, tmp_path: Path):
    for number in range(10_000):
        write(tmp_path / f"{number // 1000}" / f"h{number:05}.txt", f"Haber {number}\nMetin {number}.")
    files = discover_files([tmp_path])
    seen: list[Path] = []
    report = import_files(store, files, on_file=seen.append)
    assert len(report.added) == 10_000 and not report.problems
    assert len(seen) == 10_000
    assert store.article_count() == 10_000
    assert store.get_article("h09999").title == "Haber 9999"


def test_files_read_by_other_processes_import_as_in_one(tmp_path: Path):
    """Three processes (two reading ahead in chunks, this one writing) give the same articles,
    the same report in the same order, and each problem with its class and fields."""
    folder = tmp_path / "texts"
    for number in range(2 * READ_CHUNK + 7):
        write(folder / f"h{number:04}.txt", f"Haber {number}\n\nMetin {number}, Kalın'a göre.")
    write(folder / "h0005.txt", "Başlık\nGüzel".encode("iso-8859-9"))
    write(folder / "h0300.txt", "")
    write(folder / "later" / "h0002.txt", "Aynı kimlik\nmetin")
    files = discover_files([folder])
    results = []
    for processes in (1, 3):
        seen: list[Path] = []
        with Store(tmp_path / f"{processes}.db") as store:
            report = import_files(store, files, on_file=seen.append, processes=processes)
            articles = [store.get_article(article_id) for article_id in store.article_ids()]
            hits = [hit.article_id for hit in search(store, "kalin", limit=None)]
        problems = [(type(problem), str(problem), vars(problem)) for problem in report.problems]
        results.append((report.added, problems, seen, articles, hits))
    assert results[0] == results[1]
    added, problems, seen, articles, _ = results[1]
    assert seen == files and len(added) == len(articles) == 2 * READ_CHUNK + 5
    assert [kind for kind, _, _ in problems] == [NotUtf8, SkippedFile, DuplicateArticleId]
    assert problems[0][2]["byte_offset"] == 2


def test_an_import_problem_crosses_processes_whole():
    for problem in (
        NotUtf8(Path("a.txt"), 7, "invalid start byte"),
        SkippedFile(Path("b.txt"), "empty file, skipped"),
    ):
        again = pickle.loads(pickle.dumps(problem))
        assert type(again) is type(problem) and str(again) == str(problem)
        assert vars(again) == vars(problem)


def test_a_bulk_import_gives_the_index_its_default_memory_back(store: Store, tmp_path: Path):
    # The import indexes with a larger FTS5 buffer, a setting stored in the database: after it,
    # a single edit's indexing must not keep 16 MB to itself.
    write(tmp_path / "a.txt", "Haber\nMetin.")
    import_files(store, discover_files([tmp_path]))
    (size,) = store._execute(
        "SELECT v FROM search_index_config WHERE k = 'hashsize'"
    ).fetchone()
    assert size == FTS_DEFAULT_HASH_SIZE
    assert store.search_article_ids("metin")


def test_seeds_are_imported_only_into_an_empty_database(store: Store):
    assert import_seeds_if_empty(store).added == [SEED_000, SEED_004]
    assert import_seeds_if_empty(store) is None


KILLABLE_IMPORT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from annotations.importers import discover_files, import_files
    from annotations.store import Store
    store = Store(sys.argv[1])
    print("ready", flush=True)
    import_files(store, discover_files([Path(sys.argv[2])]))
    """
)


def test_a_process_killed_mid_import_leaves_a_consistent_database(db_path: Path, tmp_path: Path):
    corpus = tmp_path / "corpus"
    for number in range(20_000):
        write(corpus / f"h{number:05}.txt", f"Haber {number}\nİstanbul'da metin {number}.")
    process = subprocess.Popen(
        [sys.executable, "-c", KILLABLE_IMPORT, str(db_path), str(corpus)], stdout=subprocess.PIPE
    )
    assert process.stdout.readline() == b"ready\n"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until some batches are committed
        connection = sqlite3.connect(db_path)
        count = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        connection.close()
        if count >= 1000:
            break
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    with Store(db_path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = store.article_count()
        assert 1000 <= count < 20_000, "the kill should land mid-import"
        for row in store.list_articles():
            number = int(row.id[1:])
            assert store.get_article(row.id).text == f"Haber {number}\nİstanbul'da metin {number}."
        report = import_files(store, discover_files([corpus]))
        assert len(report.unchanged) == count
        assert store.article_count() == 20_000


def test_the_files_under_a_folder_are_those_rglob_finds_in_its_order(
    store: Store, tmp_path: Path
):
    folder = tmp_path / "corpus"
    names = [
        "a.txt", "a b/x.txt", "a/x.txt", "a-b/x.txt", "B.txt", "é/ş.txt", "a/b/c/d.txt",
        ".gizli.txt", ".gizli/y.txt", "z.TXT", "notes.md", "x.txt.bak", "klasör.txt/iç.txt",
    ]  # fmt: skip
    for name in names:
        write(folder / name, "Başlık\nMetin.")
    (folder / "bağ.txt").symlink_to(folder / "a.txt")  # a link to a file: taken
    (folder / "bağlı-klasör").symlink_to(folder / "a")  # a link to a folder: not followed
    (folder / "klasör-bağı.txt").symlink_to(folder / "a")  # nor taken as a file
    (folder / "kopuk.txt").symlink_to(folder / "yok.txt")  # dangling: listed, then refused
    os.mkfifo(folder / "boru.txt")  # listed, then refused
    expected = sorted(path for path in folder.rglob("*.txt") if not path.is_dir())
    assert discover_files([folder]) == expected
    assert len(expected) == 13
    report = import_files(store, expected)
    assert len(report.added) == 9  # three x.txt are one id: two refused as duplicates
    unread = [problem for problem in report.problems if not isinstance(problem, DuplicateArticleId)]
    assert sorted(str(problem).removeprefix(f"{folder}/") for problem in unread) == [
        "boru.txt: not a regular file (a fifo, device or socket), not read",
        "kopuk.txt: No such file or directory",
    ]
