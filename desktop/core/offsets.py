"""The exact map between an article's clean text and its source text.

Cleanup (text.py) copies, replaces, drops and inserts characters. Every clean character belongs
to exactly one *run*; a run says which stretch of the source text it stands for:

* a copy run: ``clean_len == src_len`` and clean[i] == source[j] character for character;
* a replace run: ``clean_len`` clean characters stand for ``src_len`` source characters
  (``"\\n "`` -> ``" "``, an inserted paragraph break has ``src_len == 0``).

Source characters that fall between two runs were dropped (a hyphen-newline, say). Runs are
contiguous over the clean text and monotone over the source text, so any clean span maps to one
source span and back. Everything drawn on an article is a clean span; the CLI, exports and
annotations speak in source offsets through this map.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    clean_start: int
    clean_len: int
    src_start: int
    src_len: int

    @property
    def is_copy(self) -> bool:
        return self.clean_len == self.src_len


class OffsetMap:
    """Immutable run table; build one with :class:`OffsetMapBuilder`."""

    __slots__ = ("_cl", "_cs", "_sl", "_ss", "clean_len", "src_len")

    def __init__(self, runs: array, clean_len: int, src_len: int) -> None:
        # runs is a flat array: clean_start, clean_len, src_start, src_len, ...
        self._cs = runs[0::4]
        self._cl = runs[1::4]
        self._ss = runs[2::4]
        self._sl = runs[3::4]
        self.clean_len = clean_len
        self.src_len = src_len

    # -- queries -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._cs)

    def runs(self) -> Iterator[Run]:
        for i in range(len(self._cs)):
            yield Run(self._cs[i], self._cl[i], self._ss[i], self._sl[i])

    def _run_of_char(self, pos: int) -> int:
        return bisect_right(self._cs, pos) - 1

    def to_source_start(self, pos: int) -> int:
        """Source offset where the clean character at ``pos`` begins."""
        if pos >= self.clean_len:
            return self.src_len
        i = self._run_of_char(max(pos, 0))
        if self._cl[i] == self._sl[i]:
            return self._ss[i] + (pos - self._cs[i])
        return self._ss[i]

    def to_source_end(self, pos: int) -> int:
        """Source offset where the clean text up to (excluding) ``pos`` ends."""
        if pos <= 0:
            return self.to_source_start(0) if self.clean_len else 0
        pos = min(pos, self.clean_len)
        i = self._run_of_char(pos - 1)
        if self._cl[i] == self._sl[i]:
            return self._ss[i] + (pos - self._cs[i])
        return self._ss[i] + self._sl[i]

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the clean span [start, end) to the smallest source span that covers it."""
        if end <= start:
            s = self.to_source_start(start)
            return s, s
        return self.to_source_start(start), self.to_source_end(end)

    def to_clean(self, src_pos: int) -> int:
        """Clean offset of the source offset ``src_pos`` (a boundary, not a character)."""
        if src_pos <= 0 or not self._ss:
            return 0
        if src_pos >= self.src_len:
            return self.clean_len
        i = bisect_right(self._ss, src_pos) - 1
        if i < 0:
            return 0
        end = self._ss[i] + self._sl[i]
        if src_pos >= end:  # in a dropped stretch after run i
            return self._cs[i] + self._cl[i]
        if self._cl[i] == self._sl[i]:
            return self._cs[i] + (src_pos - self._ss[i])
        return self._cs[i] if src_pos == self._ss[i] else self._cs[i] + self._cl[i]

    def span_to_clean(self, start: int, end: int) -> tuple[int, int]:
        """Map a source span to the clean span it covers (may be empty)."""
        s, e = self.to_clean(start), self.to_clean(end)
        return s, max(s, e)

    # -- storage ------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        flat = array("q", [self.clean_len, self.src_len])
        for i in range(len(self._cs)):
            flat.extend((self._cs[i], self._cl[i], self._ss[i], self._sl[i]))
        return zlib.compress(flat.tobytes(), 6)

    @classmethod
    def from_bytes(cls, blob: bytes) -> OffsetMap:
        flat = array("q")
        flat.frombytes(zlib.decompress(blob))
        return cls(flat[2:], flat[0], flat[1])

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        b = OffsetMapBuilder()
        b.copy(0, n)
        return b.build(n)


