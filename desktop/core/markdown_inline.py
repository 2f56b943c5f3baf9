"""Inline Markdown (emphasis, code ticks, links, images, escapes) removed with an exact map.

Kept characters are copied one for one into the intermediate text; markers are dropped. Link
text stays, the target goes; an image goes entirely; ``<https://…>`` keeps the address; an
escaped character (``\\*``) keeps the character. ``_`` inside a word (``snake_case``) and a
lone ``*`` between spaces are text, not markers.
"""

from __future__ import annotations

import re

from desktop.core.offsets import OffsetMapBuilder

_INLINE = re.compile(
    r"(?P<img>!\[[^\]]*\]\([^)]*\))"
    r"|(?P<link>\[(?P<ltext>[^\]]+)\](?:\([^)]*\)|\[[^\]]*\]))"
    r"|(?P<auto><(?P<url>https?://[^>\s]+)>)"
    r"|(?P<esc>\\[!-/:-@\[-`{-~])"
    r"|(?P<ticks>`+)"
    r"|(?P<emph>\*+|_+)"
)


class Writer:
    """The intermediate text and its map into the Markdown source."""

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
        """``s`` stands for ``src_len`` source characters at ``off`` (0: inserted)."""
        if s:
            self.b.replace(off, src_len, len(s))
            self.out.append(s)
            self.n += len(s)

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
