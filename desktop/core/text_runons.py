"""Paragraph breaks lost by scrapers ("West.It was", "Images)Authorities").

:func:`split_runons` scans one paragraph of the *source* text and returns the pieces it must be
cut into. Nothing is removed: a break is a zero-width cut between two source characters (the
caller maps it with ``OffsetMapBuilder.insert``).

Rules
-----
* **Sentence run-on**: ``[.!?]+`` preceded by a word character, closing quote or bracket, then
  optional quote / bracket characters, then an uppercase letter. Skipped when the character
  before the punctuation is a lone capital (initialisms: "U.S.", "J.K.Rowling" stay intact).
* **Caption credit run-on**: ``)`` preceded by a non-space, then optional quotes, then an
  uppercase letter ("Getty Images)Authorities", "Getty Images)’Withdraw").
* **Which side of a quote?** Scraped curly quotes are often the wrong way round (``”We``), so
  glyphs are not trusted. The double-quote characters (``" “ ” „``) and the single-quote
  characters (``' ‘ ’`` that are not apostrophes between letters) seen in the current paragraph
  so far are counted; with an odd count a quote after the punctuation *closes* the current
  sentence (the cut goes after it), with an even count it *opens* the next (the cut goes before).
* **Glued subheading**: only directly after such a cut, a run of 1-8 words without sentence
  punctuation followed by a lowercase→Uppercase junction ("to WestIt was") or, when the run
  starts with a quote, a quote followed by an uppercase letter ("’By your side’In Kyiv") is a
  subheading: it gets its own piece (flagged) and the text after the junction starts a new one.
  The junction must follow two lowercase letters and the glued word must not be a known
  camel-case name (YouTube, PayPal, ...), so "McDonald" / "iPhone" never split. The camel-case
  rule is never applied anywhere else.
"""

from __future__ import annotations

import re

UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0410-\u042f"
_Q = "\"'\u201c\u201d\u2018\u2019\u201e"  # " ' “ ” ‘ ’ „
_DQ = frozenset('"\u201c\u201d\u201e')
_SQ_CHARS = "'\u2018\u2019"

_RUNON = re.compile(rf"([.!?]+|\))([{_Q})\]]*)(?=[{UPPER}])")
# a single quote that is not an apostrophe between two letters
_SQ = re.compile(r"(?<![^\W\d_])['\u2018\u2019]|['\u2018\u2019](?![^\W\d_])")
_GLUED_HEAD = re.compile(
    rf"[{_Q}]?[^\s.!?;:(){_Q}][^\n.!?;:()]{{0,90}}?"
    rf"(?:(?<=[a-z]{{2}})(?=[{UPPER}][a-z])|(?<=[{_Q}])(?=[{UPPER}]))"
)
_WORD_AFTER = re.compile(r"[^\W\d_]*")
_CAMEL_WORDS = """youtube paypal linkedin whatsapp facebook iphone ipad ipod macbook playstation javascript
    github gitlab tiktok softbank blackrock fedex powerpoint wordpress snapchat deepmind openai
    biontech smartphone"""
_CAMEL_OK = frozenset(_CAMEL_WORDS.split())

Piece = tuple[int, int, bool]  # source start, source end, is a glued subheading


def _sentence_end(text: str, i: int, start: int) -> bool:
    """May the punctuation at ``i`` end a paragraph (see the module docstring)?"""
    if i <= 0:
        return False
    c = text[i - 1]
    if text[i] == ")":
        return not c.isspace() and c != "("
    if c.isupper():  # a lone capital is an initialism: "U.S."
        return i - 2 >= start and text[i - 2].isalpha()
    return c.isalnum() or c == "_" or c in _Q or c in ")]"


def _count_quotes(text: str, a: int, b: int) -> tuple[int, int]:
    """Double-quote and (non-apostrophe) single-quote characters in ``text[a:b]``."""
    dq = sum(text.count(ch, a, b) for ch in _DQ)
    sq = len(_SQ.findall(text, a, b)) if any(text.count(ch, a, b) for ch in _SQ_CHARS) else 0
    return dq, sq


def _glued_heading(text: str, pos: int, end: int) -> int:
    """End of a subheading glued to the text after it at ``pos``, or -1."""
    m = _GLUED_HEAD.match(text, pos, end)
    if m is None:
        return -1
    head = m.group()
    words = head.split()
    if not 1 <= len(words) <= 8:
        return -1
    j = m.end()
    quoted = head[0] in _Q
    if head[-1] in _Q:
        if not quoted:
            return -1
    else:
        if len(words) < 2 and not quoted:
            return -1
        tail = _WORD_AFTER.match(text, j, end)
        glued = words[-1].strip(_Q) + (tail.group() if tail else "")
        if glued.lower() in _CAMEL_OK or glued[:3].lower() == "mac":
            return -1
    if text.find(" ", j, min(end, j + 40)) < 0:  # a sentence must follow the junction
        return -1
    return j


def split_runons(text: str, start: int, end: int) -> list[Piece]:
    """Cut the paragraph ``text[start:end]`` at run-on paragraph junctions."""
    pieces: list[Piece] = []
    dq = sq = 0  # quote characters seen in the current piece (up to ``counted``)
    counted = start
    for m in _RUNON.finditer(text, start, end):
        i = m.start()
        if i < start or not _sentence_end(text, i, start):
            continue
        q0, q1 = m.span(2)
        if q1 > q0 and q0 > counted:  # quote parity only matters when quotes follow
            more_dq, more_sq = _count_quotes(text, counted, q0)
            dq, sq, counted = dq + more_dq, sq + more_sq, q0
        cut = q0
        for k in range(q0, q1):
            ch = text[k]
            if ch in ")]":
                cut = k + 1
            elif ch in _DQ:
                if dq % 2 == 0:
                    break
                dq += 1
                cut = k + 1
            else:
                if sq % 2 == 0:
                    break
                sq += 1
                cut = k + 1
        if cut <= start or cut >= end:
            if q1 > q0:  # the walk above counted the closing quotes up to the cut
                counted = cut
            continue
        pieces.append((start, cut, False))
        start = counted = cut
        dq = sq = 0
        head_end = _glued_heading(text, cut, end)
        if head_end > 0:
            pieces.append((cut, head_end, True))
            start = counted = head_end
    pieces.append((start, end, False))
    return pieces
