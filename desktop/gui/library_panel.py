"""The library list: every article with its title, outlet and date; an empty state otherwise."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.model import DocSummary
from desktop.gui.models import DOC_ID_ROLE, LibraryModel

EMPTY_TEXT = "Drop articles here, or File → Import"
ListFn = Callable[[], Sequence[DocSummary]]


class LibraryPanel(QWidget):
    """Emits ``sig_article_selected(doc_id)`` when the user picks a row."""

    sig_article_selected = Signal(int)

    def __init__(self, list_documents: ListFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list_documents = list_documents
        self._model = LibraryModel(parent=self)
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
        table.setModel(self._model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(False)
        table.verticalHeader().hide()
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 110)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
        return table

    def _connect_signals(self) -> None:
        self._table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

    # -- public --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the list again, keeping the selected article selected."""
        keep = self.selected_id()
        docs = self._list_documents()
        self._model.set_documents(docs)
        self._table.setColumnHidden(1, not any(d.source for d in docs))  # no outlets known yet
        self._table.setColumnHidden(2, not any(d.date for d in docs))  # no dates known yet
        count = self._model.rowCount()
        self._header.setText(f"Library · {count} article{'s' if count != 1 else ''}")
        self._stack.setCurrentWidget(self._table if count else self._empty)
        if keep is not None:
            self.select(keep, notify=False)

    def document_ids(self) -> list[int]:
        return [d.id for d in self._model.documents()]

    def selected_id(self) -> int | None:
        rows = self._table.selectionModel().selectedRows()
        return rows[0].data(DOC_ID_ROLE) if rows else None

    def select(self, doc_id: int, notify: bool = True) -> None:
        """Select the row of ``doc_id``; with ``notify`` False no signal is emitted."""
        row = self._model.row_of(doc_id)
        if row < 0 or self.selected_id() == doc_id:
            return
        blocked = self.blockSignals(not notify)
        try:
            self._table.selectRow(row)
        finally:
            self.blockSignals(blocked)

    def model(self) -> LibraryModel:
        return self._model

    # -- slots ---------------------------------------------------------------------------
    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        rows = [i for i in selected.indexes() if i.column() == 0]
        if rows:
            self._emit(rows[0])

    def _emit(self, index: QModelIndex) -> None:
        doc_id = index.data(DOC_ID_ROLE)
        if isinstance(doc_id, int):
            self.sig_article_selected.emit(doc_id)
