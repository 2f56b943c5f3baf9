"""Cut a page into text blocks, each remembering exactly which markup characters it came from.

A block is the text between two block boundaries (``<p>``, ``<div>``, ``<br>``, ``<li>``,
``<tr>``, headings...), written as *ops*: words copied from the markup, character references
replaced by their characters, and whitespace runs (one space in the text). Nothing is decided
here about what is article and what is not; every block carries the facts the deciders need:
its text, the element that holds it, its hint (headline, subheading, caption, social post),
and whether Parallax's own rules call it boilerplate (class/id/role words), page chrome (a
``<header>``/``<footer>`` outside an ``<article>``) or part of an ``<article>``.

Elements that are never article text are not walked at all: scripts, styles, forms, navigation,
asides, media, hidden elements (``hidden``, ``display: none``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.html_tree import Node, Text
from desktop.core.model import BlockKind


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DROP_TAGS = _words(
    """script style noscript template svg math nav aside button iframe object embed video audio
    canvas select textarea input head title dialog menu picture img map"""
)
BLOCK = _words(
    """p h1 h2 h3 h4 h5 h6 li blockquote figcaption div br tr section article header footer
    main ul ol dl dt dd table thead tbody figure pre hr address details summary caption"""
)
_KEEP_ALWAYS = frozenset({"html", "body", "article", "main", "#document"})
# Boilerplate words: a class/id token is boilerplate when every part of it (split at "-"
# and "_") is such a word or a generic container word, and at least one is a boilerplate word.
# Whole parts only: "l-sidebar-fixed", "ad_body" or "subscriber-preview" are not boilerplate.
_BOILER = _words(
    """nav navbar navigation menu footer share shares sharing sharebar social socialshare
    cookie cookies consent subscribe subscription newsletter newsletters related advert
    adverts advertisement advertisements ad ads adslot adunit promo promos comment comments
    sidebar breadcrumb breadcrumbs byline taboola outbrain recirculation recommended"""
)
_GENERIC = _words(
    """bar box container wrapper wrap banner links link buttons button tools toolbar widget
    widgets module list block section area panel holder inner outer top bottom icons icon
    items item stories story articles posts content label text title header heading
    placeholder slot unit zone rail tout teaser teasers group row col column inline mobile
    desktop native sticky fixed overlay modal popup count signup form cta"""
)
_BOILER_PREFIX = ("cookie", "advert", "newsletter", "sharebar", "socialshare")
_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "menu", "menubar"})
_SOCIAL = frozenset({"twitter-tweet", "instagram-media", "tiktok-embed"})
_SPLIT = re.compile(r"[-_]+")
_WS = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# ops: (WORD, off, len, text) | (REF, off, raw_len, text) | (SPACE, off, len, "")
#      | (CELL, off, len, " | "): the markup between two table cells' texts in one row
#        (" | | " when an empty cell stands between them)
WORD, REF, SPACE, CELL = 0, 1, 2, 3
CELL_SEPARATOR = " | "
Op = tuple[int, int, int, str]


@dataclass
class Block:
    """One block of text and what is known about where it stands."""

    ops: list[Op]
    node: Node  # the innermost block-level element holding it
    kind: BlockKind | None  # hint: HEADLINE (any <h1>), SUBHEADING, CAPTION, SOCIAL
    hint_node: Node | None  # the element that gave the hint (blocks of one post share it)
    boiler: bool  # inside an element Parallax's rules call boilerplate
    chrome: bool  # inside a page <header>/<footer> (not one of an <article>)
    in_article: bool  # inside an <article>
    list_item: bool = False  # a list item or a table row: a line of a list or table
    link_chars: int = 0  # characters of words inside links (<a href>)
    text: str = field(default="")

    def finish(self) -> None:
        while self.ops and self.ops[-1][0] in (SPACE, CELL):
            self.ops.pop()
        # the deciders read a cell boundary as a space (the separator is not a word)
        self.text = "".join(" " if op[0] in (SPACE, CELL) else op[3] for op in self.ops)


def _token_is_boiler(token: str) -> bool:
    parts = [p for p in _SPLIT.split(token) if p]
    if not parts:
        return False
    hit = False
    for p in parts:
        if p in _BOILER or p.startswith(_BOILER_PREFIX):
            hit = True
        elif p not in _GENERIC:
            return False
    return hit


def is_boilerplate(node: Node) -> bool:
    """Parallax's rule: class/id/role words that mark page furniture (whole words only)."""
    a = node.attrs
    if node.tag in _KEEP_ALWAYS:
        return False
    if _SOCIAL & set(node.classes()):
        return False
    if a.get("role", "").lower() in _ROLES:
        return True
    tokens = a.get("class", "").lower().split()
    if "id" in a:
        tokens.append(a["id"].lower())
    return any(_token_is_boiler(t) for t in tokens)


def is_hidden(node: Node) -> bool:
    a = node.attrs
    if "hidden" in a or (a.get("aria-hidden", "").lower() == "true" and node.tag not in _KEEP_ALWAYS):
        return True
    style = a.get("style", "")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


