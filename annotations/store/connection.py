"""Opening a hasiye database: file checks, pragmas, migrations, transactions.

One file per corpus, in WAL mode with a busy timeout so that two hasiye processes can work on it at
once. Every write runs in ``transaction()`` (``BEGIN IMMEDIATE``, so a writer waits for the other
instead of failing half way). The schema carries ``application_id`` and ``user_version``: a file
that is not ours is refused before anything is written to it, and a newer schema is refused rather
than rewritten.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from annotations.errors import DatabaseBusy, NewerSchema, NotAHasiyeDatabase, StoreError
from annotations.model import default_annotator
from annotations.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, fold

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_SECONDS = 30.0
# A writer that finds the write lock taken says so while it waits: it touches a file beside the
# database (``Connection.waiting_path``) this often and removes it once it got the lock. A long
# write (an import) that sees a fresh one after a batch leaves the lock free LEAVE_ROOM_SECONDS,
# enough for a waiting process (the app polls within its 50 ms wait at most 20 ms apart) to get in;
# with nobody waiting it goes straight on (those pauses were 5 s of a 100,000-file import).
ANNOUNCE_EVERY_SECONDS = 0.25
ANNOUNCEMENT_LASTS_SECONDS = 1.0
LEAVE_ROOM_SECONDS = 0.025
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_CODES = {sqlite3.SQLITE_BUSY, getattr(sqlite3, "SQLITE_BUSY_SNAPSHOT", 517)}


# How many connections this process has open on each file (by real path). A file is read directly
# (its header checked) only while none is: closing any descriptor of a file drops every POSIX lock
# the process holds on it, SQLite's included, and another process that then closes the database
# thinks it was the last one and deletes the -wal and -shm files under the open connections.
_OPEN_HERE: Counter[str] = Counter()
_OPEN_HERE_LOCK = threading.Lock()


def touched_within(path: Path, seconds: float) -> bool:
    """Whether the file exists and was touched in the last ``seconds`` (what a process says
    beside the database: that it waits for the lock, that it imports)."""
    try:
        touched_at = path.stat().st_mtime
    except OSError:
        return False
    return time.time() - touched_at < seconds


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) in BUSY_CODES or "locked" in str(error)


def _check_file_is_ours_to_open(path: Path) -> None:
    """Refuse, before SQLite touches it, a path that is not an SQLite file or new. Call with
    ``_OPEN_HERE_LOCK`` held."""
    if str(path) in ("", "."):
        raise StoreError("the database path is empty: give a file name")
    if path.is_dir():
        raise NotAHasiyeDatabase(path, "it is a directory")
    if not path.exists():
        if not path.parent.is_dir():
            # A mistyped --db must not leave directories and an empty database behind.
            raise StoreError(f"{path}: the directory {path.parent} does not exist")
        return
    if not path.is_file() or str(os.path.realpath(path)).startswith(("/proc/", "/sys/", "/dev/")):
        raise NotAHasiyeDatabase(path, "it is not a regular file")
    if path.stat().st_size == 0:
        return
    if _OPEN_HERE[os.path.realpath(path)]:
        return  # checked when it was first opened; reading it now would drop SQLite's locks
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotAHasiyeDatabase(path, "it is not an SQLite file")


class Connection:
    """The open database that every part of the store works through."""

    def __init__(
        self,
        path: Path | str,
        on_upgrade: Callable[[int, int], None] | None = None,
        annotator: str | None = None,
    ) -> None:
        """``on_upgrade(from_version, to_version)`` is called before an existing database is
        upgraded (building the search index over a large corpus takes a while). ``annotator``:
        whose article statuses this connection reads and writes (default: the OS user)."""
        self.path = Path(path)
        self.annotator = annotator or default_annotator()
        self._real_path: str | None = None
        with _OPEN_HERE_LOCK:
            _check_file_is_ours_to_open(self.path)
            try:
                connection = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_SECONDS)
            except sqlite3.Error as error:
                raise StoreError(f"{self.path}: cannot open the database ({error})") from None
            self._real_path = os.path.realpath(self.path)
            _OPEN_HERE[self._real_path] += 1
        # Beside the database: a writer waiting for the lock, a bulk import running (SearchIndex).
        self.waiting_path = Path(self._real_path + "-waiting")
        self.importing_path = Path(self._real_path + "-importing")
        self._lock_wait = BUSY_TIMEOUT_SECONDS
        self._said_waiting = False
        try:
            self._refuse_foreign_database(connection)
        except BaseException:
            connection.close()
            self._forget_open_file()
            raise
        self.connection = connection
        self._db: Database | None = None
        # What sqlite-utils' Database sets on a connection it wraps; set here, since the wrapper
        # is made only when a savepoint needs it (importing sqlite-utils takes ~0.1 s of start-up).
        self._execute("PRAGMA recursive_triggers = ON")
        # The search index's triggers fold text with this; every connection that writes articles
        # must have it (every hasiye Store does).
        connection.create_function("hasiye_fold", 1, fold, deterministic=True)
        self._index_now = True
        connection.create_function("hasiye_index_now", 0, lambda: self._index_now)
        # Whose status an article's status is (schema 9): the queries read it from here.
        connection.create_function("hasiye_annotator", 0, lambda: self.annotator)
        self._execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        self._execute("PRAGMA foreign_keys = ON")
        self._execute("PRAGMA journal_mode = WAL")
        self._execute("PRAGMA synchronous = NORMAL")
        self._migrate(on_upgrade)

    def _refuse_foreign_database(self, connection: sqlite3.Connection) -> None:
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        except sqlite3.OperationalError as error:
            raise StoreError(f"{self.path}: cannot open the database ({error})") from None
        except sqlite3.DatabaseError as error:
            raise NotAHasiyeDatabase(self.path, str(error)) from None
        if application_id != APPLICATION_ID and (tables or version):
            raise NotAHasiyeDatabase(self.path, "an SQLite database of another application")
        if version > SCHEMA_VERSION:
            raise NewerSchema(self.path, version, SCHEMA_VERSION)

    def _execute(self, sql: str, parameters: Iterable[object] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, tuple(parameters))

    def _insert(self, sql: str, parameters: Iterable[object]) -> int:
        """Run an INSERT; the rowid of the row it wrote."""
        rowid = self._execute(sql, parameters).lastrowid
        if rowid is None:  # only for a statement that is not an INSERT
            raise TypeError(f"not an INSERT: {sql}")
        return rowid

    def _rows_for_ids(self, sql: str, ids: Sequence[object], *parameters: object) -> Iterator[Any]:
        """The rows of ``sql`` for the ids, its ``{marks}`` an IN list of 500 ids at the most
        per query (SQLite limits the parameters of one statement); ``parameters`` come first."""
        for first in range(0, len(ids), 500):
            chunk = ids[first : first + 500]
            marks = ", ".join("?" * len(chunk))
            # Read whole: a generator left half way (ctrl+c) and closed after the connection
            # would otherwise print "Exception ignored ... Cannot operate on a closed database".
            yield from self._execute(sql.format(marks=marks), [*parameters, *chunk]).fetchall()

    def _migrate(self, on_upgrade: Callable[[int, int], None] | None = None) -> None:
        # A current database needs no write lock: every open (the search screen opens one per
        # query) would otherwise queue behind another process's writes.
        current = self._execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        if current and self._execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            return
        with self.transaction():
            # Read again inside the write lock: another process may have migrated meanwhile.
            self._refuse_foreign_database(self.connection)
            version = self._execute("PRAGMA user_version").fetchone()[0]
            if 0 < version < SCHEMA_VERSION and on_upgrade is not None:
                on_upgrade(version, SCHEMA_VERSION)
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    self._execute(statement)
            self._execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def wait_for_lock(self, seconds: float) -> None:
        """How long a write waits for another process's write lock before DatabaseBusy. The CLI
        keeps the long default; the app waits a few milliseconds on its event loop and retries
        from a timer, showing that it waits (an import may hold the lock for a while)."""
        self._lock_wait = seconds
        self._execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def leave_room(self) -> None:
        """Between two batches of a long write: when another writer waits for the lock, a pause in
        which it gets it."""
        if not self.connection.in_transaction and self.someone_waits():
            time.sleep(LEAVE_ROOM_SECONDS)

    def someone_waits(self) -> bool:
        """Whether a writer said lately that it waits for the lock (``_begin_writing``); a file
        left by a writer that was killed while it waited soon goes stale."""
        return touched_within(self.waiting_path, ANNOUNCEMENT_LASTS_SECONDS)

    def data_version(self) -> int:
        """Changes when another connection (another process, a worker) commits to the database;
        this connection's own commits leave it as it is. Costs nothing: a poll's first question."""
        return self._execute("PRAGMA data_version").fetchone()[0]

    @property
    def schema_version(self) -> int:
        return self._execute("PRAGMA user_version").fetchone()[0]

    @property
    def db(self) -> Database:
        """sqlite-utils' Database over this connection (savepoints: nested transactions)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.connection)
        return self._db

    def close(self) -> None:
        self.connection.close()
        self._forget_open_file()

    def _forget_open_file(self) -> None:
        with _OPEN_HERE_LOCK:
            if self._real_path is not None:
                _OPEN_HERE[self._real_path] -= 1
                if not _OPEN_HERE[self._real_path]:
                    del _OPEN_HERE[self._real_path]
                self._real_path = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Self]:
        """One user action: all of it is committed, or none. Nested blocks are savepoints."""
        connection = self.connection
        if connection.in_transaction:
            with self.db.atomic():
                yield self
            return
        self._begin_writing()
        try:
            yield self
        except BaseException:
            connection.rollback()
            raise
        connection.commit()

    def _begin_writing(self) -> None:
        """BEGIN IMMEDIATE: the write lock, waited for up to the lock wait (``wait_for_lock``),
        then DatabaseBusy. While it waits it says so beside the database (``waiting_path``,
        touched every ANNOUNCE_EVERY_SECONDS, removed once it got the lock), for ``leave_room``."""
        deadline = time.monotonic() + self._lock_wait
        wait = 0.0
        try:
            while True:
                self._execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
                try:
                    self.connection.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as error:
                    if not _is_busy(error):
                        raise
                left = deadline - time.monotonic()
                if left <= 0:  # still said: the app tries again within ANNOUNCE_EVERY_SECONDS
                    raise DatabaseBusy(self.path)
                with suppress(OSError):  # a folder we cannot write to: wait unsaid
                    self.waiting_path.touch()
                    self._said_waiting = True
                wait = min(ANNOUNCE_EVERY_SECONDS, left)
        finally:
            self._execute(f"PRAGMA busy_timeout = {int(self._lock_wait * 1000)}")
        if self._said_waiting:  # now, or before it gave up last time
            self._said_waiting = False
            with suppress(OSError):
                self.waiting_path.unlink(missing_ok=True)

    @contextmanager
    def reading(self) -> Iterator[Self]:
        """Several reads that see one snapshot of the database (WAL: writers go on meanwhile).
        Inside a transaction already, that transaction is the snapshot."""
        connection = self.connection
        if connection.in_transaction:
            yield self
            return
        connection.execute("BEGIN")
        try:
            yield self
        finally:
            connection.commit()
