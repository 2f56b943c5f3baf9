"""The SQLite store: the truth of a library. Schema, migrations, transactions.

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

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol

from desktop.core.dberrors import from_sqlite, known
from desktop.core.errors import LibraryDamaged, LibraryError, NotFound
from desktop.core.model import BlockKind, CleanText, DocSummary, Document, Metadata, Span, SpanKind
from desktop.core.offsets import OffsetMap
from desktop.core.read_once import ReadOnce

SCHEMA_VERSION = 4
SQLITE_HEADER = b"SQLite format 3\x00"


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Statements one by one (executescript would commit the open transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _migrate_0_to_1(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL,
            fmt TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            source_text TEXT NOT NULL,
            clean_text TEXT NOT NULL,
            offsets BLOB NOT NULL,
            blocks TEXT NOT NULL,
            headline TEXT,
            content_hash TEXT NOT NULL UNIQUE,
            imported_at TEXT NOT NULL
        );
        INSERT INTO meta (key, value) VALUES ('revision', '0');
        """
    )


def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    _run_script(db, "CREATE TABLE feature_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")


def _migrate_2_to_3(db: sqlite3.Connection) -> None:
    # imports look documents up by path (a corrected version replaces its earlier one)
    _run_script(db, "CREATE INDEX IF NOT EXISTS documents_path ON documents(path)")


def _migrate_3_to_4(db: sqlite3.Connection) -> None:
    # the revision that last changed what the index holds for the document (see the top)
    _run_script(db, "ALTER TABLE documents ADD COLUMN index_rev INTEGER NOT NULL DEFAULT 0")


# MIGRATIONS[i] takes the core schema from version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_0_to_1, _migrate_1_to_2, _migrate_2_to_3, _migrate_3_to_4,
]

# A feature (entities, links, annotations...) owns its tables: it declares its schema as an
# ordered list of (unique name, SQL script) and the store applies the names it has not yet
# applied, each in its own transaction. Features never renumber each other's steps.
FeatureSchema = Sequence[tuple[str, str]]

class Reads(Protocol):
    """What read-only helpers take: something that runs a SELECT (a connection inside a
    transaction, or :meth:`Store.reads` outside one)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> sqlite3.Cursor: ...


_READ_VERBS = ("SELECT", "WITH", "VALUES")


class _ReadOnly:
    """:class:`Reads` on the store's connection for this thread: SELECT statements only."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> sqlite3.Cursor:
        return self._store.read(sql, parameters)


_SUMMARY_COLS = "id, path, title, source, date, length(source_text), imported_at"
_DOC_COLS = ("id, path, fmt, title, source, date, url, source_text, clean_text, offsets, blocks, "
             "headline, content_hash, imported_at")
# what an import writes besides the path (insert) and what a corrected version replaces
_TEXT_COLS = ("fmt", "title", "source", "date", "url", "source_text", "clean_text", "offsets",
              "blocks", "headline", "content_hash", "imported_at")


def _text_values(fmt: str, meta: Metadata, source_text: str, clean: CleanText,
                 content_hash: str, imported_at: str) -> tuple[object, ...]:
    """The values of _TEXT_COLS, in that order."""
    blocks = json.dumps([[b.start, b.end, str(b.label)] for b in clean.blocks])
    return (fmt, meta.title, meta.source, meta.date, meta.url, source_text, clean.text,
            clean.offsets.to_bytes(), blocks, clean.headline, content_hash, imported_at)


