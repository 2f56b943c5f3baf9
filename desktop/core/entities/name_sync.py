"""Keeping the names index (name_index.py) in step with the store.

Every write that changes an article's names (a recognition batch, a correction, a corrected
version of the file) sets the article's **names stamp** (``entity_index.rev``, the revision
its transaction commits as; no row = 0) in the same transaction. The names index stores the
stamp it wrote; :func:`sync` writes every article whose stamp differs and drops the ones the
store no longer has. It runs when the library opens (so a crash between a commit and the names
index write is caught up then), and :class:`NamesFeed` runs it for the articles named by each
change event (one commit per event; a recognition run is one event).
"""

from __future__ import annotations

import logging
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from desktop.core.entities.name_index import Entry, NameIndex
from desktop.core.entities.name_join import NameJoin
from desktop.core.errors import NotFound
from desktop.core.events import Change, DocsChanged, LibraryEvents
from desktop.core.model import Document
from desktop.core.notices import Notices
from desktop.core.search import SearchIndex
from desktop.core.store import Store
from desktop.core.yielding import step_aside

log = logging.getLogger(__name__)
SCHEMA_STEP = ("entities-4", """
CREATE TABLE entity_index (
    doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    rev INTEGER NOT NULL
)""")
NAMES_CHANGES = Change.ADDED | Change.TEXT | Change.REMOVED | Change.ENTITIES
FieldsOf = Callable[[Document], Mapping[str, str]]


def mark_names_stale(store: Store, db: sqlite3.Connection, doc_ids: Iterable[int]) -> int:
    """Inside a write transaction: the names of ``doc_ids`` changed; returns the stamp."""
    stamp = store.index_stamp(db)
    db.executemany("INSERT OR REPLACE INTO entity_index (doc_id, rev) VALUES (?, ?)",
                   [(doc_id, stamp) for doc_id in doc_ids])
    return stamp


def forget_names(db: sqlite3.Connection, doc_id: int) -> None:
    """Inside a write transaction: the article has no names any more (stamp back to 0)."""
    db.execute("DELETE FROM entity_index WHERE doc_id=?", (doc_id,))


def names_revs(store: Store, doc_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Each article's names stamp (0 when its names never changed)."""
    sql = ("SELECT d.id, COALESCE(e.rev, 0) FROM documents d "
           "LEFT JOIN entity_index e ON e.doc_id = d.id")
    if doc_ids is None:
        return dict(store.read(sql).fetchall())
    ids, out = list(doc_ids), dict[int, int]()
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        out.update(store.read(f"{sql} WHERE d.id IN ({','.join('?' * len(part))})",
                              part).fetchall())
    return out


def out_of_date(store: Store, names: NameIndex) -> bool:
    return names_revs(store) != names.indexed_revs()


def sync(store: Store, names: NameIndex, fields_of: FieldsOf,
         doc_ids: Iterable[int] | None = None) -> int:
    """Write the entries whose stamp differs from the store's (of ``doc_ids``, default all)
    and drop the articles the store no longer has; the number of articles touched."""
    asked = None if doc_ids is None else set(doc_ids)
    in_store = names_revs(store, asked)
    in_index = names.indexed_revs(asked)
    gone = (in_index.keys() if asked is None else asked & in_index.keys()) - in_store.keys()
    stale = sorted(i for i, rev in in_store.items() if in_index.get(i) != rev)
    entries: list[Entry] = []
    for doc_id in stale:
        step_aside()  # (a search under way in the window goes first: core/yielding.py)
        try:
            doc = store.document(doc_id)
        except NotFound:  # removed meanwhile: the next sync drops it
            continue
        entries.append((doc_id, in_store[doc_id], fields_of(doc)))
    return names.write(entries, sorted(gone))


def catch_up(store: Store, names: NameIndex, fields_of: FieldsOf, *, remake: bool = False) -> int:
    """:func:`sync` at open and after an index rebuild; a names index that cannot be read (or
    ``remake``) is made again from the store."""
    if not remake:
        try:
            return sync(store, names, fields_of)
        except Exception:
            log.warning("the names index cannot be read: it is made again", exc_info=True)
    names.create()
    return sync(store, names, fields_of)


class NamesFeed:
    """Brings the names of the articles an event names up to date (one commit an event)."""

    def __init__(self, store: Store, names: NameIndex, fields_of: FieldsOf,
                 notices: Notices) -> None:
        self._store, self._names, self._fields_of = store, names, fields_of
        self._notices = notices

    def __call__(self, event: DocsChanged) -> None:
        if self._store.read_only or not event.what & NAMES_CHANGES:
            return
        try:
            sync(self._store, self._names, self._fields_of,
                 None if event.everywhere else event.ids)
        except Exception as exc:
            log.exception("updating the names index failed")
            self._notices.append(f"names index not updated ({exc}); it will catch up on "
                                 "reopen", warning=True)


class LibraryNames:
    """A library's names index with what keeps it in step (what the Library holds)."""

    def __init__(self, store: Store, names: NameIndex, fields_of: FieldsOf) -> None:
        self.store, self.index, self.fields_of = store, names, fields_of

    def catch_up(self, *, remake: bool = False) -> int:
        return catch_up(self.store, self.index, self.fields_of, remake=remake)

    def out_of_date(self) -> bool:
        return out_of_date(self.store, self.index)

    def close(self) -> None:
        self.index.close()


def attach(folder: Path, store: Store, index: SearchIndex, events: LibraryEvents,
           fields_of: FieldsOf, notices: Notices, *, writable: bool) -> LibraryNames:
    """The library's names index in ``folder``, joined to ``index``'s queries. Writable: kept
    up to date by the events (and :func:`sync` at open). Read-only: used when it agrees with
    the store, else a temporary one is made from the store (removed on close)."""
    names = NameIndex(folder)
    if writable:
        names.open()
        events.subscribe(NamesFeed(store, names, fields_of, notices))
    elif not (names.open_read_only() and not out_of_date(store, names)):
        names.close()
        names = NameIndex(Path(tempfile.mkdtemp(prefix="parallax-names-")) / "names",
                          temporary=True)
        names.create()
        sync(store, names, fields_of)
    index.join_names(NameJoin(names))
    return LibraryNames(store, names, fields_of)
