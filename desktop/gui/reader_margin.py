"""Bars in the reader's left margin beside passages (shared passages, by kind).

A bar marks where a passage runs without tinting its words, so entity marks, highlights and
search matches stay legible on top of long shared stretches (UX: "margin bar + ↔ marker").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QTextCursor
from PySide6.QtWidgets import QTextEdit

from desktop.core.marks import Mark

BAR_WIDTH = 4.0
BAR_GAP = 14.0  # between the bar and the text column


def paint_margin_marks(view: QTextEdit, marks: Sequence[tuple[Mark, QColor]],
                       to_position: Callable[[int], int]) -> None:
    """Draw one bar per span from its first line's top to its last line's bottom."""
    if not marks:
        return
    height = view.viewport().height()
    painter = QPainter(view.viewport())
    painter.setPen(QColor(0, 0, 0, 0))
    for span, colour in marks:
        first = to_position(span.start)
        top = _rect(view, first).top()
        bottom = _rect(view, to_position(max(span.start, span.end - 1))).bottom()
        if bottom < 0 or top > height:
            continue
        x = _rect(view, first, block_start=True).left() - BAR_GAP - BAR_WIDTH
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(x, top + 2, BAR_WIDTH, max(6.0, bottom - top - 4)), 2, 2)
    painter.end()


def _rect(view: QTextEdit, position: int, block_start: bool = False) -> QRectF:
    """The cursor rectangle at ``position`` (or at the start of its block: the text's left edge)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    if block_start:
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    return QRectF(view.cursorRect(cursor))
