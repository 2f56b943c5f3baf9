"""Hashed word n-grams: the seeds of alignment and the keys of the inverted index.

An n-gram is hashed only when it lies inside one segment and holds at least two content words
(so "one of the most" or a lone name never seeds anything). Hashes are stable across runs
(crc32 of each token, combined polynomially) because they are stored in the library.
"""

from __future__ import annotations

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


def positions(hashes: list[int]) -> dict[int, list[int]]:
    """Start positions of each counted hash, without the over-repeated ones."""
    pos: dict[int, list[int]] = {}
    for i, h in enumerate(hashes):
        if h:
            p = pos.get(h)
            if p is None:
                pos[h] = [i]
            else:
                p.append(i)
    return {h: p for h, p in pos.items() if len(p) <= MAX_OCCURRENCES}


def seed_pairs(pos_a: dict[int, list[int]], pos_b: dict[int, list[int]]) -> list[tuple[int, int]]:
    """Every (i, j) where the n-gram at i in A equals the n-gram at j in B, sorted."""
    small, large, swap = (pos_a, pos_b, False) if len(pos_a) <= len(pos_b) else (pos_b, pos_a, True)
    pairs = []
    for h, ps in small.items():
        qs = large.get(h)
        if qs is None:
            continue
        for p in ps:
            for q in qs:
                pairs.append((q, p) if swap else (p, q))
    pairs.sort()
    return pairs
