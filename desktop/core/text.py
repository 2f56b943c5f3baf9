"""Cleanup of article text with an exact offset map (PLACEHOLDER until the real cleanup lands).

``clean(text)`` returns the clean text, its map back to ``text`` and the block spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.core.model import BlockKind, CleanText, Span, SpanKind
from desktop.core.offsets import OffsetMapBuilder

_PARA = re.compile(r"\n[ \t]*\n\s*")


def clean(
    text: str, *, block_hints: Sequence[tuple[int, int, BlockKind]] = ()
) -> CleanText:
    b = OffsetMapBuilder()
    out: list[str] = []
    blocks: list[Span] = []
    pos = 0
    for m in list(_PARA.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        para = text[pos:end]
        lead = len(para) - len(para.lstrip())
        body = para.strip()
        if body:
            if out:
                b.insert(pos, 2)
                out.append("\n\n")
            start = b.clean_len
            b.copy(pos + lead, len(body))
            out.append(body)
            blocks.append(Span(start, b.clean_len, SpanKind.BLOCK, BlockKind.PARAGRAPH))
        pos = m.end() if m else len(text)
    return CleanText("".join(out), b.build(len(text)), tuple(blocks), None)
