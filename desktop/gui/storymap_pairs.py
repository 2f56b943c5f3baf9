"""The story map's pairs: every article against every other as a matrix of shared text (the
share of the row's article found in the column's, coloured by the kind that dominates), and
the ranking of the most-reused pairs (sortable by any column). Article text and outlets are
shown as plain item text, never as HTML; tool tips go through ``safe_tooltip``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.core.storymap.pairs import PairShare
from desktop.gui.compare_gutter import kind_colour
from desktop.gui.models import safe_tooltip
from desktop.gui.storymap_models import RowsModel
from desktop.gui.storymap_rows import ViewRows

Index = QModelIndex | QPersistentModelIndex
PAIR_ROLE = Qt.ItemDataRole.UserRole + 10
DOCS_ROLE = Qt.ItemDataRole.UserRole + 12  # (row article, column article) of a matrix cell

ORDERS = {"family": "By family, then date", "date": "By date", "shared": "Most shared first",
          "id": "By article number"}


class PairsModel(RowsModel):
    """One row a pair sharing text: shares both ways, by kind, passages, who was first (rows
    made off the GUI thread: gui/storymap_rows.py)."""

    HEADERS = ("A", "B", "of A in B", "of B in A", "verbatim", "edited", "paraphrase", "passages",
               "longest", "first", "evidence")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self.HEADERS, right=range(2, 9), parent=parent)

    def set_view_rows(self, rows: ViewRows | None) -> None:
        self.set_rows(rows.pairs if rows is not None else ())

    def more(self, pos: int, col: int, role: int) -> Any:
        if role == PAIR_ROLE:
            return self.at(pos).data
        return None


class MatrixModel(QAbstractTableModel):
    """Row article against column article: the share of the row's text found in the column's."""

    def __init__(self, palette: QPalette, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: ViewRows | None = None
        self._order: tuple[int, ...] = ()
        self._pairs: dict[tuple[int, int], PairShare] = {}
        self._text = palette.color(QPalette.ColorRole.Text)

    def set_view_rows(self, rows: ViewRows | None, order: str = "family") -> None:
        self.beginResetModel()
        self._rows = rows
        self._pairs = rows.shares if rows is not None else {}
        self._order = rows.orders.get(order, rows.orders["family"]) if rows is not None else ()
        self.endResetModel()

    def order(self) -> list[int]:
        return list(self._order)

    def share(self, row: int, col: int) -> tuple[float, dict[str, float]]:
        a, b = self._order[row], self._order[col]
        p = self._pairs.get((min(a, b), max(a, b)))
        if p is None or a == b:
            return 0.0, {}
        return (p.a_in_b, dict(p.a_by_kind)) if a == p.a else (p.b_in_a, dict(p.b_by_kind))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rows = self._rows
        if rows is None or not 0 <= section < len(self._order):
            return None
        heading = rows.headings.get(self._order[section])
        if heading is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return heading.column if orientation == Qt.Orientation.Horizontal else heading.row
        if role == Qt.ItemDataRole.ToolTipRole:
            return safe_tooltip(heading.tip)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._rows is None or not index.isValid():
            return None
        share, kinds = self.share(index.row(), index.column())
        a, b = self._order[index.row()], self._order[index.column()]
        if role == DOCS_ROLE:
            return (a, b)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{share * 100:.0f}" if share >= 0.005 else ("■" if a == b else "")
        if role == Qt.ItemDataRole.BackgroundRole and share >= 0.005:
            kind = max(kinds, key=lambda k: kinds[k]) if kinds else "verbatim"
            return kind_colour(kind, int(40 + 200 * min(1.0, share)))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#ffffff") if share > 0.6 else self._text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and share >= 0.005:
            by = ", ".join(f"{v:.0%} {k}" for k, v in kinds.items() if v >= 0.005)
            snap = self._rows.snap
            return safe_tooltip(f"{share:.0%} of {snap.label(a)} is found in {snap.label(b)} ({by})."
                                "\nClick to compare the two.")
        return None


def pairs_table(model: PairsModel, parent: QWidget | None = None) -> QTableView:
    table = QTableView(parent)
    table.setObjectName("storyPairs")
    table.setModel(model)  # sorts itself, in Python, by keys made off the GUI thread
    table.setSortingEnabled(True)
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for col, width in enumerate((150, 150, 70, 70, 70, 64, 78, 70, 90, 150)):
        header.resizeSection(col, width)
    return table


def matrix_table(model: MatrixModel, parent: QWidget | None = None) -> QTableView:
    table = QTableView(parent)
    table.setObjectName("storyMatrix")
    table.setModel(model)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(True)
    table.horizontalHeader().setDefaultSectionSize(40)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(26)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setMaximumWidth(220)
    return table
