"""Exact phrases ("would which") checked from the words' position lists as sets.

whoosh matches a phrase with its span machinery: the articles holding every word are
intersected, then for each one it decodes each word's positions into a list of ``Span``
objects and walks them pairwise in Python. For two frequent words that is thousands of
articles: ``"would which"`` (no hit) took 45 ms at 10,000 articles, most of it building and
comparing spans. Here the same intersection (whoosh's, so the same articles are visited and
scored alike) asks only whether some position ``p`` of the first word has ``p + k`` among the
positions of word ``k``: one set intersection per word. A phrase with slop (``"a b"~3``) keeps
whoosh's matcher. Same hits, same scores, same order (tests/core/test_phrases.py).
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable
from itertools import accumulate
from pickle import loads
from typing import Any

import whoosh.query as wq
from whoosh import matching
from whoosh.formats import Positions
from whoosh.matching.mcore import LeafMatcher
from whoosh.query.spans import Span, SpanNear2

_COUNT_BYTES = 4  # a Positions value: the count (packed), then the pickled position deltas


def positions(m: Any) -> Iterable[int]:
    """The positions of the word of leaf matcher ``m`` in its current document."""
    if isinstance(m, LeafMatcher) and type(m.format) is Positions:
        # Positions.decode_positions, without building the list in Python
        value = m.value()
        if not value.endswith(b"."):
            value += b"."
        return accumulate(loads(value[_COUNT_BYTES:]))
    return [span.start for span in m.spans()]


class _Adjacent(SpanNear2.SpanNear2Matcher):
    """whoosh's matcher of an exact phrase (words next to each other, in order), with the
    positions compared as sets. ``spans()`` is what whoosh's gives: one span per place the
    phrase stands."""

    def _get_spans(self) -> list[Span]:
        ms = self.ms
        starts = set(positions(ms[0]))
        for k in range(1, len(ms)):
            if not starts:
                return []
            starts.intersection_update([p - k for p in positions(ms[k])])
        last = len(ms) - 1
        return [Span(p, p + last) for p in sorted(starts)]


class SetPhrase(wq.Phrase):
    """A phrase query matched by :class:`_Adjacent` (slop 1, whoosh's default)."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if self.slop != 1:
            return super().matcher(searcher, context)
        fieldname = self.fieldname
        if fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)  # (whoosh says why)
        reader = searcher.reader()
        terms = []
        for word in self.words:  # (as whoosh's Phrase.matcher)
            try:
                word = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (fieldname, word) not in reader:
                return matching.NullMatcher()
            terms.append(wq.Term(fieldname, word))
        m: Any = _Adjacent([t.matcher(searcher, context) for t in terms])
        if self.boost != 1.0:
            m = matching.WrappingMatcher(m, boost=self.boost)
        return m


def with_set_phrases(q: wq.Query, fields: Collection[str]) -> wq.Query:
    """``q`` with every phrase on one of ``fields`` matched by :class:`SetPhrase`."""

    def swap(node: wq.Query) -> wq.Query:
        if type(node) is not wq.Phrase or node.fieldname not in fields:
            return node
        twin = copy.copy(node)
        twin.__class__ = SetPhrase
        return twin

    return q.accept(swap)
