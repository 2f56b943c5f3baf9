"""The reader: one article's clean text in readable typography, with its search matches drawn.

The QTextDocument is built block by block from ``Document.clean`` with ``insertText`` only:
article text is untrusted and is never parsed as HTML. Each clean block remembers where it
starts in the QTextDocument, so any clean-text :class:`Span` (a search match, an entity, a
link end, a highlight) converts to a document range with :meth:`to_position`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from desktop.core.marks import BlockMark, Mark, PageMark, block_marks, match_marks, page_breaks, page_marks
from desktop.core.model import BlockKind, Document, Span
from desktop.core.titles import display_title, opens_with_title
from desktop.gui.models import display_date
from desktop.gui.reader_margin import paint_margin_marks
from desktop.gui.reader_source import SourceLayout, fill_source
from desktop.gui.reader_style import BASE_POINT_SIZE, MEASURE_CHARS, ReaderStyle

MIN_POINT_SIZE, MAX_POINT_SIZE = 8.0, 32.0
MIN_SIDE_MARGIN = 28.0  # px: room for the shared-passage bars left of the text


def _distinct_title(doc: Document) -> str:
    """The title to show above the text, or "" when the text opens with it."""
    if opens_with_title(doc.title, doc.clean.text):
        return ""
    return display_title(doc.title, doc.path)


BREAK = "\u200b"  # a zero-width space: where a long file name or address may wrap


def meta_line(doc: Document) -> str:
    parts = [doc.meta.source, display_date(doc.meta.date), breakable(doc.meta.url),
             breakable(Path(doc.path).name)]
    return "  ·  ".join(p for p in parts if p)


def breakable(name: str) -> str:
    """``name`` with a place to wrap after each ``_ . / ? & =``: in a narrow column (the
    compare view) a long file name or address wraps between its parts, not mid-word. Copying
    from the reader leaves these out."""
    return re.sub(r"([_./?&=])(?=.)", "\\1" + BREAK, name)


@dataclass(frozen=True)
class ReaderContext:
    """Where a context menu was asked for: the article, the clean offset under the pointer
    (None off the text) and the selected clean span, if any."""

    document: Document | None
    clean_pos: int | None
    selection: Span | None


class ReaderView(QTextEdit):
    """Read-only article view. ``sig_match_changed(current, total)``: current is 1-based, 0 if none."""

    sig_match_changed = Signal(int, int)
    sig_document_shown = Signal(object)  # the Document now shown, or None
    # (QMenu, ReaderContext) before the context menu opens: features add their actions
    sig_context_menu_requested = Signal(object, object)


    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptDrops(False)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._doc: Document | None = None
        self._point_size = BASE_POINT_SIZE
        self._style = ReaderStyle(self.palette(), self._point_size)
        self._block_clean: list[int] = []  # clean start of each drawn block
        self._block_pos: list[int] = []  # its position in the QTextDocument
        self._block_len: list[int] = []
        self._blocks: tuple[BlockMark, ...] = ()  # the marks the text is laid out by
        self._pages: tuple[PageMark, ...] = ()  # PDF pages whose start is drawn as a line
        self._matches: tuple[Span, ...] = ()
        self._current = -1
        # feature layers (entities, highlights): name -> (z order, marks)
        self._layers: dict[str, tuple[int, tuple[tuple[Mark, QTextCharFormat], ...]]] = {}
        self._margin: dict[str, tuple[tuple[Mark, QColor], ...]] = {}  # bars beside passages
        self._placeholder = "Drop articles here, or File → Import"
        self._source_mode = False  # show the source as read instead of the clean text
        self._source: SourceLayout | None = None  # how it is laid out, while shown

    # -- public --------------------------------------------------------------------------
    def document_shown(self) -> Document | None:
        return self._doc

    def show_document(self, doc: Document | None, *, keep_place: bool = False) -> None:
        """Show ``doc`` (None: nothing) from the top, or, with ``keep_place`` (a new version of
        the article shown), at the same place."""
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if keep_place and bar.maximum() else 0.0
        self._doc = doc
        self._matches, self._current = (), -1
        self._layers.clear()
        self._margin.clear()
        self._render()
        bar.setValue(round(fraction * bar.maximum()))
        self.sig_match_changed.emit(0, 0)
        self.sig_document_shown.emit(doc)

    def source_mode(self) -> bool:
        return self._source_mode

    def set_source_mode(self, on: bool) -> None:
        """Show the source as read (gui/reader_source.py) in place of the clean text, or the
        clean text again; every mark stays drawn, and the words at the top stay in view."""
        if on == self._source_mode:
            return
        # the first line in view (a point in the document's top margin hits nothing sensible)
        margin = self.document().rootFrame().frameFormat().topMargin()
        at = QPointF(self.viewport().width() / 2, max(self.verticalScrollBar().value(), margin) + 2.0)
        hit = self.document().documentLayout().hitTest(at, Qt.HitTestAccuracy.FuzzyHit)
        top = self.to_clean(hit) if hit >= 0 else None
        self._source_mode = on
        self._render()
        if self._doc is not None and (top or on):  # the source opens where the article starts
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.to_position(top or 0))
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + self.cursorRect(cursor).top() - self.viewport().height() // 8)

    def set_layer(self, name: str, marks: Sequence[tuple[Mark, QTextCharFormat]], z: int = 0) -> None:
        """Draw one feature's marks (core/marks.py, with their formats) under the search
        matches; layers with a higher ``z`` draw over lower ones. Setting a layer replaces its
        previous marks; an empty one removes it. Showing another article clears all layers."""
        if marks:
            self._layers[name] = (z, tuple(marks))
        else:
            self._layers.pop(name, None)
        self._draw_matches()

    def set_margin_marks(self, name: str, marks: Sequence[tuple[Mark, QColor]]) -> None:
        """Bars in the left margin beside marks (replacing ``name``'s earlier ones)."""
        if marks:
            self._margin[name] = tuple(marks)
        else:
            self._margin.pop(name, None)
        self.viewport().update()

    def margin_marks(self, name: str) -> tuple[tuple[Mark, QColor], ...]:
        return self._margin.get(name, ())

    def layer_names(self) -> list[str]:
        return sorted(self._layers)

    def layer_marks(self, name: str) -> tuple[tuple[Mark, QTextCharFormat], ...]:
        """The marks a feature drew in layer ``name`` (for views that redraw them elsewhere)."""
        return self._layers.get(name, (0, ()))[1]

    def drawn_marks(self) -> list[Mark]:
        """Every mark drawn now: the blocks the text is laid out by, the PDF page lines, each
        feature layer, the margin bars and the search matches (what an export must hold)."""
        marks: list[Mark] = [*self._blocks, *self._pages]
        marks += [m for _, layer in self._layers.values() for m, _ in layer]
        marks += [m for group in self._margin.values() for m, _ in group]
        marks += match_marks(self._matches)
        return marks

    def match_selections(self) -> list[QTextEdit.ExtraSelection]:
        """The drawn search matches alone (they come last, over every feature layer)."""
        selections = self.extraSelections()
        return selections[len(selections) - len(self._matches):] if self._matches else []

    def span_range(self, span: Span | Mark) -> QTextCursor:
        """A cursor selecting the clean-text span (or mark) in the shown document."""
        cursor = QTextCursor(self.document())
        start, end = ((self.to_position(span.start), self.to_position(span.end))
                      if self._source is None else self._source.span_positions(span.start, span.end))
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def reveal(self, span: Span, *, select: bool = True) -> None:
        """Bring a clean-text span into view with context above it (a third of the way down,
        never at the very top edge) and, with ``select``, select it."""
        cursor = self.span_range(span)
        if select:
            self.setTextCursor(cursor)
        start = QTextCursor(self.document())
        start.setPosition(self.to_position(span.start))
        self._scroll_into_view(self.cursorRect(start).top(), self.cursorRect(cursor).bottom())

    def _scroll_into_view(self, top: int, bottom: int) -> None:
        viewport_h = self.viewport().height()
        if top < viewport_h * 0.15 or bottom > viewport_h * 0.85:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + top - viewport_h // 3)

    def set_matches(self, spans: Sequence[Span], current: int = 0, *, scroll: bool = True) -> None:
        """Draw ``spans`` (clean offsets) and make ``current`` (0-based) the current one,
        scrolling to it unless ``scroll`` is false."""
        self._matches = tuple(sorted(spans))
        self._current = min(current, len(self._matches) - 1) if self._matches else -1
        self._draw_matches()
        if scroll:
            self._scroll_to_current()
        self._emit_counter()

    def match_count(self) -> int:
        return len(self._matches)

    def current_match(self) -> int:
        """0-based index of the current match, -1 when there is none."""
        return self._current

    def next_match(self) -> None:
        self._step(1)

    def previous_match(self) -> None:
        self._step(-1)

    def zoom_by(self, steps: int) -> None:
        self.set_point_size(self._point_size + steps)

    def reset_zoom(self) -> None:
        self.set_point_size(BASE_POINT_SIZE)

    def point_size(self) -> float:
        return self._point_size

    def set_point_size(self, size: float) -> None:
        size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        if size != self._point_size:
            self._point_size = size
            self._rerender_keeping_place()

    def to_position(self, clean_pos: int) -> int:
        """The QTextDocument position of a clean-text offset (gaps snap to the next block)."""
        if self._source is not None:
            return self._source.to_position(clean_pos)
        if not self._block_clean:
            return 0
        i = max(bisect_right(self._block_clean, clean_pos) - 1, 0)
        offset = clean_pos - self._block_clean[i]
        if offset > self._block_len[i] and i + 1 < len(self._block_pos):
            return self._block_pos[i + 1]
        return self._block_pos[i] + max(0, min(offset, self._block_len[i]))

    def to_clean(self, position: int) -> int | None:
        """The clean-text offset of a QTextDocument position; None outside the article text
        (the title or metadata line drawn above it)."""
        if self._source is not None:
            return self._source.to_clean(position)
        if not self._block_pos or position < self._block_pos[0]:
            return None
        i = bisect_right(self._block_pos, position) - 1
        offset = position - self._block_pos[i]
        if offset > self._block_len[i]:
            return None
        return self._block_clean[i] + offset

    def selected_span(self) -> Span | None:
        """The selection as a clean-text span (None when nothing of the article is selected)."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.to_clean(cursor.selectionStart()), self.to_clean(cursor.selectionEnd())
        if start is None or end is None or end <= start:
            return None
        return Span(start, end)

    # -- rendering -----------------------------------------------------------------------
    def _render(self) -> None:
        self._style = ReaderStyle(self.palette(), self._point_size)
        document = QTextDocument(self)
        document.setDefaultFont(self._style.body_font())
        document.setDocumentMargin(self._style.point_size * 2.5)
        self._block_clean, self._block_pos, self._block_len = [], [], []
        self._blocks, self._pages, self._source = (), (), None
        if self._doc is not None and self._source_mode:
            self._source = fill_source(QTextCursor(document), self._doc, self._style)
        elif self._doc is not None:
            self._fill(QTextCursor(document), self._doc)
        old = self.document()
        ours = old.parent() is self  # Qt deletes only the documents it created itself
        self.setDocument(document)
        if ours:
            old.deleteLater()
        self._apply_measure()
        self._draw_matches()

    def _fill(self, cursor: QTextCursor, doc: Document) -> None:
        segments = self._blocks = block_marks(doc)
        breaks = page_breaks(page_marks(doc, segments), segments)  # PDFs: where pages begin
        self._pages = tuple(breaks.values())
        has_headline = bool(segments) and segments[0].block == BlockKind.HEADLINE
        if not has_headline:  # the title is not part of the clean text: show it above
            title = _distinct_title(doc)
            if title:
                self._insert_block(cursor, BlockKind.HEADLINE, title, True)
            self._insert_meta(cursor, doc)
        for n, span in enumerate(segments):
            page = breaks.get(span.start)
            if page is not None:
                self._insert_page_break(cursor, page.page)
            # a line break inside a block stays one character: U+2028 keeps offsets aligned
            text = doc.clean.text[span.start : span.end].replace("\n", "\u2028")
            self._block_clean.append(span.start)
            first = cursor.position() == 0  # nothing drawn yet: fill the initial block
            self._block_pos.append(self._insert_block(cursor, span.block, text, first))
            self._block_len.append(len(text))
            if n == 0 and has_headline:
                self._insert_meta(cursor, doc)

    def _insert_block(self, cursor: QTextCursor, kind: str, text: str, first: bool) -> int:
        block_fmt, char_fmt = self._style.block_format(kind), self._style.char_format(kind)
        if first:
            cursor.setBlockFormat(block_fmt)
            cursor.setBlockCharFormat(char_fmt)
        else:
            cursor.insertBlock(block_fmt, char_fmt)
        pos = cursor.position()
        cursor.insertText(text, char_fmt)  # plain text, never HTML
        return pos

    def _insert_page_break(self, cursor: QTextCursor, page: int) -> None:
        """A muted "p. N" line (not article text: no clean offsets) where a PDF page starts."""
        block_fmt, char_fmt = self._style.meta_formats()
        block_fmt.setTopMargin(0.4 * self._style.point_size)
        block_fmt.setBottomMargin(0.4 * self._style.point_size)
        cursor.insertBlock(block_fmt, char_fmt)
        cursor.insertText(f"— p. {page} —", char_fmt)

    def _insert_meta(self, cursor: QTextCursor, doc: Document) -> None:
        line = meta_line(doc)
        if line:
            block_fmt, char_fmt = self._style.meta_formats()
            if cursor.position() == 0:
                cursor.setBlockFormat(block_fmt)
            else:
                cursor.insertBlock(block_fmt, char_fmt)
            cursor.insertText(line, char_fmt)

    def _apply_measure(self) -> None:
        """Centre a column about MEASURE_CHARS wide by widening the root frame's margins."""
        document = self.document()
        measure = QFontMetricsF(self._style.body_font()).averageCharWidth() * MEASURE_CHARS
        # the root frame's left/right margins replace the document margin on that side, so
        # they include it; never narrower than the room the margin bars need
        margin = max(document.documentMargin(), MIN_SIDE_MARGIN)
        side = max(margin, (self.viewport().width() - measure) / 2)
        root = document.rootFrame()
        fmt = root.frameFormat()
        if abs(fmt.leftMargin() - side) > 0.5:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            root.setFrameFormat(fmt)

    def _rerender_keeping_place(self) -> None:
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self._render()
        bar.setValue(round(fraction * bar.maximum()))

    # -- matches -------------------------------------------------------------------------
    def _layer_selections(self) -> list[QTextEdit.ExtraSelection]:
        selections = []
        for _, marks in sorted(self._layers.values(), key=lambda layer: layer[0]):
            for span, fmt in marks:
                sel = QTextEdit.ExtraSelection()
                sel.cursor = self.span_range(span)
                sel.format = fmt
                selections.append(sel)
        return selections

    def _draw_matches(self) -> None:
        colours = self._style.matches()
        selections = self._layer_selections()
        for i, span in enumerate(self._matches):
            sel = QTextEdit.ExtraSelection()
            cursor = self.span_range(span)
            sel.cursor = cursor
            fmt = sel.format
            fmt.setBackground(QBrush(colours.current if i == self._current else colours.match))
            fmt.setForeground(QBrush(colours.text))
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
            sel.format = fmt
            selections.append(sel)
        self.setExtraSelections(selections)

    def _step(self, delta: int) -> None:
        if not self._matches:
            return
        self._current = (self._current + delta) % len(self._matches)
        self._draw_matches()
        self._scroll_to_current()
        self._emit_counter()

    def _scroll_to_current(self) -> None:
        if self._current < 0:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_position(self._matches[self._current].start))
        rect = self.cursorRect(cursor)
        self._scroll_into_view(rect.top(), rect.bottom())

    def _emit_counter(self) -> None:
        self.sig_match_changed.emit(self._current + 1, len(self._matches))

    def set_placeholder(self, text: str) -> None:
        """What the empty reader says (drawn centred, muted)."""
        self._placeholder = text
        self.viewport().update()

    # -- events --------------------------------------------------------------------------
    def createMimeDataFromSelection(self) -> QMimeData:
        """What Copy puts on the clipboard: the selection as plain text, without the
        wrapping places of the metadata line (``breakable``)."""
        data = QMimeData()
        data.setText(self.textCursor().selection().toPlainText().replace(BREAK, ""))
        return data

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        position = self.cursorForPosition(event.pos()).position()
        context = ReaderContext(self._doc, self.to_clean(position), self.selected_span())
        self.sig_context_menu_requested.emit(menu, context)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._margin:
            marks = [m for group in self._margin.values() for m in group]
            paint_margin_marks(self, marks, self.to_position)
        if self._doc is None and self._placeholder:
            painter = QPainter(self.viewport())
            font = QFont(self._style.body_font())
            font.setPointSizeF(self._point_size * 1.1)
            painter.setFont(font)
            painter.setPen(self._style.muted)
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self._placeholder)
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_measure()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._doc is not None:
            self._rerender_keeping_place()
