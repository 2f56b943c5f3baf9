"""PDF page geometry -> lines in reading order, with running heads and page numbers found.

Input: per page, the text *segments* PDFium reports (a run of glyphs on one line with its
box; PDF coordinates, y grows upwards). Output: per page, :class:`Line` objects in reading
order, each knowing whether it starts a paragraph, is a running header/footer or page number,
or is margin text; and, inside a line, which segments are superscript markers.

Reading order
-------------
* Segments taller than wide (rotated margin text, "jbell on DSK… with PROPOSALS") are margin
  text: kept apart, never mixed into the body.
* **Columns**: the page's x-axis is covered by the segments narrower than 60 % of the text
  width; a gap in that coverage (at most 3 % of the densest coverage, at least 4 pt wide,
  between 15 % and 85 % of the width) is a gutter. Segments inside one column form lines
  there; segments crossing a gutter (a title, an abstract box, a full-width table) are
  full-width lines.
* Lines are read top to bottom; a full-width line closes a *band*; inside a band, column 1 is
  read to its end, then column 2 (then 3).

Lines and paragraphs
--------------------
Segments overlapping vertically by half of the smaller height join one line, ordered by x; a
gap wider than 15 % of the line height between two segments is a space. A segment smaller than
the line's type whose bottom stands raised above the line's baseline (under 80 % of the size
and 15 % up, or under 90 % and 30 % up), holding only digits, letters a-f, ``*†‡§`` or
commas, is a superscript (a footnote marker). A line starts a paragraph when
the vertical step from the previous line of its column exceeds 1.45 times the usual step, when
it is indented by more than 0.8 line heights, when its height changes by 25 % (a heading), or
when the previous line ended a sentence well short of the column's right edge.

Running heads
-------------
Among the (at most three) lines at the top and at the bottom of each page that a wider gap
than the usual line step separates from the body (within 12 % of the height from the edge),
or that stand in the outer 5 % of the height, a line whose text with digits replaced (or
each of whose pieces) repeats on three pages (two in a document of two or three pages) is a
running header/footer; a line that is only a page number
("12", "Page 3 of 10", "3/16", roman numerals) is dropped everywhere. A dateline printed on
the first page only is not repeated, so it stays.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

_SUPER = re.compile(r"[\d,*†‡§a-f]{1,4}")
_PAGE_NO = re.compile(
    r"(?i)(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]"
)
_SENT_END = re.compile(r"[.!?:\"”’)]$")


@dataclass
class Seg:
    x0: float
    y0: float  # bottom
    x1: float
    y1: float  # top
    text: str
    size: float = 0.0  # font size in points (0: unknown, the box height stands in)
    superscript: bool = False
    fixes: list[tuple[int, str]] = field(default_factory=list)  # ligature glyphs (pdf_repair)

    def __post_init__(self) -> None:
        if self.size < 3:  # unknown, or 1 pt scaled by the text matrix: the box height is better
            self.size = self.y1 - self.y0

    @property
    def h(self) -> float:
        return self.y1 - self.y0


@dataclass
class Line:
    segs: list[Seg]
    x0: float = 0.0
    x1: float = 0.0
    y0: float = 0.0
    y1: float = 0.0
    column: int = -1  # -1: full width
    para: bool = False  # starts a paragraph
    drop: str = ""  # why cleanup drops it: "header", "page-number", "margin" ("" kept)
    joins: list[bool] = field(default_factory=list)  # a space before segment i (i >= 1)
    h: float = 0.0  # the line's font size (the size most of its characters have)

    def finish(self) -> None:
        self.segs.sort(key=lambda s: s.x0)
        sizes = Counter(round(s.size, 1) for s in self.segs for _ in range(max(1, len(s.text))))
        self.h = sizes.most_common(1)[0][0]
        self.x0 = min(s.x0 for s in self.segs)
        self.x1 = max(s.x1 for s in self.segs)
        self.y0 = min(s.y0 for s in self.segs)
        self.y1 = max(s.y1 for s in self.segs)
        size = self.h
        base = _baseline(self.segs, size)
        for s in self.segs:
            s.superscript = (len(self.segs) > 1 and _raised_small(s, base, size)
                             and _SUPER.fullmatch(s.text.strip()) is not None)
        self.joins = [False]
        for a, b in pairwise(self.segs):
            gap = b.x0 - a.x1
            self.joins.append(gap > 0.15 * size and not a.text.endswith(" ") and not b.text.startswith(" "))

    @property
    def text(self) -> str:
        return "".join((" " if j else "") + s.text for s, j in zip(self.segs, self.joins, strict=True))


def _baseline(segs: list[Seg], size: float) -> float:
    """The line's baseline: the median bottom of its characters in the line's own size (a
    line of three authors each with a footnote marker has as many raised segments as level
    ones, so the median of the segments would stand between the two)."""
    level = [s.y0 for s in segs if abs(s.size - size) <= 0.1 * size for _ in range(len(s.text))]
    return statistics.median(level or [s.y0 for s in segs])


def _raised_small(s: Seg, base: float, size: float) -> bool:
    """Set as a superscript: smaller than the line's type and raised above its baseline; the
    higher it stands, the less it needs to shrink (word processors set markers at 2/3 of the
    size, 1/3 up; some typesetters at 5/6 of the size, 3/4 up)."""
    rise = s.y0 - base
    return (s.size < 0.8 * size and rise > 0.15 * size) or (s.size < 0.9 * size and rise > 0.3 * size)


def _gutters(segs: list[Seg], left: float, right: float) -> list[tuple[float, float]]:
    width = right - left
    if width <= 0:
        return []
    bins = [0.0] * (int(width) + 1)
    for s in segs:
        if s.x1 - s.x0 > 0.6 * width:
            continue
        for x in range(max(0, int(s.x0 - left)), min(len(bins), int(s.x1 - left) + 1)):
            bins[x] += s.h
    top = max(bins) if bins else 0.0
    if top <= 0:
        return []
    runs: list[tuple[int, int]] = []
    start = None
    lo, hi = int(0.15 * width), int(0.85 * width)
    for x in range(lo, hi + 1):
        empty = bins[x] <= 0.03 * top
        if empty and start is None:
            start = x
        elif not empty and start is not None:
            if x - start >= 4:
                runs.append((start, x))
            start = None
    if start is not None and hi + 1 - start >= 4:
        runs.append((start, hi + 1))
    total = sum(bins)
    out: list[tuple[float, float]] = []
    for a, b in runs:  # a gutter has columns of text on both sides, not a page number
        if sum(bins[:a]) >= 0.15 * total and sum(bins[b:]) >= 0.15 * total:
            out.append((left + a, left + b))
    return out


def _group_lines(segs: list[Seg]) -> list[Line]:
    lines: list[Line] = []
    for s in sorted(segs, key=lambda s: (-s.y1, s.x0)):
        for line in reversed(lines[-4:]):
            lo, hi = max(line.y0, s.y0), min(line.y1, s.y1)
            if hi - lo >= 0.5 * min(s.h, line.y1 - line.y0):
                line.segs.append(s)
                line.y0, line.y1 = min(line.y0, s.y0), max(line.y1, s.y1)
                break
        else:
            lines.append(Line([s], s.x0, s.x1, s.y0, s.y1))
    for line in lines:
        line.finish()
    return lines


def order_page(segs: list[Seg]) -> list[Line]:
    """The lines of one page in reading order (margin text last, flagged)."""
    body = [s for s in segs if s.text.strip() and not (s.x1 - s.x0 < 0.5 * s.h and len(s.text.strip()) > 2)]
    margin = [s for s in segs if s.text.strip() and s not in body]
    if not body:
        return _margin_lines(margin)
    left, right = min(s.x0 for s in body), max(s.x1 for s in body)
    gutters = _gutters(body, left, right)
    cols: dict[int, list[Seg]] = {}
    mids = [(g0 + g1) / 2 for g0, g1 in gutters]
    for s in body:
        crossing = any(s.x0 < m < s.x1 for m in mids)
        col = -1 if crossing else sum(1 for m in mids if s.x0 >= m)
        cols.setdefault(col, []).append(s)
    lines: list[Line] = []
    for col, col_segs in cols.items():
        for line in _group_lines(col_segs):
            line.column = col
            lines.append(line)
    lines = _merge_across(lines)
    lines.sort(key=lambda ln: -ln.y1)
    ordered: list[Line] = []
    band: list[Line] = []
    for line in lines:
        if line.column < 0:
            ordered += sorted(band, key=lambda ln: (ln.column, -ln.y1))
            band = []
            ordered.append(line)
        else:
            band.append(line)
    ordered += sorted(band, key=lambda ln: (ln.column, -ln.y1))
    _paragraphs(ordered)
    return ordered + _margin_lines(margin)


def _merge_across(lines: list[Line]) -> list[Line]:
    """Pieces of one printed line that the gutters cut apart ("{New York} | SUN, SUNDAY…":
    a dateline across both columns) are one full-width line again: same height, and the gap
    between them no wider than a word space can stretch (0.8 font sizes; gutters are wider)."""
    lines = sorted(lines, key=lambda ln: ln.x0)
    out: list[Line] = []
    for ln in lines:
        for other in out:
            lo, hi = max(other.y0, ln.y0), min(other.y1, ln.y1)
            size = max(ln.h, other.h)
            if (hi - lo >= 0.5 * min(ln.y1 - ln.y0, other.y1 - other.y0) and other.column != ln.column
                    and 0 <= ln.x0 - other.x1 < 0.8 * size):
                other.segs += ln.segs
                other.column = -1
                other.finish()
                break
        else:
            out.append(ln)
    return out


def _margin_lines(segs: list[Seg]) -> list[Line]:
    out = []
    for s in segs:
        line = Line([s])
        line.finish()
        line.drop, line.para = "margin", True
        out.append(line)
    return out


def _paragraphs(lines: list[Line]) -> None:
    steps = [a.y1 - b.y1 for a, b in pairwise(lines)
             if a.column == b.column and 0 < a.y1 - b.y1 < 3 * a.h]
    step = statistics.median(steps) if steps else 0.0
    col_x0: dict[int, float] = {}
    col_x1: dict[int, float] = {}
    for ln in lines:
        col_x0[ln.column] = min(col_x0.get(ln.column, ln.x0), ln.x0)
        col_x1[ln.column] = max(col_x1.get(ln.column, ln.x1), ln.x1)
    prev: Line | None = None
    for ln in lines:
        if prev is None or prev.column != ln.column:
            ln.para = True
        else:
            h = ln.h
            gap = prev.y1 - ln.y1
            ln.para = (
                (step > 0 and gap > 1.45 * step)
                or gap < 0
                or ln.x0 - col_x0[ln.column] > 0.8 * h
                or abs(ln.h - prev.h) > 0.25 * max(ln.h, prev.h)
                or (_SENT_END.search(prev.text.rstrip()) is not None
                    and prev.x1 < col_x1[ln.column] - 0.15 * (col_x1[ln.column] - col_x0[ln.column]))
            )
        prev = ln


def _close(upper: Line, lower: Line) -> bool:
    """Two lines of large type that follow each other closely (the space between their boxes
    under half the type's size, and the step from top to top under 1.5 sizes): one title set
    over several lines, not a label above it."""
    size = min(upper.h, lower.h)
    return 0 <= upper.y0 - lower.y1 < 0.5 * size and upper.y1 - lower.y1 < 1.5 * size


def join_titles(pages: list[list[Line]]) -> None:
    """Lines of large type (over 1.4 times the median size of the document's lines) that follow each other
    closely in one column, in the same size, are one paragraph: a title over several lines.
    The paragraph rule of a page judges steps by the body's line step, and large type is set
    on a larger one, so each line of a title was a paragraph of its own."""
    sizes = [ln.h for lines in pages for ln in lines if not ln.drop]
    if not sizes:
        return
    body = statistics.median(sizes)
    for lines in pages:
        for prev, ln in pairwise(lines):
            if (ln.para and not ln.drop and not prev.drop and prev.column == ln.column
                    and min(prev.h, ln.h) > 1.4 * body and abs(prev.h - ln.h) <= 0.05 * ln.h
                    and _close(prev, ln)):
                ln.para = False


def _above_gap(lines: list[Line]) -> list[Line]:
    """The (at most three) lines at one edge of a page that a wider gap than the usual line
    step separates from the rest: a running head stands apart from the body."""
    steps = [abs(a.y1 - b.y1) for a, b in pairwise(lines)]
    usual = statistics.median(steps) if steps else 0.0
    for k, gap in enumerate(steps[:3]):
        if gap > 1.3 * usual:
            return lines[: k + 1]
    return lines[:1] if len(lines) == 1 else []


def _piece_signatures(line: Line) -> list[str]:
    """Signatures of a line's segments that hold words (page numbers aside)."""
    return [_signature(s.text) for s in line.segs if sum(c.isalpha() for c in s.text) >= 3]


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def mark_running_heads(pages: list[list[Line]], heights: list[float]) -> None:
    """Flag running headers/footers and page numbers (see the module docstring)."""
    candidates: list[list[Line]] = []
    for lines, height in zip(pages, heights, strict=True):
        body = [ln for ln in lines if not ln.drop]
        by_top = sorted(body, key=lambda ln: -ln.y1)
        top = [ln for ln in by_top[:3] if ln.y0 >= 0.95 * height]  # in the outer margin band
        bottom = [ln for ln in by_top[-3:] if ln.y1 <= 0.05 * height]
        edge = [ln for ln in _above_gap(by_top) if ln.y1 >= 0.88 * height]
        edge += [ln for ln in _above_gap(by_top[::-1]) if ln.y0 <= 0.12 * height]
        edge = list({id(ln): ln for ln in top + bottom + edge}.values())
        candidates.append(edge)
    counts: Counter[str] = Counter()
    for edge in candidates:  # each page counts once for a line's text and its pieces' texts
        counts.update({sig for ln in edge for sig in (_signature(ln.text), *_piece_signatures(ln))})
    need = 3 if len(pages) > 3 else 2
    for edge in candidates:
        for ln in edge:
            text = ln.text.strip()
            pieces = _piece_signatures(ln)
            if _PAGE_NO.fullmatch(text):
                ln.drop = "page-number"
            elif len(pages) > 1 and (counts[_signature(text)] >= need
                                     or (pieces and all(counts[p] >= need for p in pieces))):
                ln.drop = "header"  # ("Federal Register" | "/ Vol. 85…" one page, one line the next)


def headline(lines: list[Line]) -> str:
    """The headline of a page (the first): its largest type, when that is clearly larger than
    the body's (1.2 times the size most of its characters have), read as one title.

    Lines of that size that follow each other closely (a gap under half the size) are one
    block; when there are several blocks (a label such as "Research Article" above the
    title), the one with the most characters is the headline. "" when the page has no type
    larger than its body, or when the largest is not words (a drop cap, a big page number).
    This is what title finders for PDFs do (the largest font on the first page); the
    document's own Title property wins when it names something (pdf_extract.py).
    """
    kept = [ln for ln in lines if not ln.drop and sum(c.isalpha() for c in ln.text) >= 2]
    if not kept:
        return ""
    sizes: Counter[float] = Counter()
    for ln in kept:
        sizes[ln.h] += len(ln.text)
    body = sizes.most_common(1)[0][0]
    top = max(ln.h for ln in kept)
    if top < 1.2 * body:
        return ""
    blocks: list[list[Line]] = []
    prev: Line | None = None
    for ln in kept:
        if abs(ln.h - top) > 0.05 * top:
            prev = None
            continue
        if prev is None or not _close(prev, ln):
            blocks.append([])
        blocks[-1].append(ln)
        prev = ln
    best = max(blocks, key=lambda b: sum(len(ln.text.strip()) for ln in b))
    text = ""
    for ln in best:
        part = " ".join(ln.text.split())
        text = text + part if text.endswith("-") else f"{text} {part}".strip()
    letters = sum(c.isalpha() for c in text)
    return text if letters >= 4 and len(text) <= 300 else ""