class OffsetMapBuilder:
    """Collects runs in clean-text order; adjacent copy runs are merged."""

    def __init__(self) -> None:
        self._runs = array("q")
        self._clean = 0
        self._src_hi = 0

    @property
    def clean_len(self) -> int:
        return self._clean

    def copy(self, src_start: int, n: int) -> None:
        """``n`` clean characters are source[src_start:src_start + n], unchanged."""
        if n <= 0:
            return
        self._check(src_start)
        r = self._runs
        if r and r[-3] == r[-1] and r[-2] + r[-1] == src_start:
            r[-3] += n
            r[-1] += n
        else:
            r.extend((self._clean, n, src_start, n))
        self._clean += n
        self._src_hi = src_start + n

    def replace(self, src_start: int, src_len: int, clean_len: int) -> None:
        """``clean_len`` clean characters stand for source[src_start:src_start + src_len]."""
        if clean_len <= 0:
            self._check(src_start)
            self._src_hi = src_start + src_len
            return
        self._check(src_start)
        self._runs.extend((self._clean, clean_len, src_start, src_len))
        self._clean += clean_len
        self._src_hi = src_start + src_len

    def insert(self, src_pos: int, clean_len: int) -> None:
        """``clean_len`` synthetic clean characters (e.g. a restored paragraph break)."""
        self.replace(src_pos, 0, clean_len)

    def _check(self, src_start: int) -> None:
        if src_start < self._src_hi:
            raise ValueError(f"offset map must be monotone: {src_start} < {self._src_hi}")

    def build(self, src_len: int) -> OffsetMap:
        if self._src_hi > src_len:
            raise ValueError("offset map runs past the end of the source text")
        return OffsetMap(self._runs, self._clean, src_len)


def compose(inner: OffsetMap, outer: OffsetMap) -> OffsetMap:
    """Chain two maps: ``inner`` maps clean -> intermediate, ``outer`` intermediate -> source.

    The result maps clean -> source. A clean character copied from an intermediate character
    that was itself copied stays a one-to-one copy; anything that touches a replace run on
    either side becomes a replace run over the source stretch it stands for. Pieces whose
    source stretches overlap (several clean runs inside one outer replace run) are merged,
    so the result is always monotone.
    """
    if inner.src_len != outer.clean_len:
        raise ValueError(
            f"cannot compose: inner map covers {inner.src_len} characters, "
            f"outer map {outer.clean_len}"
        )
    oruns = list(outer.runs())
    ostarts = [r.clean_start for r in oruns]
    b = OffsetMapBuilder()
    # the pending piece: [clean_len, src_lo, src_hi, is_copy]
    pend: list[int] | None = None
    flushed_hi = 0

    def flush() -> None:
        nonlocal pend, flushed_hi
        if pend is None:
            return
        n, lo, hi, is_copy = pend
        lo = max(lo, flushed_hi)  # defensive: never break monotonicity
        hi = max(hi, lo)
        if is_copy and hi - lo == n:
            b.copy(lo, n)
        else:
            b.replace(lo, hi - lo, n)
        flushed_hi = max(flushed_hi, hi)
        pend = None

    def piece(n: int, lo: int, hi: int, is_copy: bool) -> None:
        nonlocal pend
        if n <= 0:
            return
        if pend is not None and lo < pend[2]:
            pend = [pend[0] + n, min(pend[1], lo), max(pend[2], hi), 0]
            return
        flush()
        pend = [n, lo, hi, 1 if is_copy else 0]

    for r in inner.runs():
        a, end = r.src_start, r.src_start + r.src_len
        if r.is_copy:
            k = bisect_right(ostarts, a) - 1
            while a < end:
                q = oruns[k]
                qend = q.clean_start + q.clean_len
                take = min(end, qend) - a
                if take <= 0:
                    k += 1
                    continue
                if q.is_copy:
                    s = q.src_start + (a - q.clean_start)
                    piece(take, s, s + take, True)
                else:
                    piece(take, q.src_start, q.src_start + q.src_len, False)
                a += take
                k += 1
        elif r.src_len > 0:
            lo, hi = outer.span_to_source(a, end)
            piece(r.clean_len, lo, hi, False)
        else:  # inserted clean characters
            k = bisect_right(ostarts, a) - 1
            if k >= 0:
                q = oruns[k]
                if not q.is_copy and q.clean_start < a < q.clean_start + q.clean_len:
                    piece(r.clean_len, q.src_start, q.src_start + q.src_len, False)
                    continue
            pos = outer.to_source_start(a)
            piece(r.clean_len, pos, pos, False)
    flush()
    return b.build(outer.src_len)
