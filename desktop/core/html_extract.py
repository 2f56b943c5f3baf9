"""HTML markup -> article text with an exact map back into the markup (stdlib html.parser).

The markup is parsed into a light tree whose text leaves remember where they sit in the
markup. The article root is chosen (``<article>``, else ``<main>``, else the element holding
most paragraph text), boilerplate is dropped (scripts, navigation, asides, forms, share/cookie
/comment blocks...), and the remaining text is written into an *intermediate* text: HTML
whitespace runs become one space, block elements become paragraph breaks and character
references become their characters. Every intermediate character is recorded in an
:class:`~desktop.core.offsets.OffsetMap` to the markup, and ``block_hints`` mark headings,
captions and embedded social posts for :func:`desktop.core.text.clean`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from desktop.core.html_meta import page_metadata
from desktop.core.model import BlockKind, Metadata
from desktop.core.offsets import OffsetMap, OffsetMapBuilder

Hint = tuple[int, int, BlockKind]


@dataclass(frozen=True)
class Extracted:
    """An intermediate text, its map into the source, hints for clean() and metadata."""

    text: str
    offsets: OffsetMap  # intermediate text -> source text
    hints: tuple[Hint, ...]
    meta: Metadata


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOID = _words("""area base br col embed hr img input link meta param source track wbr keygen""")
DROP_TAGS = _words(
    """script style noscript template svg math nav aside form button iframe object embed
    video audio canvas select textarea input head title dialog menu picture img map"""
)
BLOCK = _words(
    """p h1 h2 h3 h4 h5 h6 li blockquote figcaption div br tr section article header footer
    main ul ol dl dt dd table thead tbody figure pre hr address details summary"""
)
_CLOSES_P = BLOCK - {"br", "li", "dt", "dd", "tr", "figcaption", "summary"}
_KEEP_ALWAYS = frozenset({"html", "body", "article", "main", "#document"})
_BOILER = _words(
    """nav navbar navigation menu footer share sharing social cookie cookies consent
    subscribe subscription newsletter related advert adverts advertisement ad ads promo
    promos comment comments sidebar breadcrumb breadcrumbs"""
)
_BOILER_PREFIX = ("cookie", "advert", "newsletter", "subscribe", "sharebar", "socialshare")
_SOCIAL = frozenset({"twitter-tweet", "instagram-media", "tiktok-embed"})
_WS = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")
_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_TOKENS = re.compile(r"[\s_\-]+")


class _Text:
    __slots__ = ("entity", "off", "raw_len", "value")

    def __init__(self, off: int, raw_len: int, value: str, entity: bool) -> None:
        self.off, self.raw_len, self.value, self.entity = off, raw_len, value, entity


class _Node:
    __slots__ = ("attrs", "children", "parent", "plen", "start", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None, start: int) -> None:
        self.tag, self.attrs, self.parent, self.start = tag, attrs, parent, start
        self.children: list[_Node | _Text] = []
        self.plen = 0  # paragraph text in the kept part of the subtree

    def iter(self) -> list[_Node]:
        out: list[_Node] = []
        todo: list[_Node] = [self]
        while todo:
            n = todo.pop()
            out.append(n)
            todo.extend(reversed([c for c in n.children if isinstance(c, _Node)]))
        return out

    def text(self) -> str:
        parts: list[str] = []
        for n in self.iter():
            if n.tag not in ("script", "style"):
                parts.extend(c.value for c in n.children if isinstance(c, _Text))
        return " ".join("".join(parts).split())


class _TreeBuilder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.src = source
        self.lines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.root = _Node("#document", {}, None, 0)
        self.stack = [self.root]
        self.last: _Text | None = None  # clamp an entity to where the next event starts

    def _pos(self) -> int:
        line, col = self.getpos()
        off = self.lines[line - 1] + col
        if self.last is not None and self.last.entity and self.last.off + self.last.raw_len > off:
            self.last.raw_len = max(0, off - self.last.off)
        self.last = None
        return off

    def _add_text(self, t: _Text) -> None:
        self.stack[-1].children.append(t)
        self.last = t

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        off = self._pos()
        top = self.stack[-1]
        if (tag == top.tag and tag in ("p", "li", "dt", "dd", "tr", "td", "th", "option")) or (
            top.tag == "p" and tag in _CLOSES_P
        ):
            self.stack.pop()
            top = self.stack[-1]
        node = _Node(tag, {k.lower(): v or "" for k, v in attrs}, top, off)
        top.children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:  # "<![foo[" is not a known section: skip it like a comment
            j = self.rawdata.find(">", i + 2)
            return j + 1 if j >= 0 else -1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        off = self._pos()
        top = self.stack[-1]
        top.children.append(_Node(tag, {k.lower(): v or "" for k, v in attrs}, top, off))

    def handle_endtag(self, tag: str) -> None:
        self._pos()
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        off = self._pos()
        if not self.src.startswith(data, off):  # never map text we cannot place exactly
            return
        self._add_text(_Text(off, len(data), data, False))

    def _ref(self) -> None:
        off = self._pos()
        m = _ENTITY.match(self.src, off)
        if not m:
            return
        raw = m.group()
        value = html.unescape(raw)
        self._add_text(_Text(off, len(raw), value, value != raw))

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()

    def handle_comment(self, data: str) -> None:
        self._pos()

    def handle_decl(self, decl: str) -> None:
        self._pos()

    def handle_pi(self, data: str) -> None:
        self._pos()

    def unknown_decl(self, data: str) -> None:
        self._pos()


# -- what to keep ----------------------------------------------------------------------------
def _is_boilerplate(node: _Node) -> bool:
    a = node.attrs
    if "hidden" in a or re.search(r"display\s*:\s*none", a.get("style", ""), re.I):
        return True
    if node.tag in _KEEP_ALWAYS:
        return False
    if _SOCIAL & set(a.get("class", "").lower().split()):
        return False
    for value in (a.get("class", ""), a.get("id", ""), a.get("role", "")):
        for tok in _TOKENS.split(value.lower()):
            if tok in _BOILER or tok.startswith(_BOILER_PREFIX):
                return True
    return a.get("role", "").lower() in ("navigation", "banner", "contentinfo", "complementary")


def _dropped(node: _Node, in_article: bool) -> bool:
    if node.tag in DROP_TAGS:
        return True
    if node.tag in ("header", "footer") and not in_article:
        return True
    return _is_boilerplate(node)


def _measure(node: _Node) -> int:
    """Fill ``plen`` (kept paragraph text) bottom-up; returns the node's kept text length."""
    order = [n for n in node.iter() if not (n.tag in DROP_TAGS or _is_boilerplate(n))]
    kept = {id(n) for n in order}
    tlen: dict[int, int] = {}
    for n in reversed(order):
        t = sum(len(c.value.strip()) for c in n.children if isinstance(c, _Text))
        p = 0
        for c in n.children:
            if isinstance(c, _Node) and id(c) in kept:
                t += tlen[id(c)]
                p += tlen[id(c)] if c.tag == "p" else c.plen
        tlen[id(n)] = t
        n.plen = p
    return tlen.get(id(node), 0)


