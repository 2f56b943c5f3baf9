"""Block structure: embedded social posts inside paragraphs and the kind of each clean block.

:func:`social_pieces` finds embedded posts in one source paragraph and cuts them out at line
starts; :func:`classify` labels the clean blocks.

Rules
-----
* **SOCIAL**: a block holding a status link (``pic.twitter.com/…``, ``twitter.com/<user>/status/…``,
  ``x.com/<user>/status/…``) or a post attribution line (``— Name (@handle) September 15, 2022``).
  When such a link sits on a later line of a paragraph, the post starts at the first line after
  a line ending a sentence (``.``, ``!``, ``?`` plus closing quotes), looking back at most
  ten lines; the post ends with the link's line. An attribution line is cut out on its own.
* **RELATED**: ``Related article: …``, ``Related: …``, ``Read more: …``, ``READ MORE …``,
  ``See also: …``, ``Also read: …``.
* **CAPTION**: starts with a credit (``Photo by …``, ``(Photo: Reuters)``, ``Image: …``,
  ``Picture: …``) or, up to 600 characters long, ends with one (``… Source: Getty / (Photo by …)``,
  ``(Photo …)``, ``… via Getty Images``, ``/AFP``).
* **HEADLINE**: the first block, when it is one source line of at most 150 characters not ending
  in ``. , ; : — –`` and more blocks follow.
* **SUBHEADING**: a glued heading found by the run-on splitter, or a one-line block of at most
  80 characters and 10 words starting with an uppercase letter or quote, not ending in sentence
  punctuation, that is not the last block.
* **PARAGRAPH** otherwise. Block hints from the importer win over all of these.
"""

from __future__ import annotations

import re

from desktop.core.model import BlockKind

SOCIAL_LINK = re.compile(
    r"(?<![\w.])(?:pic\.twitter\.com/\w+"
    r"|(?:https?://)?(?:www\.|mobile\.)?(?:twitter|x)\.com/\w{1,15}/status(?:es)?/\d+)",
    re.IGNORECASE,
)
_MONTH = r"(?:[A-Z][a-z]{2,8}\.?)"
ATTRIBUTION = re.compile(
    r"[\u2014\u2013\u2015][ \t\u00a0]*[^\n()\u2014]{1,80}?\(@\w{1,15}\)[ \t\u00a0]*"
    rf"(?:{_MONTH} \d{{1,2}}, \d{{4}}|\d{{1,2}} {_MONTH} \d{{4}})"
)
_SENT_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*[^\S\n]*\Z")
_RELATED = re.compile(
    r"(?:(?i:related(?: articles?| stor(?:y|ies)| content| coverage| reading| news)?)\s*:"
    r"|(?i:read more|see also|also read|more on this(?: story)?)\s*(?::|\Z)"
    r"|READ MORE\b)"
)
_CREDIT = r"(?:Photo(?:graph)?|Image|Picture|Pic|Credit)s?(?: credit)?\s*(?:by\b|:)"
_CAPTION_START = re.compile(rf"\(?{_CREDIT}", re.IGNORECASE)
_CAPTION_END = re.compile(
    r"(?:\bSource:\s*[^.\n]{1,60}"
    r"|\((?:Photo(?:graph)?|Image|Picture)s?\b[^()]{0,160}\)"
    rf"|\b{_CREDIT}[^.]{{1,80}}"
    r"|\bvia Getty Images|/\s*(?:AFP|Reuters|AP|EPA|Getty Images|Shutterstock)\)?)\s*\Z"
)
_CAPTION_HINT = re.compile(r"Source:|Getty|/|(?i:photo|image|picture|pic|credit)")
_NO_TITLE_END = ".,;:\u2014\u2013"
_NO_SUBHEAD_END = ".!?,;:\u2014\u2013-\u2026"

Piece = tuple[int, int, bool]  # source start, source end, is a social post


