"""Plain-text articles, including the shape of the bundled seeds.

What is recognised, and what text is kept (every span offset refers to the kept text):

- The text is decoded as UTF-8 (a byte-order mark is dropped), normalised to NFC with ``\\n``
  newlines.
- A first line of the form `` date YYYY-MM-DD Source Name`` is a metadata header: it gives the
  date and the source and is removed from the text.
- Trailing lines of the form ``#Tag words`` (a ``#`` directly followed by text) are the tags and
  are removed from the text, with the blank lines around them.
- Blank lines at the start and the end of what is left are removed. Everything else is kept as
  written: the title, a summary paragraph, bylines, the body.
- The title is the first line of the kept text; but when that line is a summary paragraph (it ends
  a sentence and the next line is a shorter headline that does not), the first line is the summary
  and the second the title. Both stay in the text.
- The article id is the file stem.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date as calendar_date
from multiprocessing.pool import AsyncResult
from pathlib import Path

from annotations.errors import (
    ArticleHasSpans,
    DuplicateArticleId,
    ForeignFormat,
    ImportFileError,
    NotUtf8,
    SkippedFile,
)
from annotations.input_limits import lone_surrogate, not_a_regular_file
from annotations.interop.detection import detect, head_of
from annotations.model import Article, normalise_text
from annotations.process_runs import processes_for, run_pool
from annotations.store import Store

HEADER_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+(.*?))?\s*$")
TAG_LINE = re.compile(r"^#([^\s#].*?)\s*$")
SENTENCE_END = re.compile(r"[.!?…][\"'’”»)]*$")
TITLE_MAX_CHARACTERS = 200
BATCH_SIZE = 500
READ_CHUNK = 200  # files a reading process is handed at a time


def _title_from_line(line: str) -> str:
    line = line.strip()
    if len(line) <= TITLE_MAX_CHARACTERS:
        return line
    cut = line.rfind(" ", 0, TITLE_MAX_CHARACTERS)
    return line[: cut if cut > 0 else TITLE_MAX_CHARACTERS] + "…"


def _is_blank(line: str) -> bool:
    return not line.strip()


def parse_article_text(article_id: str, raw: str) -> Article:
    """Turn a file's decoded content into an article (see the module docstring)."""
    lines = normalise_text(raw).split("\n")
    date = source = None
    header = HEADER_LINE.match(lines[0])
    if header:
        date, source = header.group(1), header.group(2) or None
        try:
            calendar_date.fromisoformat(date)
        except ValueError:  # 2025-02-30: a date the calendar has not; never kept as one
            raise ValueError(f"the header's date {date} is not a date on the calendar") from None
        lines = lines[1:]

    tags: list[str] = []
    end = len(lines)
    while end > 0:
        if _is_blank(lines[end - 1]):
            end -= 1
            continue
        tag = TAG_LINE.match(lines[end - 1])
        if tag is None or end == 1:
            break
        tags.append(tag.group(1))
        end -= 1
    tags.reverse()
    start = 0
    while start < end and _is_blank(lines[start]):
        start += 1
    kept = lines[start:end]
    if not kept:
        raise ValueError("no article text")

    content_lines = [line for line in kept if not _is_blank(line)]
    title, summary = content_lines[0], ""
    if len(content_lines) > 1:
        first, second = content_lines[0].strip(), content_lines[1].strip()
        if (
            SENTENCE_END.search(first)
            and not SENTENCE_END.search(second)
            and len(second) < len(first)
        ):
            summary, title = first, second
    return Article(
        id=article_id,
        title=_title_from_line(title),
        summary=summary,
        text="\n".join(kept),
        date=date,
        source=source,
        tags=tuple(tags),
    )


def read_article_file(path: Path, only_plain: bool = False) -> Article:
    """Read one text file as an article; raises an ImportFileError naming the file.
    ``only_plain``: a file whose content is a dataset or a foreign format (a ``.txt`` found in a
    folder) is refused, not imported as an article of its raw content."""
    why = not_a_regular_file(path)
    if why:
        raise ImportFileError(path, why)
    if lone_surrogate(path.stem):  # the article id: bytes that are not UTF-8 in the name
        raise ImportFileError(path, "the file name is not valid UTF-8: it cannot be an article id")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(path, error.strerror or str(error)) from None
    if not data.strip():
        raise SkippedFile(path, "empty file, skipped")
    if b"\x00" in data:
        raise SkippedFile(path, "binary file (contains NUL bytes), skipped")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotUtf8(path, error.start, error.reason) from None
    try:
        article = parse_article_text(path.stem, raw)
    except ValueError as error:
        raise SkippedFile(path, f"{error}, skipped") from None
    if only_plain and detect(path, head_of(data)) != "text":
        raise ForeignFormat(path, "not a plain text article", "import it by name")
    return article


def read_files(paths: list[Path], only_plain: bool = False) -> list[Article | ImportFileError]:
    """Each file as an article, or the problem that keeps it out (what a reading process does;
    ``only_plain``: see ``read_article_file``)."""
    found: list[Article | ImportFileError] = []
    for path in paths:
        try:
            article = read_article_file(path, only_plain)
        except ImportFileError as problem:
            found.append(problem)
        else:
            article.fingerprint  # noqa: B018 (made here, in the reading process)
            found.append(article)
    return found