class Store:
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
                _check_database(db, path)
            if not read_only:
                self._migrate(db)
                for schema in features:
                    self._apply_feature(db, schema)
            else:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA_VERSION or _missing_features(db, features):
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
                    _run_script(db, script)
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
            f"SELECT {_DOC_COLS}, index_rev FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id} in this library")
        return _row_to_document(row[:-1]), int(row[-1])

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

    # -- documents -----------------------------------------------------------------------
    def insert_document(
        self, db: sqlite3.Connection, *, path: str, fmt: str, meta: Metadata,
        source_text: str, clean: CleanText, content_hash: str, imported_at: str,
    ) -> int:
        cur = db.execute(  # stamped for the index as it is inserted (see mark_index_stale)
            f"INSERT INTO documents (path, index_rev, {', '.join(_TEXT_COLS)}) "
            f"VALUES (?, ?, {', '.join('?' * len(_TEXT_COLS))})",
            (path, self.index_stamp(db),
             *_text_values(fmt, meta, source_text, clean, content_hash, imported_at)),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def replace_document(
        self, db: sqlite3.Connection, doc_id: int, *, fmt: str, meta: Metadata,
        source_text: str, clean: CleanText, content_hash: str, imported_at: str,
    ) -> None:
        """A corrected version of a document: new texts and metadata, the same id."""
        self.read_once.forget(doc_id)
        cur = db.execute(
            f"UPDATE documents SET {', '.join(c + '=?' for c in _TEXT_COLS)} WHERE id=?",
            (*_text_values(fmt, meta, source_text, clean, content_hash, imported_at), doc_id),
        )
        if cur.rowcount == 0:
            raise NotFound(f"no document {doc_id} in this library")
        self.mark_index_stale(db, [doc_id])

    def find_by_path(self, path: str) -> int | None:
        """The newest document imported from ``path`` (absolute), if any."""
        row = self._conn().execute(
            "SELECT max(id) FROM documents WHERE path=?", (path,)
        ).fetchone()
        return row[0] if row and row[0] is not None else None

    def delete_document(self, db: sqlite3.Connection, doc_id: int) -> None:
        self.read_once.forget(doc_id)
        if db.execute("DELETE FROM documents WHERE id=?", (doc_id,)).rowcount == 0:
            raise NotFound(f"no document {doc_id} in this library")

    def find_by_hash(self, content_hash: str) -> int | None:
        row = self._conn().execute(
            "SELECT id FROM documents WHERE content_hash=?", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM documents").fetchone()[0])

    def ids(self) -> set[int]:
        return {r[0] for r in self._conn().execute("SELECT id FROM documents")}

    def summaries(self) -> list[DocSummary]:
        rows = self._conn().execute(f"SELECT {_SUMMARY_COLS} FROM documents ORDER BY id")
        return [DocSummary(*row) for row in rows]

    def summary(self, doc_id: int) -> DocSummary:
        row = self._conn().execute(
            f"SELECT {_SUMMARY_COLS} FROM documents WHERE id=?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id} in this library")
        return DocSummary(*row)

    def hit_parts(self, doc_id: int) -> tuple[DocSummary, str, OffsetMap]:
        """What a search hit needs, in one query: the summary, the clean text, the map."""
        row = self._conn().execute(
            f"SELECT {_SUMMARY_COLS}, clean_text, offsets FROM documents WHERE id=?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id} in this library")
        return DocSummary(*row[:-2]), str(row[-2]), OffsetMap.from_bytes(row[-1])

    def clean_text(self, doc_id: int) -> str:
        kept = self.read_once.get(doc_id)
        if kept is not None:
            return kept.clean.text
        row = self._conn().execute(
            "SELECT clean_text FROM documents WHERE id=?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id} in this library")
        return str(row[0])

    def document(self, doc_id: int) -> Document:
        kept = self.read_once.get(doc_id)
        if kept is not None:
            return kept
        row = self._conn().execute(
            f"SELECT {_DOC_COLS} FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id} in this library")
        doc = _row_to_document(row)
        self.read_once.put(doc)
        return doc

    def iter_documents(self, batch: int = 200) -> Iterator[Document]:
        """Every document, in id order, a batch of rows at a time (for index rebuilds)."""
        last = 0
        while True:
            rows = self._conn().execute(
                f"SELECT {_DOC_COLS} FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_document(row)
            last = rows[-1][0]


def _row_to_document(row: tuple) -> Document:
    (doc_id, path, fmt, title, source, date, url, source_text, clean_text, offsets, blocks,
     headline, content_hash, imported_at) = row
    spans = tuple(Span(s, e, SpanKind.BLOCK, BlockKind(k)) for s, e, k in json.loads(blocks))
    clean = CleanText(clean_text, OffsetMap.from_bytes(offsets), spans, headline)
    return Document(doc_id, path, fmt, Metadata(title, source, date, url), source_text, clean,
                    content_hash, imported_at)


class SchemaMismatch(LibraryError):
    """A read-only store whose schema is older (or newer) than this version's."""


def check_file(path: Path) -> None:
    """A library file that cannot be a Parallax library: empty, or not SQLite at all."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise LibraryError(f"cannot read {path}: {exc.strerror}") from None
    if not head:
        raise LibraryDamaged(f"{path} is empty (0 bytes): it is not a library; move it away "
                             "to start a new library there")
    if head != SQLITE_HEADER:
        raise LibraryDamaged(f"{path} is not a Parallax library (not an SQLite database)")


def _check_database(db: sqlite3.Connection, path: Path) -> None:
    """Damage (quick_check) and foreign SQLite files (no Parallax tables)."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if (version or tables) and not {"meta", "documents"} <= tables:
        raise LibraryDamaged(f"{path} is an SQLite database of another program, not a "
                             "Parallax library")
    problems = [str(r[0]) for r in db.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        lines = [line.strip("* ") for p in problems for line in p.splitlines() if line.strip("* ")]
        raise LibraryDamaged(f"{path} is damaged (SQLite's check: {lines[-1] if lines else '?'}); "
                             "restore it from a backup or open another library")


def _missing_features(db: sqlite3.Connection, features: Sequence[FeatureSchema]) -> bool:
    done = {r[0] for r in db.execute("SELECT name FROM feature_migrations")}
    return any(name not in done for schema in features for name, _ in schema)


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
