"""Which blocks of a page are the article: a well-kept extractor decides, Parallax maps.

Article extractors (trafilatura, readability) are good at finding the article in a page but
return plain text (or a new tree) with no way back to the markup. Parallax's own blocks
(html_blocks.py) map every character exactly. So the extractor runs on the same markup, and
each Parallax block is kept when its text is found in what the extractor returned:

* the extractor's text is cut into word tokens; its word 3-grams are counted (a multiset);
* a block of three or more words is kept when at least half of its 3-grams are still
  unclaimed in that multiset; the 3-grams it matched are claimed, so a caption repeated five
  times in the page is kept as often as the extractor kept it, not five times;
* a block of one or two words (a subheading, a short line) is kept when the same words follow
  closely in the extractor's text after the previous kept block.

The extractor is chosen by ``PARALLAX_HTML_EXTRACTOR`` (``trafilatura`` — the default —,
``readability`` or ``rules``); docs/import.md says why. When the library is missing, fails or
finds (almost) nothing, Parallax's own rules decide (html_rules.py).
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache

from desktop.core.html_blocks import Block

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"\w+")
_MIN_WORDS = 10  # an extractor result shorter than this is "found nothing"
_SHORT_REACH = 40  # tokens after the last kept block where a short block may match

Extractor = Callable[[str], str | None]


def _trafilatura(markup: str) -> str | None:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False, include_tables=True, fast=True)


def _readability(markup: str) -> str | None:
    from lxml import html as lhtml
    from readability import Document

    summary = Document(markup).summary(html_partial=True)
    return lhtml.fromstring(summary).text_content() if summary.strip() else None


EXTRACTORS: dict[str, Extractor] = {"trafilatura": _trafilatura, "readability": _readability}


@cache
def _available(name: str) -> bool:
    module = {"trafilatura": "trafilatura", "readability": "readability"}[name]
    try:
        __import__(module)
    except Exception:
        log.warning("%s is not installed: Parallax's own rules choose the article text", name)
        return False
    return True


def extractor_name() -> str:
    """The extractor in use: ``PARALLAX_HTML_EXTRACTOR`` or trafilatura."""
    name = os.environ.get("PARALLAX_HTML_EXTRACTOR", "trafilatura").strip().lower()
    return name if name in EXTRACTORS or name == "rules" else "trafilatura"


def library_text(markup: str) -> str | None:
    """The article text the extractor finds in ``markup``, or None (not installed, failed)."""
    name = extractor_name()
    if name == "rules" or not _available(name):
        return None
    try:
        return EXTRACTORS[name](markup)
    except Exception as exc:  # the library's bug must not cost the user the article
        log.warning("%s failed on a page (%s); Parallax's rules decide", name, exc)
        return None


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def matched_blocks(blocks: Sequence[Block], found: str) -> set[int] | None:
    """Indices of ``blocks`` found in the extractor's text ``found`` (None: it found nothing)."""
    ref = tokens(found)
    if len(ref) < _MIN_WORDS:
        return None
    grams: Counter[tuple[str, ...]] = Counter(zip(ref, ref[1:], ref[2:], strict=False))
    where: dict[tuple[str, ...], list[int]] = {}
    for i, g in enumerate(zip(ref, ref[1:], ref[2:], strict=False)):
        where.setdefault(g, []).append(i)
    kept: set[int] = set()
    pos = 0  # where the extractor's text stands after the last kept block
    for bi, b in enumerate(blocks):
        words = tokens(b.text)
        if not words:
            continue
        if len(words) >= 3:
            mine = list(zip(words, words[1:], words[2:], strict=False))
            free = [g for g in mine if grams[g] > 0]
            if 2 * len(free) < len(mine):
                continue
            for g in free:
                grams[g] -= 1
            kept.add(bi)
            after = [p for p in where.get(free[-1], ()) if p >= pos]
            pos = (after[0] if after else max(where.get(free[-1], [pos]))) + 3
        else:
            hit = _find(ref, words, pos, pos + _SHORT_REACH)
            if hit >= 0:
                kept.add(bi)
                pos = hit + len(words)
    return kept


def _find(ref: list[str], words: list[str], lo: int, hi: int) -> int:
    n = len(words)
    for i in range(max(0, lo), min(len(ref) - n, hi) + 1):
        if ref[i : i + n] == words:
            return i
    return -1
