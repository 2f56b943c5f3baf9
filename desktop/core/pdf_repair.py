"""Repairs of a PDF's text layer, as edits of the source text (the map stays exact).

The source text keeps what PDFium read; the intermediate text handed to cleanup gets these
edits, each a ``(start, end, replacement)`` over the source:

* **Ligature code points** (U+FB00–FB06) are expanded ("ﬁ" -> "fi"); control characters and
  U+FFFD are dropped.
* **Ligature glyphs with a wrong mapping.** Some fonts map a ligature glyph to one of its
  letters only: the text layer says "deinition", "afect", "hey" where the page shows
  "definition", "affect", "They". The glyph itself is still there, with its own width: a
  character whose box is far wider (×1.5) than the same letter usually is in the same font
  and size on that page is such a glyph. It becomes the ligature ending in that letter
  (``fi``/``ffi``, ``fl``/``ffl``, ``ff``, ``Th``) whose letters' usual widths add up closest
  to the glyph's width (within 20 %); with no close candidate, or when those letters are
  too rare in that font to measure, nothing is changed (a guess would also "repair" display
  type and rotated margin text); nor when
  the letters before it are already there (PDFium splits a well-mapped "ﬁ" glyph into "f"
  and a wide "i"). This
  reads the page's geometry, not a word list, so it works for any language and any word.
* **A stray broken hyphen inside a line** ("bright- colored", left where a typesetter's
  line-end hyphen was kept when the text was set again) loses its space when a lower-case
  word follows that is not a coordinator: "pre- and post-war" keeps it, "Ex- President" too.
* **Word spaces between segments.** PDFium reports a line as segments; where the layout put
  a space between two of them (a gap, pdf_layout.py) the space stays, unless it would stand
  inside brackets ("( Yang, 2007 )" -> "(Yang, 2007)") or before closing punctuation.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

Edit = tuple[int, int, str]  # source start, source end, replacement

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
_SPECIAL = re.compile("[\ufb00-\ufb06\x00-\x08\x0b-\x1f\x7f\ufffd]")
# a ligature glyph mapped to its last letter: the ligatures it can be
_WIDE_LETTER = {"i": ("fi", "ffi"), "l": ("fl", "ffl"), "f": ("ff",), "h": ("Th",)}
_MEASURED = frozenset("filhT")
WIDE = 1.5  # a glyph this many times wider than its letter usually is
TOLERANCE = 0.2  # the ligature's letters must add up to its width within this share
MIN_SAMPLES = 5  # usual widths come from at least this many glyphs
_STRAY_HYPHEN = re.compile(r"(?<=[^\W\d_]{2})- (?=([a-z]+))")
_COORDINATORS = frozenset(("and", "or", "nor", "but", "to", "than", "as", "versus", "vs", "via",
                           "through", "und", "oder", "bis", "sowie", "bzw", "et", "ou", "y", "o",
                           "e"))
_NO_SPACE_AFTER = tuple("([{“‘„/")
_NO_SPACE_BEFORE = tuple(")]}.,;:!?’”%")


@dataclass(frozen=True)
class Glyph:
    """A ligature glyph found on a page: its centre, its mapped letter and what it stands for."""

    x: float
    y: float
    letter: str
    ligature: str


@dataclass(frozen=True)
class PageGlyphs:
    """A page's ligature glyphs, and the centres of every glyph of the letters they map to
    (to find which occurrence of the letter in a segment's text a glyph is)."""

    glyphs: list[Glyph]
    letters: dict[str, list[tuple[float, float]]]


def wide_glyphs(tp: Any, pdfium_c: Any) -> PageGlyphs:
    """The ligature glyphs of one PDFium text page (see the module docstring)."""
    n = pdfium_c.FPDFText_CountChars(tp)
    seen: list[tuple[tuple[str, float, str], float, tuple[float, float]]] = []
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    name = ctypes.create_string_buffer(64)
    flags = ctypes.c_int()
    for i in range(n):
        ch = chr(pdfium_c.FPDFText_GetUnicode(tp, i))
        if ch not in _MEASURED:
            continue
        if not pdfium_c.FPDFText_GetCharBox(tp, i, left, right, bottom, top):
            continue
        pdfium_c.FPDFText_GetFontInfo(tp, i, name, 64, flags)
        size = round(pdfium_c.FPDFText_GetFontSize(tp, i), 1)
        seen.append(((name.value.decode("latin-1"), size, ch), right.value - left.value,
                     ((left.value + right.value) / 2, (bottom.value + top.value) / 2)))
    widths: dict[tuple[str, float, str], list[float]] = defaultdict(list)
    for key, w, _ in seen:
        widths[key].append(w)
    usual = {k: statistics.median(v) for k, v in widths.items() if len(v) >= MIN_SAMPLES}
    glyphs: list[Glyph] = []
    for (font, size, ch), w, (x, y) in seen:
        base = usual.get((font, size, ch))
        if ch not in _WIDE_LETTER or base is None or base <= 0 or w < WIDE * base:
            continue
        best, best_err = "", TOLERANCE
        for lig in _WIDE_LETTER[ch]:
            parts = [usual.get((font, size, c)) for c in lig]
            if any(p is None for p in parts):
                continue
            err = abs(sum(p for p in parts if p is not None) - w) / w
            if err < best_err:
                best, best_err = lig, err
        if best:
            glyphs.append(Glyph(x, y, ch, best))
    letters: dict[str, list[tuple[float, float]]] = defaultdict(list)
    if glyphs:
        wanted = {g.letter for g in glyphs}
        for (_, _, ch), _, centre in seen:
            if ch in wanted:
                letters[ch].append(centre)
    return PageGlyphs(glyphs, dict(letters))


def segment_fixes(seg_box: tuple[float, float, float, float], text: str,
                  page: PageGlyphs) -> list[tuple[int, str]]:
    """(offset in ``text``, ligature) for the ligature glyphs inside one segment's box: a
    glyph that has k glyphs of its letter left of it in the segment is the letter's
    (k+1)-th occurrence in the segment's text (one line, so the text is in x order)."""
    x0, y0, x1, y1 = seg_box

    def inside(x: float, y: float) -> bool:
        return x0 <= x <= x1 and y0 <= y <= y1

    out = []
    for g in page.glyphs:
        if not inside(g.x, g.y):
            continue
        k = sum(1 for x, y in page.letters.get(g.letter, ()) if inside(x, y) and x < g.x)
        offs = [m.start() for m in re.finditer(re.escape(g.letter), text)]
        if k >= len(offs):
            continue
        off, before = offs[k], g.ligature[:-1]
        if text[max(0, off - len(before)):off] != before:  # not PDFium's own "f" + wide "i"
            out.append((off, g.ligature))
    return sorted(set(out))


def line_edits(source: str, start: int, end: int) -> list[Edit]:
    """Edits over a whole line ``source[start:end]`` (its segments and the spaces between
    them): the spaces after stray broken hyphens."""
    return [(m.start() + 1, m.start() + 2, "") for m in _STRAY_HYPHEN.finditer(source, start, end)
            if m.group(1).lower() not in _COORDINATORS]


def segment_edits(source: str, s: int, e: int, fixes: list[tuple[int, str]],
                  line: list[Edit]) -> list[Edit]:
    """The edits inside one segment ``source[s:e]`` (offsets of ``fixes`` are from ``s``;
    ``line`` holds the line's edits, of which those inside the segment apply)."""
    edits: list[Edit] = [ed for ed in line if s <= ed[0] and ed[1] <= e]
    for m in _SPECIAL.finditer(source, s, e):
        edits.append((m.start(), m.end(), LIGATURES.get(m.group(), "")))
    for off, lig in fixes:
        if s + off < e:
            edits.append((s + off, s + off + 1, lig))
    edits.sort()
    out: list[Edit] = []
    for ed in edits:  # never two edits over one character
        if not out or ed[0] >= out[-1][1]:
            out.append(ed)
    return out


def join_space(before: str, after: str) -> bool:
    """Keep the layout's space between two segments of a line?"""
    before, after = before.rstrip(), after.lstrip()
    return bool(before and after) and not before.endswith(_NO_SPACE_AFTER) \
        and not after.startswith(_NO_SPACE_BEFORE)
