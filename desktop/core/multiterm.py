"""Wildcard and prefix queries over many words, matched by whoosh's preloaded union.

whoosh expands ``comm*`` into every indexed word it covers (hundreds at 10,000 articles) and
ORs them. For an index of more than 5,000 documents its automatic choice is a binary tree of
union matchers, which re-reads the block qualities of every branch at each step: ``comm*``
took 130-200 ms at 10,000 articles, the slowest searches by far. The preloaded union reads each
word's postings once into an array of summed scores: 15-50 ms for the same query, the same
articles in the same order (tests/core/test_multiterm.py). Plain ``a OR b`` and fuzzy words (a few
expansions) keep whoosh's choice: for a few words the tree is as fast or faster.
docs/benchmarks.md, "Structure".
"""

from __future__ import annotations

import copy
from array import array
from collections.abc import Collection
from typing import Any

import whoosh.query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.combo import CombinationMatcher, PreloadedUnionMatcher
from whoosh.scoring import WeightLengthScorer

# Below this many expanded words the tree of unions is as fast; keep whoosh's own choice.
MIN_WORDS = 3


class _ArrayUnion:
    """Mixed into a whoosh MultiTerm query: OR its expansions with the preloaded union."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        fieldname = self.field()  # type: ignore[attr-defined]
        words = [wq.Term(fieldname, w) for w in self._btexts(reader) if w]  # type: ignore[attr-defined]
        if len(words) < MIN_WORDS:
            return super().matcher(searcher, context)  # type: ignore[misc]
        scored = context.weighting is not None if context is not None else True
        return _Preloaded([w.matcher(searcher, context) for w in words],
                          searcher.doc_count_all(),
                          boost=self.boost, scored=scored)  # type: ignore[attr-defined]


class _Preloaded(PreloadedUnionMatcher):
    """whoosh's preloaded union (every matching article's summed score, read at once),
    without the block-quality shortcut: its ``max_quality`` scans the rest of the array at each
    call, which made ``comm* AND police`` as slow as before. (whoosh's other array union,
    ``ArrayUnionMatcher``, loses articles: ``comm*`` found 4,373 of 6,247.)"""

    def __init__(self, submatchers: list[Any], doccount: int, boost: float = 1.0,
                 scored: bool = True) -> None:
        # whoosh's __init__ with the postings of a word read a block at a time (below); the
        # same sums, added in the same order, so the array is the one whoosh builds
        CombinationMatcher.__init__(self, submatchers, boost=boost)
        self._doccount = doccount
        active = [m for m in self._submatchers if m.is_active()]
        a = array("d")
        offset = min((m.id() for m in active), default=0)
        a.frombytes(bytes(8 * max(0, doccount - offset)))
        top = -1  # the highest place written: whoosh's array ends there
        for m in active:
            top = max(top, _add_scores(a, m, offset, boost, scored))
        del a[top + 1:]
        self._docnum = self._offset = offset
        self._a = a

    def supports_block_quality(self) -> bool:
        return False


def _add_scores(a: array, m: Any, offset: int, boost: float, scored: bool) -> int:
    """Add the score of each article matcher ``m`` holds (times ``boost``; ``boost`` alone if
    not ``scored``) at its place (document number minus ``offset``) in ``a``, as whoosh's
    ``PreloadedUnionMatcher`` does posting by posting; returns the highest place written.
    The postings of a word read from the index are read a block at a time and scored with the
    scorer's own function: whoosh asked the matcher for the id, the weight and the score of
    each posting, six Python calls where this makes two (``comm*`` scores ~10,000 postings)."""
    top = -1
    scorer = m.scorer if type(m) is W3LeafMatcher else None
    if (scored and isinstance(scorer, WeightLengthScorer)
            and type(scorer).score is WeightLengthScorer.score):
        score_of, length_of = scorer._score, scorer.dfl
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            if m._weights is None:
                m._read_weights()
            i, ids = m._i, m._ids
            for doc, weight in zip(ids[i:], m._weights[i:], strict=True):
                a[doc - offset] += score_of(weight, length_of(doc)) * boost
            top = max(top, ids[-1] - offset)
            m._next_block()
        return top
    while m.is_active():  # any other matcher: whoosh's loop
        place = m.id() - offset
        if place >= len(a):
            a.frombytes(bytes(8 * (place + 1 - len(a))))
        a[place] += m.score() * boost if scored else boost
        top = max(top, place)
        m.next()
    return top


class ArrayPrefix(_ArrayUnion, wq.Prefix):
    pass


class ArrayWildcard(_ArrayUnion, wq.Wildcard):
    pass


_ARRAY: dict[type, type] = {wq.Prefix: ArrayPrefix, wq.Wildcard: ArrayWildcard}


def with_array_unions(q: wq.Query, fields: Collection[str]) -> wq.Query:
    """``q`` with every prefix and wildcard part on one of ``fields`` matched by the preloaded
    union (the same query otherwise, scored as before: the hits and their order do not
    change)."""

    def swap(node: wq.Query) -> wq.Query:
        fast = _ARRAY.get(type(node))
        if fast is None or node.field() not in fields:
            return node
        twin = copy.copy(node)
        twin.__class__ = fast
        return twin

    return q.accept(swap)
