"""Cutting one block of an article into runs that carry the same marks, for the exporters.

Marks overlap freely (a highlight across two entities, a link end inside a highlight); every
exporter walks the same runs and nests its markup link > highlight > entity.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from desktop.core.export.spans import ArticleMarks, EntityMark, HighlightMark, LinkMark
from desktop.core.model import Span


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    highlights: tuple[HighlightMark, ...]  # covering this run, in start order
    entity: EntityMark | None
    link: LinkMark | None
    ending: tuple[HighlightMark, ...]  # highlights whose last run this is


def block_runs(marks: ArticleMarks) -> Iterator[tuple[Span, list[Segment]]]:
    """Each block with its runs; a mark ending in a gap between blocks ends in the block before."""
    blocks = marks.blocks
    for i, block in enumerate(blocks):
        limit = blocks[i + 1].start if i + 1 < len(blocks) else 1 << 62
        yield block, segments(block, marks, limit)


def segments(block: Span, marks: ArticleMarks, limit: int) -> list[Segment]:
    lo, hi = block.start, block.end

    def inside(items: tuple) -> list:
        return [m for m in items if m.start < hi and m.end > lo]

    highlights: list[HighlightMark] = inside(marks.highlights)
    entities: list[EntityMark] = inside(marks.entities)
    links: list[LinkMark] = inside(marks.links)
    cuts = {lo, hi}
    for start, end in ([(m.start, m.end) for m in highlights] + [(m.start, m.end) for m in entities]
                       + [(m.start, m.end) for m in links]):
        cuts.update(x for x in (start, end) if lo < x < hi)
    points = sorted(cuts)
    out = []
    for s, e in pairwise(points):
        active = tuple(h for h in highlights if h.start < e and h.end > s)
        ending = tuple(h for h in active if h.end <= e or (e == hi and h.end <= limit))
        entity = next((m for m in entities if m.start < e and m.end > s), None)
        link = next((m for m in links if m.start < e and m.end > s), None)
        out.append(Segment(s, e, active, entity, link, ending))
    return out
