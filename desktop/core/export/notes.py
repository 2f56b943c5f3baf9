"""A note's Markdown rendered by Python-Markdown into element-tree nodes (never into a string
spliced into HTML). Raw HTML is switched off in the parser, the input has already been made
inert by :func:`safety.safe_note_markdown`, and the resulting tree passes the sanitiser."""

from __future__ import annotations

import copy
import html
import xml.etree.ElementTree as ET

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from desktop.core.export.safety import safe_note_markdown, sanitise

_STASH_MARKS = ("\x02", "\x03")


class _Capture(Treeprocessor):
    """Keeps the finished tree (after inline processing and unescaping)."""

    def run(self, root: ET.Element) -> None:
        self.md.captured = copy.deepcopy(root)


class _NoRawHtml(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        for name in ("html_block",):
            if name in md.preprocessors:
                md.preprocessors.deregister(name)
        for name in ("html", "entity"):
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        md.treeprocessors.register(_Capture(md), "parallax_capture", -10)


def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")


def note_elements(note: str) -> list[ET.Element]:
    """The note as a list of block elements (paragraphs, lists...), sanitised."""
    if not note.strip():
        return []
    md = _converter()
    # entities become characters first: with raw HTML off, the serialiser escapes them all
    md.convert(safe_note_markdown(html.unescape(note), escape_html=False))
    root: ET.Element = getattr(md, "captured", ET.Element("div"))
    _strip_placeholders(root)
    sanitise(root)
    return list(root)


def _strip_placeholders(elem: ET.Element) -> None:
    for node in elem.iter():
        for attr in ("text", "tail"):
            value = getattr(node, attr)
            if value and any(m in value for m in _STASH_MARKS):
                setattr(node, attr, value.replace("\x02", "").replace("\x03", ""))


def note_text(note: str) -> str:
    """The note as it reads once rendered, in plain text on one line (a list entry shows
    "Confirm with the AFP wire", not "Confirm with the **AFP** wire")."""
    words = " ".join("".join(el.itertext()) for el in note_elements(note))
    return " ".join(words.split())


QUOTE_MARKS = "\"“”„«»‟"


def quoted(text: str) -> str:
    """``text`` between curly quotes, without doubling the quote marks it starts or ends with
    (a highlight of `“Attempts to…”` reads “Attempts to…”, not ““"Attempts to…”")."""
    return "“" + text.strip().strip(QUOTE_MARKS).strip() + "”"
