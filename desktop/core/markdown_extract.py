"""Markdown source -> article text with an exact map back into the Markdown.

The block structure comes from a CommonMark parser (markdown-it-py, with GFM tables): which
source lines make a heading (ATX ``#`` or setext ``===``/``---``), a paragraph, a list item,
a table row, a quotation or a code block. Markdown-it reports each block's source *lines*;
the characters inside a line are then taken by Parallax: container markers (``>``, ``-``,
``1.``, table pipes) are dropped, and inline markup (emphasis, code ticks, links, images,
escapes) is removed with every kept character copied, so the map stays exact.

Front matter (``---`` ... ``---`` with ``key: value`` lines) is read into metadata and left
out of the text. Headings get a block hint (the first is the headline); list items and table
rows are lines of their own (``BlockKind.LINE``), never joined into one paragraph. Hard
wraps inside paragraphs are left to :func:`desktop.core.text.clean`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from desktop.core.html_extract import Extracted, Hint
from desktop.core.html_meta import normalise_date
from desktop.core.markdown_inline import Writer
from desktop.core.model import BlockKind, Metadata

_FRONT_KEYS = {
    "title": "title", "headline": "title", "source": "source", "outlet": "source",
    "publisher": "source", "publication": "source", "site": "source", "date": "date",
    "published": "date", "url": "url", "link": "url", "canonical": "url", "author": "author",
    "authors": "author", "by": "author",
}
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_CELL_SEP = re.compile(r"[ \t]*(?<!\\)\|[ \t]*")


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _front_matter(text: str) -> tuple[int, Metadata]:
    """(offset where the body starts, metadata) for optional ``---`` front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return 0, Metadata()
    found: dict[str, str] = {}
    pos = len(lines[0])
    for line in lines[1:200]:
        pos += len(line)
        body = line.rstrip("\r\n").strip()
        if body in ("---", "..."):
            return pos, Metadata(
                title=found.get("title", ""), source=found.get("source", ""),
                date=normalise_date(found.get("date", "")), url=found.get("url", ""),
                author=found.get("author", ""),
            )
        key, sep, value = body.partition(":")
        field = _FRONT_KEYS.get(key.strip().lower())
        if sep and field and field not in found:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            found[field] = value
    return 0, Metadata()  # no closing line: not front matter


def _lines(source: str, start: int) -> list[tuple[int, int, int]]:
    """(start, end of content, end with the line break) of each body line."""
    out: list[tuple[int, int, int]] = []
    pos = start
    for m in _NEWLINE.finditer(source, start):
        out.append((pos, m.start(), m.end()))
        pos = m.end()
    if pos < len(source):
        out.append((pos, len(source), len(source)))
    return out


class _Blocks:
    """The intermediate text, written block by block."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.w = Writer()
        self.hints: list[Hint] = []

    def block(self, kind: BlockKind | None, lines: list[tuple[int, int]], cells: bool = False) -> None:
        """One block from source line pieces [(start, end)]; ``cells``: a table row."""
        lines = [(a, b) for a, b in lines if self.src[a:b].strip()]
        if not lines:
            return
        if self.w.n:
            self.w.put(lines[0][0], 0, "\n\n")
        h0 = self.w.n
        for k, (a, b) in enumerate(lines):
            if k:
                prev_end = lines[k - 1][1]
                self.w.put(prev_end, a - prev_end, "\n")
            if cells:
                self._row(a, b)
            else:
                self.w.inline(a, self.src[a:b])
        if kind is not None and self.w.n > h0:
            self.hints.append((h0, self.w.n, kind))

    def _row(self, a: int, b: int) -> None:
        row = self.src[a:b]
        lead = len(row) - len(row.lstrip(" \t|"))
        trail = len(row) - len(row.rstrip(" \t|"))
        a, b = a + lead, b - trail
        pos = a
        for m in _CELL_SEP.finditer(self.src, a, b):
            self.w.inline(pos, self.src[pos:m.start()])
            self.w.put(m.start(), m.end() - m.start(), " ")
            pos = m.end()
        self.w.inline(pos, self.src[pos:b])


def extract_markdown(source: str) -> Extracted:
    """Turn Markdown ``source`` into an intermediate text mapped back into it."""
    start, meta = _front_matter(source)
    lines = _lines(source, start)
    out = _Blocks(source)
    tokens = _parser().parse(source[start:])
    quote_depth = 0
    item_first_line: list[int] = []  # the first line of each open list item
    in_row = False
    headline_done = False
    for i, t in enumerate(tokens):
        if t.type == "blockquote_open":
            quote_depth += 1
        elif t.type == "blockquote_close":
            quote_depth -= 1
        elif t.type == "list_item_open" and t.map:
            item_first_line.append(t.map[0])
        elif t.type == "list_item_close" and item_first_line:
            item_first_line.pop()
        elif t.type == "tr_open" and t.map:
            a, b, _ = lines[t.map[0]]
            out.block(BlockKind.LINE, [(a, b)], cells=True)
            in_row = True
        elif t.type == "tr_close":
            in_row = False
        elif t.type in ("fence", "code_block") and t.map:
            first, last = t.map
            if t.type == "fence":
                first, last = first + 1, last - 1 if last - first > 1 else last
            out.block(None, [lines[k][:2] for k in range(first, min(last, len(lines)))])
        elif t.type == "inline" and t.map and not in_row:
            opener = tokens[i - 1] if i else None
            kind: BlockKind | None = None
            if opener is not None and opener.type == "heading_open":
                kind = BlockKind.SUBHEADING if headline_done else BlockKind.HEADLINE
                headline_done = True
            elif item_first_line:
                kind = BlockKind.LINE
            pieces = []
            for k in range(t.map[0], min(t.map[1], len(lines))):
                a, b, _ = lines[k]
                a += _strip_prefix(source[a:b], quote_depth, k == (item_first_line or [-1])[-1])
                pieces.append((a, b))
            if opener is not None and opener.type == "heading_open" and opener.markup.startswith("#"):
                a, b = pieces[0]
                m = _ATX.match(source[a:b])
                if m:
                    pieces = [(a + m.start(1), a + m.end(1))]
            out.block(kind, pieces)
    return Extracted(text="".join(out.w.out), offsets=out.w.b.build(len(source)),
                     hints=tuple(out.hints), meta=meta)


def _strip_prefix(line: str, quote_depth: int, item_start: bool) -> int:
    """How many characters of container markers begin ``line``."""
    n = 0
    if quote_depth:
        m = _QUOTE.match(line)
        n = m.end() if m else 0
    if item_start:
        m = _MARKER.match(line, n)
        if m:
            n = m.end()
    return n
