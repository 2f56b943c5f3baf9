"""Kind and score of an aligned passage, and its character spans.

A passage is ``verbatim`` when its normalised tokens are identical on both sides, otherwise
``edited``; the score is difflib's ratio of the two token lists (1.0 for verbatim). Very long
passages are scored from their seed coverage instead, so one huge article costs linear time.

An edited passage whose edits put other facts in several places, a name for another name
among them, is a template filled in twice, not reuse (``filled_template``): two race reports
of one series ("won the … 500 held at Phoenix International Raceway in Avondale, Arizona" /
"… at Bristol Motor Speedway in Bristol, Tennessee"), the next-race line of two columns. A
wire update changing its figures and its day (a toll, a time) is still edited reuse: it
swaps no name.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from desktop.core.model import Span
from desktop.core.overlap.align import Passage
from desktop.core.overlap.normalize import Tokens
from desktop.core.overlap.types import Link, LinkEnd, LinkKind
from desktop.core.words import fold

MAX_DIFF_TOKENS = 4000
_TRAIL = set('.,;:!?…"”’\')]»')
_LEAD = set('"“‘\'(«')


SWAP_WORDS = 4  # a swapped name is at most this many words on each side
TEMPLATE_SWAPS = 3  # facts swapped for other facts that make a passage a filled-in template
_CALENDAR = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december"))


def classify(p: Passage, ta: Tokens, tb: Tokens) -> tuple[LinkKind, float]:
    a, b = ta.norms[p.a0:p.a1], tb.norms[p.b0:p.b1]
    if a == b:
        return LinkKind.VERBATIM, 1.0
    if len(a) + len(b) > 2 * MAX_DIFF_TOKENS:
        return LinkKind.EDITED, round(min(1.0, 2 * p.matched / (len(a) + len(b))), 4)
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    return LinkKind.EDITED, round(ratio, 4)


def filled_template(p: Passage, text_a: str, ta: Tokens, text_b: str, tb: Tokens) -> bool:
    """Do the edits of an edited passage swap facts for other facts in ``TEMPLATE_SWAPS``
    places or more, one of them a name for another name? A swap is a short run of words
    holding a name or a figure on both sides."""
    a, b = ta.norms[p.a0:p.a1], tb.norms[p.b0:p.b1]
    if len(a) + len(b) > 2 * MAX_DIFF_TOKENS:
        return False
    swaps = names = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "replace" or i2 - i1 > SWAP_WORDS or j2 - j1 > SWAP_WORDS:
            continue
        name_a = _has_name(text_a, ta, p.a0 + i1, p.a0 + i2)
        name_b = _has_name(text_b, tb, p.b0 + j1, p.b0 + j2)
        if (name_a or _has_figure(a[i1:i2])) and (name_b or _has_figure(b[j1:j2])):
            swaps += 1
            names += name_a and name_b
    return swaps >= TEMPLATE_SWAPS and names >= 1


def _has_figure(norms: list[str]) -> bool:
    return any(any(c.isdigit() for c in w) for w in norms)


def _has_name(text: str, tokens: Tokens, t0: int, t1: int) -> bool:
    """A capitalised word inside a sentence (not a figure, not a day or month)."""
    for t in range(t0, t1):
        start = tokens.starts[t]
        if not text[start:start + 1].isupper() or tokens.norms[t] in _CALENDAR:
            continue
        k = start - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        if k >= 0 and text[k] not in '.!?"“:':
            return True
    return False


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
    ka, kb = [fold(w) for w in a], [fold(w) for w in b]
    out: list[tuple[str, str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        out.append((op, " ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return out




MERGE_GAP = 300  # characters between two pieces of one reworked paragraph


def merge_reordered(links: list[Link], blocks_a: Sequence[Span], blocks_b: Sequence[Span]) -> list[Link]:
    """One link per passage: pieces of one paragraph reused in another order (a rewrite that
    moved its sentences) become one link over the union of each side. Pieces merge when their
    ends sit in one block on each side, no more than ``MERGE_GAP`` characters apart on both;
    the merged kind is edited (a paraphrase when every piece is one)."""
    def block_of(blocks: Sequence[Span], start: int, end: int) -> int:
        for n, b in enumerate(blocks):
            if b.start <= start and end <= b.end:
                return n
        return -1

    keyed = [(block_of(blocks_a, k.a.start, k.a.end), block_of(blocks_b, k.b.start, k.b.end), k)
             for k in links]
    groups: list[list[Link]] = []
    for ba, bb, k in sorted(keyed, key=lambda t: (t[0], t[1], t[2].a.start)):
        last = groups[-1] if groups else None
        if (last is not None and ba >= 0 and bb >= 0 and (ba, bb) == _group_blocks(last, blocks_a, blocks_b)
                and _near(last, k)):
            last.append(k)
        else:
            groups.append([k])
    out = []
    for g in groups:
        if len(g) == 1:
            out.append(g[0])
            continue
        a0, a1 = min(k.a.start for k in g), max(k.a.end for k in g)
        b0, b1 = min(k.b.start for k in g), max(k.b.end for k in g)
        size = sum(k.a.end - k.a.start for k in g)
        score = round(sum(k.score * (k.a.end - k.a.start) for k in g) / max(1, size), 4)
        kind = LinkKind.PARAPHRASE if all(k.kind == LinkKind.PARAPHRASE for k in g) else LinkKind.EDITED
        out.append(Link(LinkEnd(g[0].a.doc, a0, a1), LinkEnd(g[0].b.doc, b0, b1), kind, score))
    return sorted(out, key=lambda k: (k.a.start, k.b.start))


def _group_blocks(group: list[Link], blocks_a: Sequence[Span], blocks_b: Sequence[Span]) -> tuple[int, int]:
    k = group[0]
    for n, b in enumerate(blocks_a):
        if b.start <= k.a.start and k.a.end <= b.end:
            for m, c in enumerate(blocks_b):
                if c.start <= k.b.start and k.b.end <= c.end:
                    return n, m
    return -1, -1


def _near(group: list[Link], k: Link) -> bool:
    a0, a1 = min(x.a.start for x in group), max(x.a.end for x in group)
    b0, b1 = min(x.b.start for x in group), max(x.b.end for x in group)
    return (k.a.start - a1 <= MERGE_GAP and a0 - k.a.end <= MERGE_GAP
            and k.b.start - b1 <= MERGE_GAP and b0 - k.b.end <= MERGE_GAP)
