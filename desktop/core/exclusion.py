"""``NOT`` parts of a query (``which NOT Environmental``) stepped without a Python call per
article for the deleted-article check.

whoosh matches ``NOT x`` with an ``InverseMatcher`` over every article number, asking the
segment reader ``is_deleted(n)`` (two Python frames) up to three times for each article the
rest of the query visits: ``which NOT Environmental`` visits the 4,906 articles holding
"which". Here the same matcher asks the segment's set of deleted articles directly (a C
call), or nothing when it has none. Everything else (the articles, scores, block-quality and
replacement behaviour) is whoosh's: the class only changes how the next article is found
(tests/core/test_exclusion.py).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import whoosh.query as wq
from whoosh.matching.wrappers import InverseMatcher
from whoosh.reading import SegmentReader


def _never(docnum: int) -> bool:
    return False


def deleted_check(reader: Any) -> Callable[[int], bool]:
    """``reader.is_deleted`` as a set lookup (a segment's deleted articles do not change
    while its reader is open)."""
    if isinstance(reader, SegmentReader):
        deleted = reader.deleted_docs_set
        return frozenset(deleted).__contains__ if deleted else _never
    return reader.is_deleted


class LeanInverse(InverseMatcher):
    """whoosh's ``InverseMatcher`` with its stepping in local variables."""

    def _find_next(self) -> None:
        child, missing, limit = self.child, self.missing, self.limit
        i: int = self._id  # type: ignore[has-type]
        if not child.is_active() and not missing(i):
            return
        while i < limit and missing(i):
            i += 1
        if child.is_active() and child.id() < i:
            child.skip_to(i)
        while child.is_active() and i < limit:
            if missing(i):
                i += 1
            elif i == child.id():
                i += 1
                child.next()
            else:
                break
        self._id = i


class LeanNot(wq.Not):
    """``Not`` matched by :class:`LeanInverse` (as ``Not.matcher``, otherwise)."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        child = self.query.matcher(searcher, searcher.boolean_context())
        return LeanInverse(child, reader.doc_count_all(), missing=deleted_check(reader))


def with_lean_nots(q: wq.Query) -> wq.Query:
    """``q`` with every ``NOT`` part matched by :class:`LeanNot`."""

    def swap(node: wq.Query) -> wq.Query:
        if type(node) is not wq.Not:
            return node
        twin = copy.copy(node)
        twin.__class__ = LeanNot
        return twin

    return q.accept(swap)
