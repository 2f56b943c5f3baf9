"""The SQLite store: the truth of a library. Connections, transactions, index stamps.

The schema and the checks at open are in store_schema.py; the documents table's reads and
writes in store_documents.py (mixed into :class:`Store`).

One connection per thread (SQLite objects must not cross threads); writes are serialised by a
lock and each runs in one transaction, so a failed import never leaves half a record. WAL mode
lets readers (the GUI thread, a second read-only process) read while a writer writes.
``revision`` in the meta table grows with every change.

Every write that changes what the search index holds for a document (its texts, its entity
names) stamps the document's ``index_rev`` with the revision that write commits as, in the
same transaction (:meth:`Store.mark_index_stale`). The index stores the stamp it indexed, so
after any crash the next sync re-indexes exactly the documents whose stamps differ.

A library file that exists is always a whole one: a new library is built beside it and renamed
into place. At open, a 0-byte file, a file that is not SQLite, a SQLite file that is not a
Parallax library and a file that fails ``PRAGMA quick_check`` are errors (LibraryDamaged), never
taken for a new library.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol

from desktop.core.dberrors import from_sqlite, known
from desktop.core.errors import LibraryError, NotFound
from desktop.core.model import Document
from desktop.core.read_once import ReadOnce
from desktop.core.store_documents import DOC_COLS, DocumentRows, row_to_document
from desktop.core.store_schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SQLITE_HEADER,
    FeatureSchema,
    SchemaMismatch,
    check_database,
    check_file,
    missing_features,
    run_script,
)

__all__ = ["SCHEMA_VERSION", "SQLITE_HEADER", "FeatureSchema", "Reads", "SchemaMismatch", "Store",
           "check_file"]


class Reads(Protocol):
    """What read-only helpers take: something that runs a SELECT (a connection inside a
    transaction, or :meth:`Store.reads` outside one)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> sqlite3.Cursor: ...


_READ_VERBS = ("SELECT", "WITH", "VALUES")
_WAL_PAGES = 1000  # SQLite's default wal_autocheckpoint: a checkpoint once the WAL holds this many pages


