"""The corpus search index (FTS5), its vocabulary, and the queries that read it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Self

from annotations.model import Status
from annotations.name_keys import NEAR_PAIRS, near_key, near_keys, skeletons_of
from annotations.store.connection import Connection, touched_within
from annotations.store.schema import fold, status_of_article


# FTS5 writes a segment each time its in-memory index reaches this (its default, 1 MB); a bulk
# indexing of a corpus with a real vocabulary (2 M terms over 100,000 articles) writes and merges
# far fewer segments with 16 MB (~20% faster, 16 MB more memory while it runs).
FTS_DEFAULT_HASH_SIZE = 1024 * 1024
BULK_HASH_SIZE = 16 * 1024 * 1024
VOCABULARY_BATCH = 50_000  # terms read from the index at a time
# A vocabulary of fewer terms is made again whole rather than added to: adding files each new term
# in its keys' rows, which costs twice the whole filling once the new terms are many (a corpus of
# 2 M terms imported into a database that held the seeds: ~19 s added, ~10 s made whole).
REFILL_BELOW = 50_000
# Articles indexed in one transaction by a bulk indexing (~1.4 s of 100,000 articles' ~14 s):
# FTS5 writes its in-memory index out at each commit, and merging those segments costs ~0.2 s
# more in all at this size (~1 s at 5,000, ~4 s at 500).
INDEX_CHUNK = 10_000
# A bulk import says it is running by touching ``SearchIndex.importing_path`` after each batch and
# chunk (removed at its end): a store opened meanwhile leaves the articles waiting to be indexed to
# it. One that has not been touched for this long was left by an import that was killed: the next
# store opened indexes what it left.
IMPORT_GONE_AFTER_SECONDS = 30.0


class NearFiling:
    """Terms filed under their keys (``name_keys.near_keys``) as they come, the rows of
    ``search_near`` at the end. A key's terms are joined a few dozen at a time: 2 M terms kept
    as a str each until the end would take ~150 MB more than their letters."""

    JOIN_EVERY = 64

    def __init__(self) -> None:
        self.waiting: dict[tuple[int, int, str], list[str]] = {}
        self.joined: dict[tuple[int, int, str], list[str]] = {}

    def add(self, terms: list[str]) -> None:
        terms = [term for term in terms if len(term) >= 3]
        for pair, (a, b) in enumerate(NEAR_PAIRS):
            for term in terms:
                key = (len(term), pair, term[a] + term[b])
                waiting = self.waiting.setdefault(key, [])
                waiting.append(term)
                if len(waiting) == self.JOIN_EVERY:
                    self.joined.setdefault(key, []).append(" ".join(waiting))
                    del self.waiting[key]

    def rows(self) -> Iterator[tuple[str, str]]:
        """(key, its terms separated by spaces), each key once; the filing is spent."""
        for key, waiting in self.waiting.items():
            self.joined.setdefault(key, []).append(" ".join(waiting))
        self.waiting = {}
        while self.joined:
            (size, pair, letters), parts = self.joined.popitem()
            yield near_key(size, pair, letters), " ".join(parts)


class SearchIndex(Connection):
    def __init__(
        self,
        path: Path | str,
        on_upgrade: Callable[[int, int], None] | None = None,
        annotator: str | None = None,
    ) -> None:
        super().__init__(path, on_upgrade, annotator)
        self._importing = False
        if not self.an_import_runs():
            with suppress(OSError):  # what an import that was killed said, if it did
                self.importing_path.unlink(missing_ok=True)
            self._index_pending()  # what a bulk import killed half way left unindexed

    def an_import_runs(self) -> bool:
        """Whether a bulk import (``indexing_later``) said lately that it runs: the articles it
        added are waiting for it to index them, not for whoever opens the database (a `hasiye
        list`, the app's library) to do it, waiting for the lock."""
        return touched_within(self.importing_path, IMPORT_GONE_AFTER_SECONDS)

    def leave_room(self) -> None:
        if self._importing:
            with suppress(OSError):
                self.importing_path.touch()
        super().leave_room()

    def search_vocabulary_ready(self) -> None:
        """Bring the vocabulary tables up to the index when the index changed since."""
        generation, read_at = self._execute(
            "SELECT generation, vocabulary_generation FROM search_state"
        ).fetchone()
        if generation != read_at:
            self.refresh_search_vocabulary()

    def has_search_term(self, term: str) -> bool:
        return (
            self._execute("SELECT 1 FROM search_vocabulary WHERE term = ?", [term]).fetchone()
            is not None
        )

    def search_terms_filed(self, keys: list[str]) -> list[str]:
        """The vocabulary's terms filed under any of these keys (``name_keys.near_keys``): a term
        filed under several of them comes once for each."""
        marks = ", ".join("?" * len(keys))
        rows = self._execute(f"SELECT terms FROM search_near WHERE key IN ({marks})", keys)
        joined = " ".join(terms for (terms,) in rows)
        return joined.split(" ") if joined else []

    def search_terms_of_skeleton(self, skeleton: str) -> list[str]:
        return [
            term
            for (term,) in self._execute(
                "SELECT term FROM search_vocabulary WHERE skeleton = ?", [skeleton]
            )
        ]

    def search_term_count(self) -> int:
        self.search_vocabulary_ready()
        return self._execute("SELECT count(*) FROM search_vocabulary").fetchone()[0]

    def search_candidates(
        self, match: str, limit: int, status: Status | None = None
    ) -> list[tuple[str, str, str | None, str]]:
        """(id, title, date, text) of up to ``limit`` articles matching an FTS5 expression.

        In index order, unscored: FTS5 would compute bm25 for every match before it could sort
        (~180 ms for a common word over 100,000 articles); the caller asks in tiers instead.
        """
        where = f"AND {status_of_article('a')} = ?" if status else ""
        return self._execute(
            f"""
            SELECT a.id, a.title, a.date, a.text
            FROM search_index JOIN articles a ON a.rowid = search_index.rowid
            WHERE search_index MATCH ? {where}
            LIMIT ?
            """,
            [match, *([status.value] if status else []), limit],
        ).fetchall()

    def search_article_ids(self, match: str) -> list[str]:
        """The ids of every article matching an FTS5 expression (unordered)."""
        return [
            article_id
            for (article_id,) in self._execute(
                """
                SELECT a.id FROM search_index JOIN articles a ON a.rowid = search_index.rowid
                WHERE search_index MATCH ?
                """,
                [match],
            )
        ]

    @contextmanager
    def indexing_later(self) -> Iterator[Self]:
        """Within this block new articles are indexed for search at its end, in one go; meanwhile
        the block says that it runs (``an_import_runs``)."""
        self._index_now = False
        self._importing = True
        try:
            with suppress(OSError):
                self.importing_path.touch()
            try:
                yield self
            finally:
                self._index_now = True
            self._index_pending()
        finally:
            self._importing = False
            with suppress(OSError):
                self.importing_path.unlink(missing_ok=True)

    def _index_pending(self) -> None:
        """Index the articles waiting for it, INDEX_CHUNK per transaction, the lock left free
        between two (the app's waiting write gets in within a chunk, not after them all)."""
        while self._index_some_pending():
            self.leave_room()

    def _index_some_pending(self) -> bool:
        """Up to INDEX_CHUNK waiting articles indexed, 1,000 when another writer said it waits
        (``Connection.someone_waits``: a chunk takes 1.5-4 s); False when none was waiting."""
        if self._execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
            return False
        with self.transaction():
            self._fts_hash_size(BULK_HASH_SIZE)
            for _ in range(INDEX_CHUNK // 1000):
                rows = self._execute(
                    """
                    SELECT a.rowid, a.title, a.text FROM search_pending p
                    JOIN articles a ON a.rowid = p.rowid ORDER BY p.rowid LIMIT 1000
                    """
                ).fetchall()
                if not rows:
                    self._execute("DELETE FROM search_pending")  # rows whose article has gone
                    break
                self._index(rows)
                self.connection.executemany(
                    "DELETE FROM search_pending WHERE rowid = ?", [(row[0],) for row in rows]
                )
                if self.someone_waits():  # the chunk ends here: the writer gets in within 1,000
                    break
            self._execute("UPDATE search_state SET generation = generation + 1")
            self._fts_hash_size(FTS_DEFAULT_HASH_SIZE)
        return True

    def _fts_hash_size(self, size: int) -> None:
        """How much of the index FTS5 gathers in memory before it writes a segment out (a setting
        stored in the database: a bulk indexing raises it for its own transaction only)."""
        self._execute(
            "INSERT INTO search_index (search_index, rank) VALUES ('hashsize', ?)", [size]
        )

    def refresh_search_vocabulary(self) -> None:
        """Add the index's new terms to the vocabulary, with their skeletons, and file them under
        their keys (the importers call this at the end; a search calls it when the index
        changed). A term gone from the index stays until ``rebuild_search_index`` (it only ever
        expands a query to a term with no article)."""
        kept = self._execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_vocabulary LIMIT ?)", [REFILL_BELOW]
        ).fetchone()[0]
        if kept < REFILL_BELOW:
            self._fill_vocabulary()
            return
        self._add_to_vocabulary()

    def _fill_vocabulary(self) -> None:
        """The whole vocabulary made again from the index, in two steps. First, in one snapshot
        and holding no lock: the terms read a batch at a time, their skeletons put in a
        temporary table, the terms filed by key in this process (``NearFiling``: twice as fast
        as a GROUP BY per key in SQL); ~7 s for 2 M terms, while the app and other processes
        write. Then one transaction writes it all (~3 s): rows copied in term order, the
        skeletons' index made once (a sort, not 2 M insertions in skeleton order)."""
        self._execute("DROP TABLE IF EXISTS temp.vocabulary_made")
        self._execute("CREATE TEMP TABLE vocabulary_made (term TEXT, skeleton TEXT)")
        filing = NearFiling()
        with self.reading():
            (read_at,) = self._execute("SELECT generation FROM search_state").fetchone()
            terms = self._execute("SELECT term FROM search_terms")
            while batch := [term for (term,) in terms.fetchmany(VOCABULARY_BATCH)]:
                self.connection.executemany(
                    "INSERT INTO temp.vocabulary_made (term, skeleton) VALUES (?, ?)",
                    zip(batch, skeletons_of(batch), strict=True),
                )
                filing.add(batch)
        with self.transaction():
            self._execute("DELETE FROM search_vocabulary")
            self._execute("DELETE FROM search_near")
            self._execute("DROP INDEX search_vocabulary_by_skeleton")
            self._execute(
                """
                INSERT INTO search_vocabulary (term, skeleton)
                SELECT term, skeleton FROM temp.vocabulary_made ORDER BY rowid
                """
            )
            self._execute(
                "CREATE INDEX search_vocabulary_by_skeleton ON search_vocabulary(skeleton)"
            )
            self.connection.executemany(
                "INSERT INTO search_near (key, terms) VALUES (?, ?)", filing.rows()
            )
            # The terms as they were read: what was indexed since is added at the next need.
            self._execute("UPDATE search_state SET vocabulary_generation = ?", [read_at])
        self._execute("DROP TABLE temp.vocabulary_made")

    def _add_to_vocabulary(self) -> None:
        """The index's terms not in the vocabulary yet, added and filed VOCABULARY_BATCH at a time
        in term order: each batch read, given its skeletons and filed holding no lock, then
        written in a transaction of its own (~0.5 s), the lock left free between two. In one
        transaction, the app's write waited ~5 s behind the terms of an import of 20,000
        articles into a large corpus. A term another process added meanwhile is left out; a
        vocabulary killed half way is a smaller one, and the next need adds the rest."""
        (read_at,) = self._execute("SELECT generation FROM search_state").fetchone()
        last = ""
        while True:
            batch = [
                term
                for (term,) in self._execute(
                    """
                    SELECT term FROM search_terms
                    WHERE term > ? AND term NOT IN (SELECT term FROM search_vocabulary)
                    ORDER BY term LIMIT ?
                    """,
                    [last, VOCABULARY_BATCH],
                )
            ]
            if not batch:
                break
            last = batch[-1]
            skeletons = dict(zip(batch, skeletons_of(batch), strict=True))
            with self.transaction():
                present = {
                    term
                    for (term,) in self._execute(
                        "SELECT term FROM search_vocabulary WHERE term BETWEEN ? AND ?",
                        [batch[0], last],
                    )
                }
                added = [term for term in batch if term not in present]
                self.connection.executemany(
                    "INSERT INTO search_vocabulary (term, skeleton) VALUES (?, ?)",
                    [(term, skeletons[term]) for term in added],
                )
                self._file_terms(added)
            self.leave_room()
        with self.transaction():  # what was indexed since read_at is added at the next need
            self._execute("UPDATE search_state SET vocabulary_generation = ?", [read_at])

    def _file_terms(self, terms: list[str]) -> None:
        """New terms added to their keys' rows."""
        filed: dict[str, list[str]] = {}
        for term in terms:
            for key in near_keys(term):
                filed.setdefault(key, []).append(term)
        for key, added in filed.items():
            row = self._execute("SELECT terms FROM search_near WHERE key = ?", [key]).fetchone()
            self._execute(
                "INSERT OR REPLACE INTO search_near (key, terms) VALUES (?, ?)",
                [key, " ".join([row[0], *added] if row else added)],
            )

    def rebuild_search_index(self, on_batch: Callable[[int], None] | None = None) -> int:
        """Index every article again (repair); returns the number indexed."""
        with self.transaction():
            self._execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
            self._execute("DELETE FROM search_pending")
            done, last = 0, -1
            while True:
                rows = self._execute(
                    "SELECT rowid, title, text FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 1000",
                    [last],
                ).fetchall()
                if not rows:
                    # Made again from nothing (terms gone go too; an empty vocabulary is
                    # filed anew).
                    self._execute("DELETE FROM search_vocabulary")
                    self.refresh_search_vocabulary()
                    return done
                self._index(rows)
                done += len(rows)
                last = rows[-1][0]
                if on_batch is not None:
                    on_batch(len(rows))

    def _index(self, rows: list[tuple[int, str, str]]) -> None:
        """Add articles' (rowid, title, text) to the index, folded as its triggers fold them."""
        self.connection.executemany(
            "INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)",
            [(rowid, fold(title), fold(text)) for rowid, title, text in rows],
        )
