"""Quotation marks paired inside the blocks of an article: the raw material of quotes.

Double marks (straight ``"``, curly ``“ ”``, low ``„``, guillemets ``« »``) are read with a
small state machine: each mark can open when a non-space follows it and a space, a bracket,
a dash or punctuation precedes it; it can close when a non-space precedes it and a space or
punctuation follows it. Whether it does depends on the state (a quote open or not), which is
what tells the scraped ``…in Ukraine.”We understand…`` (the ``”`` opens) from ``…back
down”.`` (the ``”`` closes). A quote still open at the end of its block runs to that end
(``tail``); the next block continues it when it begins with an opening mark (the convention
for quotes over several paragraphs). A block whose first mark can only close holds a quote
that began at the block start (``lead``: the opener was lost, or a continued paragraph
without one); quotes.py keeps it only when an attribution follows or a tail precedes it.

Single marks (``' ‘ ’``) count only outside double-quoted text, and only where they cannot
be apostrophes: an opener before a letter after a space or the block start, a closer after
a letter or punctuation before a space or punctuation (``‘great power’ ties``, ``'We will
fight,' he said``; ``Xi's``, ``it’s`` and ``dogs' bowls`` are never quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.model import Span

QUOTE_BLOCKS = frozenset({"headline", "paragraph", "subheading", "social", "caption"})
OPENERS = "“„«‟"
CLOSERS = "”»"
STRAIGHT = '"'
DOUBLE = OPENERS + CLOSERS + STRAIGHT
SINGLE = "'‘’‛"
_ALL = DOUBLE + SINGLE
_BEFORE_OPEN = "([{—–-/:;,.!?…" + _ALL
_AFTER_CLOSE = ".,;:!?…)]}—–-/" + _ALL
_GLUE = ".!?…,"  # a closer may be glued to the next word after these (scraped run-ons)
MAX_SINGLE_WORDS = 60
_DOUBLE_RE = re.compile(f"[{DOUBLE}]")
_SINGLE_RE = re.compile(f"[{SINGLE}]")


@dataclass(frozen=True)
class Part:
    """One stretch of quoted words: ``[start, end)`` the words inside the marks, ``[open,
    close)`` the same with the marks (``open == start`` when the opener was lost)."""

    open: int
    close: int
    start: int
    end: int
    block: int  # index into the article's blocks
    single: bool = False  # single quotation marks
    tail: bool = False  # still open at the end of its block
    lead: bool = False  # began at its block's start (no opening mark)


def _roles(text: str, i: int, lo: int, hi: int) -> tuple[bool, bool]:
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    can_open = not nxt.isspace() and nxt not in ",;" and (prev.isspace() or prev in _BEFORE_OPEN)
    can_close = not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE
                                        or (nxt.isalpha() and prev in _GLUE))
    return can_open, can_close


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _part(text: str, k: int, open_: int, close: int, start: int, end: int, **flags: bool) -> Part | None:
    start, end = _trimmed(text, start, end)
    if not any(ch.isalnum() for ch in text[start:end]):
        return None
    return Part(open_, close, start, end, k, **flags)


def double_parts(text: str, block: Span, k: int) -> list[Part]:
    """Double-quoted stretches of one block, in order."""
    lo, hi = block.start, block.end
    out: list[Part] = []
    open_at: int | None = None
    first = True
    for m in _DOUBLE_RE.finditer(text, lo, hi):
        i = m.start()
        ch = text[i]
        can_open, can_close = _roles(text, i, lo, hi)
        if open_at is None:
            if can_open:
                open_at = i
            elif can_close and first and not out:
                part = _part(text, k, lo, i + 1, lo, i, lead=True)
                if part is not None:
                    out.append(part)
        elif can_close and (ch not in OPENERS or not can_open):
            part = _part(text, k, open_at, i + 1, open_at + 1, i)
            if part is not None:
                out.append(part)
            open_at = None
        elif ch in OPENERS and can_open:
            open_at = i  # the quote before never closed: start again here
        first = False
    if open_at is not None:
        part = _part(text, k, open_at, hi, open_at + 1, hi, tail=True)
        if part is not None:
            out.append(part)
    return out


def single_parts(text: str, block: Span, k: int, taken: list[Part]) -> list[Part]:
    """Single-quoted stretches of one block outside the double-quoted ones."""
    lo, hi = block.start, block.end
    out: list[Part] = []
    pending: int | None = None
    spans = [(p.open, p.close) for p in taken]
    for m in _SINGLE_RE.finditer(text, lo, hi):
        i = m.start()
        ch = text[i]
        if any(a <= i < b for a, b in spans):
            continue
        prev = text[i - 1] if i > lo else " "
        nxt = text[i + 1] if i + 1 < hi else " "
        opens = (prev.isspace() or prev in "([{—–-/\"“") and nxt.isalpha()
        closes = (prev.isalpha() or prev in ".,!?…") and (nxt.isspace() or nxt in ".,;:!?…)]}—–-\"”")
        if pending is not None and closes and ch != "‘":
            part = _part(text, k, pending, i + 1, pending + 1, i, single=True)
            if part is not None and len(text[part.start:part.end].split()) <= MAX_SINGLE_WORDS:
                out.append(part)
            pending = None
        elif (opens and ch != "’") or (opens and ch == "’" and (i == lo or prev in "([{—–-/")):
            pending = i
    return out


def block_parts(text: str, blocks: tuple[Span, ...] | list[Span]) -> list[Part]:
    """Every quoted stretch of the quotable blocks, in text order."""
    out: list[Part] = []
    for k, block in enumerate(blocks):
        if str(block.label) not in QUOTE_BLOCKS or block.end <= block.start:
            continue
        doubles = double_parts(text, block, k)
        out += doubles
        out += single_parts(text, block, k, doubles)
    out.sort(key=lambda p: p.open)
    return out


def starts_block(text: str, part: Part, block: Span) -> bool:
    """Does the part begin its block (only spaces before its opening mark)?"""
    return not text[block.start:part.open].strip()
