"""The store's schema: the core migrations, feature schema steps, and the checks at open.

The core schema is versioned by ``PRAGMA user_version``: ``MIGRATIONS[i]`` takes it from
version i to i + 1, each in its own transaction (only the core adds steps). A feature (links,
entities, annotations, the story map...) declares its own tables as named steps
(``FeatureSchema``) that the store applies once each, by name. At open, a file that cannot be
a Parallax library (empty, not SQLite, another program's database, damaged) is refused with
one line (LibraryDamaged), never taken for a new library.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.core.errors import LibraryDamaged, LibraryError

SCHEMA_VERSION = 4
SQLITE_HEADER = b"SQLite format 3\x00"


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Statements one by one (executescript would commit the open transaction); a statement
    with semicolons of its own (a trigger's body) runs whole."""
    statement = ""
    for part in script.split(";"):
        statement += part + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \t\n;"):
                db.execute(statement)
            statement = ""
    if statement.strip(" \t\n;"):
        db.execute(statement)


def _migrate_0_to_1(db: sqlite3.Connection) -> None:
    run_script(
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
    run_script(db, "CREATE TABLE feature_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")


def _migrate_2_to_3(db: sqlite3.Connection) -> None:
    # imports look documents up by path (a corrected version replaces its earlier one)
    run_script(db, "CREATE INDEX IF NOT EXISTS documents_path ON documents(path)")


def _migrate_3_to_4(db: sqlite3.Connection) -> None:
    # the revision that last changed what the index holds for the document (see the top)
    run_script(db, "ALTER TABLE documents ADD COLUMN index_rev INTEGER NOT NULL DEFAULT 0")


# MIGRATIONS[i] takes the core schema from version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_0_to_1, _migrate_1_to_2, _migrate_2_to_3, _migrate_3_to_4,
]

# A feature (entities, links, annotations...) owns its tables: it declares its schema as an
# ordered list of (unique name, SQL script) and the store applies the names it has not yet
# applied, each in its own transaction. Features never renumber each other's steps.
FeatureSchema = Sequence[tuple[str, str]]


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


def check_database(db: sqlite3.Connection, path: Path) -> None:
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


def missing_features(db: sqlite3.Connection, features: Sequence[FeatureSchema]) -> bool:
    done = {r[0] for r in db.execute("SELECT name FROM feature_migrations")}
    return any(name not in done for schema in features for name, _ in schema)
