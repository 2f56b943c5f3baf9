"""HTML markup -> article text with an exact map back into the markup.

1. The markup is parsed into a light tree whose text leaves know their offsets (html_tree.py).
2. The tree is cut into blocks of text (html_blocks.py), each a list of exact ops.
3. A well-kept extractor (trafilatura by default) reads the same markup; the blocks whose text
   it returned are the article (html_choose.py). When it finds nothing, Parallax's own rules
   choose a root and drop boilerplate (html_rules.py). Either way, labels repeated in the
   page, advertisement labels, bylines and date lines are dropped, and the page's ``<h1>``
   is kept as the headline.
4. The kept blocks are written into an *intermediate* text: HTML whitespace runs become one
   space, blocks are separated by a paragraph break and character references become their
   characters. Every intermediate character is recorded in an
   :class:`~desktop.core.offsets.OffsetMap` to the markup, and ``block_hints`` mark headings,
   captions, embedded social posts and lines of lists and tables for
   :func:`desktop.core.text.clean`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.html_blocks import CELL, REF, SPACE, WORD, Block, segment
from desktop.core.html_choose import library_text, matched_blocks
from desktop.core.html_meta import page_metadata
from desktop.core.html_rules import headline_index, is_link_list, one_article, rule_blocks, tidy
from desktop.core.html_tree import parse
from desktop.core.model import BlockKind, Metadata
from desktop.core.offsets import OffsetMap, OffsetMapBuilder

Hint = tuple[int, int, BlockKind]


@dataclass(frozen=True)
class Extracted:
    """An intermediate text, its map into the source, hints for clean() and metadata."""

    text: str
    offsets: OffsetMap  # intermediate text -> source text
    hints: tuple[Hint, ...]
    meta: Metadata


def _emit(source: str, blocks: Sequence[Block], kept: Sequence[int],
          headline: int | None) -> tuple[str, OffsetMapBuilder, list[Hint]]:
    b = OffsetMapBuilder()
    out: list[str] = []
    hints: list[Hint] = []
    n = 0
    last_hint: object = None
    for i in kept:
        block = blocks[i]
        if n:
            b.insert(block.ops[0][1], 2)
            out.append("\n\n")
            n += 2
        start = n
        for kind, off, length, value in block.ops:
            if kind == WORD:
                b.copy(off, length)
                out.append(value)
                n += length
            elif kind in (REF, CELL):  # a character reference; " | " between two cells
                b.replace(off, length, len(value))
                out.append(value)
                n += len(value)
            elif kind == SPACE:
                if length == 1 and source[off] == " ":
                    b.copy(off, 1)
                else:
                    b.replace(off, length, 1)
                out.append(" ")
                n += 1
        hint = block.kind
        if hint == BlockKind.HEADLINE and i != headline:
            hint = BlockKind.SUBHEADING
        if hint is None and block.list_item:
            hint = BlockKind.LINE  # a list item or table row: one line, drawn as such
        if hint is not None:
            if hint == BlockKind.SOCIAL and hints and last_hint is block.hint_node:
                hints[-1] = (hints[-1][0], n, hint)  # one post, several paragraphs
            else:
                hints.append((start, n, hint))
            last_hint = block.hint_node
        else:
            last_hint = None
    return "".join(out), b, hints


def extract_html(source: str) -> Extracted:
    """Parse ``source`` (HTML markup) into article text mapped back into the markup."""
    doc = parse(source)
    blocks = segment(doc)
    found = library_text(source) if blocks else None
    kept = matched_blocks(blocks, found) if found else None
    if kept:  # two signals: what the library kept, minus what Parallax's rules call furniture
        kept = {i for i in kept
                if not (blocks[i].boiler or blocks[i].chrome or is_link_list(blocks[i]))} or kept
    if not kept:
        kept = rule_blocks(doc, blocks)
    kept = one_article(blocks, kept)
    head = headline_index(blocks, kept)
    if head is not None:
        kept.add(head)
    headline_text = blocks[head].text if head is not None else ""
    meta, authors = page_metadata(doc, headline_text)
    chosen = sorted(tidy(blocks, kept, head, authors))
    text, builder, hints = _emit(source, blocks, chosen, head)
    return Extracted(text=text, offsets=builder.build(len(source)), hints=tuple(hints), meta=meta)