def _line_start(text: str, pos: int, start: int, limit: int = 1000) -> int:
    """Start of the line holding ``pos`` (not before ``start``); -1 if over ``limit`` back."""
    lo = max(start, pos - limit)
    i = text.rfind("\n", lo, pos)
    if i >= 0:
        return i + 1
    return start if lo == start else -1


def social_pieces(text: str, start: int, end: int) -> list[Piece]:
    """Cut embedded social posts out of the source paragraph ``text[start:end]``."""
    ranges: list[tuple[int, int]] = []
    has_link = text.find(".com/", start, end) >= 0 or text.find(".COM/", start, end) >= 0
    done = start  # links before this are inside a post found already (keeps the scan linear)
    for m in SOCIAL_LINK.finditer(text, start, end) if has_link else ():
        s = _line_start(text, m.start(), start)
        if m.start() < done or s < 0:  # a line too long for a post is no embedded post
            continue
        for _ in range(10):
            prev = _line_start(text, s - 1, start) if s > start else -1
            if prev < 0 or _SENT_END.search(text, max(prev, s - 40), s - 1):
                break
            s = prev
        e = text.find("\n", m.end(), end)
        done = end if e < 0 else e
        ranges.append((s, done))
    done = start
    for m in ATTRIBUTION.finditer(text, start, end) if text.find("(@", start, end) >= 0 else ():
        s = _line_start(text, m.start(), start, 200)
        if m.start() < done or s < 0 or text[s : m.start()].strip():
            continue
        e = text.find("\n", m.end(), end)
        done = e = end if e < 0 else e
        if not text[m.end() : e].strip():
            ranges.append((s, e))
    if not ranges:
        return [(start, end, False)]
    ranges.sort()
    pieces: list[Piece] = []
    pos = start
    for s, e in ranges:
        if e <= pos:
            continue
        s = max(s, pos)
        if pieces and pieces[-1][2] and s == pos:  # overlapping posts merge
            pieces[-1] = (pieces[-1][0], e, True)
        else:
            if s > pos:
                pieces.append((pos, s, False))
            pieces.append((s, e, True))
        pos = e
    if pos < end:
        pieces.append((pos, end, False))
    return pieces


def is_social(block: str) -> bool:
    if ".com/" in block.lower() and SOCIAL_LINK.search(block) is not None:
        return True
    return len(block) <= 200 and "(@" in block and ATTRIBUTION.match(block) is not None


def is_related(block: str) -> bool:
    return _RELATED.match(block) is not None


def is_caption(block: str) -> bool:
    if _CAPTION_START.match(block):
        return True
    if len(block) > 600:
        return False
    tail = block[-240:]
    return _CAPTION_HINT.search(tail) is not None and _CAPTION_END.search(tail) is not None


def is_headline(block: str, one_line: bool) -> bool:
    return (
        one_line and len(block) <= 150 and block[-1] not in _NO_TITLE_END and any(c.isalpha() for c in block)
    )


def is_subheading(block: str, one_line: bool) -> bool:
    return (
        one_line
        and len(block) <= 80
        and len(block.split()) <= 10
        and block[-1] not in _NO_SUBHEAD_END
        and (block[0].isupper() or block[0] in "\"'\u201c\u201d\u2018\u2019")
        and any(c.isalpha() for c in block)
    )


def classify(blocks: list[str], one_line: list[bool], given: list[BlockKind | None]) -> list[str]:
    """The BlockKind value of each clean block (``given`` kinds come from hints / splitting)."""
    kinds: list[str] = []
    last = len(blocks) - 1
    for i, text in enumerate(blocks):
        kind = given[i]
        if kind is None:
            if is_social(text):
                kind = BlockKind.SOCIAL
            elif is_related(text):
                kind = BlockKind.RELATED
            elif is_caption(text):
                kind = BlockKind.CAPTION
            elif i == 0 and last > 0 and is_headline(text, one_line[i]):
                kind = BlockKind.HEADLINE
            elif i < last and is_subheading(text, one_line[i]):
                kind = BlockKind.SUBHEADING
            else:
                kind = BlockKind.PARAGRAPH
        kinds.append(kind.value)
    return kinds
