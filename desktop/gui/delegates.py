"""Item delegates. The hit delegate draws a snippet with its matches in bold, with no HTML.

The snippet is laid out with a QTextLayout whose format ranges come from ``Snippet.marks``,
so article text is only ever drawn as text.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.core.model import Hit
from desktop.gui.models import HIT_ROLE, display_meta, display_title
from desktop.gui.reader_style import blend

SNIPPET_LINES = 3
PAD_X, PAD_Y, GAP = 10.0, 8.0, 3.0


class HitDelegate(QStyledItemDelegate):
    """Title (bold), outlet · date or the file (muted), then up to three lines of snippet."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        fm = QFontMetricsF(option.font)
        small = QFontMetricsF(self._small_font(option.font))
        height = 2 * PAD_Y + fm.lineSpacing() + small.lineSpacing() + GAP * 2
        height += SNIPPET_LINES * fm.lineSpacing()
        return QSize(200, round(height))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, Hit):
            super().paint(painter, option, index)
            return
        # The row's background, selection and focus come from ``option`` alone: the model has
        # no colour, font or icon roles to add (``initStyleOption`` asked it for each, a call
        # into Python per role and row, for nothing), and the text is drawn below.
        opt = QStyleOptionViewItem(option)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = palette.color(role)
        back = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        painter.save()
        try:
            self._paint_hit(painter, QRectF(opt.rect), opt.font, hit, text, back)
        finally:
            painter.restore()

    def _paint_hit(
        self, painter: QPainter, rect: QRectF, font: QFont, hit: Hit, text: QColor, back: QColor
    ) -> None:
        inner = rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        fm = QFontMetricsF(bold)
        painter.setFont(bold)
        painter.setPen(text)
        title = fm.elidedText(display_title(hit.doc), Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(QPointF(inner.left(), inner.top() + fm.ascent()), title)
        y = inner.top() + fm.lineSpacing() + GAP
        small = self._small_font(font)
        sfm = QFontMetricsF(small)
        painter.setFont(small)
        painter.setPen(blend(back, text, 0.6))
        meta = display_meta(hit.doc)
        painter.drawText(
            QPointF(inner.left(), y + sfm.ascent()),
            sfm.elidedText(meta, Qt.TextElideMode.ElideRight, inner.width()),
        )
        y += sfm.lineSpacing() + GAP
        painter.setPen(blend(back, text, 0.85))
        self._paint_snippet(painter, QRectF(inner.left(), y, inner.width(), inner.bottom() - y), font, hit)

    def _paint_snippet(self, painter: QPainter, rect: QRectF, font: QFont, hit: Hit) -> None:
        # line breaks become spaces one for one, so the marks' offsets still hold
        layout = QTextLayout(hit.snippet.text.replace("\n", " ").replace("\u2028", " "), font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.setFormats(self._mark_ranges(hit))
        fm = QFontMetricsF(font)
        layout.beginLayout()
        y, lines = 0.0, 0
        while lines < SNIPPET_LINES:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(rect.width())
            line.setPosition(QPointF(0, y))
            y += fm.lineSpacing()
            lines += 1
        layout.endLayout()
        painter.setClipRect(rect)
        layout.draw(painter, rect.topLeft())

    @staticmethod
    def _mark_ranges(hit: Hit) -> list[QTextLayout.FormatRange]:
        ranges = []
        for start, end in hit.snippet.marks:
            fr = QTextLayout.FormatRange()
            fr.start, fr.length = start, end - start
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fr.format = fmt
            ranges.append(fr)
        return ranges

    @staticmethod
    def _small_font(font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.88, 7.0))
        return small