class _ReadOnly:
    """:class:`Reads` on the store's connection for this thread: SELECT statements only."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> sqlite3.Cursor:
        return self._store.read(sql, parameters)


class Store(DocumentRows):
    def __init__(self, path: Path, *, read_only: bool = False, immutable: bool = False,
                 features: Sequence[FeatureSchema] = (), check: bool = True,
                 _building: bool = False) -> None:
        """Open ``path``; a writable store creates a missing library and migrates an older one.

        ``immutable`` (read-only only) tells SQLite that nobody writes the file, for a library
        in a read-only folder: no -shm file can be made there. ``check`` runs the damage checks.
        """
        self.path = path
        self.read_only = read_only
        self._immutable = immutable
        self._local = threading.local()  # this thread's transaction depth
        self._write_lock = threading.RLock()
        self._by_thread: dict[int, sqlite3.Connection] = {}  # kernel thread id -> connection
        self._all_lock = threading.Lock()
        self.read_once = ReadOnce()  # documents kept for the length of one operation
        if not path.exists() and not _building:
            if read_only:
                raise LibraryError(f"no library at {path.parent}")
            _create(path, features)
        if check:
            check_file(path)
        db = self._conn()
        try:
            if check:
                check_database(db, path)
            if not read_only:
                self._migrate(db)
                for schema in features:
                    self._apply_feature(db, schema)
            else:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA_VERSION or missing_features(db, features):
                    raise SchemaMismatch(f"library schema {version} cannot be read read-only")
        except sqlite3.DatabaseError as exc:
            self.close()
            if known(exc):
                raise from_sqlite(exc, path) from None
            raise
        except BaseException:
            self.close()
            raise

    # -- connections ---------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            if self.read_only:
                mode = "immutable=1" if self._immutable else "mode=ro"
                db = sqlite3.connect(f"{self.path.as_uri()}?{mode}", uri=True, timeout=10,
                                     check_same_thread=False)
            else:
                db = sqlite3.connect(self.path, timeout=10, isolation_level=None,
                                     check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise from_sqlite(exc, self.path) from None
        return db

    def _conn(self) -> sqlite3.Connection:
        """This thread's connection. Keyed by the kernel thread id, not a threading.local: a
        Qt pool thread runs each task on a fresh Python thread state, so a per-state
        connection would be opened (and kept open) for every background task."""
        tid = threading.get_native_id()
        db = self._by_thread.get(tid)
        if db is None:
            db = self._connect()
            with self._all_lock:
                self._close_dead_threads()
                self._by_thread[tid] = db
        return db

    def _close_dead_threads(self) -> None:
        """Close the connections of threads that have ended (caller holds _all_lock)."""
        try:
            alive = {int(t) for t in os.listdir("/proc/self/task")}
        except OSError:  # no /proc: connections live until close()
            return
        for tid in [t for t in self._by_thread if t not in alive]:
            with suppress(sqlite3.Error):
                self._by_thread.pop(tid).close()

    def open_connections(self) -> int:
        return len(self._by_thread)

    def close(self) -> None:
        with self._all_lock:
            for db in self._by_thread.values():
                with suppress(sqlite3.Error):
                    db.close()
            self._by_thread.clear()

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"this library was written by a newer Parallax (schema {version}); "
                f"this version reads schema {SCHEMA_VERSION}"
            )
        with self._write_lock:
            for step in range(version, SCHEMA_VERSION):
                with self._immediate(db):
                    MIGRATIONS[step](db)
                    db.execute(f"PRAGMA user_version={step + 1}")

    def _apply_feature(self, db: sqlite3.Connection, schema: FeatureSchema) -> None:
        done = {r[0] for r in db.execute("SELECT name FROM feature_migrations")}
        with self._write_lock:
            for name, script in schema:
                if name in done:
                    continue
                with self._immediate(db):
                    run_script(db, script)
                    db.execute("INSERT INTO feature_migrations (name, applied_at) "
                               "VALUES (?, datetime('now'))", (name,))

    @contextmanager
    def _immediate(self, db: sqlite3.Connection) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT; on any error a rollback that never hides the error (after
        SQLITE_FULL SQLite has already rolled back, and a second ROLLBACK would fail)."""
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise from_sqlite(exc, self.path) from None
        try:
            yield
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                with suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error) and known(exc):
                raise from_sqlite(exc, self.path) from exc
            raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; bumps the revision; rolls back on any error.

        Nested calls on the same thread join the outer transaction (a savepoint: an inner
        failure undoes the inner writes only, and the outer one decides), so an update and
        every feature's follow-up commit as one unit. SQLite errors come out as LibraryError
        subclasses (DiskFull, WriteFailed, LibraryDamaged) with one readable line.
        """
        if self.read_only:
            raise LibraryError("this library is open read-only")
        db = self._conn()
        depth: int = getattr(self._local, "depth", 0)
        if depth:
            name = f"nested_{depth}"
            db.execute(f"SAVEPOINT {name}")
            self._local.depth = depth + 1
            try:
                yield db
                db.execute(f"RELEASE {name}")
            except BaseException:
                if db.in_transaction:
                    with suppress(sqlite3.Error):
                        db.execute(f"ROLLBACK TO {name}")
                        db.execute(f"RELEASE {name}")
                raise
            finally:
                self._local.depth = depth
            return
        with self._write_lock:
            self._local.depth = 1
            try:
                with self._immediate(db):
                    yield db
                    db.execute(
                        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='revision'"
                    )
            finally:
                self._local.depth = 0

    def in_transaction(self) -> bool:
        """Whether this thread is inside :meth:`transaction` (hooks run inside an update's)."""
        return bool(getattr(self._local, "depth", 0))

    # -- index stamps ----------------------------------------------------------------------
    def mark_index_stale(self, db: sqlite3.Connection, doc_ids: Iterable[int]) -> int:
        """Inside a write transaction: say that what the index holds for ``doc_ids`` changed
        (texts, entity names...). The next index sync (at the latest at the next open, after a
        crash) re-indexes them. Returns the stamp (the revision this transaction commits as)."""
        stamp = self.index_stamp(db)
        db.executemany("UPDATE documents SET index_rev=? WHERE id=?",
                       [(stamp, doc_id) for doc_id in doc_ids])
        return stamp

    def index_stamp(self, db: sqlite3.Connection) -> int:
        """Inside a write transaction: the revision it commits as (what a document stamped in
        it carries; ``insert_document`` stamps the new document itself)."""
        return int(db.execute("SELECT CAST(value AS INTEGER) + 1 FROM meta "
                              "WHERE key='revision'").fetchone()[0])

    def index_revs(self) -> dict[int, int]:
        """Every document's index stamp: what a fresh index entry must carry."""
        return dict(self._conn().execute("SELECT id, index_rev FROM documents"))

    def document_for_index(self, doc_id: int) -> tuple[Document, int]:
        """A document with its index stamp, read together (one statement: consistent)."""
        row = self._conn().execute(
            f"SELECT {DOC_COLS}, index_rev FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id} in this library")
        return row_to_document(row[:-1]), int(row[-1])

    # -- reading (public: features read their own tables through these) -----------------
    def read(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one read-only statement on this thread's connection (writes go through
        :meth:`transaction`). Anything but SELECT/WITH/VALUES is refused."""
        if not sql.lstrip().upper().startswith(_READ_VERBS):
            raise ValueError("Store.read runs SELECT statements only; write in a transaction()")
        return self._conn().execute(sql, params)

    def read_one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a read-only statement, or None."""
        row: tuple[Any, ...] | None = self.read(sql, params).fetchone()
        return row

    def page_cache(self, mib: int | None) -> None:
        """Let this thread's connection keep up to ``mib`` MiB of database pages (None: SQLite's
        default, 2 MiB; pages beyond it are freed). For long bulk work that reads and writes
        tables at random by key, such as linking: its postings, choices and links outgrow
        2 MiB at a few thousand articles, and every miss is a read of the file (and, inside a
        write, a page spilled to the WAL before its transaction ends). Pages are held only as
        they are read.

        The connection also lets its WAL grow to ``mib`` MiB before checkpointing (None: SQLite's
        default, 1,000 pages). A linking transaction dirties thousands of pages at random
        places of the postings (more, the larger the library), so with the default every commit
        ended in a checkpoint that read those pages back from the WAL and wrote them to the
        database, again at the next commit for the pages it dirtied again; a larger WAL
        copies each page once per checkpoint (docs/benchmarks.md, #14 item 6, round 8). The
        WAL file keeps its largest size until the last connection closes."""
        db = self._conn()
        db.execute(f"PRAGMA cache_size={-2000 if mib is None else -1024 * int(mib)}")
        (page,) = db.execute("PRAGMA page_size").fetchone()
        pages = _WAL_PAGES if mib is None else int(mib) * 2**20 // int(page)
        db.execute(f"PRAGMA wal_autocheckpoint={pages}")

    @property
    def reads(self) -> Reads:
        """:meth:`read` as a :class:`Reads`, for helpers that also run inside a transaction."""
        return _ReadOnly(self)

    # -- meta ----------------------------------------------------------------------------
    def get_meta(self, key: str, default: str = "") -> str:
        row = self._conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def revision(self) -> int:
        return int(self.get_meta("revision", "0"))



def _create(path: Path, features: Sequence[FeatureSchema]) -> None:
    """A new library: built whole beside ``path``, then renamed into place, so that a crash
    while creating never leaves an empty or half-made library.sqlite behind."""
    tmp = path.with_name(path.name + ".new")
    for leftover in (tmp, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with suppress(FileNotFoundError):
            leftover.unlink()  # a stale WAL belongs to no library once the library is gone
    try:
        store = Store(tmp, features=features, check=False, _building=True)
        store._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store._conn().execute("PRAGMA journal_mode=DELETE")
        store.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        raise from_sqlite(exc, path) from None
    except OSError as exc:
        raise LibraryError(f"cannot create the library {path}: {exc.strerror}") from None
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            with suppress(FileNotFoundError):
                leftover.unlink()
