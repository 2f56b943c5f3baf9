"""Keeps the search index in step with what changed, from the library's change events.

Imports index their own documents (with one writer for the whole import). Edited metadata,
which changes what a search should find about a document after it was indexed, is reported
as an event (entity names live in an index of their own: core/entities/name_sync.py); this listener
re-indexes those documents, one commit per delivered event (an operation gathers its reports,
so a chunk of recognition is one commit). The index asks its declared field sources for the
fields (SearchIndex.fields), so nothing calls back into the Library. A failure leaves the index
behind the store: the write moved the documents' index stamps in its own transaction
(store.mark_index_stale), so the next sync catches them up, even after a crash.
"""

from __future__ import annotations

import logging

from desktop.core.errors import NotFound
from desktop.core.events import Change, DocsChanged
from desktop.core.notices import Notices
from desktop.core.search import SearchIndex
from desktop.core.store import Store

log = logging.getLogger(__name__)
REINDEXED = Change.METADATA  # (entity names: core/entities/name_sync.py)


class IndexFeed:
    def __init__(self, store: Store, index: SearchIndex, notices: Notices) -> None:
        self._store = store
        self._index = index
        self._notices = notices

    def __call__(self, event: DocsChanged) -> None:
        if self._store.read_only or not event.what & REINDEXED:
            return
        ids = sorted(self._store.ids() if event.everywhere else event.ids)
        # the stamp first, then the text: a version that lands in between leaves an older
        # stamp on the entry, which the next sync sees (never the old text under a new stamp)
        stamps = self._stamps(ids)
        docs = []
        for doc_id in ids:
            try:
                docs.append((self._store.document(doc_id), stamps[doc_id]))
            except (NotFound, KeyError):  # removed meanwhile: the removal updated the index
                continue
        try:
            self._index.add(docs)
        except Exception as exc:
            log.exception("re-indexing %d documents failed", len(docs))
            self._notices.append(f"search index not updated ({exc}); it will catch up on "
                                 "reopen", warning=True)

    def _stamps(self, ids: list[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            out.update(self._store.read(
                f"SELECT id, index_rev FROM documents WHERE id IN ({','.join('?' * len(part))})",
                part).fetchall())
        return out
