"""The library list: every article with its title (on up to two lines, so titles read whole
at common window widths), outlet, date and the share of its text found in other articles;
sortable by any column; several rows can be selected (Ctrl/Shift+click) for the story map of
those articles. An empty state otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QFontMetrics, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model import DocSummary
from desktop.core.storymap.service import DocShare
from desktop.gui.models import DOC_ID_ROLE, SORT_ROLE, LibraryModel, display_date

EMPTY_TEXT = "Drop articles here, or File → Import"
ListFn = Callable[[], Sequence[DocSummary]]
TITLE_LINES = 2
OUTLET_MAX = 150  # px: a long outlet name is elided, the title keeps the room
COMPACT_BELOW = 470  # px: a narrower list shows outlet, date and share under the title


def wrap_lines(fm: QFontMetrics, text: str, width: int, lines: int = TITLE_LINES) -> list[str]:
    """``text`` broken at spaces into at most ``lines`` lines of ``width`` px, the last one
    elided when the text is longer."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and fm.horizontalAdvance(line + " " + words[0]) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = fm.elidedText(out[-1] + " " + " ".join(words), Qt.TextElideMode.ElideRight, width)
    elif out and fm.horizontalAdvance(out[-1]) > width:
        out[-1] = fm.elidedText(out[-1], Qt.TextElideMode.ElideRight, width)
    return out


def _fits(table: QTableView, samples: Iterable[str], least: int) -> int:
    """A column width that shows the widest sample whole in the table's font, with the cell's
    margins and the header's sort arrow (a fixed width elided "30 Dec 20…" at larger fonts)."""
    fm = table.fontMetrics()
    return max(least, max(fm.horizontalAdvance(t) for t in samples) + 2 * fm.averageCharWidth() + 16)


