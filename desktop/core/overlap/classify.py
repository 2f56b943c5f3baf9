"""Kind and score of an aligned passage, and its character spans.

A passage is ``verbatim`` when its normalised tokens are identical on both sides, otherwise
``edited``; the score is difflib's ratio of the two token lists (1.0 for verbatim). Very long
passages are scored from their seed coverage instead, so one huge article costs linear time.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from desktop.core.overlap.align import Passage
from desktop.core.overlap.normalize import Tokens
from desktop.core.overlap.types import LinkKind

MAX_DIFF_TOKENS = 4000
_TRAIL = set('.,;:!?…"”’\')]»')
_LEAD = set('"“‘\'(«')


def classify(p: Passage, ta: Tokens, tb: Tokens) -> tuple[LinkKind, float]:
    a, b = ta.norms[p.a0:p.a1], tb.norms[p.b0:p.b1]
    if a == b:
        return LinkKind.VERBATIM, 1.0
    if len(a) + len(b) > 2 * MAX_DIFF_TOKENS:
        return LinkKind.EDITED, round(min(1.0, 2 * p.matched / (len(a) + len(b))), 4)
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    return LinkKind.EDITED, round(ratio, 4)


def char_span(text: str, tokens: Tokens, t0: int, t1: int) -> tuple[int, int]:
    """Clean-text span of tokens [t0, t1), with an opening quote and closing punctuation."""
    start, end = tokens.starts[t0], tokens.ends[t1 - 1]
    if start > 0 and text[start - 1] in _LEAD:
        start -= 1
    while end < len(text) and text[end] in _TRAIL and end - tokens.ends[t1 - 1] < 3:
        end += 1
    return start, end


def word_diff(text_a: str, text_b: str) -> list[tuple[str, str, str]]:
    """Word-level difference of two passages as (op, words of A, words of B), op one of
    equal / delete / insert / replace. Words compare with quote style and case ignored, so
    real edits ("U.S." to "US", "Organization" to "Organisation", "Mr" added) show."""
    a, b = text_a.split(), text_b.split()
    ka, kb = [_key(w) for w in a], [_key(w) for w in b]
    out: list[tuple[str, str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        out.append((op, " ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return out


def _key(word: str) -> str:
    return word.translate(_QUOTES).lower()


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})
