"""The quote table: every quotation of the map with its speaker, how many articles quote it,
and, where the wording changed between outlets, the word diff against the wording most of
them use. A filter keeps the quotes that changed; a click opens the article at the quote.

Quotes are article text: they are shown as item text and painted as text by the diff
delegate (never as HTML).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
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
from desktop.core.storymap.shapes import item_index
from desktop.core.storymap.snapshot import MapSnapshot
from desktop.gui.models import HeadedTableModel, safe_tooltip

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 20
CHANGES_ROLE = Qt.ItemDataRole.UserRole + 21
SORT_ROLE = Qt.ItemDataRole.UserRole + 22
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 23
DEL, INS = QColor("#c0392b"), QColor("#1e8449")


def _status(row: QuoteRow, changed_here: bool) -> str:
    """This quotation's status: its own wording against the one most articles use."""
    g = row.group
    if g is None:
        return "only in this article"
    if changed_here:
        text = "worded differently"
    elif g.altered:
        text = "usual wording"
    else:
        text = "same words"
    return text + (" · speakers differ" if g.speakers_differ else "")


class QuoteModel(HeadedTableModel):
    HEADERS = ("quote", "article", "status", "word changes", "speaker", "quoted in", "quotation")
    STATUS, CHANGES, QUOTATION = 2, 3, 6

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._snap: MapSnapshot | None = None
        self._rows: list[QuoteRow] = []

    def set_snapshot(self, snap: MapSnapshot | None) -> None:
        self.beginResetModel()
        self._snap = snap
        self._rows = list(snap.table.rows) if snap is not None else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def changes(self, row: QuoteRow) -> list[tuple[str, str]]:
        g = row.group
        return [] if g is None else [(c.before, c.after) for c in g.changes[item_index(g, row)]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        snap = self._snap
        if snap is None or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        g = r.group
        if role == ROW_ROLE:
            return r
        if role == CHANGES_ROLE:
            return self.changes(r)
        if role == CHANGED_ROLE:
            return bool(g and (g.altered or g.speakers_differ))
        speaker = r.quote.speaker.name or "unknown"
        changes = self.changes(r)
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            n = len(g.docs) if g else 1
            values: tuple[Any, ...] = (
                g.id if g else None, snap.label(r.doc), _status(r, bool(changes)),
                "; ".join(f"{a} → {b}" for a, b in changes), speaker, n, " ".join(r.text.split()))
            value = values[col]
            if role == SORT_ROLE:  # scalars only: Qt compares them
                where = f"{r.doc:09d}{r.n:06d}"
                if col == 0:  # quotes found in several articles first, by group; then the others
                    return f"0{value:09d}{where}" if value is not None else f"1{where}"
                return where if col == 1 else value
            if col == 0:
                return f"Q{value}" if value is not None else ""
            if col == 5:
                return f"{value} article{'s' if value != 1 else ''}"
            return "" if col == self.CHANGES else value
        if role == Qt.ItemDataRole.ToolTipRole:
            who = speaker + (f" (“{r.quote.speaker.pronoun}”)" if r.quote.speaker.pronoun else "")
            lines = [f"“{' '.join(r.text.split())}”", f"— {who} ({r.quote.speaker.how or 'no attribution'})",
                     f"in {snap.label(r.doc)}"]
            if g is not None:
                ref = g.items[g.reference]
                lines.append(f"Also in {', '.join(snap.label(d) for d in g.docs if d != r.doc)}")
                if g.altered:
                    lines.append(f"Wording most use ({snap.label(ref.doc)}): “{' '.join(ref.text.split())}”")
                if g.speakers_differ:
                    lines.append("Attributed to " + " / ".join(g.speaker_names()))
            lines.append("\nClick to read it in the article.")
            return safe_tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS and g is not None and (
                changes or g.speakers_differ):
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


class QuoteFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.changed_only = False
        self.needle = ""
        self.setSortRole(SORT_ROLE)

    def set_filter(self, changed_only: bool, needle: str) -> None:
        self.beginFilterChange()
        self.changed_only, self.needle = changed_only, needle.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self.changed_only and not index.data(CHANGED_ROLE):
            return False
        if self.needle:
            hay = " ".join(str(model.index(source_row, c, source_parent).data() or "")
                           for c in (1, 4, QuoteModel.QUOTATION))
            return self.needle in hay.lower()
        return True


class QuoteTableView(QWidget):
    """The quote table with its filters. ``sig_quote_activated(doc, start, end)``: clean span."""

    sig_quote_activated = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QuoteModel(self)
        self.proxy = QuoteFilter(self)
        self.proxy.setSourceModel(self.model)
        self.changed_only = QCheckBox("Only quotes that changed between articles")
        self.changed_only.setToolTip("Wording altered, or the same words attributed to different speakers")
        self.needle = QLineEdit()
        self.needle.setPlaceholderText("Filter by words, speaker or outlet")
        self.needle.setClearButtonEnabled(True)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setObjectName("quoteTable")
        self.table.setModel(self.proxy)
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
        for col, width in enumerate((52, 160, 140, 240, 130, 76)):
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

    def set_snapshot(self, snap: MapSnapshot | None) -> None:
        self.model.set_snapshot(snap)
        self._refilter()

    def shown_rows(self) -> list[QuoteRow]:
        return [self.proxy.index(i, 0).data(ROW_ROLE) for i in range(self.proxy.rowCount())]

    @Slot()
    def _refilter(self) -> None:
        self.proxy.set_filter(self.changed_only.isChecked(), self.needle.text())
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.count.setText(f"{shown} of {total} quotations" if shown != total else f"{total} quotations")

    @Slot(QModelIndex)
    def _on_table_clicked(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, QuoteRow):
            self.sig_quote_activated.emit(row.doc, row.quote.parts[0][0], row.quote.parts[-1][1])
