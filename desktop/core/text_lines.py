"""Lists and tables in plain text: their lines stay lines (blocks), never joined into prose.

Cleanup joins the lines of a paragraph with spaces, which is right for hard-wrapped prose and
wrong for a results table or a list of names: "France" on one line and "Kylian Mbappé" on the
next would become one phrase, and a reader (or the entity recogniser) would see one span.
:func:`structured_lines` decides whether a source paragraph is such a list or table and
returns its lines; every line then becomes a block of kind ``line``.

Rules (a paragraph of two or more lines):

* **List**: at least two lines, and at least half of them, start with a list marker
  (``-``, ``*``, ``•``, ``–``, ``1.``, ``2)``, ``(a)``…). A line that starts with a lower-case
  letter after an item continues it (a wrapped item).
* **Table**: at least two lines hold a column gap (a tab, two or more spaces between text,
  or `` | ``) and the gapped lines are at least half of all lines.
* **Short lines**: three or more lines, none longer than 45 characters, none ending in a
  comma or a hyphen, each next line starting with an upper-case letter, a digit or a quote,
  and ragged (some line but the last under 60 % of the longest; prose wrapped at a width
  fills its lines evenly): a roster, a results list, an address block.
Hard-wrapped prose fails all three: its lines are long, or the next line starts lower case.
"""

from __future__ import annotations

import re

_NL = re.compile(r"\r\n|\r|\n")
_MARKER = re.compile(r"[ \t]*(?:[-*•·▪◦–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])[ \t]+\S")
_GAP = re.compile(r"\S(?:\t+|[ \u00a0]{2,}| \| )[ \t]*\S")
_STARTS = re.compile(r"[ \t]*[A-Z\u00c0-\u00de\u0391-\u03a9\u0410-\u042f0-9\"'“‘(]")
_SHORT = 45

Line = tuple[int, int]


def _lines(text: str, start: int, end: int) -> list[Line]:
    out: list[Line] = []
    pos = start
    for m in _NL.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _list_items(text: str, lines: list[Line]) -> list[Line] | None:
    marked = [bool(_MARKER.match(text, a, b)) for a, b in lines]
    if sum(marked) < 2 or 2 * sum(marked) < len(lines):
        return None
    items: list[Line] = []
    for (a, b), is_item in zip(lines, marked, strict=True):
        first = text[a:b].lstrip()[:1]
        if items and not is_item and first.islower():
            items[-1] = (items[-1][0], b)  # a wrapped item goes on
        else:
            items.append((a, b))
    return items


def _table_rows(text: str, lines: list[Line]) -> list[Line] | None:
    gapped = sum(1 for a, b in lines if _GAP.search(text[a:b].strip()))
    return lines if gapped >= 2 and 2 * gapped >= len(lines) else None


def _short_lines(text: str, lines: list[Line]) -> list[Line] | None:
    if len(lines) < 3:
        return None
    for k, (a, b) in enumerate(lines):
        line = text[a:b].strip()
        if len(line) > _SHORT or line[-1] in ",-\u00ad":
            return None
        if k and not _STARTS.match(text, a, b):
            return None
    widths = [len(text[a:b].strip()) for a, b in lines[:-1]]
    if min(widths) >= 0.6 * max(widths):  # evenly filled lines: prose wrapped at a width
        return None
    return lines


def structured_lines(text: str, start: int, end: int) -> list[Line] | None:
    """The lines of ``text[start:end]`` when it is a list or table, else None."""
    if "\n" not in text[start:end] and "\r" not in text[start:end]:
        return None
    lines = _lines(text, start, end)
    if len(lines) < 2:
        return None
    return _list_items(text, lines) or _table_rows(text, lines) or _short_lines(text, lines)