def _read_in_order(
    paths: list[Path], processes: int, only_plain: bool
) -> Iterator[tuple[Path, Article | ImportFileError]]:
    """Each file with what reading it gave, in the order given. With several processes, they read
    and parse (a few chunks ahead, so that memory stays flat when the database is the slower
    side) while this one writes what they return: writing is the lighter part (an unchanged file
    only asks the database for its fingerprint), so this one does not read as well."""
    if processes <= 1:
        for path in paths:
            yield path, read_files([path], only_plain)[0]
        return
    chunks = [paths[start : start + READ_CHUNK] for start in range(0, len(paths), READ_CHUNK)]
    with run_pool(processes) as pool:
        pending: deque[tuple[list[Path], AsyncResult]] = deque()
        for chunk in chunks:
            pending.append((chunk, pool.apply_async(read_files, (chunk, only_plain))))
            if len(pending) > 2 * processes:
                done, result = pending.popleft()
                yield from zip(done, result.get(), strict=True)
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get(), strict=True)


def discover_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: each file given, and the ``*.txt`` files under each directory."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(files_under(path)[".txt"])
        elif path.exists():
            found.append(path)
        else:
            raise ImportFileError(path, "no such file or directory")
    return found


def files_under(folder: Path, suffixes: tuple[str, ...] = (".txt",)) -> dict[str, list[Path]]:
    """For each suffix, what is named with it under a folder and is not a folder, in the order
    of ``sorted(folder.rglob("*" + suffix))`` (symbolic links to folders not followed; an
    unreadable folder passed over), in one walk, without a stat of every file (a folder entry
    says what it is) nor Path's comparisons in the sort: 0.7 s for 100,000 files, where three
    ``rglob`` (text, brat, XMI) and ``is_file`` took 1.5 s. A fifo or a dangling link is listed:
    reading it refuses it with a line, rather than passing it over unsaid."""
    found: dict[str, list[str]] = {suffix: [] for suffix in suffixes}
    waiting = [str(folder)]
    while waiting:
        try:
            entries = list(os.scandir(waiting.pop()))
        except PermissionError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                waiting.append(entry.path)
                continue
            suffix = entry.name[entry.name.rfind(".") :]
            if suffix in found and not entry.is_dir():
                found[suffix].append(entry.path)
    return {
        suffix: [Path(path) for path in sorted(paths, key=lambda path: path.split(os.sep))]
        for suffix, paths in found.items()
    }


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[ImportFileError] = field(default_factory=list)
    spans_dropped: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def _batches(
    items: Iterable[tuple[Article, Path]],
) -> Iterator[list[tuple[Article, Path]]]:
    batch: list[tuple[Article, Path]] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def import_files(
    store: Store,
    files: Iterable[Path],
    replace: bool = False,
    on_file: Callable[[Path], None] | None = None,
    processes: int | None = 1,
    only_plain: bool = False,
    on_indexing: Callable[[], None] | None = None,
) -> ImportReport:
    """Import text files (see ``discover_files``); a bad file is reported, the others go in.

    Articles are committed in batches: a process killed half way leaves whole articles only, and
    running the import again finishes the job (unchanged articles are skipped). With
    ``processes`` above 1 (None: ``process_runs.processes_for`` the number of files), that many
    other processes read and parse the files while this one writes. ``only_plain``: see
    ``read_files``. ``on_indexing`` is called when every file is read and the articles added
    are to be indexed for search (a tenth to a third of a large import's time).
    """
    report = ImportReport()
    first_source: dict[str, Path] = {}
    paths = list(files)
    if processes is None:
        processes = processes_for(len(paths))

    def readable() -> Iterator[tuple[Article, Path]]:
        for path, read in _read_in_order(paths, processes, only_plain):
            if isinstance(read, Article) and read.id in first_source:
                read = DuplicateArticleId(path, read.id, first_source[read.id])
            if isinstance(read, Article):
                first_source[read.id] = path
                yield read, path
            else:
                report.problems.append(read)
            if on_file is not None:
                on_file(path)

    with store.indexing_later():
        for batch in _batches(readable()):
            if _import_batch(store, batch, replace, report):
                store.leave_room()  # the app, waiting to save a label, gets in here
        if on_indexing is not None and (report.added or report.updated):
            on_indexing()
    # Now, not at the first search; also what an import killed before this left undone.
    store.search_vocabulary_ready()
    return report


def _import_batch(
    store: Store, batch: list[tuple[Article, Path]], replace: bool, report: ImportReport
) -> bool:
    """Save the batch's new and changed articles; whether there was any (the lock was taken)."""
    stored = store.fingerprints([article.id for article, _ in batch])
    to_save: list[tuple[Article, str]] = []
    for article, path in batch:
        if article.id not in stored:
            report.added.append(article.id)
        else:
            fingerprint, span_count = stored[article.id]
            if fingerprint == article.fingerprint:
                report.unchanged.append(article.id)
                continue
            if span_count and not replace:
                report.problems.append(ArticleHasSpans(path, article.id, span_count))
                continue
            report.updated.append(article.id)
        to_save.append((article, str(path)))
    if to_save:
        report.spans_dropped += store.save_articles(to_save, stored)
    return bool(to_save)
