"""Cutting one block of an article into runs that carry the same marks, for the exporters.

Marks overlap freely (a highlight across two entities, a link end inside a highlight, two
shared passages over one sentence); every run carries all the marks covering it, and every
exporter nests its markup link > highlight > entity.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from desktop.core.marks import (
    ArticleMarks,
    BlockMark,
    EntityMark,
    HighlightMark,
    LinkMark,
    Mark,
    PageMark,
    page_breaks,
)


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    highlights: tuple[HighlightMark, ...]  # covering this run, in start order
    entities: tuple[EntityMark, ...]
    links: tuple[LinkMark, ...]
    ending: tuple[HighlightMark, ...]  # highlights whose last run this is


@dataclass(frozen=True)
class BlockRuns:
    block: BlockMark
    runs: list[Segment]
    page: PageMark | None  # a PDF page begins with this block (not the first page)


def block_runs(marks: ArticleMarks) -> Iterator[BlockRuns]:
    """Each block with its runs; a mark ending in a gap between blocks ends in the block before."""
    blocks = marks.blocks
    breaks = page_breaks(marks.pages, blocks)
    for i, block in enumerate(blocks):
        limit = blocks[i + 1].start if i + 1 < len(blocks) else 1 << 62
        yield BlockRuns(block, segments(block, marks, limit), breaks.get(block.start))


def segments(block: Mark, marks: ArticleMarks, limit: int) -> list[Segment]:
    lo, hi = block.start, block.end
    highlights = [m for m in marks.highlights if m.start < hi and m.end > lo]
    entities = [m for m in marks.entities if m.start < hi and m.end > lo]
    links = [m for m in marks.links if m.start < hi and m.end > lo]
    cuts = {lo, hi}
    for m in (*highlights, *entities, *links):
        cuts.update(x for x in (m.start, m.end) if lo < x < hi)
    out = []
    for s, e in pairwise(sorted(cuts)):
        active = tuple(h for h in highlights if h.start < e and h.end > s)
        ending = tuple(h for h in active if h.end <= e or (e == hi and h.end <= limit))
        out.append(Segment(s, e, active, tuple(m for m in entities if m.start < e and m.end > s),
                           tuple(m for m in links if m.start < e and m.end > s), ending))
    return out