class TitleDelegate(QStyledItemDelegate):
    """The title on up to two lines, elided only at the end of the second; in a narrow list
    (``compact``) the outlet, date and shared figure follow on a third, muted line."""

    compact = False

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        fm = QFontMetrics(opt.font)
        rect = opt.rect.adjusted(6, 3, -4, -3)
        lines = wrap_lines(fm, text, rect.width())
        meta = ""
        if self.compact:
            model = index.model()
            parts = [str(model.index(index.row(), c).data() or "") for c in (1, 2)]
            shared = str(model.index(index.row(), 3).data() or "")
            meta = " · ".join(p for p in [*parts, f"{shared} shared" if shared else ""] if p)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                        else QPalette.ColorRole.Text)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(text_colour)
        count = len(lines) + (1 if meta else 0)
        top = rect.top() + (rect.height() - count * fm.lineSpacing()) / 2
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for n, line in enumerate(lines):
            painter.drawText(QRectF(rect.left(), top + n * fm.lineSpacing(), rect.width(), fm.lineSpacing()),
                             flags, line)
        if meta:
            if not selected:
                painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
            y = top + len(lines) * fm.lineSpacing()
            painter.drawText(QRectF(rect.left(), y, rect.width(), fm.lineSpacing()), flags,
                             fm.elidedText(meta, Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()


class LibraryPanel(QWidget):
    """Emits ``sig_article_selected(doc_id)`` when the user picks a row."""

    sig_article_selected = Signal(int)

    def __init__(self, list_documents: ListFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list_documents = list_documents
        self._model = LibraryModel(parent=self)
        self._fitted = False  # the outlet column fitted to its content (or the user's width)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self._model)
        self._proxy.setSortRole(SORT_ROLE)
        self._header = QLabel("Library")
        self._header.setObjectName("panelHeader")
        self._table = self._make_table()
        self._empty = QLabel(EMPTY_TEXT)
        self._empty.setObjectName("emptyState")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self._empty)
        self._stack.addWidget(self._table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header)
        layout.addWidget(self._stack, 1)
        self._connect_signals()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("libraryTable")
        table.setModel(self._proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(False)
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # import order
        table.setSortingEnabled(True)
        table.verticalHeader().hide()
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._titles = TitleDelegate(table)
        table.setItemDelegateForColumn(0, self._titles)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 110)
        header.resizeSection(2, _fits(table, (display_date(f"2000-{m:02d}-28") for m in range(1, 13)), 92))
        header.resizeSection(3, _fits(table, ("100%", "Shared"), 58))
        table.verticalHeader().setDefaultSectionSize(TITLE_LINES * table.fontMetrics().lineSpacing() + 10)
        return table

    def _connect_signals(self) -> None:
        self._table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

    def is_compact(self) -> bool:
        return self._titles.compact

    def _apply_width(self) -> None:
        """A narrow list puts outlet, date and share under each title (the title keeps the
        whole width); a wide one shows them as columns."""
        compact = self.width() < COMPACT_BELOW
        if compact == self._titles.compact and self._table.property("laidOut"):
            return
        self._table.setProperty("laidOut", True)
        self._titles.compact = compact
        docs = self._model.documents()
        self._table.setColumnHidden(1, compact or not any(d.source for d in docs))  # no outlets yet
        self._table.setColumnHidden(2, compact or not any(d.date for d in docs))  # no dates yet
        self._table.setColumnHidden(3, compact)
        lines = TITLE_LINES + (1 if compact else 0)
        line = self._table.fontMetrics().lineSpacing()
        self._table.verticalHeader().setDefaultSectionSize(lines * line + 10)
        self._table.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_width()

    # -- public --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the list again, keeping the selected article selected."""
        keep = self.selected_id()
        docs = self._list_documents()
        self._model.set_documents(docs)
        self._fit_outlet(docs)
        self._table.setProperty("laidOut", False)  # which columns show (no dates known yet?)
        self._apply_width()
        count = self._model.rowCount()
        self._header.setText(f"Library · {count} article{'s' if count != 1 else ''}")
        self._stack.setCurrentWidget(self._table if count else self._empty)
        if keep is not None:
            self.select(keep, notify=False)

    def restore_columns(self, state: bytes) -> None:
        """Column widths and sort as the person left them (the outlet column is not refitted)."""
        if self._table.horizontalHeader().restoreState(state):
            self._fitted = True

    def _fit_outlet(self, docs: Sequence[DocSummary]) -> None:
        """The outlet column as wide as the outlets (within bounds), once: later the person's
        own widths stand."""
        if self._fitted or not docs:
            return
        self._fitted = True
        fm = self._table.fontMetrics()
        widest = max((fm.horizontalAdvance(d.source) for d in docs), default=0)
        self._table.horizontalHeader().resizeSection(1, max(70, min(OUTLET_MAX, widest + 16)))

    def set_shares(self, shares: dict[int, DocShare]) -> None:
        """How much of each article is found in other articles (the Shared column)."""
        self._model.set_shares(shares)

    def add_action(self, action: QAction) -> None:
        """An action of the list's context menu (it acts on the selected articles)."""
        self._table.addAction(action)

    def document_ids(self) -> list[int]:
        """The articles in the order shown."""
        return [self._proxy.index(r, 0).data(DOC_ID_ROLE) for r in range(self._proxy.rowCount())]

    def selected_id(self) -> int | None:
        current = self._table.currentIndex()
        if current.isValid() and self._table.selectionModel().isRowSelected(current.row(), QModelIndex()):
            return int(current.data(DOC_ID_ROLE))
        rows = self._table.selectionModel().selectedRows()
        return rows[0].data(DOC_ID_ROLE) if rows else None

    def selected_ids(self) -> list[int]:
        """Every selected article (several with Ctrl/Shift+click), in id order."""
        return sorted(int(i.data(DOC_ID_ROLE)) for i in self._table.selectionModel().selectedRows())

    def select(self, doc_id: int, notify: bool = True) -> None:
        """Select the row of ``doc_id``; with ``notify`` False no signal is emitted."""
        row = self._model.row_of(doc_id)
        if row < 0 or doc_id in self.selected_ids():  # (a selection of several stays)
            return
        blocked = self.blockSignals(not notify)
        try:
            index = self._proxy.mapFromSource(self._model.index(row, 0))
            # not selectRow: that reads the keyboard's modifiers (Shift or Ctrl held while
            # an import finishes would extend or toggle the selection instead)
            flags = QItemSelectionModel.SelectionFlag
            self._table.selectionModel().setCurrentIndex(
                index, flags.ClearAndSelect | flags.Rows)
            self._table.scrollTo(index)
        finally:
            self.blockSignals(blocked)

    def model(self) -> LibraryModel:
        return self._model

    def table(self) -> QTableView:
        return self._table

    # -- slots ---------------------------------------------------------------------------
    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        current = self._table.currentIndex()
        rows = [i for i in selected.indexes() if i.column() == 0]
        if current.isValid() and any(i.row() == current.row() for i in rows):
            self._emit(current)  # the row just clicked (Ctrl+click adds to the selection)
        elif rows:
            self._emit(rows[0])

    def _emit(self, index: QModelIndex) -> None:
        doc_id = index.siblingAtColumn(0).data(DOC_ID_ROLE)
        if isinstance(doc_id, int):
            self.sig_article_selected.emit(doc_id)
