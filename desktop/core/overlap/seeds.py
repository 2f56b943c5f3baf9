"""Hashed word n-grams: the seeds of alignment and the keys of the inverted index.

An n-gram is hashed only when it lies inside one segment and holds at least two content words
(so "one of the most" or a lone name never seeds anything). Hashes are stable across runs
(crc32 of each token, combined polynomially) because they are stored in the library.
"""

from __future__ import annotations

from array import array

from desktop.core.overlap.normalize import Tokens, is_content

N = 5  # words per n-gram
MIN_CONTENT = 2  # content words an n-gram needs to count
MAX_OCCURRENCES = 4  # an n-gram repeated more often inside one article is not a seed
_MASK = (1 << 62) - 1
_MUL = 1_000_003


def ngram_hashes(tokens: Tokens, n: int = N) -> list[int]:
    """One hash per n-gram start position; 0 where the n-gram does not count (rolling)."""
    size = len(tokens) - n + 1
    if size <= 0:
        return []
    segs, th = tokens.segs, tokens.hashes
    acc, content = 0, [0]
    for t in tokens.norms:
        acc += is_content(t)
        content.append(acc)
    top = pow(_MUL, n - 1, _MASK + 1)
    h = 0
    for k in range(n - 1):
        h = (h * _MUL + th[k]) & _MASK
    out = [0] * size
    for i in range(size):
        h = (h * _MUL + th[i + n - 1]) & _MASK
        if segs[i] == segs[i + n - 1] and content[i + n] - content[i] >= MIN_CONTENT:
            out[i] = h or 1
        h = (h - th[i] * top) & _MASK
    return out


class SeedIndex:
    """The counted n-grams of one article as two parallel arrays sorted by hash: hashes and
    start positions (an n-gram repeated more than MAX_OCCURRENCES times is left out). About a
    tenth of the memory of a dict of lists, so many more prepared articles fit in a cache."""

    __slots__ = ("keys", "starts")

    def __init__(self, hashes: list[int]) -> None:
        items = sorted((h, i) for i, h in enumerate(hashes) if h)
        self.keys, self.starts = array("q"), array("i")
        run = 0
        for k in range(1, len(items) + 1):
            if k == len(items) or items[k][0] != items[run][0]:
                if k - run <= MAX_OCCURRENCES:
                    for h, i in items[run:k]:
                        self.keys.append(h)
                        self.starts.append(i)
                run = k

    def __len__(self) -> int:
        return len(self.keys)

    def distinct(self, sample: int) -> list[int]:
        """The distinct hashes h with h % sample == 0, sorted."""
        out: list[int] = []
        for h in self.keys:
            if h % sample == 0 and (not out or out[-1] != h):
                out.append(h)
        return out


def seed_pairs(a: SeedIndex, b: SeedIndex) -> list[tuple[int, int]]:
    """Every (i, j) where the n-gram at i in A equals the n-gram at j in B, sorted (a merge of
    the two sorted hash arrays)."""
    ka, sa, kb, sb = a.keys, a.starts, b.keys, b.starts
    la, lb = len(ka), len(kb)
    i = j = 0
    pairs: list[tuple[int, int]] = []
    while i < la and j < lb:
        x, y = ka[i], kb[j]
        if x < y:
            i += 1
        elif x > y:
            j += 1
        else:
            i2, j2 = i + 1, j + 1
            while i2 < la and ka[i2] == x:
                i2 += 1
            while j2 < lb and kb[j2] == x:
                j2 += 1
            pairs += [(p, q) for p in sa[i:i2] for q in sb[j:j2]]
            i, j = i2, j2
    pairs.sort()
    return pairs
