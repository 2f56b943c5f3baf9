"""Exact phrases ("would which") found from the words' postings read at once.

whoosh matches a phrase with its span machinery: its matcher steps through every article
holding all the words (an intersection, a few Python calls per article), and in each one
decodes each word's positions into ``Span`` objects and walks them pairwise. For two
frequent words that is thousands of articles: ``"would which"`` (no hit) took 31-45 ms at
10,000 articles. Here (:func:`phrase_docs`) each word's postings are read a block at a time
into a dict, the articles holding every word are intersected as sets, and the phrase is
looked for in each with one set intersection of positions per word; whoosh's matcher (its
intersection of the words, its scores, block qualities and counts) then goes straight from
one of those articles to the next, checking each again. A phrase with slop (``"a b"~3``)
keeps whoosh's matcher. Same hits, scores, order and counts (tests/core/test_phrases.py).
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from collections.abc import Collection, Iterable
from itertools import accumulate
from pickle import loads
from typing import Any

import whoosh.query as wq
from whoosh import matching
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.mcore import LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query.spans import Span, SpanNear2

_COUNT_BYTES = 4  # a Positions value: the count (packed), then the pickled position deltas
_BEYOND = 2**62  # an article number past every segment's last (to run a matcher to its end)


def _decode(value: bytes) -> Iterable[int]:
    """The positions in a Positions posting value (as ``Positions.decode_positions``)."""
    if not value.endswith(b"."):
        value += b"."
    return accumulate(loads(value[_COUNT_BYTES:]))


def positions(m: Any) -> Iterable[int]:
    """The positions of the word of leaf matcher ``m`` in its current document."""
    if isinstance(m, LeafMatcher) and type(m.format) is Positions:
        return _decode(m.value())
    return [span.start for span in m.spans()]


def _starts(values: list[bytes]) -> set[int]:
    """Where a phrase whose words' position values are ``values`` stands."""
    starts = set(_decode(values[0]))
    for k in range(1, len(values)):
        if not starts:
            break
        starts.intersection_update([p - k for p in _decode(values[k])])
    return starts


def _values_by_doc(m: Any) -> dict[int, bytes] | None:
    """Every posting value of a word by article number (deleted articles too), read a block
    at a time; None when ``m`` is not whoosh's on-disk postings of a Positions field."""
    if type(m) is FilterMatcher:  # (the reader's filter of deleted articles)
        m = m.child
    if type(m) is not W3LeafMatcher or type(m.format) is not Positions:
        return None
    found: dict[int, bytes] = {}
    while m.is_active():
        if m._ids is None:
            m._read_ids()
        if m._values is None:
            m._read_values()
        found.update(zip(m._ids, m._values, strict=True))
        m._next_block()
    return found


def phrase_docs(reader: Any, fieldname: str, words: list[bytes]) -> list[int] | None:
    """The article numbers (deleted ones included) where ``words`` stand next to each other,
    in order, ascending: the articles of every word intersected as sets, then their positions
    compared. None when the postings are not whoosh's on-disk ones."""
    values = [_values_by_doc(reader.postings(fieldname, w)) for w in words]
    if any(v is None for v in values):
        return None
    by_word = [v for v in values if v is not None]
    smallest: dict[int, bytes] = min(by_word, key=len)
    common = set(smallest)
    for v in by_word:
        common.intersection_update(v.keys())
    return [d for d in sorted(common) if _starts([v[d] for v in by_word])]


class _Adjacent(SpanNear2.SpanNear2Matcher):
    """whoosh's matcher of an exact phrase (words next to each other, in order), with the
    positions compared as sets, and, given the articles where the phrase stands
    (:func:`phrase_docs`), moving its intersection straight to the next of them instead of
    stepping through every article holding all the words. It stops on the same articles as
    whoosh's (each is checked again: a deleted one is never reached), so the scores, block
    qualities and counts are whoosh's. ``spans()`` is what whoosh's gives: one span per
    place the phrase stands."""

    def __init__(self, ms: list[Any], slop: int = 1, ordered: bool = True, mindist: int = 1,
                 docs: list[int] | None = None) -> None:
        self._docs = docs
        super().__init__(ms, slop=slop, ordered=ordered, mindist=mindist)

    def copy(self) -> _Adjacent:
        return _Adjacent([m.copy() for m in self.ms], docs=self._docs)

    def _find_next(self) -> None:
        docs = self._docs
        if docs is None:
            super()._find_next()
            return
        child = self.child
        while child.is_active():
            here = child.id()
            j = bisect_left(docs, here)
            if j == len(docs):  # the phrase stands nowhere further on
                child.skip_to(_BEYOND)
                return
            if docs[j] > here:
                child.skip_to(docs[j])
                continue
            spans = self._get_spans()
            if spans:
                self._spans = spans
                return
            child.next()

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
        words = []
        for word in self.words:  # (as whoosh's Phrase.matcher)
            try:
                word = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (fieldname, word) not in reader:
                return matching.NullMatcher()
            words.append(word)
        docs = phrase_docs(reader, fieldname, words) if len(words) > 1 else None
        m: Any = _Adjacent([wq.Term(fieldname, w).matcher(searcher, context) for w in words],
                           docs=docs)
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
