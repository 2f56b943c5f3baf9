"""PAN plagdet (Potthast et al. 2010): character precision, recall, granularity (no I/O).

A case or detection is (src doc, src start, src end, dst doc, dst start, dst end). A detection
detects a case when it overlaps it in both documents; sizes count characters on both sides.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

Pair = tuple[str, int, int, str, int, int]


def _ov(a0: int, a1: int, b0: int, b1: int) -> tuple[int, int] | None:
    s, e = max(a0, b0), min(a1, b1)
    return (s, e) if e > s else None


def _union(spans: list[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for s, e in sorted(spans):
        s = max(s, reach)
        if e > s:
            total, reach = total + e - s, e
    return total


def _meets(c: Pair, r: Pair) -> tuple[tuple[int, int], tuple[int, int]] | None:
    if c[0] != r[0] or c[3] != r[3]:
        return None
    x, y = _ov(c[1], c[2], r[1], r[2]), _ov(c[4], c[5], r[4], r[5])
    return (x, y) if x and y else None


def plagdet(cases: Sequence[Pair], dets: Sequence[Pair]) -> dict[str, float]:
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, r in enumerate(dets):
        by_pair[(r[0], r[3])].append(k)
    rec_sum, gran, detected = 0.0, 0, 0
    hit_r: dict[int, list[tuple[tuple[int, int], tuple[int, int]]]] = defaultdict(list)
    for c in cases:
        src: list[tuple[int, int]] = []
        dst: list[tuple[int, int]] = []
        n = 0
        for k in by_pair.get((c[0], c[3]), []):
            m = _meets(c, dets[k])
            if m:
                n += 1
                src.append(m[0])
                dst.append(m[1])
                hit_r[k].append(m)
        rec_sum += (_union(src) + _union(dst)) / ((c[2] - c[1]) + (c[5] - c[4]))
        if n:
            detected, gran = detected + 1, gran + n
    prec_sum = 0.0
    for k, r in enumerate(dets):
        ms = hit_r.get(k, [])
        inside = _union([m[0] for m in ms]) + _union([m[1] for m in ms])
        prec_sum += inside / max(1, (r[2] - r[1]) + (r[5] - r[4]))
    rec = rec_sum / len(cases) if cases else 0.0
    prec = prec_sum / len(dets) if dets else 0.0
    g = gran / detected if detected else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "granularity": g,
            "plagdet": f1 / math.log2(1 + g), "cases": len(cases), "detections": len(dets)}
