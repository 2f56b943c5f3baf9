"""Rebuilding the search index beside the one in use, then swapping it in.

The index is a cache of the store, so a rebuild reads every article again. It is written in
``index.new`` next to ``index`` while searches go on answering from the old one; only a whole
new index replaces it (SearchIndex.swap_in: what was written meanwhile is caught up under the
index's write lock, then the folders are renamed). A cancelled or failed rebuild removes
``index.new`` and leaves the old index as it was; a crash leaves ``index.new`` (or
``index.old``) behind, which the next writable open removes (:func:`clear_leftovers`). So a
half-built index is never taken for a whole one.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import NotFound
from desktop.core.model import Cancelled, Progress
from desktop.core.search import SearchIndex, remove_tree
from desktop.core.store import Store

SIDE, OLD = ".new", ".old"


class _Stop(Exception):
    """The person cancelled: the side index is thrown away."""


def side_folder(index: Path) -> Path:
    return index.with_name(index.name + SIDE)


def clear_leftovers(index: Path) -> None:
    """Remove what a rebuild interrupted by a crash left beside the index."""
    for suffix in (SIDE, OLD):
        remove_tree(index.with_name(index.name + suffix))


def rebuild_beside(store: Store, index: SearchIndex, progress: Progress,
                   cancelled: Cancelled) -> int | None:
    """Index every article into a new index beside ``index`` and swap it in; the number of
    articles indexed, or None when cancelled (the old index is then kept unchanged)."""
    side = index.sibling(side_folder(index.folder))
    try:
        ids = sorted(store.index_revs())
        with side.bulk() as add:  # one writer, one commit; cancelled if this raises
            for i, doc_id in enumerate(ids):
                if cancelled():
                    raise _Stop
                progress(i, len(ids), "indexing")
                try:
                    doc, rev = store.document_for_index(doc_id)
                except NotFound:  # removed meanwhile
                    continue
                add(doc, rev)
        progress(len(ids), len(ids), "switching to the new index")
        index.swap_in(side, lambda new: catch_up(store, new))
    except _Stop:
        _discard(side)
        return None
    except BaseException:
        _discard(side)
        raise
    return len(ids)


def catch_up(store: Store, index: SearchIndex) -> int:
    """Index what the store changed since ``index`` was filled (stamps that differ) and drop
    what it removed; the number of documents touched."""
    in_store = store.index_revs()
    in_index = index.indexed_revs()
    extra = in_index.keys() - in_store.keys()
    stale = sorted(i for i, rev in in_store.items() if in_index.get(i) != rev)
    if extra:
        index.delete(extra)
    docs = []
    for doc_id in stale:
        try:
            docs.append(store.document_for_index(doc_id))
        except NotFound:
            continue
    index.add(docs)
    return len(docs) + len(extra)


def _discard(side: SearchIndex) -> None:
    side.close()
    remove_tree(side.folder)
