"""Markdown source -> article text with an exact map back into the Markdown.

Front matter (``---`` ... ``---`` with ``key: value`` lines) is read into metadata and left out
of the text. ATX heading markers, emphasis markers, code ticks, link syntax and images are
dropped; what remains is copied into an *intermediate* text whose map points into the
source character for character. Headings get their own paragraph and a block hint (the first
one is the headline). Hard wraps inside paragraphs are left to :func:`desktop.core.text.clean`.
"""

from __future__ import annotations

import re

from desktop.core.html_extract import Extracted, Hint
from desktop.core.html_meta import normalise_date
from desktop.core.model import BlockKind, Metadata
from desktop.core.offsets import OffsetMapBuilder

_FRONT_KEYS = {
    "title": "title",
    "headline": "title",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "publication": "source",
    "site": "source",
    "date": "date",
    "published": "date",
    "url": "url",
    "link": "url",
    "canonical": "url",
}
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^ {0,3}[-*+][ \t]+")
_INLINE = re.compile(
    r"(?P<img>!\[[^\]]*\]\([^)]*\))"
    r"|(?P<link>\[(?P<ltext>[^\]]+)\](?:\([^)]*\)|\[[^\]]*\]))"
    r"|(?P<auto><(?P<url>https?://[^>\s]+)>)"
    r"|(?P<esc>\\[!-/:-@\[-`{-~])"
    r"|(?P<ticks>`+)"
    r"|(?P<emph>\*+|_+)"
)


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
                title=found.get("title", ""),
                source=found.get("source", ""),
                date=normalise_date(found.get("date", "")),
                url=found.get("url", ""),
            )
        key, sep, value = body.partition(":")
        field = _FRONT_KEYS.get(key.strip().lower())
        if sep and field and field not in found:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            found[field] = value
    return 0, Metadata()  # no closing line: not front matter


class _Writer:
    def __init__(self) -> None:
        self.b = OffsetMapBuilder()
        self.out: list[str] = []
        self.n = 0

    def copy(self, off: int, s: str) -> None:
        if s:
            self.b.copy(off, len(s))
            self.out.append(s)
            self.n += len(s)

    def put(self, off: int, src_len: int, s: str) -> None:
        if s:
            self.b.replace(off, src_len, len(s))
            self.out.append(s)
            self.n += len(s)

    def ends_with_break(self) -> bool:
        tail = "".join(self.out[-3:])
        return not self.n or tail.endswith("\n\n")

    def inline(self, off: int, s: str) -> None:
        pos = 0
        for m in _INLINE.finditer(s):
            self.copy(off + pos, s[pos : m.start()])
            pos = m.end()
            kind = m.lastgroup
            if kind == "link":
                self.inline(off + m.start("ltext"), m.group("ltext"))
            elif kind == "auto":
                self.copy(off + m.start("url"), m.group("url"))
            elif kind == "esc":
                self.copy(off + m.start() + 1, m.group()[1])
            elif kind == "emph" and not _is_marker(s, m.start(), m.end()):
                self.copy(off + m.start(), m.group())
            # img, ticks and emphasis markers are dropped
        self.copy(off + pos, s[pos:])


def _is_marker(s: str, start: int, end: int) -> bool:
    """Emphasis markers touch text on one side; ``_`` inside a word (snake_case) is kept."""
    before = s[start - 1] if start else " "
    after = s[end] if end < len(s) else " "
    if before.isspace() and after.isspace():
        return False
    return not (s[start] == "_" and before.isalnum() and after.isalnum())


def extract_markdown(source: str) -> Extracted:
    """Turn Markdown ``source`` into an intermediate text mapped back into it."""
    start, meta = _front_matter(source)
    w = _Writer()
    hints: list[Hint] = []
    in_fence = False
    pos = start
    for line in source[start:].splitlines(keepends=True):
        off, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        nl_off, nl = off + len(body), line[len(body) :]
        if _FENCE.match(body):
            in_fence = not in_fence
            continue
        if in_fence:
            w.copy(off, body)
        elif _RULE.match(body) or _LINK_DEF.match(body):
            if not w.ends_with_break():
                w.put(off, 0, "\n")
            continue
        elif m := _HEADING.match(body):
            if not w.ends_with_break():
                w.put(off, 0, "\n" if "".join(w.out[-1:]).endswith("\n") else "\n\n")
            h0 = w.n
            w.inline(off + m.start(2), m.group(2))
            if w.n > h0:
                first = not any(k == BlockKind.HEADLINE for _, _, k in hints)
                hints.append((h0, w.n, BlockKind.HEADLINE if first else BlockKind.SUBHEADING))
            w.put(nl_off, len(nl), "\n\n")
            continue
        else:
            m2 = _QUOTE.match(body) or _BULLET.match(body)
            skip = m2.end() if m2 else 0
            w.inline(off + skip, body[skip:])
        if nl == "\n":
            w.copy(nl_off, nl)
        elif nl:
            w.put(nl_off, len(nl), "\n")
    return Extracted(
        text="".join(w.out),
        offsets=w.b.build(len(source)),
        hints=tuple(hints),
        meta=meta,
    )
