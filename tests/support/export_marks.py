"""Reading the marks back out of finished exports, for the what-you-see-is-what-you-export test.

Each reader returns (style key, clean start, clean end) triples, found from the export's own
text alone: a block's place in the article is found by its words, a mark's by the characters
before it in its block; nothing is taken from the gather the export was made from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from desktop.core.model import Document

Key = tuple[str, int, int]


class _Locator:
    """Finds each block's text in the clean text, in order ("\\n" inside a block may have
    become a space or a Markdown line break)."""

    def __init__(self, doc: Document) -> None:
        self.flat = doc.clean.text.replace("\n", " ")
        self.at = 0

    def find(self, text: str) -> int:
        start = self.flat.find(text.replace("\n", " "), self.at)
        assert start >= 0, f"export text not in the article: {text[:60]!r}"
        self.at = start + len(text)
        return start


def _styles_of(classes: list[str]) -> list[str]:
    out = []
    if "ent" in classes:
        out += [f"entity.{c[4:]}" for c in classes if c.startswith("ent-")]
    if "hl" in classes:
        changed = ".changed" if "changed" in classes else ""
        out += [f"highlight.{c[3:]}{changed}" for c in classes if c.startswith("hl-")]
    if "link" in classes:
        out += [f"link.{c[5:]}" for c in classes if c.startswith("link-")]
    return out


class _HtmlMarks(HTMLParser):
    def __init__(self, doc: Document) -> None:
        super().__init__(convert_charrefs=True)
        self.where = _Locator(doc)
        self.text_len = len(doc.clean.text)
        self.depth = 0  # inside <div class="text"> when > 0
        self.stack: list[tuple[str, list[str]]] = []
        self.block: tuple[str, list[tuple[str, list[str]]]] | None = None  # kind, (text, styles)
        self.page_text: str | None = None
        self.page_next: int | None = None  # a page line was just seen: its number
        self.pages: list[tuple[int, int]] = []  # (page, clean start)
        self.keys: list[Key] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "text" in classes and not self.depth:
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "div":
            self.depth += 1
        if tag == "p" and "page" in classes:
            self.page_text = ""
        elif tag == "p" and "block" in classes:
            self.block = (next(c for c in classes if c != "block"), [])
        self.stack.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "div":
            self.depth -= 1
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "p" and self.page_text is not None:
            self.page_next = int(re.sub(r"\D", "", self.page_text))
            self.page_text = None
        elif tag == "p" and self.block is not None:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self.depth:
            return
        if self.page_text is not None:
            self.page_text += data
        elif self.block is not None and not any(t == "sup" for t, _ in self.stack):
            styles = [s for _, classes in self.stack for s in _styles_of(classes)]
            self.block[1].append((data, styles))

    def _end_block(self) -> None:
        assert self.block is not None
        kind, pieces = self.block
        self.block = None
        text = "".join(t for t, _ in pieces)
        start = self.where.find(text)
        if self.page_next is not None:
            self.pages.append((self.page_next, start))
            self.page_next = None
        self.keys.append((f"block.{kind}", start, start + len(text)))
        at = start
        for piece, styles in pieces:
            self.keys += [(s, at, at + len(piece)) for s in styles]
            at += len(piece)

    def result(self) -> list[Key]:
        ends = [s for _, s in self.pages[1:]] + ([self.text_len] if self.pages else [])
        return self.keys + [("page", s, e) for (_, s), e in zip(self.pages, ends, strict=True)]


def html_marks(page: str, doc: Document) -> list[Key]:
    """Blocks, page lines, entities, highlights (colour, changed) and link ends of ``doc``'s
    article in an HTML export (the browser page or the one Qt lays out as the PDF)."""
    parser = _HtmlMarks(doc)
    parser.feed(page)
    return parser.result()


def json_marks(data: str, doc: Document) -> list[Key]:
    """Entities, link ends and highlights of ``doc`` in a W3C JSON export (source offsets
    mapped back to the clean text)."""
    parsed = json.loads(data)
    to_clean = doc.clean.offsets.span_to_clean
    uri = f"urn:parallax:doc:{doc.content_hash}"
    keys: list[Key] = []
    for e in parsed["parallax:entities"]:
        if e["doc"] == uri:
            keys.append((f"entity.{e['label']}", *to_clean(e["start"], e["end"])))
    for k in parsed["parallax:links"]:
        if k["a"]["doc"] == uri:
            keys.append((f"link.{k['kind']}", *to_clean(k["a"]["start"], k["a"]["end"])))
    for a in parsed["first"]["items"]:
        target = a["target"]
        if target["source"] != uri or target["parallax:orphan"]:
            continue
        colour = next(b["parallax:colour"] for b in a["body"] if b.get("purpose") == "highlighting")
        changed = ".changed" if target["parallax:status"] == "changed" else ""
        pos = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
        keys.append((f"highlight.{colour}{changed}", *to_clean(pos["start"], pos["end"])))
    return keys


_MD_ESCAPED = re.compile(r"\\(.)|&amp;|&lt;|&gt;|\[\^\d+\]|==|  \n", re.S)
_MD_ENTITY = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "  \n": "\n"}


@dataclass(frozen=True)
class MarkdownMarks:
    blocks: list[tuple[int, int]]
    highlighted: list[tuple[int, int]]
    pages: list[tuple[int, int]]  # (page, clean start)
    entities: dict[str, list[tuple[str, str]]]  # label title -> (name, mentions)
    links: list[tuple[str, str]]  # (passage cell, kind)


def markdown_marks(page: str, doc: Document) -> MarkdownMarks:
    """What a Markdown export can say of one article: its paragraphs and highlighted words
    by place (``==…==``; Markdown has no colours), its page lines, the entity index (label,
    name, mentions) and the shared-passage table (kind, passage words)."""
    body = page.split("\n---\n", 1)[1]
    sections = re.split(r"\n#{2,3} (Entities|Cross-links|Annotations|In the story)\n", body)
    paras = sections[0].strip("\n").split("\n\n")
    if paras and paras[0].startswith("#"):  # the export's title
        paras = paras[1:]
    if paras and re.fullmatch(r"\*[^*].*[^\\]\*", paras[0]) and " p. " not in paras[0]:
        paras = paras[1:]  # the metadata line (article text has its "*" escaped)
    where = _Locator(doc)
    blocks: list[tuple[int, int]] = []
    highlighted: list[tuple[int, int]] = []
    pages: list[tuple[int, int]] = []
    page_next: int | None = None
    for para in paras:
        if re.fullmatch(r"\*— p\. \d+ —\*", para):
            page_next = int(re.sub(r"\D", "", para))
            continue
        if para.startswith("> "):
            para = para[2:]
        if para.startswith("**") and para.endswith("**"):
            para = para[2:-2]
        plain: list[str] = []
        marked: list[tuple[int, int]] = []
        on, last = False, 0
        for m in _MD_ESCAPED.finditer(para):
            plain.append(para[last:m.start()])
            last = m.end()
            token = m.group(0)
            if token == "==":
                n = len("".join(plain))
                if on:
                    marked[-1] = (marked[-1][0], n)
                else:
                    marked.append((n, n))
                on = not on
            elif m.group(1) is not None:
                plain.append(m.group(1))
            else:
                plain.append(_MD_ENTITY.get(token, ""))
        plain.append(para[last:])
        text = "".join(plain)
        start = where.find(text)
        if page_next is not None:
            pages.append((page_next, start))
            page_next = None
        blocks.append((start, start + len(text)))
        highlighted += [(start + s, start + e) for s, e in marked]
    names: dict[str, list[tuple[str, str]]] = {}
    for label, line in re.findall(r"- \*\*(.+?)\*\* \(\d+\): (.*)", page):
        names[label] = re.findall(r"(.+?) \((\d+)\)(?:, |$)", line)
    rows = re.findall(r"^\| (.+?) \| (verbatim|edited|paraphrase) \|", page, re.M)
    return MarkdownMarks(blocks, highlighted, pages, names, rows)
