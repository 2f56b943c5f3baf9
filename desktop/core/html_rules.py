"""Parallax's own rules for the article in a page: the fallback when no extractor decides,
and the clean-up applied to whatever was chosen.

Root choice: every prose-like block (40+ characters with punctuation, not boilerplate) adds its
length to each element above it. The root is the deepest element holding 70 % of that prose;
when it holds several ``<article>`` elements (a story among teasers), the one holding 60 % of
the root's prose wins, else the root stays. Bodies written as ``<div>`` text and ``<br>`` lines
count like ``<p>`` bodies, since blocks, not tags, are measured.

Clean-up (both paths): short labels repeated in the page ("Advertisement", "Share"),
advertisement labels, bylines and date lines are not article text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from desktop.core.html_blocks import Block
from desktop.core.html_tree import Node
from desktop.core.model import BlockKind

_PROSE = re.compile(r"\w[.!?,;:]")
_AD_LABEL = re.compile(
    r"(?i)^(?:advertisement|advertising|sponsored(?: content)?|ad|paid content"
    r"|(?:story|article) continues below(?: this)? (?:advertisement|ad)"
    r"|continue reading the main story|scroll to continue with content)$"
)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june"
    "|july|august|september|october|november|december"
)
_STAMP_WORD = re.compile(
    rf"(?i)^(?:{_MONTHS}|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|updated|update|published|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\."
    r"|et|est|edt|gmt|utc|bst|cet|cest|pt|pst|pdt|ago|hours?|minutes?|mins?|days?|today"
    r"|yesterday|\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}(?:am|pm)?|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4})$"
)
_BY = re.compile(r"(?i)^(?:by|written by|words by|von|por|par|di)\s+\S")


def _prose_len(b: Block) -> int:
    if b.boiler or b.chrome or len(b.text) < 40 or _PROSE.search(b.text) is None:
        return 0
    return len(b.text)


def is_link_list(b: Block) -> bool:
    """A line that is mostly a link: a menu entry, a teaser, a "related" item."""
    letters = sum(1 for op in b.ops if op[0] != 2)
    return letters > 0 and b.link_chars >= 0.6 * (len(b.text) - b.text.count(" "))


def choose_root(doc: Node, blocks: Sequence[Block]) -> Node:
    plen: Counter[int] = Counter()
    nodes: dict[int, Node] = {}
    for b in blocks:
        n = _prose_len(b)
        if not n:
            continue
        cur: Node | None = b.node
        while cur is not None:
            plen[id(cur)] += n
            nodes[id(cur)] = cur
            cur = cur.parent
    total = plen[id(doc)]
    if not total:
        bodies = [n for n in doc.iter() if n.tag == "body"]
        return bodies[0] if bodies else doc
    deep = max((nodes[k] for k, v in plen.items() if v >= 0.7 * total),
               key=lambda n: len(n.ancestors()))
    articles = [n for n in deep.iter() if n.tag == "article" and n is not deep]
    if articles:
        best = max(articles, key=lambda n: plen[id(n)])
        if plen[id(best)] >= 0.6 * plen[id(deep)]:
            return best
    return deep


def rule_blocks(doc: Node, blocks: Sequence[Block]) -> set[int]:
    """Blocks inside the chosen root that are neither boilerplate nor page chrome."""
    root = choose_root(doc, blocks)
    inside = {id(n) for n in root.iter()}
    return {i for i, b in enumerate(blocks)
            if id(b.node) in inside and not b.boiler and not (b.chrome and root.tag != "header")}


def headline_index(blocks: Sequence[Block], kept: set[int]) -> int | None:
    """The page headline: the first kept ``<h1>``, else the last ``<h1>`` before the text."""
    for i in sorted(kept):
        if blocks[i].kind == BlockKind.HEADLINE:
            return i
    first = min(kept) if kept else len(blocks)
    before = [i for i in range(first) if blocks[i].kind == BlockKind.HEADLINE and not blocks[i].boiler]
    return before[-1] if before else None


def _is_stamp(text: str) -> bool:
    words = [w.strip(",|·•-–—()[]") for w in text.split()]
    words = [w for w in words if w]
    return bool(words) and len(words) <= 12 and all(_STAMP_WORD.match(w) for w in words)


def _is_byline(text: str, authors: Sequence[str]) -> bool:
    words = text.split()
    if len(words) > 12 or text.rstrip()[-1:] in ".!?\"”":
        return False
    if _BY.match(text):
        names = [w for w in words[1:] if w[:1].isalpha()]
        return all(w[:1].isupper() or w.lower() in ("and", "de", "van", "von", "der", "la") for w in names)
    low = text.lower()
    return any(a and low.startswith(a.lower()) and len(words) <= len(a.split()) + 4 for a in authors)


def one_article(blocks: Sequence[Block], kept: set[int]) -> set[int]:
    """When the kept text lies in several ``<article>`` elements (or in one and outside every
    article) and one of these holds 60 % of it, the other articles are teasers: drop them."""
    size: Counter[int] = Counter()
    owner: dict[int, int] = {}
    for i in kept:
        art = next((a for a in [blocks[i].node, *blocks[i].node.ancestors()] if a.tag == "article"), None)
        owner[i] = id(art) if art is not None else 0
        size[owner[i]] += len(blocks[i].text)
    if len(size) - (0 in size) < 1 or len(size) < 2:
        return kept
    best, best_len = size.most_common(1)[0]
    if best_len < 0.6 * sum(size.values()):
        return kept
    return {i for i in kept if owner[i] in (best, 0)}


def tidy(blocks: Sequence[Block], kept: set[int], headline: int | None,
         authors: Sequence[str] = ()) -> set[int]:
    """Drop labels repeated in the page, advertisement labels, bylines and date lines."""
    counts = Counter(" ".join(b.text.lower().split()) for b in blocks if len(b.text.split()) <= 4)
    edge = {i for i in kept if _is_stamp(blocks[i].text) or _is_byline(blocks[i].text, authors)}
    prose = [i for i in sorted(kept - edge) if len(blocks[i].text) >= 40 and _PROSE.search(blocks[i].text)]
    first, last = (prose[0], prose[-1]) if prose else (len(blocks), -1)
    out: set[int] = set()
    for i in kept:
        if i == headline:
            out.add(i)
            continue
        text = blocks[i].text
        key = " ".join(text.lower().split())
        if _AD_LABEL.match(key) or (counts.get(key, 0) > 1 and blocks[i].kind is None
                                    and not blocks[i].list_item):
            continue
        if (i < first or i > last) and i in edge:
            continue  # a byline or date line above or below the story, not a time in a live blog
        out.add(i)
    return out
