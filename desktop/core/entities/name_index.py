"""The names index: the ``person`` / ``org`` / ``place`` search fields of every article, in a
whoosh index of their own (``<library>/names``), joined with the article index at query time
(name_join.py).

Why apart (#12 item 1): whoosh cannot change three fields of a document without re-analysing
its whole body, so keeping the names in the article index made every recognised article be
re-written there (0.15× of the model's own time). Here an article's entry is only its names.

Like the article index it is a cache of the store: each entry carries the article's *names
stamp* (name_sync.py: the store revision that last changed its names, 0 for none), and a
sync at open writes what differs, so it agrees with the store after a crash. It holds an entry
for **every** article (an empty one when nothing was recognised), so that its statistics
(documents, average field length) are those the article index had for these fields and the
scores of a name query stay what they were.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from whoosh import index as windex
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.searching import Searcher

from desktop.core.errors import LibraryBusy
from desktop.core.search import NAME_FIELDS, analyzer, remove_tree

NAMES_FORMAT = 1  # bump when the schema or the analyzer changes: the names are indexed again
Entry = tuple[int, int, Mapping[str, str]]  # (doc id, names stamp, {field: names})


def make_schema() -> Schema:
    ana = analyzer()  # the article index's analyzer: the same words match the same way
    return Schema(doc=ID(stored=True, unique=True), rev=STORED,
                  **{f: TEXT(analyzer=ana, phrase=True) for f in NAME_FIELDS})


class NameIndex:
    def __init__(self, folder: Path, *, temporary: bool = False) -> None:
        self.folder = folder
        self.temporary = temporary  # a read-only library's own copy: removed on close
        self._ix: windex.Index | None = None
        self._write_lock = threading.Lock()
        self._searcher: Searcher | None = None  # one, shared in turn, replaced on change
        self._search_lock = threading.Lock()
        self.remote: RemoteWriter | None = None  # writes in another process (the window's)

    # -- opening ---------------------------------------------------------------------------
    def open(self) -> bool:
        """Open, or create empty when missing, outdated or unreadable; True when created."""
        try:
            state = json.loads((self.folder / "parallax-names.json").read_text("utf-8"))
        except (OSError, ValueError):
            state = {}
        if isinstance(state, dict) and state.get("format") == NAMES_FORMAT:
            try:
                self._ix = windex.open_dir(self.folder)
                self.indexed_revs()
                return False
            except Exception:
                self.close()
        self.create()
        return True

    def open_read_only(self) -> bool:
        try:
            self._ix = windex.open_dir(self.folder)
            self.indexed_revs()
            return True
        except Exception:
            self._ix = None
            return False

    def create(self) -> None:
        temporary, self.temporary = self.temporary, False
        self.close()
        self.temporary = temporary
        remove_tree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._ix = windex.create_in(self.folder, make_schema())
        (self.folder / "parallax-names.json").write_text(
            json.dumps({"format": NAMES_FORMAT}), "utf-8")

    def close(self) -> None:
        with self._search_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None
        if self.temporary:
            remove_tree(self.folder.parent)

    @property
    def available(self) -> bool:
        return self._ix is not None

    def _index(self) -> windex.Index:
        if self._ix is None:
            raise LibraryBusy("the names index is not available")
        return self._ix

    # -- reading ---------------------------------------------------------------------------
    def indexed_revs(self, doc_ids: Collection[int] | None = None) -> dict[int, int]:
        """The articles in the names index (of ``doc_ids``, default all) with the names stamp
        each was written at."""
        with self._index().searcher() as s:
            if doc_ids is None or len(doc_ids) > 1000:
                found = {int(f["doc"]): int(f.get("rev", -1)) for f in s.all_stored_fields()}
                return found if doc_ids is None else {i: found[i] for i in doc_ids if i in found}
            out = {}
            for doc_id in doc_ids:
                f = s.document(doc=str(doc_id))
                if f is not None:
                    out[doc_id] = int(f.get("rev", -1))
            return out

    @contextmanager
    def searching(self) -> Iterator[Searcher]:
        """The names searcher, for one query at a time; replaced once the index changed."""
        with self._search_lock:
            current = self._searcher
            ix = self._index()
            if current is not None and ix.latest_generation() != current.reader().generation():
                current.close()
                current = self._searcher = None
            if current is None:
                current = self._searcher = ix.searcher()
            yield current

    # -- writing ---------------------------------------------------------------------------
    def write(self, entries: Iterable[Entry], drop: Iterable[int] = ()) -> int:
        """Write (or replace) entries and delete the articles ``drop``, in one commit: in the
        ``remote`` writer's process when one is attached (the window's: name_process.py),
        else (or when it cannot) here."""
        entries, drop = list(entries), list(drop)
        if not entries and not drop:
            return 0
        with self._write_lock:
            ix = self._index()
            remote = self.remote
            if remote is not None and not self.temporary:
                done = remote.write(self.folder, entries, drop)
                if done is not None:
                    return done
            return write_entries(ix, entries, drop)


class RemoteWriter(Protocol):
    """Writes a names index's entries in another process; None when it cannot (write here)."""

    def write(self, folder: Path, entries: list[Entry], drop: list[int]) -> int | None: ...


def write_entries(ix: windex.Index, entries: list[Entry], drop: list[int]) -> int:
    """Write ``entries`` and delete ``drop`` in ``ix``, one commit under whoosh's writer lock
    (the same in the library's process and in a writer process)."""
    try:
        w = ix.writer(timeout=15.0)
    except LockError:
        raise LibraryBusy("the names index is locked by another Parallax "
                          "process") from None
    try:  # all deletes with one searcher, then adds: faster than update_document
        s = w.searcher()
        for doc_id in [*drop, *(e[0] for e in entries)]:
            for docnum in list(s.document_numbers(doc=str(doc_id))):
                w.delete_document(docnum)
        for doc_id, rev, fields in entries:
            w.add_document(doc=str(doc_id), rev=rev,
                           **{f: fields.get(f, "") for f in NAME_FIELDS})
        w.commit()
    except BaseException:
        w.cancel()
        raise
    return len(entries) + len(drop)
