"""Painted parts of the compare view: kind colours, the gutter joining twin passages, and the
overview strip showing where the shared passages sit in a whole article."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from desktop.core import styles
from desktop.core.overlap.types import Link


def kind_colour(kind: str, alpha: int = 255) -> QColor:
    colour = QColor(styles.link_colour(kind))  # the one style table, core/styles.py
    colour.setAlpha(alpha)
    return colour


# (top, bottom) of a clean span in a column's viewport coordinates, or None when not laid out
SpanY = Callable[[int, int], tuple[float, float] | None]


class Gutter(QWidget):
    """Bands between the two columns joining each link's ends; the selected one stronger."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareGutter")
        self.setFixedWidth(56)
        self._links: Sequence[Link] = ()
        self._selected: Link | None = None
        self._ya: SpanY | None = None
        self._yb: SpanY | None = None

    def set_links(self, links: Sequence[Link], ya: SpanY, yb: SpanY) -> None:
        self._links, self._ya, self._yb = links, ya, yb
        self.update()

    def set_selected(self, link: Link | None) -> None:
        self._selected = link
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._ya is None or self._yb is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = float(self.width()), float(self.height())
        for link in self._links:
            a, b = self._ya(link.a.start, link.a.end), self._yb(link.b.start, link.b.end)
            if a is None or b is None or (max(a[1], b[1]) < 0 or min(a[0], b[0]) > h):
                continue
            strong = link == self._selected
            path = QPainterPath(QPointF(0, a[0]))
            path.cubicTo(QPointF(w / 2, a[0]), QPointF(w / 2, b[0]), QPointF(w, b[0]))
            path.lineTo(QPointF(w, b[1]))
            path.cubicTo(QPointF(w / 2, b[1]), QPointF(w / 2, a[1]), QPointF(0, a[1]))
            path.closeSubpath()
            painter.setPen(QPen(kind_colour(link.kind, 230 if strong else 140), 1.5 if strong else 1))
            painter.setBrush(QBrush(kind_colour(link.kind, 110 if strong else 45)))
            painter.drawPath(path)
        painter.end()


class OverviewStrip(QWidget):
    """The whole article scaled to the strip's height: shared passages by kind, unique blocks
    in grey, and the part now in view as a frame."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(12)
        self._length = 1
        self._marks: list[tuple[int, int, str]] = []
        self._view = (0.0, 0.0)

    def set_marks(self, length: int, marks: list[tuple[int, int, str]]) -> None:
        """``marks``: (clean start, clean end, kind or 'unique')."""
        self._length, self._marks = max(1, length), marks
        self.update()

    def set_view(self, top: float, bottom: float) -> None:
        """The visible part as fractions of the article (0..1)."""
        self._view = (top, bottom)
        self.update()

    def marks(self) -> list[tuple[int, int, str]]:
        return list(self._marks)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        h, w = float(self.height()), float(self.width())
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.AlternateBase))
        for start, end, kind in self._marks:
            y0 = h * start / self._length
            y1 = max(y0 + 2, h * end / self._length)
            alpha = 90 if kind == "unique" else 220
            painter.fillRect(QRectF(2, y0, w - 4, y1 - y0), kind_colour(kind, alpha))
        top, bottom = self._view
        if bottom > top:
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(0.5, h * top, w - 1, max(3.0, h * (bottom - top))))
        painter.end()
