"""Tokens of an article's clean text with their offsets and normalised forms.

Normalisation makes house-style differences vanish before hashing and alignment: case,
punctuation and quote style (curly or straight), possessive 's, dots in initialisms
(``U.S.`` = ``US``), thousands separators (``8,000`` = ``8000``), British/American spelling
(``Organisation`` = ``organization``, via spelling.americanize) and honorifics (``Mr``,
``Ms``... are dropped from the token stream). Only blocks that can carry reuse are tokenised
(captions, "Related article" lines and embedded social posts are left out); each left-out
block starts a new *segment*, and no passage crosses a segment boundary.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.model import Span
from desktop.core.words import HONORIFICS as HONORIFICS  # (clusters reads it here)
from desktop.core.words import reuse_form as normalize_word  # one word's form (core/words.py)

WORD = re.compile(r"[^\W_]+(?:(?:[.'’‘]|(?<=\d),(?=\d))[^\W_]+)*", re.UNICODE)
REUSE_BLOCKS = frozenset({"headline", "paragraph", "subheading"})

_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
out over own same she should so some such than that the their theirs them then there these
they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself said says say told tell tells would
will one two new also us per cent mr ms
"""
STOPWORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class Tokens:
    """The reusable tokens of one article, in text order (parallel lists)."""

    norms: list[str]
    starts: Sequence[int]  # compact arrays: a prepared article is kept in a cache
    ends: Sequence[int]
    segs: Sequence[int]  # segment number of each token
    hashes: Sequence[int]  # crc32 of each normalised token

    def __len__(self) -> int:
        return len(self.norms)


def tokenize(text: str, blocks: tuple[Span, ...] | list[Span]) -> Tokens:
    """Tokens of the reusable blocks; a new segment starts after each left-out block."""
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    segs: list[int] = []
    seg, skipped = 0, False
    for block in blocks or [Span(0, len(text), label="paragraph")]:
        if str(block.label) not in REUSE_BLOCKS:
            skipped = True
            continue
        if skipped:
            seg, skipped = seg + 1, False
        spans = [m.span() for m in WORD.finditer(text, block.start, block.end)]
        words = [text[a:b] for a, b in spans]
        forms = list(map(normalize_word, words))
        kept = [i for i, f in enumerate(forms) if f]
        norms += [forms[i] for i in kept]
        starts += [spans[i][0] for i in kept]
        ends += [spans[i][1] for i in kept]
        segs += [seg] * len(kept)
    hashes = array("I", [zlib.crc32(n.encode()) for n in norms])
    return Tokens(norms, array("i", starts), array("i", ends), array("i", segs), hashes)


def is_content(norm: str) -> bool:
    return norm not in STOPWORDS and len(norm) > 1
