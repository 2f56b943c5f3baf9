"""The difflib baseline for the link benchmark: whole-text word alignment of one pair.

Lower-cased words of both clean texts go through difflib.SequenceMatcher; matching blocks of
at least MIN_WORDS words become passages, and passages closer than GAP words on both sides
merge. No normalisation, no index: every pair must be compared.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

MIN_WORDS = 8
GAP = 8
_WORD = re.compile(r"\S+")


def words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    ms = list(_WORD.finditer(text))
    return [m.group().lower() for m in ms], [m.span() for m in ms]


def passages(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """Clean-text spans (a0, a1, b0, b1) of passages shared by a and b."""
    wa, sa = words(a)
    wb, sb = words(b)
    sm = SequenceMatcher(None, wa, wb, autojunk=False)
    merged: list[list[int]] = []
    for i, j, n in sm.get_matching_blocks():
        if n < 3:
            continue
        if merged and i - merged[-1][1] <= GAP and 0 <= j - merged[-1][3] <= GAP:
            merged[-1][1], merged[-1][3] = i + n, j + n
        else:
            merged.append([i, i + n, j, j + n])
    return [(sa[i0][0], sa[i1 - 1][1], sb[j0][0], sb[j1 - 1][1])
            for i0, i1, j0, j1 in merged if i1 - i0 >= MIN_WORDS]
