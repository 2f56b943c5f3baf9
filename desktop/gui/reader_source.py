"""The reader's "source as read" mode: the article's source as Parallax read it, in place of
its clean text, with every mark of the reader drawn at the same words.

What is shown comes from core/source_view.py (a PDF's or Word file's extracted text with a
line where each page starts, a text file as it is, a web page's text with the markup removed
line for line). What cleanup kept as the article is tinted; what was read but left out
(menus, markup text, running heads, page numbers…) is grey. A clean-text span maps to
the view through clean -> source (the article's offset map) -> view (the source view's map),
so search matches, names, highlights and shared passages land on the same words here as in
the clean text; a position in the view maps back the same way, so a selection made here is
still a clean span.

Text is inserted with ``insertText`` only (never parsed as HTML); each line of the view is one
block of the QTextDocument, so view offsets and document positions differ by the header's
length alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QBrush, QFont, QFontDatabase, QTextBlockFormat, QTextCharFormat, QTextCursor

from desktop.core.model import Document, Span
from desktop.core.source_view import SourceView, source_view
from desktop.gui.reader_style import ReaderStyle

FORMAT_NAMES = {"html": "web page", "pdf": "PDF", "docx": "Word document", "md": "Markdown file",
                "txt": "text file"}


def header_line(doc: Document) -> str:
    what = FORMAT_NAMES.get(doc.fmt, f"{doc.fmt} file")
    how = ("its text with the markup removed, line for line" if doc.fmt == "html"
           else "the text extracted from it" if doc.fmt in ("pdf", "docx") else "as it was read")
    return (f"Source as read — the {what}, {how}. Tinted: kept as the article; grey: read but "
            "left out. View → Source as Read (Ctrl+U) returns to the article.")


@dataclass(frozen=True)
class SourceLayout:
    """Where the source view stands in the reader's QTextDocument, and the maps to it."""

    doc: Document
    view: SourceView
    base: int  # document position of the view's first character

    def to_position(self, clean_pos: int) -> int:
        src = self.doc.clean.offsets.to_source_start(clean_pos)
        return self.base + self.view.offsets.to_clean(src)

    def span_positions(self, start: int, end: int) -> tuple[int, int]:
        s, e = self.view.from_clean(self.doc, Span(start, max(start, end)))
        return self.base + s, self.base + e

    def to_clean(self, position: int) -> int | None:
        """The clean offset of a document position; None in the header or outside the source."""
        offset = position - self.base
        if offset < 0 or offset > len(self.view.text):
            return None
        src = self.view.offsets.to_source_start(offset)
        return self.doc.clean.offsets.to_clean(src)


def source_font(style: ReaderStyle) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(style.point_size * 0.9)
    return font


def fill_source(cursor: QTextCursor, doc: Document, style: ReaderStyle) -> SourceLayout:
    """Write the header and the source view of ``doc`` at ``cursor`` (an empty document)."""
    view = source_view(doc)
    block_fmt, header_fmt = style.meta_formats()
    cursor.setBlockFormat(block_fmt)
    cursor.insertText(header_line(doc), header_fmt)
    line_fmt = QTextBlockFormat()
    line_fmt.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    kept_fmt = QTextCharFormat()
    kept_fmt.setFont(source_font(style))
    kept_fmt.setForeground(QBrush(style.text))
    kept_fmt.setBackground(QBrush(style.tint))
    left_fmt = QTextCharFormat(kept_fmt)
    left_fmt.setForeground(QBrush(style.muted))
    left_fmt.clearBackground()
    cursor.insertBlock(line_fmt, left_fmt)
    base = cursor.position()
    pos = 0
    for s, e in view.kept(doc):
        if s > pos:
            cursor.insertText(view.text[pos:s], left_fmt)
        cursor.insertText(view.text[s:e], kept_fmt)
        pos = e
    if pos < len(view.text):
        cursor.insertText(view.text[pos:], left_fmt)
    return SourceLayout(doc, view, base)
