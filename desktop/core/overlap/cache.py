"""Prepared articles kept between linking steps, bounded by memory rather than by count.

A prepared article has two parts: its text, tokens and seed index (about 21 KB for a
300-word article; preparing it again means reading it from the store, tokenising and hashing
it, 3-4 ms) and its paraphrase sentences (about 37 KB more as live sets, 1.7-2.7 ms to
compute again, needed only while a pair with it is aligned). The old cache kept 8,192 whole
articles (about 480 MB) and prepared again whatever fell out of it. This one keeps the first
part of as many articles as fit in ``budget`` bytes, and the live sentences of the most
recently used as fit in ``hot`` bytes; the others keep their sentences packed
(Prepared.shed: about 6 KB, restored in 0.2 ms; dropping them instead cost 8,223
recomputations and 18 % more linking time at 10,000 documents). Sizes are estimated from the
article's token count, so a 1 MB article counts as the hundreds of small ones it weighs. With
the defaults a library of about 12,000 articles is linked without preparing any article
twice, in less memory than the old cache (docs/benchmarks.md, #14).

**The garbage collector.** The cache is most of a linking process's heap (at 10,000 articles
about 5 million references: token lists, sentence sets), and CPython's full collections walk
all of it, more often as articles come and go (29 full collections of 0.13-0.31 s, 11 % of
linking at 10,000). Nothing in a prepared article refers back to itself, so reference counts
free it when the cache lets it go; the collector has nothing to find there. A linking run
therefore calls :func:`settle_heap` after each batch (``gc.freeze``: what is alive then is
left out of later collections, CPython's tool for long-lived objects) and :func:`thaw_heap`
when it ends (``gc.unfreeze``: back to normal collection, so a cycle that became garbage
during the run is still collected, later).
"""

from __future__ import annotations

import gc
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from desktop.core.overlap.engine import Prepared

BUDGET = 320 * 2**20  # bytes of prepared articles (text, tokens, seeds, packed sentences) kept
HOT = 128 * 2**20  # bytes of paraphrase sentences kept (of the most recently used articles)

K = TypeVar("K", bound=Hashable)
E = TypeVar("E")  # what a caller keeps with each article (the batch: its offset map and path)


def weight(p: Prepared) -> int:
    """Estimated bytes of a prepared article without its sentences: its text and about 64 bytes
    per token (four int arrays, a reference to a shared word, a seed hash and position), plus
    the objects around them (measured with tracemalloc on 400 articles of the scale set)."""
    return len(p.text) + 64 * len(p.tokens) + 2048


def sentence_weight(p: Prepared) -> int:
    """Estimated bytes of an article's paraphrase sentences (sets of stems and names)."""
    return 128 * len(p.tokens) + 512


class PreparedCache(Generic[K, E]):
    def __init__(self, budget: int = BUDGET, hot: int = HOT) -> None:
        self.budget, self.hot = budget, hot
        self._items: OrderedDict[K, tuple[Prepared, int, E]] = OrderedDict()
        self._hot: OrderedDict[K, int] = OrderedDict()
        self.bytes = self.hot_bytes = 0
        self.shed = 0  # articles whose sentences were packed (for the benchmark)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: K) -> bool:
        return key in self._items

    def get(self, key: K) -> Prepared | None:
        hit = self.entry(key)
        return None if hit is None else hit[0]

    def entry(self, key: K) -> tuple[Prepared, E] | None:
        """The article and what was kept with it."""
        hit = self._items.get(key)
        if hit is None:
            return None
        self._items.move_to_end(key)
        self._warm(key)
        return hit[0], hit[2]

    def put(self, key: K, p: Prepared, extra: E) -> None:
        self.pop(key)
        w = weight(p)
        self._items[key] = (p, w, extra)
        self.bytes += w
        self._warm(key)
        self._fit()

    def _fit(self) -> None:
        while self.bytes > self.budget and len(self._items) > 1:
            old, (_, w_old, _) = self._items.popitem(last=False)
            self.bytes -= w_old
            self.hot_bytes -= self._hot.pop(old, 0)

    def pop(self, key: K) -> None:
        hit = self._items.pop(key, None)
        if hit is not None:
            self.bytes -= hit[1]
        self.hot_bytes -= self._hot.pop(key, 0)

    def _warm(self, key: K) -> None:
        if key in self._hot:
            self._hot.move_to_end(key)
            return
        w = sentence_weight(self._items[key][0])
        self._hot[key] = w
        self.hot_bytes += w
        packed = False
        while self.hot_bytes > self.hot and len(self._hot) > 1:
            old, w_old = self._hot.popitem(last=False)
            self.hot_bytes -= w_old
            item = self._items.get(old)
            if item is not None and item[0]._sentences is not None:
                added = item[0].shed()
                self._items[old] = (item[0], item[1] + added, item[2])
                self.bytes += added
                self.shed += 1
                packed = True
        if packed:
            self._fit()


def settle_heap() -> None:
    """Leave what is alive now (the prepared articles above all) out of later collections."""
    gc.freeze()


def thaw_heap() -> None:
    """Give the collector back everything :func:`settle_heap` set aside."""
    gc.unfreeze()
