"""The name fields of a query, answered from the names index and joined into the article
index's query (search.py's ``JoinedNames``).

Each part of a parsed query that asks a name field (``person:Putin``, ``org:"Atomic Energy"``,
``place:Kh*``, ``person:Puttin~``) is run as it is on the names index — same analyzer, same
whoosh query, same statistics (name_index.py keeps an entry for every article), so the same
articles match with the same scores — and replaced by :class:`DocScores`: those articles with
those scores, matched in the article index by document id. Everything else of the query (text
words, AND / OR / NOT, other fields) runs in the article index as before, so results and
counts are what they were when the names lived there (tests/core/test_name_join.py holds it).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.searching import Searcher

from desktop.core.entities.name_index import NameIndex
from desktop.core.search import NAME_FIELDS

# per leaf reader of the article index: document id (text) → document number, live documents
_DOCNUMS: weakref.WeakKeyDictionary[Any, dict[str, int]] = weakref.WeakKeyDictionary()


def _docnums(searcher: Searcher) -> dict[str, int]:
    reader = searcher.reader()
    known = _DOCNUMS.get(reader)
    if known is None:
        known = {str(fields["doc"]): n for n, fields in reader.iter_docs()}
        _DOCNUMS[reader] = known
    return known


class DocScores(wq.Query):
    """Matches the given articles (by document id) with the given scores."""

    def __init__(self, scores: Mapping[str, float], asked: wq.Query) -> None:
        self.scores = dict(scores)
        self.asked = asked  # the name query it answers (for repr and equality)

    def __repr__(self) -> str:
        return f"DocScores({self.asked!r}, {len(self.scores)} articles)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocScores) and other.asked == self.asked \
            and other.scores == self.scores

    def __hash__(self) -> int:
        return hash(self.asked) ^ len(self.scores)

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader: Any) -> int:
        return len(self.scores)

    def matcher(self, searcher: Searcher, context: Any = None) -> Any:
        local = _docnums(searcher)
        pairs = sorted((local[d], s) for d, s in self.scores.items() if d in local)
        if not pairs:
            return NullMatcher()
        return ListMatcher([n for n, _ in pairs], [s for _, s in pairs])


def _asks_names(q: wq.Query) -> bool:
    """A leaf (term, phrase, wildcard, fuzzy term, range...) on a name field."""
    field = q.field() if (q.is_leaf() or isinstance(q, wq.Phrase)) else None
    return field in NAME_FIELDS


class _Session:
    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher

    def reader(self) -> Any:
        return self._searcher.reader()

    def joined(self, q: wq.Query) -> wq.Query:
        if _asks_names(q):
            return self._answer(q)
        if q.is_leaf():
            return q
        return q.apply(self.joined)

    def _answer(self, q: wq.Query) -> DocScores:
        results = self._searcher.search(q, limit=None)
        return DocScores({str(hit["doc"]): float(hit.score or 0.0) for hit in results}, q)


class NameJoin:
    """search.py's ``JoinedNames`` over a :class:`NameIndex`."""

    def __init__(self, names: NameIndex) -> None:
        self.names = names

    @contextmanager
    def session(self) -> Iterator[_Session]:
        with self.names.searching() as s:
            yield _Session(s)
