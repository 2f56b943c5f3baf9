"""Which pairs of articles are aligned: one rule over the set of articles, not their order.

The desktop (service.py, incrementally) and the batch job (desktop/batch, all at once) both
compute the same set of compared pairs from this rule, so their links are equal and do not
depend on the order in which articles arrived:

* ``shared(X, Y)`` is the number of sampled n-gram hashes (engine.Prepared.distinct_hashes)
  the two articles have in common, not counting *frequent* hashes: those held by more than
  ``max_df(n)`` of the set's n articles (boilerplate, or a passage so widespread that it says
  nothing about which articles belong together). passim drops them the same way (its
  ``--maxDF``, 100 by default). The cap grows with the set, as √n, from a floor of 100: one
  hash then yields at most C(cap, 2) < n/2 pair counts, so no passage costs more than the
  set has articles, while a story reprinted by more outlets still links in a larger
  collection, where larger reprint families are to be expected (at 10⁶ articles the cap is
  1,000);
* ``N(X)`` are the articles sharing at least ``MIN_SHARED`` hashes with X, ranked by more
  shared hashes first, then by ``tie(X, Y)``: a symmetric mix of the two content hashes, so
  equal candidates are ranked differently by each article (no article becomes a hub that
  everyone picks because of its name);
* ``top(X)`` is the first ``MAX_CANDIDATES`` of that ranking;
* the pair {X, Y} is aligned when Y is in top(X) or X is in top(Y). Every article is aligned
  with up to MAX_CANDIDATES others it chose, the total stays below n × MAX_CANDIDATES (no
  quadratic blow-up on near-identical copies), and nothing depends on arrival;
* side A of a pair is the article with the smaller content hash (``orient``), so the same two
  texts are always aligned the same way round.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

MIN_SHARED = 2  # distinct sampled n-gram hashes two documents must share to be compared
MAX_CANDIDATES = 50  # articles each article chooses to be aligned with
MIN_DF_CAP = 100  # the cap on small sets (passim's default maxDF); above 10,000 articles, √n
_TIE_DIGITS = 15  # hex digits of a content hash used for the tie-break (60 bits: an SQLite int)
_MASK64 = (1 << 64) - 1


def max_df(n_docs: int) -> int:
    """The most articles of a set of ``n_docs`` that may hold a hash for it to count towards
    sharing: max(MIN_DF_CAP, ⌊√n⌋)."""
    return max(MIN_DF_CAP, math.isqrt(max(0, n_docs)))


def key_number(content_hash: str) -> int:
    """The leading 60 bits of a content hash (hex sha256) as an integer."""
    return int(content_hash[:_TIE_DIGITS], 16)


def tie(key_x: int, key_y: int) -> int:
    """The symmetric tie-break of a pair: the same seen from either side, and unrelated to
    the two keys' order (splitmix64 of the pair; a plain XOR would rank by shared leading
    bits, and copies would split into groups that choose only each other)."""
    lo, hi = (key_x, key_y) if key_x <= key_y else (key_y, key_x)
    x = (lo * 0x9E3779B97F4A7C15 + hi) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return (x ^ (x >> 31)) >> 4  # 60 bits: fits an SQLite integer


def rank_key(shared: int, tie_value: int) -> tuple[int, int]:
    """Sort key of a candidate in one article's ranking (smaller is better)."""
    return (-shared, tie_value)


def top(key_x: int, shared: Mapping[int, int], keys: Mapping[int, int],
        limit: int | None = None) -> list[tuple[int, int, int]]:
    """The chosen candidates of one article as (other, shared, tie), best first.

    ``shared`` maps other articles to the hashes they share with X; ``keys`` gives each
    article's key_number."""
    k = MAX_CANDIDATES if limit is None else limit
    ranked = sorted(((other, n, tie(key_x, keys[other])) for other, n in shared.items()
                     if n >= MIN_SHARED), key=lambda t: rank_key(t[1], t[2]))
    return ranked[:k]


def pairs(tops: Mapping[int, Iterable[tuple[int, int, int]]]) -> set[tuple[int, int]]:
    """The compared pairs (smaller id first) from every article's top list."""
    out: set[tuple[int, int]] = set()
    for x, chosen in tops.items():
        for y, _, _ in chosen:
            out.add((x, y) if x < y else (y, x))
    return out


def orient(hash_x: str, hash_y: str) -> bool:
    """True when X is side A of the pair (its content hash sorts first)."""
    return hash_x < hash_y