def _choose_root(doc: _Node) -> _Node:
    _measure(doc)
    nodes = doc.iter()
    articles = [n for n in nodes if n.tag == "article"]
    if articles:
        best = max(articles, key=lambda n: n.plen)
        if best.plen >= 0.25 * doc.plen:
            return best
    mains = [n for n in nodes if n.tag == "main" or n.attrs.get("role") == "main"]
    if mains and (mains[0].plen >= 0.25 * doc.plen):
        return mains[0]
    if doc.plen:
        deep = [n for n in nodes if n.plen >= 0.7 * doc.plen]
        depth = {id(doc): 0}
        for n in nodes:
            if n.parent is not None:
                depth[id(n)] = depth[id(n.parent)] + 1
        return max(deep, key=lambda n: depth[id(n)])
    bodies = [n for n in nodes if n.tag == "body"]
    return bodies[0] if bodies else doc


# -- writing the intermediate text -----------------------------------------------------------
class _Emitter:
    """Intermediate text + its map into the markup, with HTML whitespace rules."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.b = OffsetMapBuilder()
        self.out: list[str] = []
        self.n = 0
        self.brk = False
        self.space: tuple[int, int] | None = None
        self.hints: list[Hint] = []
        self.headline_done = False

    def block(self) -> None:
        self.brk = True
        self.space = None

    def ws(self, off: int, length: int) -> None:
        if self.n and not self.brk and self.space is None:
            self.space = (off, length)

    def _put(self, s: str) -> None:
        self.out.append(s)
        self.n += len(s)

    def _flush(self, off: int) -> None:
        if self.brk and self.n:
            self.b.insert(off, 2)
            self._put("\n\n")
        elif self.space is not None and self.n:
            so, sl = self.space
            if sl == 1 and self.src[so] == " ":
                self.b.copy(so, 1)
            else:
                self.b.replace(so, sl, 1)
            self._put(" ")
        self.brk = False
        self.space = None

    def word(self, off: int, s: str) -> None:
        self._flush(off)
        self.b.copy(off, len(s))
        self._put(s)

    def entity(self, off: int, length: int, s: str) -> None:
        self._flush(off)
        self.b.replace(off, length, len(s))
        self._put(s)

    def text(self, t: _Text) -> None:
        if t.entity:
            if t.raw_len == 0 or not t.value:
                return
            if not t.value.strip(" \t\n\r\f"):
                self.ws(t.off, t.raw_len)
            else:
                self.entity(t.off, t.raw_len, t.value)
            return
        for m in _WS.finditer(t.value):
            if m.group()[0] in " \t\n\r\f":
                self.ws(t.off + m.start(), m.end() - m.start())
            else:
                self.word(t.off + m.start(), m.group())


def _hint_kind(node: _Node, em: _Emitter) -> BlockKind | None:
    tag = node.tag
    if tag == "h1":
        return BlockKind.SUBHEADING if em.headline_done else BlockKind.HEADLINE
    if tag in ("h2", "h3"):
        return BlockKind.SUBHEADING
    if tag == "figcaption":
        return BlockKind.CAPTION
    if tag == "blockquote" and _SOCIAL & set(node.attrs.get("class", "").lower().split()):
        return BlockKind.SOCIAL
    return None


def _walk(node: _Node, em: _Emitter, in_article: bool) -> None:
    for child in node.children:
        if isinstance(child, _Text):
            em.text(child)
            continue
        if _dropped(child, in_article):
            continue
        _element(child, em, in_article)


def _element(node: _Node, em: _Emitter, in_article: bool) -> None:
    tag = node.tag
    is_block = tag in BLOCK
    kind = _hint_kind(node, em)
    if is_block:
        em.block()
    elif tag in ("td", "th"):
        em.ws(node.start, 0)
    n0 = em.n
    _walk(node, em, in_article or tag == "article")
    if kind is not None and em.n > n0:
        start = n0 + 2 if n0 else n0
        if em.n > start:
            em.hints.append((start, em.n, kind))
            if kind == BlockKind.HEADLINE:
                em.headline_done = True
    if is_block:
        em.block()


def _inside(node: _Node, ancestor: _Node) -> bool:
    cur: _Node | None = node
    while cur is not None:
        if cur is ancestor:
            return True
        cur = cur.parent
    return False


def extract_html(source: str) -> Extracted:
    """Parse ``source`` (HTML markup) into article text mapped back into the markup."""
    parser = _TreeBuilder(source)
    parser.feed(source)
    parser.close()
    doc = parser.root
    root = _choose_root(doc)
    em = _Emitter(source)
    if not any(n.tag == "h1" for n in root.iter()):
        # the headline often sits in a page header before the chosen body
        for n in doc.iter():
            if n.tag == "h1" and n.start < root.start and not _inside(root, n):
                if not any(a.tag in DROP_TAGS for a in _ancestors(n)):
                    _element(n, em, True)
                break
    in_article = any(a.tag == "article" for a in _ancestors(root)) or root.tag == "article"
    if root is doc:
        _walk(doc, em, False)
    else:
        _element(root, em, in_article)
    return Extracted(
        text="".join(em.out),
        offsets=em.b.build(len(source)),
        hints=tuple(em.hints),
        meta=page_metadata(doc, root),
    )


def _ancestors(node: _Node) -> list[_Node]:
    out: list[_Node] = []
    cur = node.parent
    while cur is not None:
        out.append(cur)
        cur = cur.parent
    return out
