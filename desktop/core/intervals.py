"""Ranges of text as (start, end) pairs: their union, and how many characters it covers."""

from __future__ import annotations

from collections.abc import Iterable


def union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges with overlapping and touching ones joined, in order."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def covered(spans: Iterable[tuple[int, int]]) -> int:
    """Characters inside the union of the ranges."""
    return sum(e - s for s, e in union(spans) if e > s)
