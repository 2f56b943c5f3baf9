"""The source as read, for people: what the article's offsets point into, made readable.

For text, Markdown, PDF and Word files that is the source text itself (a PDF's page breaks,
form feeds in the source, are shown as a "page N" line). For a web page it is the page's text
with the markup removed, *line for line*: tags, comments, scripts and styles are dropped,
character references are shown as their characters, and runs of blank lines left by the
markup become one. Every character of the view maps to the source through an
:class:`~desktop.core.offsets.OffsetMap`, so any mark on the article (a clean span) is drawn
on the view by clean -> source -> view, and so is what cleanup kept.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from desktop.core.model import Document, Span
from desktop.core.offsets import OffsetMap, OffsetMapBuilder

_MARKUP = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<!\[CDATA\[.*?\]\]>"
    r"|<[!?/]?[A-Za-z][^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_ENTITY = re.compile(r"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_BLANKS = re.compile(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*)+")


@dataclass(frozen=True)
class SourceView:
    text: str
    offsets: OffsetMap  # view -> source

    def from_source(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span_to_clean(start, end)

    def from_clean(self, doc: Document, span: Span) -> tuple[int, int]:
        s, e = doc.clean.offsets.span_to_source(span.start, span.end)
        return self.from_source(s, e)

    def kept(self, doc: Document) -> list[tuple[int, int]]:
        """View spans of the source characters that the clean text stands for."""
        out: list[tuple[int, int]] = []
        for run in doc.clean.offsets.runs():
            piece = doc.clean.text[run.clean_start:run.clean_start + run.clean_len]
            if run.src_len == 0 or not piece.strip():
                continue
            s, e = self.from_source(run.src_start, run.src_start + run.src_len)
            if s < e:
                if out and s <= out[-1][1]:
                    out[-1] = (out[-1][0], max(e, out[-1][1]))
                else:
                    out.append((s, e))
        return out


def _plain(source: str) -> SourceView:
    b = OffsetMapBuilder()
    parts: list[str] = []
    pos = 0
    page = 1
    for m in re.finditer("\f", source):
        b.copy(pos, m.start() - pos)
        parts.append(source[pos:m.start()])
        page += 1
        label = f"──────── page {page} ────────"
        b.replace(m.start(), 1, len(label))
        parts.append(label)
        pos = m.end()
    b.copy(pos, len(source) - pos)
    parts.append(source[pos:])
    return SourceView("".join(parts), b.build(len(source)))


def _html(source: str) -> SourceView:
    b = OffsetMapBuilder()
    parts: list[str] = []
    n = 0

    def text(a: int, z: int) -> None:
        nonlocal n
        pos = a
        for m in _ENTITY.finditer(source, a, z):
            if m.start() > pos:
                b.copy(pos, m.start() - pos)
                parts.append(source[pos:m.start()])
                n += m.start() - pos
            value = html.unescape(m.group())
            b.replace(m.start(), m.end() - m.start(), len(value))
            parts.append(value)
            n += len(value)
            pos = m.end()
        if z > pos:
            b.copy(pos, z - pos)
            parts.append(source[pos:z])
            n += z - pos

    pos = 0
    for m in _MARKUP.finditer(source):
        text(pos, m.start())
        pos = m.end()
    text(pos, len(source))
    raw = SourceView("".join(parts), b.build(len(source)))
    return _squeeze_blank_lines(raw)


def _squeeze_blank_lines(view: SourceView) -> SourceView:
    """Runs of blank lines (left where markup was) become one blank line."""
    b = OffsetMapBuilder()
    parts: list[str] = []
    runs = list(view.offsets.runs())
    k = 0

    def copy(start: int, end: int) -> None:
        nonlocal k
        while k < len(runs) and runs[k].clean_start + runs[k].clean_len <= start:
            k += 1
        j = k
        while j < len(runs) and runs[j].clean_start < end:
            run = runs[j]
            lo, hi = max(start, run.clean_start), min(end, run.clean_start + run.clean_len)
            if run.is_copy:
                b.copy(run.src_start + (lo - run.clean_start), hi - lo)
            elif lo == run.clean_start:
                b.replace(run.src_start, run.src_len, hi - lo)
            else:  # the rest of a character reference cut by a blank line: no source left
                b.insert(run.src_start + run.src_len, hi - lo)
            j += 1

    pos = 0
    for m in _BLANKS.finditer(view.text):
        if m.start() > pos:
            copy(pos, m.start())
            parts.append(view.text[pos:m.start()])
        s, e = view.offsets.span_to_source(m.start(), m.end())
        b.replace(s, e - s, 2)
        parts.append("\n\n")
        pos = m.end()
    if pos < len(view.text):
        copy(pos, len(view.text))
        parts.append(view.text[pos:])
    return SourceView("".join(parts), b.build(view.offsets.src_len))


def source_view(doc: Document) -> SourceView:
    """The source of ``doc`` as read, readable (see the module docstring)."""
    if doc.fmt == "html":
        return _html(doc.source_text)
    return _plain(doc.source_text)
