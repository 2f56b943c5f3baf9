"""Qt models over the story map's plain rows (gui/storymap_rows.py).

Each model only indexes into rows worked out off the GUI thread: handing it a new set is one
model reset, and sorting or filtering is a sort of Python lists by keys made in advance (a
``QSortFilterProxyModel`` would call back into Python for every comparison: about 70,000
calls for 3,000 quotes). Tool tips are escaped when shown (article text is untrusted).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.gui.models import HeadedTableModel, safe_tooltip
from desktop.gui.storymap_rows import FamilyNode, Row

Index = QModelIndex | QPersistentModelIndex
DATA_ROLE = Qt.ItemDataRole.UserRole  # what a click on the row acts on (Row.data)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowsModel(HeadedTableModel):
    """A flat table of :class:`Row`, sortable by any column and filterable, in Python."""

    def __init__(self, headers: Sequence[str], right: Sequence[int] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.HEADERS = tuple(headers)  # this table's columns (HeadedTableModel titles them)
        self._right = frozenset(right)
        self._rows: Sequence[Row] = ()
        self._order: list[int] = []  # positions in ``_rows``, sorted
        self._shown: list[int] = []  # ``_order`` through the filter
        self._accept: Callable[[int], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- filling -----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._order = self._sorted()
        self._shown = self._filtered()
        self.endResetModel()

    def set_filter(self, accept: Callable[[int], bool] | None) -> None:
        """Keep the rows whose position in the rows handed over ``accept`` says yes to."""
        self.beginResetModel()
        self._accept = accept
        self._shown = self._filtered()
        self.endResetModel()

    def _sorted(self) -> list[int]:
        order = list(range(len(self._rows)))
        if self._sort is not None:
            col, how = self._sort
            rows = self._rows
            order.sort(key=lambda n: rows[n].keys[col], reverse=how == Qt.SortOrder.DescendingOrder)
        return order

    def _filtered(self) -> list[int]:
        accept = self._accept
        return self._order if accept is None else [n for n in self._order if accept(n)]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        at = [(self._shown[i.row()], i.column()) if 0 <= i.row() < len(self._shown) else None
              for i in before]
        self._sort = (column, order)
        self._order = self._sorted()
        self._shown = self._filtered()
        row_of = {n: r for r, n in enumerate(self._shown)}
        after = [self.index(row_of[a[0]], a[1]) if a is not None and a[0] in row_of else QModelIndex()
                 for a in at]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # -- reading -----------------------------------------------------------------------------
    def row(self, n: int) -> Row | None:
        """The row shown at ``n``."""
        return self._rows[self._shown[n]] if 0 <= n < len(self._shown) else None

    def at(self, pos: int) -> Row:
        """The row at ``pos`` in the rows handed over."""
        return self._rows[pos]

    def position(self, n: int) -> int:
        """Where the row shown at ``n`` is in the rows handed over."""
        return self._shown[n]

    def total(self) -> int:
        return len(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        pos = self._shown[index.row()]
        row, col = self._rows[pos], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[col] if col < len(row.cells) else None
        if role == DATA_ROLE:
            return row.data
        if role == Qt.ItemDataRole.ToolTipRole:
            return safe_tooltip(row.tip) if row.tip else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self._right:
            return RIGHT
        return self.more(pos, col, role)

    def more(self, pos: int, col: int, role: int) -> Any:
        """Other roles of the row at ``pos`` (subclasses)."""
        return None


class FamilyTreeModel(QAbstractItemModel):
    """Families and their members, two levels (a member's internal id is its family's row + 1)."""

    HEADERS = ("family / article", "date", "shared", "first")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._nodes: Sequence[FamilyNode] = ()

    def set_nodes(self, nodes: Sequence[FamilyNode]) -> None:
        self.beginResetModel()
        self._nodes = nodes
        self.endResetModel()

    def node(self, n: int) -> FamilyNode | None:
        return self._nodes[n] if 0 <= n < len(self._nodes) else None

    def _row(self, index: Index) -> Row | None:
        if not index.isValid():
            return None
        fam = index.internalId()
        if fam == 0:
            node = self.node(index.row())
            return node.row if node is not None else None
        node = self.node(fam - 1)
        return node.members[index.row()] if node is not None and index.row() < len(node.members) else None

    def family_of(self, index: Index) -> int:
        """The family row of ``index`` (itself for a family, its parent's for a member)."""
        fam = index.internalId()
        return index.row() if fam == 0 else fam - 1

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, 0 if not parent.isValid() else parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._nodes)
        if parent.internalId() == 0 and parent.column() == 0:
            node = self.node(parent.row())
            return len(node.members) if node is not None else 0
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == 2:
                return "The most of the article found in another member"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._row(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()] if index.column() < len(row.cells) else None
        if role == DATA_ROLE:
            return row.data
        if role == Qt.ItemDataRole.ToolTipRole:
            return safe_tooltip(row.tip) if row.tip else None
        return None
