"""The story map's pairs: every article against every other as a matrix of shared text (the
share of the row's article found in the column's, coloured by the kind that dominates), and
the ranking of the most-reused pairs (sortable by any column). Article text and outlets are
shown as plain item text, never as HTML; tool tips go through ``safe_tooltip``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.core.storymap.pairs import KINDS, PairShare
from desktop.core.storymap.snapshot import MapSnapshot
from desktop.gui.compare_gutter import kind_colour
from desktop.gui.models import HeadedTableModel, display_date, safe_tooltip

Index = QModelIndex | QPersistentModelIndex
PAIR_ROLE = Qt.ItemDataRole.UserRole + 10
SORT_ROLE = Qt.ItemDataRole.UserRole + 11
DOCS_ROLE = Qt.ItemDataRole.UserRole + 12  # (row article, column article) of a matrix cell

ORDERS = {"family": "By family, then date", "date": "By date", "shared": "Most shared first",
          "id": "By article number"}


def _pct(x: float) -> str:
    return f"{x:.0%}" if x >= 0.005 else "—"


class PairsModel(HeadedTableModel):
    """One row a pair sharing text: shares both ways, by kind, passages, who was first."""

    HEADERS = ("A", "B", "of A in B", "of B in A", "verbatim", "edited", "paraphrase", "passages",
               "longest", "first", "evidence")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._snap: MapSnapshot | None = None
        self._pairs: list[PairShare] = []

    def set_snapshot(self, snap: MapSnapshot | None) -> None:
        self.beginResetModel()
        self._snap = snap
        self._pairs = list(snap.smap.pairs) if snap is not None else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._pairs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        snap = self._snap
        if snap is None or not index.isValid() or not 0 <= index.row() < len(self._pairs):
            return None
        p, col = self._pairs[index.row()], index.column()
        if role == PAIR_ROLE:
            return p
        call = snap.pair_call(p)
        kinds = {str(k): max(p.a_by_kind.get(str(k), 0.0), p.b_by_kind.get(str(k), 0.0)) for k in KINDS}
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            first = ("…" if call is None else snap.label(call.first) if call.first is not None
                     else "outside the library" if call.basis == "credit" else "unknown")
            values: tuple[Any, ...] = (
                snap.label(p.a), snap.label(p.b), p.a_in_b, p.b_in_a, kinds["verbatim"],
                kinds["edited"], kinds["paraphrase"], sum(p.passages.values()), p.longest, first,
                call.evidence if call else "not worked out for this pair (below the top 2,000)")
            value = values[col]
            if role == SORT_ROLE:
                return (p.a, p.b)[col] if col < 2 else value
            if isinstance(value, float):
                return _pct(value)
            if col == 8:
                return f"{value:,} chars"
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return safe_tooltip(self._tip(snap, p, call.evidence if call else ""))
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= col <= 8:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _tip(snap: MapSnapshot, p: PairShare, evidence: str) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in p.passages.items() if n)
        return (f"{snap.label(p.a)} ↔ {snap.label(p.b)}\n{p.a_in_b:.0%} of {snap.label(p.a)} is in "
                f"{snap.label(p.b)}; {p.b_in_a:.0%} of {snap.label(p.b)} is in {snap.label(p.a)}\n"
                f"{counts}\nFirst: {evidence or 'unknown'}\n\nClick to compare the two.")


class MatrixModel(QAbstractTableModel):
    """Row article against column article: the share of the row's text found in the column's."""

    def __init__(self, palette: QPalette, parent: Any = None) -> None:
        super().__init__(parent)
        self._snap: MapSnapshot | None = None
        self._order: list[int] = []
        self._pairs: dict[tuple[int, int], PairShare] = {}
        self._text = palette.color(QPalette.ColorRole.Text)

    def set_snapshot(self, snap: MapSnapshot | None, order: str = "family") -> None:
        self.beginResetModel()
        self._snap = snap
        self._pairs = {(p.a, p.b): p for p in snap.smap.pairs} if snap is not None else {}
        self._order = self._ordered(snap, order) if snap is not None else []
        self.endResetModel()

    def order(self) -> list[int]:
        return list(self._order)

    @staticmethod
    def _ordered(snap: MapSnapshot, how: str) -> list[int]:
        arts = snap.smap.articles
        date = {d: a.info.date or "9999" for d, a in arts.items()}
        if how == "date":
            return sorted(arts, key=lambda d: (date[d], d))
        if how == "id":
            return sorted(arts)
        if how == "shared":
            total: dict[int, float] = dict.fromkeys(arts, 0.0)
            for p in snap.smap.pairs:
                total[p.a] += p.a_in_b
                total[p.b] += p.b_in_a
            return sorted(arts, key=lambda d: (-total[d], d))
        out: list[int] = []
        for f in snap.smap.families:
            out += sorted(f.docs, key=lambda d: (date[d], d))
        return out + [d for d in snap.unfamilied()]

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
        snap = self._snap
        if snap is None or not 0 <= section < len(self._order):
            return None
        doc = self._order[section]
        art = snap.smap.articles.get(doc)
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return f"#{doc}"
            return f"#{doc} {art.info.source if art else ''}".strip()
        if role == Qt.ItemDataRole.ToolTipRole and art is not None:
            info = art.info
            when = display_date(info.date) if info.date else "no date"
            return safe_tooltip(f"{snap.label(doc)} · {when}\n{info.title}")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._snap is None or not index.isValid():
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
            snap = self._snap
            return safe_tooltip(f"{share:.0%} of {snap.label(a)} is found in {snap.label(b)} ({by})."
                                "\nClick to compare the two.")
        return None


def pairs_table(model: PairsModel, parent: QWidget | None = None) -> QTableView:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView(parent)
    table.setObjectName("storyPairs")
    table.setModel(proxy)
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
