"""An article's metadata: the user's edits (title, outlet, date, URL) and the author read at
import.

The documents table holds the metadata everybody reads (the list, search, the reader,
exports). When the user edits a field, the new value goes there *and* into
``meta_overrides`` with the value the file gave (``imported``). A corrected version of the
file, imported again at the same path, brings new file metadata: :meth:`DocMeta.apply` puts
the user's values back over it before it is stored, and the ``imported`` column follows the
file, so "reset" (``value=None``) returns to what the current file says. A user's edit
therefore survives any re-import; only the user undoes it.

The author (JSON-LD, ``<meta name=author>``, PDF and Word document properties, front matter)
is kept in ``document_authors``: the core documents table has no column for it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime

from desktop.core.errors import NotFound, ParallaxError
from desktop.core.events import Change, LibraryEvents
from desktop.core.html_meta import normalise_date
from desktop.core.model import Metadata
from desktop.core.store import Store

FIELDS = ("title", "source", "date", "url")

SCHEMA = (
    ("docmeta-1", """
        CREATE TABLE meta_overrides (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            field TEXT NOT NULL CHECK (field IN ('title', 'source', 'date', 'url')),
            value TEXT NOT NULL,
            imported TEXT NOT NULL,
            edited_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, field)
        );
        CREATE TABLE document_authors (
            doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            author TEXT NOT NULL
        )
    """),
)


class MetaError(ParallaxError):
    """A metadata value the user typed cannot be used (one readable line)."""


def clean_value(field: str, value: str) -> str:
    """The value to store for ``field``; raises MetaError for one that cannot be used."""
    value = " ".join(value.split())
    if field not in FIELDS:
        raise MetaError(f"unknown field {field!r} (title, source, date, url)")
    if field == "title" and not value:
        raise MetaError("a title cannot be empty")
    if field == "date" and value:
        iso = normalise_date(value)
        if len(iso) != 10 or iso[4] != "-":
            raise MetaError(f"not a date: {value!r} (use YYYY-MM-DD, e.g. 2022-09-15)")
        value = iso
    if field == "url" and value and " " in value:
        raise MetaError(f"not a web address: {value!r}")
    return value


class DocMeta:
    def __init__(self, store: Store, events: LibraryEvents) -> None:
        self.store = store
        self.events = events

    # -- reading --------------------------------------------------------------------------
    def overrides(self, doc_id: int) -> dict[str, str]:
        """The fields the user edited, with their values."""
        rows = self.store.read("SELECT field, value FROM meta_overrides WHERE doc_id=?", (doc_id,)).fetchall()
        return {str(f): str(v) for f, v in rows}

    def author(self, doc_id: int) -> str:
        rows = self.store.read("SELECT author FROM document_authors WHERE doc_id=?", (doc_id,)).fetchall()
        return str(rows[0][0]) if rows else ""

    # -- import ---------------------------------------------------------------------------
    def apply(self, doc_id: int, meta: Metadata) -> Metadata:
        """The file's metadata with the user's edits of ``doc_id`` over it."""
        edits = self.overrides(doc_id)
        return replace(meta, **{f: v for f, v in edits.items() if f in FIELDS}) if edits else meta

    def record_import(self, db: sqlite3.Connection, doc_id: int, file_meta: Metadata, *,
                      new: bool = False) -> None:
        """Inside the import's transaction: the author, and what the file now says under each
        edited field (what "reset" goes back to). A ``new`` document has no rows here yet
        (they go with it: ON DELETE CASCADE), so only its author is written."""
        if not new:
            db.execute("DELETE FROM document_authors WHERE doc_id=?", (doc_id,))
        if file_meta.author:
            db.execute("INSERT INTO document_authors (doc_id, author) VALUES (?, ?)",
                       (doc_id, file_meta.author))
        if new:
            return
        for field in FIELDS:
            db.execute("UPDATE meta_overrides SET imported=? WHERE doc_id=? AND field=?",
                       (getattr(file_meta, field), doc_id, field))

    # -- editing --------------------------------------------------------------------------
    def edit(self, doc_id: int, changes: dict[str, str | None]) -> Metadata:
        """Set (a string) or reset (None) fields of ``doc_id``; returns the metadata now.
        One transaction; the search index and every view hear Change.METADATA."""
        values = {f: (None if v is None else clean_value(f, v)) for f, v in changes.items()}
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.store.transaction() as db:
            row = db.execute("SELECT title, source, date, url FROM documents WHERE id=?",
                             (doc_id,)).fetchone()
            if row is None:
                raise NotFound(f"no document {doc_id} in this library")
            current = dict(zip(FIELDS, row, strict=True))
            for field, value in values.items():
                old = db.execute("SELECT imported FROM meta_overrides WHERE doc_id=? AND field=?",
                                 (doc_id, field)).fetchone()
                imported = old[0] if old else current[field]
                if value is None:
                    db.execute("DELETE FROM meta_overrides WHERE doc_id=? AND field=?",
                               (doc_id, field))
                    value = imported
                else:
                    db.execute("INSERT OR REPLACE INTO meta_overrides (doc_id, field, value, "
                               "imported, edited_at) VALUES (?, ?, ?, ?, ?)",
                               (doc_id, field, value, imported, now))
                db.execute(f"UPDATE documents SET {field}=? WHERE id=?", (value, doc_id))
                current[field] = value
            self.store.mark_index_stale(db, [doc_id])
        self.events.docs_changed([doc_id], Change.METADATA)
        return Metadata(**current, author=self.author(doc_id))
