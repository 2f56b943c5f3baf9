"""Seeds chained and merged into passages that tolerate edits.

1. Tight chains: seeds (i, j) sorted by i join the active chain they continue on both sides
   with at most ``G1`` skipped tokens (a changed, dropped or added word or two).
2. Passages: tight chains that follow each other on both sides with at most ``G2`` tokens
   between them (a dropped or inserted sentence) merge, unless another chain sits in the gap
   (that is a moved paragraph, not an edit). Chains never cross a segment boundary.
3. Edges grow while the tokens on both sides still agree; duplicates are dropped; passages
   with fewer than ``MIN_TOKENS`` matched words are not reuse.
Order-free: each passage is found where it is, so moved paragraphs are separate passages.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from difflib import SequenceMatcher

from desktop.core.overlap.normalize import Tokens, is_content
from desktop.core.overlap.seeds import N

G1 = 6
G2 = 30
MIN_TOKENS = 12
MIN_CONTENT = 6
SURE_TOKENS = 20  # a passage this long may hold more edits
SHORT_EDITS = 1  # words a short passage may differ by (stock phrases differ by more)
EDGE = 10  # tokens looked at beyond an edge for an edit to step over
_BLOCKER = 8  # matched tokens a chain needs to stop two others from merging across it


@dataclass
class Passage:
    """Token ranges [a0, a1) in A and [b0, b1) in B with the count of seed-covered tokens."""

    a0: int
    a1: int
    b0: int
    b1: int
    matched: int
    seg_a: int
    seg_b: int
    li: int = 0  # start of the last seed (chaining only)
    lj: int = 0


def chain_seeds(pairs: list[tuple[int, int]], ta: Tokens, tb: Tokens, n: int = N) -> list[Passage]:
    """Tight chains of seeds along one alignment each."""
    active: list[Passage] = []
    done: list[Passage] = []
    reach = n + G1
    for i, j in pairs:
        best, cost = None, 1 << 30
        keep = []
        for c in active:
            if i - c.li > reach:
                done.append(c)
                continue
            keep.append(c)
            di, dj = i - c.li, j - c.lj
            if (di > 0 and 0 < dj <= reach and c.seg_b == tb.segs[j] and c.seg_a == ta.segs[i]
                    and abs(di - dj) < cost):
                best, cost = c, abs(di - dj)
        active = keep
        if best is None:
            active.append(Passage(i, i + n, j, j + n, n, ta.segs[i], tb.segs[j], i, j))
        else:
            best.matched += min(n, i + n - best.a1)
            best.a1, best.b1 = max(best.a1, i + n), max(best.b1, j + n)
            best.li, best.lj = i, j
    return done + active


def _follows(x: Passage, y: Passage, n: int) -> bool:
    """y continues x on both sides: it starts near x's end and adds words on each side (a
    chain of the same words of A found again later in B is a repeat, not a continuation)."""
    return (x.seg_a == y.seg_a and x.seg_b == y.seg_b
            and x.a1 - n <= y.a0 <= x.a1 + G2 and x.b1 - n <= y.b0 <= x.b1 + G2
            and y.a1 > x.a1 and y.b1 > x.b1)


def _blocked(x: Passage, y: Passage, chains: list[Passage]) -> bool:
    """Does another chain lie in the gap between x and y on either side?"""
    for z in chains:
        if z is x or z is y or z.matched < _BLOCKER:
            continue
        if (x.a1 <= z.a0 < y.a0 or x.a1 < z.a1 <= y.a0) and not (x.b1 <= z.b0 and z.b1 <= y.b0):
            return True
        if (x.b1 <= z.b0 < y.b0 or x.b1 < z.b1 <= y.b0) and not (x.a1 <= z.a0 and z.a1 <= y.a0):
            return True
    return False


def merge_chains(chains: list[Passage], n: int = N) -> list[Passage]:
    """Join chains that are one passage broken by an edit or a dropped/added sentence."""
    chains = sorted(chains, key=lambda c: (c.a0, c.b0))
    check = len(chains) <= 3000
    out: list[Passage] = []
    for c in chains:
        for p in reversed(out[-8:]):
            if _follows(p, c, n) and not (check and _blocked(p, c, chains)):
                p.a1, p.b1 = max(p.a1, c.a1), max(p.b1, c.b1)
                p.matched += c.matched
                break
        else:
            out.append(c)
    return out


def _grow(p: Passage, ta: Tokens, tb: Tokens) -> None:
    """Extend both edges over agreeing tokens, and over a small edit when the words beyond it
    agree again (an edit near the start or end leaves too few words for a seed)."""
    for _ in range(4):
        _grow_exact(p, ta, tb)
        if not (_grow_fuzzy(p, ta, tb, left=True) | _grow_fuzzy(p, ta, tb, left=False)):
            break


def _grow_exact(p: Passage, ta: Tokens, tb: Tokens) -> None:
    while (p.a0 > 0 and p.b0 > 0 and ta.norms[p.a0 - 1] == tb.norms[p.b0 - 1]
           and ta.segs[p.a0 - 1] == p.seg_a and tb.segs[p.b0 - 1] == p.seg_b):
        p.a0, p.b0, p.matched = p.a0 - 1, p.b0 - 1, p.matched + 1
    while (p.a1 < len(ta) and p.b1 < len(tb) and ta.norms[p.a1] == tb.norms[p.b1]
           and ta.segs[p.a1] == p.seg_a and tb.segs[p.b1] == p.seg_b):
        p.a1, p.b1, p.matched = p.a1 + 1, p.b1 + 1, p.matched + 1


def _window(t: Tokens, seg: int, lo: int, hi: int) -> list[str]:
    return [t.norms[k] for k in range(max(0, lo), min(len(t), hi)) if t.segs[k] == seg]


def _grow_fuzzy(p: Passage, ta: Tokens, tb: Tokens, *, left: bool) -> bool:
    if left:
        wa = _window(ta, p.seg_a, p.a0 - EDGE, p.a0)[::-1]
        wb = _window(tb, p.seg_b, p.b0 - EDGE, p.b0)[::-1]
    else:
        wa, wb = _window(ta, p.seg_a, p.a1, p.a1 + EDGE), _window(tb, p.seg_b, p.b1, p.b1 + EDGE)
    if not wa or not wb or wa[0] == wb[0]:
        return False
    blocks = [b for b in SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks() if b.size]
    if not blocks or blocks[0].a > 3 or blocks[0].b > 3:
        return False  # more than a small edit before words agree again
    last = blocks[0]
    for b in blocks[1:]:
        if b.a - (last.a + last.size) > 3 or b.b - (last.b + last.size) > 3:
            break
        last = b
    da, db = last.a + last.size, last.b + last.size
    kept = [w for b in blocks if b.a < da for w in wa[b.a:b.a + b.size]]
    gained = len(kept)
    if gained < 3 or gained * 3 < da * 2 or not any(is_content(w) for w in kept):
        return False  # a few stray common words are not a continuation
    if left:
        p.a0, p.b0 = p.a0 - da, p.b0 - db
    else:
        p.a1, p.b1 = p.a1 + da, p.b1 + db
    p.matched += gained
    return True


def _dedupe(passages: list[Passage]) -> list[Passage]:
    """Of passages overlapping on both sides keep the one with more matched tokens."""
    kept: list[Passage] = []
    for p in sorted(passages, key=lambda p: -p.matched):
        if not any(p.a0 < k.a1 and k.a0 < p.a1 and p.b0 < k.b1 and k.b0 < p.b1 for k in kept):
            kept.append(p)
    return sorted(kept, key=lambda p: (p.a0, p.b0))


def _substantial(p: Passage, ta: Tokens) -> bool:
    """Long enough, and for a short passage dense: stock phrases around a gap are not reuse."""
    if p.matched < MIN_TOKENS:
        return False
    if p.matched < SURE_TOKENS and p.matched < max(p.a1 - p.a0, p.b1 - p.b0) - SHORT_EDITS:
        return False
    return sum(1 for t in ta.norms[p.a0:p.a1] if is_content(t)) >= MIN_CONTENT


def align(pairs: list[tuple[int, int]], ta: Tokens, tb: Tokens, n: int = N) -> list[Passage]:
    """Passages shared by A and B, from their sorted seed pairs."""
    passages = merge_chains(chain_seeds(pairs, ta, tb, n), n)
    for p in passages:
        _grow(p, ta, tb)
    return [p for p in _dedupe(passages) if _substantial(p, ta)]


def covered_tokens(passages: list[Passage], side: str) -> list[tuple[int, int]]:
    """Token ranges of one side, sorted (for finding what is not yet linked)."""
    spans = sorted((p.a0, p.a1) if side == "a" else (p.b0, p.b1) for p in passages)
    return spans


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    k = bisect_left(spans, (pos + 1, 0)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]