def _small_form(node: Node) -> bool:
    """A search, login or sign-up form; not a page whose whole body is one <form> (ASP.NET)."""
    paragraphs = 0
    for n in node.iter():
        if n.tag in ("p", "article", "main"):
            paragraphs += 1
            if paragraphs >= 3 or n.tag != "p":
                return False
    return True


def _hint(node: Node) -> BlockKind | None:
    tag = node.tag
    if tag == "h1":
        return BlockKind.HEADLINE
    if tag in ("h2", "h3", "h4"):
        return BlockKind.SUBHEADING
    if tag in ("figcaption", "caption"):
        return BlockKind.CAPTION
    if tag == "blockquote" and _SOCIAL & set(node.classes()):
        return BlockKind.SOCIAL
    return None


@dataclass(frozen=True)
class _Ctx:
    node: Node
    kind: BlockKind | None
    hint_node: Node | None
    boiler: bool
    chrome: bool
    in_article: bool
    line: bool
    link: bool = False


class _Segmenter:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.cur: Block | None = None
        self.cells = 0  # table cells begun since the last word of this block

    def close(self) -> None:
        self.cells = 0
        if self.cur is not None:
            self.cur.finish()
            if self.cur.text:
                self.blocks.append(self.cur)
        self.cur = None

    def _block(self, ctx: _Ctx, off: int) -> Block:
        """The open block, about to receive text at markup offset ``off``. After a new cell
        of the row, the markup since the last word (``</td> <td>``) becomes a separator, so
        the row reads as cells ("Paris | 2.1 m") and the map stays exact (a replacement). An
        empty cell between two others keeps its place ("South | | 48 %")."""
        if self.cur is None:
            self.cur = Block([], ctx.node, ctx.kind, ctx.hint_node, ctx.boiler, ctx.chrome,
                             ctx.in_article, ctx.line)
        elif self.cells:
            ops = self.cur.ops
            while ops and ops[-1][0] == SPACE:
                ops.pop()
            if ops:
                end = ops[-1][1] + ops[-1][2]
                ops.append((CELL, end, off - end, CELL_SEPARATOR + "| " * (self.cells - 1)))
        self.cells = 0
        return self.cur

    def start_cell(self) -> None:
        self.cells += 1

    def space(self, off: int, length: int) -> None:
        b = self.cur
        if b is not None and b.ops and b.ops[-1][0] != SPACE:
            b.ops.append((SPACE, off, length, ""))

    def text(self, t: Text, ctx: _Ctx) -> None:
        if t.entity:
            if t.raw_len == 0 or not t.value:
                return
            if not t.value.strip(" \t\n\r\f"):
                self.space(t.off, t.raw_len)
            else:
                b = self._block(ctx, t.off)
                b.ops.append((REF, t.off, t.raw_len, t.value))
                if ctx.link:
                    b.link_chars += len(t.value)
            return
        for m in _WS.finditer(t.value):
            s = m.group()
            if s[0] in " \t\n\r\f":
                self.space(t.off + m.start(), len(s))
            else:
                b = self._block(ctx, t.off + m.start())
                b.ops.append((WORD, t.off + m.start(), len(s), s))
                if ctx.link:
                    b.link_chars += len(s)


def _enter(node: Node, ctx: _Ctx) -> tuple[_Ctx, bool]:
    """The context inside ``node`` and whether ``node`` bounds blocks."""
    tag = node.tag
    boiler = is_boilerplate(node)
    kind = _hint(node)
    chrome = ctx.chrome or (tag in ("header", "footer") and not ctx.in_article)
    inner = _Ctx(
        node=node if tag in BLOCK else ctx.node,
        kind=kind or ctx.kind,
        hint_node=node if kind is not None else ctx.hint_node,
        boiler=ctx.boiler or boiler,
        chrome=chrome,
        in_article=ctx.in_article or tag == "article",
        line=ctx.line or tag in ("li", "tr", "dt", "dd"),
        link=ctx.link or (tag == "a" and bool(node.attrs.get("href"))),
    )
    return inner, tag in BLOCK or boiler or kind is not None


def segment(doc: Node) -> list[Block]:
    """Every block of text in ``doc``, in document order."""
    seg = _Segmenter()
    top = _Ctx(doc, None, None, False, False, False, False)
    stack: list[tuple[Node, int, _Ctx, bool]] = [(doc, 0, top, False)]
    while stack:
        node, i, ctx, bounds = stack.pop()
        if i >= len(node.children):
            if bounds:
                seg.close()
            continue
        stack.append((node, i + 1, ctx, bounds))
        child = node.children[i]
        if isinstance(child, Text):
            seg.text(child, ctx)
            continue
        if child.tag in DROP_TAGS or is_hidden(child) or (child.tag == "form" and _small_form(child)):
            continue
        if child.tag in ("td", "th"):
            seg.start_cell()
        inner, child_bounds = _enter(child, ctx)
        if child_bounds:
            seg.close()
        stack.append((child, 0, inner, child_bounds))
    seg.close()
    return seg.blocks
