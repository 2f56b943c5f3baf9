"""Thin Qt item models over immutable core data: the library list and the search hits.

They hold tuples of frozen core objects and never change them; a new list replaces the old
one with a model reset. Custom roles hand the core object itself to views and delegates.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desktop.core import titles
from desktop.core.model import DocSummary, Hit
from desktop.core.storymap.service import DocShare

Index = QModelIndex | QPersistentModelIndex

DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
HIT_ROLE = Qt.ItemDataRole.UserRole + 3
SORT_ROLE = Qt.ItemDataRole.UserRole + 4

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def safe_tooltip(text: str) -> str:
    """Tool tips guess rich text; escape untrusted text and mark it rich so it shows as is."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


def display_source(doc: DocSummary) -> str:
    """The outlet (empty when unknown: a file name is not an outlet)."""
    return doc.source  # no outlet is no outlet: the file's name is not one


def display_meta(doc: DocSummary) -> str:
    """The muted line under a hit's title: outlet and date, or, with neither, the file it came
    from (a line left empty looked like a drawing fault and told the reader nothing)."""
    known = [p for p in (display_source(doc), display_date(doc.date)) if p]
    if known:
        return "  ·  ".join(known)
    name = PurePath(doc.path).name if doc.path else ""
    return f"no outlet or date  ·  {name}" if name else "no outlet or date"


def display_title(doc: DocSummary) -> str:
    return titles.display_title(doc.title, doc.path)


def shared_words(share: DocShare | None) -> str:
    if share is None:
        return "No passage of it is found in another article."
    n = share.partners
    return (f"{share.share:.0%} of its text is found in {n} other article{'s' if n != 1 else ''} "
            f"({share.reused:.0%} word for word or edited).")


def display_date(iso: str) -> str:
    """``2022-09-15`` -> ``15 Sep 2022``; anything else is shown as it is."""
    parts = iso[:10].split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


class HeadedTableModel(QAbstractTableModel):
    """A table whose columns are the fixed ``HEADERS``: column count and horizontal titles."""

    HEADERS: tuple[str, ...] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None


class LibraryModel(HeadedTableModel):
    """One row a document: Title, Outlet, Date, and the share of its text found in other
    articles (filled in once the story map has worked it out)."""

    HEADERS = ("Title", "Outlet", "Date", "Shared")

    def __init__(self, docs: Sequence[DocSummary] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._docs: tuple[DocSummary, ...] = tuple(docs)
        self._shares: dict[int, DocShare] = {}

    def set_shares(self, shares: dict[int, DocShare]) -> None:
        self._shares = dict(shares)
        if self._docs:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self._docs) - 1, 3))

    def set_documents(self, docs: Sequence[DocSummary]) -> None:
        self.beginResetModel()
        self._docs = tuple(docs)
        self.endResetModel()

    def documents(self) -> tuple[DocSummary, ...]:
        return self._docs

    def row_of(self, doc_id: int) -> int:
        """The row showing ``doc_id``, or -1."""
        return next((i for i, d in enumerate(self._docs) if d.id == doc_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._docs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._docs):
            return None
        doc = self._docs[index.row()]
        share = self._shares.get(doc.id)
        if role == Qt.ItemDataRole.DisplayRole:
            shared = f"{share.share:.0%}" if share is not None else ("0%" if self._shares else "")
            return (display_title(doc), display_source(doc), display_date(doc.date),
                    shared)[index.column()]
        if role == SORT_ROLE:
            return (display_title(doc).lower(), display_source(doc).lower(), doc.date or "9999",
                    share.share if share is not None else 0.0)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return safe_tooltip(f"{display_title(doc)}\n{display_source(doc) or 'outlet unknown'} · "
                                f"{display_date(doc.date) or 'no date'}\n{shared_words(share)}\n{doc.path}")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == DOC_ID_ROLE:
            return doc.id
        if role == SUMMARY_ROLE:
            return doc
        return None


class SearchHitsModel(QAbstractListModel):
    """One row a hit; the delegate draws title, outlet and the snippet with its marks."""

    def __init__(self, hits: Sequence[Hit] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: tuple[Hit, ...] = tuple(hits)

    def set_hits(self, hits: Sequence[Hit]) -> None:
        self.beginResetModel()
        self._hits = tuple(hits)
        self.endResetModel()

    def hits(self) -> tuple[Hit, ...]:
        return self._hits

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display_title(hit.doc)
        if role == Qt.ItemDataRole.ToolTipRole:
            return safe_tooltip(hit.snippet.text)
        if role == HIT_ROLE:
            return hit
        if role == DOC_ID_ROLE:
            return hit.doc.id
        return None
