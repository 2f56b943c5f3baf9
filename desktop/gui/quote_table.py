"""The quote table: every quotation of the map with its speaker, how many articles quote it,
and, where the wording changed between outlets, the word diff against the wording most of
them use. A filter keeps the quotes that changed; a click opens the article at the quote.

Quotes are article text: they are shown as item text and painted as text by the diff
delegate (never as HTML).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.storymap.service import QuoteRow
from desktop.gui.storymap_models import RowsModel
from desktop.gui.storymap_rows import QuoteLine, ViewRows

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 20
CHANGES_ROLE = Qt.ItemDataRole.UserRole + 21
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 23
DEL, INS = QColor("#c0392b"), QColor("#1e8449")


class QuoteModel(RowsModel):
    """The quotations, their rows made off the GUI thread (gui/storymap_rows.py)."""

    HEADERS = ("quote", "article", "status", "word changes", "speaker", "quoted in", "quotation")
    STATUS, CHANGES, QUOTATION = 2, 3, 6

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self.HEADERS, parent=parent)
        self._lines: tuple[QuoteLine, ...] = ()
        self._by_row: dict[int, QuoteLine] = {}

    def set_view_rows(self, rows: ViewRows | None) -> None:
        self._lines = rows.quotes if rows is not None else ()
        self._by_row = {id(line.row.data): line for line in self._lines}
        self.set_rows([line.row for line in self._lines])

    def line(self, pos: int) -> QuoteLine:
        return self._lines[pos]

    def changes(self, row: QuoteRow) -> list[tuple[str, str]]:
        line = self._by_row.get(id(row))
        return list(line.changes) if line is not None else []

    def more(self, pos: int, col: int, role: int) -> Any:
        line = self._lines[pos]
        if role == ROW_ROLE:
            return line.row.data
        if role == CHANGES_ROLE:
            return list(line.changes)
        if role == CHANGED_ROLE:
            return line.changed
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS and line.alert:
            return DEL
        return None


class DiffDelegate(QStyledItemDelegate):
    """Draws word changes as text: the reference's words struck through in red, this
    quotation's in green."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        changes = index.data(CHANGES_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not changes:
            return
        painter.save()
        rect = opt.rect.adjusted(6, 0, -4, 0)
        x, right = rect.left(), rect.right()
        metrics = QFontMetrics(opt.font)
        y = rect.top() + (rect.height() + metrics.ascent() - metrics.descent()) // 2
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        plain = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        for n, (before, after) in enumerate(changes):
            for text, colour, strike in (("; " if n else "", plain, False), (before, DEL, True),
                                         (" → " if before and after else "", plain, False),
                                         (after, INS, False)):
                if not text or x >= right:
                    continue
                font = QFont(opt.font)
                font.setStrikeOut(strike)
                painter.setFont(font)
                painter.setPen(plain if selected else colour)
                fm = QFontMetrics(font)
                shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, right - x)
                painter.drawText(x, y, shown)
                x += fm.horizontalAdvance(shown)
        painter.restore()


class QuoteTableView(QWidget):
    """The quote table with its filters. ``sig_quote_activated(doc, start, end)``: clean span."""

    sig_quote_activated = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QuoteModel(self)
        self.changed_only = QCheckBox("Only quotes that changed between articles")
        self.changed_only.setToolTip("Wording altered, or the same words attributed to different speakers")
        self.needle = QLineEdit()
        self.needle.setPlaceholderText("Filter by words, speaker or outlet")
        self.needle.setClearButtonEnabled(True)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setObjectName("quoteTable")
        self.table.setModel(self.model)  # sorts and filters itself, in Python
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(QuoteModel.CHANGES, DiffDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((52, 160, 230, 240, 150, 76)):
            header.resizeSection(col, width)
        top = QHBoxLayout()
        top.addWidget(self.changed_only)
        top.addWidget(self.needle, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.changed_only.toggled.connect(self._refilter)
        self.needle.textChanged.connect(self._refilter)
        self.table.clicked.connect(self._on_table_clicked)
        self.table.activated.connect(self._on_table_clicked)

    def set_view_rows(self, rows: ViewRows | None) -> None:
        self.model.set_view_rows(rows)
        self._refilter()

    def shown_rows(self) -> list[QuoteRow]:
        return [self.model.index(i, 0).data(ROW_ROLE) for i in range(self.model.rowCount())]

    @Slot()
    def _refilter(self) -> None:
        changed_only, needle = self.changed_only.isChecked(), self.needle.text().strip().lower()
        lines = self.model.line
        if changed_only or needle:
            self.model.set_filter(lambda pos: (not changed_only or lines(pos).changed)
                                  and needle in lines(pos).hay)
        else:
            self.model.set_filter(None)
        total = self.model.total()
        shown = self.model.rowCount()
        self.count.setText(f"{shown} of {total} quotations" if shown != total else f"{total} quotations")

    @Slot(QModelIndex)
    def _on_table_clicked(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, QuoteRow):
            self.sig_quote_activated.emit(row.doc, row.quote.parts[0][0], row.quote.parts[-1][1])
