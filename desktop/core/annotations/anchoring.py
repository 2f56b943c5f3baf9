"""Anchoring: selectors from a clean-text span, and finding them again in a changed text.

Selectors speak the SOURCE text (the file as read), as W3C Web Annotation does: the quote is
``source[start:end]`` with about 32 characters of context either side. Re-attaching a quote to
a (possibly corrected) text tries, in order:

1. the recorded position, when the text there is still the quote;
2. every exact occurrence of the quote, scored by matching prefix/suffix context, then by
   nearness to the old position;
3. a fuzzy match: approximate substring search (semi-global edit distance, computed by edlib's
   bit-parallel Myers algorithm in C) over the text, or for long texts in windows around seeds
   (pieces of the quote found verbatim, and the old position), accepted when at most a quarter
   of the quote's characters differ;
4. otherwise nothing: the caller marks the annotation an orphan.

Bounded time: one fuzzy search costs about (characters searched) × (quote length) / 64 machine
words. Quotes up to MAX_FUZZY_QUOTE characters are aligned whole; a longer quote is placed by
its first and last HEAD_TAIL characters (each aligned the same way) when the text between them
is within a quarter of the quote's length, so no quote costs more than about
len(text) × MAX_FUZZY_QUOTE / 64 word operations (well under a second for a 10 MB article; a
200-annotation article re-anchors in milliseconds: docs/benchmarks.md). A quote longer than the
text can hold is not searched at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import edlib

from desktop.core.annotations.model import TextPosition, TextQuote
from desktop.core.intervals import union
from desktop.core.model import Document

CONTEXT = 32
MAX_ERROR = 0.25  # share of the quote's length that may differ in a fuzzy match
CONTEXT_PROBE = 12  # characters of prefix/suffix looked for just beyond a fuzzy match
MAX_EXACT_HITS = 200
MAX_FULL_SCAN = 20_000_000  # text length × quote length above which only windows are scanned
MAX_FUZZY_QUOTE = 2_000  # longer quotes are placed by their head and tail
HEAD_TAIL = 500


@dataclass(frozen=True)
class Anchor:
    quote: TextQuote
    position: TextPosition
    how: str  # "position" | "exact" | "fuzzy"


def selectors_at(source: str, start: int, end: int) -> tuple[TextQuote, TextPosition]:
    """The quote and position selectors of the source span [start, end)."""
    quote = TextQuote(source[start:end], source[max(0, start - CONTEXT):start],
                      source[end:end + CONTEXT])
    return quote, TextPosition(start, end)


def selectors_for_clean(doc: Document, start: int, end: int) -> tuple[TextQuote, TextPosition]:
    """Selectors for a clean-text span of ``doc`` (what the reader selects)."""
    src_start, src_end = doc.clean.offsets.span_to_source(start, end)
    return selectors_at(doc.source_text, src_start, src_end)


def clean_span(doc: Document, position: TextPosition) -> tuple[int, int]:
    return doc.clean.offsets.span_to_clean(position.start, position.end)


def find_in_clean(doc: Document, text: str) -> tuple[int, int] | None:
    """Where ``text`` (as a user types it: whitespace loose) first occurs in the clean text."""
    words = text.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, doc.clean.text) or re.search(pattern, doc.clean.text, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def reattach(source: str, quote: TextQuote, old: TextPosition) -> Anchor | None:
    """Find the quote in ``source``; None when it cannot be placed (an orphan)."""
    exact = quote.exact
    if not exact:
        return None
    if source[old.start:old.end] == exact:
        return Anchor(*selectors_at(source, old.start, old.end), "position")
    hit = _best_exact(source, quote, old.start)
    if hit is not None:
        return Anchor(*selectors_at(source, hit, hit + len(exact)), "exact")
    fuzzy = _fuzzy(source, quote, old.start)
    if fuzzy is not None:
        return Anchor(*selectors_at(source, *fuzzy), "fuzzy")
    return None


def _context_score(source: str, quote: TextQuote, start: int) -> int:
    """How many characters of prefix (backwards) and suffix (forwards) agree at ``start``."""
    before = source[max(0, start - len(quote.prefix)):start]
    after = source[start + len(quote.exact):start + len(quote.exact) + len(quote.suffix)]
    score = 0
    for a, b in zip(reversed(before), reversed(quote.prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, quote.suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def _best_exact(source: str, quote: TextQuote, near: int) -> int | None:
    hits: list[int] = []
    pos = source.find(quote.exact)
    while pos >= 0 and len(hits) < MAX_EXACT_HITS:
        hits.append(pos)
        pos = source.find(quote.exact, pos + 1)
    if not hits:
        return None
    return max(hits, key=lambda h: (_context_score(source, quote, h), -abs(h - near)))


def _seeds(source: str, exact: str, near: int) -> list[int]:
    """Likely start positions of the quote: verbatim pieces of it, and the old position."""
    m = len(exact)
    piece = max(8, min(24, m // 4))
    seeds = [near]
    for offset in range(0, max(1, m - piece + 1), max(1, piece)):
        chunk = exact[offset:offset + piece]
        pos, found = source.find(chunk), 0
        while pos >= 0 and found < 5:
            seeds.append(pos - offset)
            found += 1
            pos = source.find(chunk, pos + 1)
    return sorted(set(seeds))


def _fuzzy(source: str, quote: TextQuote, near: int) -> tuple[int, int] | None:
    exact = quote.exact
    m = len(exact)
    limit = int(m * MAX_ERROR)
    if m - limit > len(source):
        return None  # the text is too short to hold it
    if m > MAX_FUZZY_QUOTE:
        return _fuzzy_long(source, quote, near)
    best = _align(source, exact, near, limit)
    if best is None or best[1] <= best[0]:
        return None
    start, end = _snap(source, best[0], best[1], quote, max(2, limit))
    return _to_context(source, start, end, quote, max(2, limit))


def _align(source: str, exact: str, near: int, limit: int) -> tuple[int, int] | None:
    """The best approximate occurrence of ``exact`` with at most ``limit`` edits: fewest
    edits, then nearest to ``near``, then the longest from one start."""
    m = len(exact)
    if len(source) * m <= MAX_FULL_SCAN:
        windows = [(0, len(source))]
    else:
        slack = m // 2 + CONTEXT
        windows = union([(max(0, s - slack), min(len(source), s + m + slack))
                          for s in _seeds(source, exact, near)])
    best: tuple[int, int, int] | None = None  # (distance, start, end)
    for lo, hi in windows:
        found = _edlib(source, lo, hi, exact, limit)
        if found is None:
            continue
        dist, locations = found
        for start, end in locations:
            key = (dist, abs(start - near), -(end - start))
            if best is None or key < (best[0], abs(best[1] - near), -(best[2] - best[1])):
                best = (dist, start, end)
    return None if best is None else (best[1], best[2])


def _edlib(text: str, lo: int, hi: int, pattern: str, limit: int
           ) -> tuple[int, list[tuple[int, int]]] | None:
    """edlib infix ("HW") alignment of ``pattern`` in text[lo:hi]: (distance, [(start, end)])
    in text offsets, None above ``limit``. edlib takes at most 256 distinct symbols: text
    characters the pattern does not hold can never match, so they all become one symbol."""
    window = text[lo:hi]
    alphabet = set(pattern)
    if len(alphabet | set(window)) > 255:
        codes = {ch: chr(1 + i % 254) for i, ch in enumerate(sorted(alphabet))}
        other = chr(255)
        window = "".join(codes.get(ch, other) for ch in window)
        pattern = "".join(codes[ch] for ch in pattern)
    result = edlib.align(pattern, window, mode="HW", task="locations", k=limit)
    dist = result["editDistance"]
    if dist < 0:
        return None
    return dist, [(lo + s, lo + e + 1) for s, e in result["locations"] if s is not None]


def _fuzzy_long(source: str, quote: TextQuote, near: int) -> tuple[int, int] | None:
    """A long quote: its head and its tail placed fuzzily, the span between them taken when its
    length is within MAX_ERROR of the quote's (bounded: see the module's docstring)."""
    exact = quote.exact
    m = len(exact)
    head, tail = exact[:HEAD_TAIL], exact[-HEAD_TAIL:]
    h = _align(source, head, near, int(HEAD_TAIL * MAX_ERROR))
    if h is None:
        return None
    t = _align(source, tail, h[0] + m - HEAD_TAIL, int(HEAD_TAIL * MAX_ERROR))
    if t is None or t[1] <= h[0] or abs((t[1] - h[0]) - m) > m * MAX_ERROR:
        return None
    return h[0], t[1]


def _to_context(source: str, start: int, end: int, quote: TextQuote, reach: int) -> tuple[int, int]:
    """Where the quote's own suffix (prefix) stands just beyond the match, the match reaches it:
    an edit near the quote's edge can make a shorter alignment the cheapest one ("heavy guard"
    in "heavyadchf guard" aligns best as "heavyad")."""
    k = min(len(quote.suffix), CONTEXT_PROBE)
    if k:
        pos = source.find(quote.suffix[:k], end, end + reach + k)
        if pos != -1:
            end = pos
    k = min(len(quote.prefix), CONTEXT_PROBE)
    if k:
        pos = source.rfind(quote.prefix[-k:], max(0, start - reach - k), start)
        if pos != -1:
            start = pos + k
    return start, end


def _snap(source: str, start: int, end: int, quote: TextQuote, reach: int) -> tuple[int, int]:
    """A quote that began (ended) on a word boundary does so again: an edit at its edge can
    make the cheapest alignment start (end) inside a word."""
    if quote.exact[:1].isalnum() and not quote.prefix[-1:].isalnum():
        s = start
        while s > 0 and source[s - 1].isalnum() and start - s < reach:
            s -= 1
        if s == 0 or not source[s - 1].isalnum():
            start = s
    if quote.exact[-1:].isalnum() and not quote.suffix[:1].isalnum():
        e = end
        while e < len(source) and source[e].isalnum() and e - end < reach:
            e += 1
        if e == len(source) or not source[e].isalnum():
            end = e
    return start, end

