"""Each article read from SQLite once per operation: a scoped identity map of documents.

A long operation (catching up on linking, recognition and the index for a chunk of new
articles) hands the same article to several parts, each of which asks the store for it. Inside
``with store.read_once.scope():`` the store keeps what this thread read (the most recent
``limit`` documents) and serves it again instead of reading and decoding the row anew.
Outside a scope nothing is kept. A document replaced or deleted meanwhile is dropped from every
scope, so no part works on a text the store no longer holds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from desktop.core.model import Document


class ReadOnce:
    def __init__(self, limit: int = 256) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._scopes: dict[int, OrderedDict[int, Document]] = {}  # kernel thread id -> documents

    @contextmanager
    def scope(self) -> Iterator[None]:
        """Keep this thread's reads until the (outermost) block ends."""
        tid = threading.get_native_id()
        with self._lock:
            outer = tid in self._scopes
            if not outer:
                self._scopes[tid] = OrderedDict()
        try:
            yield
        finally:
            if not outer:
                with self._lock:
                    self._scopes.pop(tid, None)

    def get(self, doc_id: int) -> Document | None:
        docs = self._scopes.get(threading.get_native_id())
        if docs is None:
            return None
        with self._lock:
            doc = docs.get(doc_id)
            if doc is not None:
                docs.move_to_end(doc_id)
            return doc

    def put(self, doc: Document) -> None:
        docs = self._scopes.get(threading.get_native_id())
        if docs is None:
            return
        with self._lock:
            docs[doc.id] = doc
            docs.move_to_end(doc.id)
            while len(docs) > self.limit:
                docs.popitem(last=False)

    def forget(self, doc_id: int) -> None:
        """The document changed or went: no scope may serve the old one."""
        with self._lock:
            for docs in self._scopes.values():
                docs.pop(doc_id, None)
