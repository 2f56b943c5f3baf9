"""A light HTML tree whose text leaves remember where they sit in the markup (stdlib parser).

Why not lxml or html5lib: neither reports the source offset of each piece of text, and every
clean character of an article must map back to the exact markup it came from. The stdlib
``html.parser`` reports line/column positions for every event; this builder turns them into
string offsets and keeps character references apart, so ``&amp;`` maps to its five
characters. Implied end tags (``<p>`` closing ``<p>``, ``<li>`` closing ``<li>``) follow the
HTML rules closely enough for article text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOID = _words("""area base br col embed hr img input link meta param source track wbr keygen""")
_SELF_CLOSING = _words("""p li dt dd tr td th option""")
_BLOCKISH = _words(
    """p h1 h2 h3 h4 h5 h6 blockquote div section article header footer main ul ol dl table
    figure pre hr address details form nav aside"""
)
_HEAD_CONTENT = _words("""meta link title script style noscript base template object""")
_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
# "&#" that html.parser does not read as a character reference ("&#x" with no hex digit,
# "C&# ", "&#;", "&#1a": its pattern, html.parser.charref, wants digits and then a character
# that is not a hex digit). The parser stops at one and waits for more input; at close() it
# gives the rest of the page as one piece of text, so every tag after the second such "&#"
# (the first, if no ";" follows it) would become article text. It never stops at "&" before
# a character that cannot start a name, so the builder feeds the parser a copy where the "#"
# of each stray "&#" is a character absent from the page (same length, so every offset holds)
# and takes text and attribute values back from the source.
_OPEN = ("<!", "<?", "</")  # what opens a comment, declaration or end tag
_STRAY_CHARREF = re.compile(r"&#(?!(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F])")


class Text:
    """A piece of character data: ``raw_len`` markup characters from ``off`` stand for ``value``."""

    __slots__ = ("entity", "off", "raw_len", "value")

    def __init__(self, off: int, raw_len: int, value: str, entity: bool) -> None:
        self.off, self.raw_len, self.value, self.entity = off, raw_len, value, entity


class Node:
    """An element: tag, attributes (lower-case names), children in order, where it starts."""

    __slots__ = ("attrs", "children", "parent", "start", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None, start: int) -> None:
        self.tag, self.attrs, self.parent, self.start = tag, attrs, parent, start
        self.children: list[Node | Text] = []

    def iter(self) -> list[Node]:
        """This node and every element below it, in document order."""
        out: list[Node] = []
        todo: list[Node] = [self]
        while todo:
            n = todo.pop()
            out.append(n)
            todo.extend(reversed([c for c in n.children if isinstance(c, Node)]))
        return out

    def text(self) -> str:
        """The text below this node (not scripts or styles), whitespace collapsed."""
        parts: list[str] = []
        for n in self.iter():
            if n.tag not in ("script", "style"):
                parts.extend(c.value for c in n.children if isinstance(c, Text))
        return " ".join("".join(parts).split())

    def ancestors(self) -> list[Node]:
        out: list[Node] = []
        cur = self.parent
        while cur is not None:
            out.append(cur)
            cur = cur.parent
        return out

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").lower().split()


class _TreeBuilder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.src = source
        self.fed, self.mark = _unstall(source)
        self.lines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.root = Node("#document", {}, None, 0)
        self.stack = [self.root]
        self.last: Text | None = None  # clamp an entity to where the next event starts
        self.closing = False  # close() gives what never ended as data ("<!-- …", "<a href=")
        self.cut = -1  # where a comment or tag left open begins: nothing from there on is read

    def _pos(self) -> int:
        line, col = self.getpos()
        off = self.lines[line - 1] + col
        if self.last is not None and self.last.entity and self.last.off + self.last.raw_len > off:
            self.last.raw_len = max(0, off - self.last.off)
        self.last = None
        return off

    def _add_text(self, t: Text) -> None:
        self.stack[-1].children.append(t)
        self.last = t

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        off = self._pos()
        if tag not in _HEAD_CONTENT and len(self.stack) > 1:
            self._close_head()
        top = self.stack[-1]
        if (tag == top.tag and tag in _SELF_CLOSING) or (top.tag == "p" and tag in _BLOCKISH):
            self.stack.pop()
            top = self.stack[-1]
        node = Node(tag, self._attrs(attrs), top, off)
        top.children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        out = {k.lower(): v or "" for k, v in attrs}
        if self.mark:  # a stray "&#" in a value: put its "#" back
            out = {k: v.replace(self.mark, "#") for k, v in out.items()}
        return out

    def _close_head(self) -> None:
        """A tag that cannot stand in <head> (``<body>``, ``<div>``…) closes an unclosed head."""
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == "head":
                del self.stack[i:]
                return

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:  # "<![foo[" is not a known section: skip it like a comment
            j = self.rawdata.find(">", i + 2)
            return j + 1 if j >= 0 else -1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        off = self._pos()
        top = self.stack[-1]
        top.children.append(Node(tag, self._attrs(attrs), top, off))

    def handle_endtag(self, tag: str) -> None:
        self._pos()
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        off = self._pos()
        if not self.fed.startswith(data, off):  # never map text we cannot place exactly
            return
        if self.closing and data[0] == "<" and (len(data) > 1 or self.fed.startswith(_OPEN, off)
                                                or self.fed[off + 1:off + 2].isalpha()):
            # markup that never ended, given back as text by close(): a browser shows none of
            # it (a tag or a bogus comment cut by the end of the file); a comment left open
            # ("<!-- …" with no "-->"), or a tag, "<!", "<?", "</" with no ">" after them, hides
            # the whole rest of the page (close() gave a lone "<" then the rest as text)
            if self.cut < 0 and (self.fed.startswith("<!--", off) or len(data) == 1):
                self.cut = off
            return
        self._add_text(Text(off, len(data), self.src[off:off + len(data)], False))

    def _ref(self) -> None:
        off = self._pos()
        m = _ENTITY.match(self.src, off)
        if not m:
            return
        raw = m.group()
        value = html.unescape(raw)
        self._add_text(Text(off, len(raw), value, value != raw))

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


def _unstall(source: str) -> tuple[str, str]:
    """What the parser is fed (``source``, or a copy without stray "&#") and the character
    standing for "#" in it ("" when nothing was replaced)."""
    if _STRAY_CHARREF.search(source) is None:
        return source, ""
    mark = next(c for c in map(chr, range(0xE000, 0xF900)) if c not in source)
    return _STRAY_CHARREF.sub("&" + mark, source), mark


def parse(source: str) -> Node:
    """The document node of ``source``."""
    builder = _TreeBuilder(source)
    builder.feed(builder.fed)
    builder.closing = True
    builder.close()
    if builder.cut >= 0:
        _prune(builder.root, builder.cut)
    return builder.root


def _prune(root: Node, cut: int) -> None:
    """Drop everything that starts at or after ``cut``."""
    for node in root.iter():
        node.children = [c for c in node.children if (c.off if isinstance(c, Text) else c.start) < cut]
