"""Opening a library that cannot be written: another Parallax holds it, or its folder (or its
file) is read-only (a CD, a shared drive, a backup mounted read-only).

Reading must still work: list, search, entities, links, export to a writable place. SQLite
needs a -shm file beside a WAL database; in a read-only folder it cannot make one, so a
library whose last writer closed cleanly (no -wal file) is opened ``immutable``. When that is
not possible (a -wal file left by a crash, an older schema that would need migrating), the
library is copied to a temporary folder and the copy is opened (and migrated) there. A search
index that is missing, damaged or behind the store is built in a temporary folder too, so
search results are always those of the store. Temporary folders go when the library closes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.core.errors import LibraryBusy, LibraryError
from desktop.core.search import SearchIndex
from desktop.core.store import FeatureSchema, SchemaMismatch, Store

Cleanup = Callable[[], None]


def folder_writable(folder: Path) -> bool:
    """Whether files can be made in ``folder`` and its library file written."""
    db = folder / "library.sqlite"
    return os.access(folder, os.W_OK) and (not db.exists() or os.access(db, os.W_OK))


def open_store(folder: Path, features: Sequence[FeatureSchema], *, busy: bool
               ) -> tuple[Store, list[str], list[Cleanup]]:
    """The store of a library that is read only: in place when possible, else a copy."""
    path = folder / "library.sqlite"
    if not path.exists():
        raise LibraryError(f"no library at {folder}")
    notices = ["opened read-only: another Parallax process is using this library" if busy
               else f"opened read-only: the library folder {folder} cannot be written"]
    immutable = not busy and not path.with_name(path.name + "-wal").exists()
    try:
        return Store(path, read_only=True, immutable=immutable, features=features), notices, []
    except SchemaMismatch:
        why = "it was written by an older Parallax"
    except LibraryBusy:
        raise
    except LibraryError:
        if busy:
            raise
        why = "it was not closed cleanly"
    temp = tempfile.mkdtemp(prefix="parallax-readonly-")
    cleanups: list[Cleanup] = [lambda: shutil.rmtree(temp, ignore_errors=True)]
    try:
        copy = Path(temp) / "library.sqlite"
        for suffix in ("", "-wal"):
            src = path.with_name(path.name + suffix)
            if src.exists():
                shutil.copyfile(src, copy.with_name(copy.name + suffix))
        Store(copy, features=features).close()  # recovers the WAL, migrates
        store = Store(copy, read_only=True, features=features)
    except BaseException:
        cleanups[0]()
        raise
    notices.append(f"reading a temporary copy ({why})")
    return store, notices, cleanups


def open_index(folder: Path, store: Store, *, busy: bool
               ) -> tuple[SearchIndex, list[str], list[Cleanup]]:
    """The library's own index when it is whole and up to date; otherwise (and when another
    process may be updating it, only when it cannot be opened) one built in a temporary folder."""
    index = SearchIndex(folder / "index")
    if index.open_read_only():
        try:
            if busy or index.indexed_revs() == store.index_revs():
                return index, [], []
        except Exception:
            pass
        index.close()
    if busy:  # the writer brings it up to date; do not index the whole library meanwhile
        return index, ["the search index is not ready; search is unavailable"], []
    temp = tempfile.mkdtemp(prefix="parallax-index-")
    own = SearchIndex(Path(temp) / "index")
    own.open()
    count = 0
    with own.bulk() as add:
        for doc_id in sorted(store.index_revs()):
            add(*store.document_for_index(doc_id))
            count += 1
    return own, [f"the search index could not be used as it is; a temporary one was built "
                 f"({count} articles)"], [lambda: shutil.rmtree(temp, ignore_errors=True)]
