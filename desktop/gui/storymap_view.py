"""The story-map view: the whole picture of a library, a search result or chosen articles.

Tabs: the families (each with its members, who had the text first and on what evidence, and
its pairs), the ranking of the most-reused pairs, the matrix of every article against every
other, the passages found in several articles (each with every copy and its kind), and the
quote table. A click on a pair, a matrix cell or a copy opens the compare view there; a
member or a quote opens the article. Everything shown is plain item text (article text,
titles and outlets are untrusted).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.storymap.clusters import Cluster
from desktop.core.storymap.snapshot import MapSnapshot
from desktop.gui.compare_gutter import kind_colour
from desktop.gui.quote_table import QuoteTableView
from desktop.gui.storymap_models import DATA_ROLE, FamilyTreeModel, RowsModel
from desktop.gui.storymap_pairs import (
    DOCS_ROLE,
    ORDERS,
    PAIR_ROLE,
    MatrixModel,
    PairsModel,
    matrix_table,
    pairs_table,
)
from desktop.gui.storymap_rows import BASIS, PassageNode, ViewRows

ROLE = DATA_ROLE
SCOPES = (("library", "Whole library"), ("search", "Search results"), ("selection", "Selected articles"))
__all__ = ["BASIS", "StoryMapView"]


def _tree(model: QAbstractItemModel, name: str, decorated: bool = False) -> QTreeView:
    tree = QTreeView()
    tree.setObjectName(name)
    tree.setModel(model)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setRootIsDecorated(decorated)
    tree.setAllColumnsShowFocus(True)
    return tree


class StoryMapView(QWidget):
    sig_compare_requested = Signal(int, int)  # two articles: compare them at their main passage
    sig_copy_requested = Signal(object, int)  # (Cluster, doc of a copy): compare it with the reference
    sig_open_requested = Signal(int, int, int)  # doc, clean start, end (-1: no span)
    sig_scope_requested = Signal(str)  # library | search | selection
    sig_export_requested = Signal()
    sig_back_requested = Signal()
    sig_shown = Signal()  # the view came on screen
    sig_hidden = Signal()  # another view took its place (not: the window was minimised)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyMapView")
        self.snapshot: MapSnapshot | None = None
        self.rows: ViewRows | None = None
        self._family_shown = -1  # the family whose pairs are listed
        self.title = QLabel("Story map")
        self.title.setObjectName("storyMapTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.busy = QProgressBar()  # moving while a map is worked out
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.scope = QComboBox()
        for key, name in SCOPES:
            self.scope.addItem(name, key)
        self.scope.setToolTip("What the map is made of: every article, the articles matching the "
                              "search, or the articles selected in the library list (Ctrl+click)")
        self.export = QPushButton("Export…")
        self.back = QPushButton("Back to reader")
        self.tabs = QTabWidget()
        self.families_model = FamilyTreeModel(self)
        self.families = _tree(self.families_model, "storyFamilies", decorated=True)
        self.family_detail = QPlainTextEdit()
        self.family_pairs_model = RowsModel(["A", "B", "of A in B", "of B in A", "passages"], (2, 3), self)
        self.family_pairs = _tree(self.family_pairs_model, "storyFamilyPairs")
        self.pairs_model = PairsModel(self)
        self.pairs = pairs_table(self.pairs_model, self)
        self.matrix_model = MatrixModel(self.palette(), self)
        self.matrix = matrix_table(self.matrix_model, self)
        self.order = QComboBox()
        for key, name in ORDERS.items():
            self.order.addItem(name, key)
        self.passages_model = RowsModel(["passage", "articles", "first", "text"], (1,), self)
        self.passages = _tree(self.passages_model, "storyPassages")
        self.passage_text = QPlainTextEdit()
        self.copies_model = RowsModel(["article", "¶", "kind", "its copy"], (), self)
        self.copies = _tree(self.copies_model, "storyCopies")
        self.quotes = QuoteTableView()
        self.splitters: dict[str, QSplitter] = {}
        self._build()
        self._connect_signals()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(QLabel("Map of"))
        top.addWidget(self.scope)
        top.addWidget(self.export)
        top.addWidget(self.back)
        for box in (self.family_detail, self.passage_text):
            box.setReadOnly(True)
        self.family_detail.setPlaceholderText("Choose a family to see who had the text first.")
        self.tabs.addTab(self._split("families", Qt.Orientation.Horizontal, (3, 2), self.families,
                                     self._split("familyDetail", Qt.Orientation.Vertical, (1, 3),
                                                 self.family_detail, self.family_pairs)), "Families")
        self.tabs.addTab(self.pairs, "Most-reused pairs")
        matrix = QWidget()
        m = QVBoxLayout(matrix)
        m.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Each cell: the share of the row's article found in the column's; "
                             "its colour, the kind that dominates:"))
        for kind in ("verbatim", "edited", "paraphrase"):
            swatch = QLabel(f" {kind} ")
            swatch.setObjectName(f"kind_{kind}")
            swatch.setStyleSheet(f"background: {kind_colour(kind, 150).name(QColor.NameFormat.HexArgb)};"
                                 "border-radius: 3px;")
            row.addWidget(swatch)
        row.addSpacing(16)
        row.addWidget(QLabel("Order:"))
        row.addWidget(self.order)
        row.addStretch(1)
        m.addLayout(row)
        m.addWidget(self.matrix, 1)
        self.tabs.addTab(matrix, "Matrix")
        self.passage_text.setPlaceholderText("Choose a passage to see its text and every copy.")
        self.tabs.addTab(self._split("passages", Qt.Orientation.Horizontal, (1, 1), self.passages,
                                     self._split("passageDetail", Qt.Orientation.Vertical, (2, 3),
                                                 self.passage_text, self.copies)), "Passages")
        self.tabs.addTab(self.quotes, "Quotes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        state = QHBoxLayout()
        state.addWidget(self.busy)
        state.addWidget(self.summary, 1)
        layout.addLayout(state)
        layout.addWidget(self.tabs, 1)
        header = self.families.header()  # the article's title takes the room the others leave
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 90), (2, 60), (3, 220)):
            self.families.setColumnWidth(col, width)
        self.pairs.horizontalHeader().setResizeContentsPrecision(200)  # sized to the rows on top
        for col, width in enumerate((80, 64, 120)):
            self.passages.setColumnWidth(col, width)
        for tree, widths in ((self.family_pairs, (150, 150, 70, 70)), (self.copies, (150, 50, 80))):
            for col, width in enumerate(widths):
                tree.setColumnWidth(col, width)

    def _split(self, name: str, orientation: Qt.Orientation, stretch: tuple[int, int],
               *widgets: QWidget) -> QSplitter:
        splitter = QSplitter(orientation)
        splitter.setObjectName(f"storySplit_{name}")
        splitter.setChildrenCollapsible(False)
        for w in widgets:
            splitter.addWidget(w)
        splitter.setStretchFactor(0, stretch[0])
        splitter.setStretchFactor(1, stretch[1])
        splitter.setSizes([stretch[0] * 1000, stretch[1] * 1000])
        self.splitters[name] = splitter
        return splitter

    def _connect_signals(self) -> None:
        self.scope.activated.connect(lambda _: self.sig_scope_requested.emit(self.scope.currentData()))
        self.export.clicked.connect(self.sig_export_requested)
        self.back.clicked.connect(self.sig_back_requested)
        self.families.selectionModel().currentChanged.connect(self._on_family_chosen)
        self.families.activated.connect(self._on_member_activated)
        self.families.doubleClicked.connect(self._on_member_activated)
        self.family_pairs.activated.connect(self._on_pair_item_activated)
        self.family_pairs.clicked.connect(self._on_pair_item_activated)
        self.pairs.clicked.connect(self._on_pairs_clicked)
        self.pairs.activated.connect(self._on_pairs_clicked)
        self.matrix.clicked.connect(self._on_matrix_clicked)
        self.order.activated.connect(
            lambda _: self.matrix_model.set_view_rows(self.rows, self.order.currentData()))
        self.passages.selectionModel().currentChanged.connect(self._on_passage_chosen)
        self.copies.activated.connect(self._on_copy_activated)
        self.copies.clicked.connect(self._on_copy_activated)
        self.quotes.sig_quote_activated.connect(self.sig_open_requested)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.sig_shown.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous():
            self.sig_hidden.emit()

    # -- public --------------------------------------------------------------------------------
    def set_busy(self, text: str) -> None:
        """Say that a map is being worked out (the one shown stays until the new one is in)."""
        self.busy.show()
        self.summary.setText(text)

    def set_failed(self, text: str) -> None:
        self.busy.hide()
        self.summary.setText(text)

    def is_busy(self) -> bool:
        return not self.busy.isHidden()

    def set_scope_choice(self, key: str) -> None:
        self.scope.setCurrentIndex(max(0, self.scope.findData(key)))

    def set_rows(self, rows: ViewRows) -> None:
        """Show a map whose rows were worked out off the GUI thread: a model reset per tab."""
        self.rows, self.snapshot = rows, rows.snap
        self.busy.hide()
        self.title.setText(rows.title)
        self.summary.setText(rows.summary)
        self.families_model.set_nodes(rows.families)
        self.families.setColumnHidden(1, not rows.dated)  # "no date" on every row says nothing
        for n in range(min(3, len(rows.families))):
            self.families.setExpanded(self.families_model.index(n, 0), True)
        self.pairs_model.set_view_rows(rows)
        for col in (0, 1, 9):  # article labels and "first": as wide as they are
            self.pairs.resizeColumnToContents(col)
        self.matrix_model.set_view_rows(rows, self.order.currentData())
        self.passages_model.set_rows([node.row for node in rows.passages])
        self.quotes.set_view_rows(rows)
        first = self.families_model.index(0, 0)
        self._family_shown = -1
        self.families.setCurrentIndex(first)
        self._on_family_chosen(first)
        passage = self.passages_model.index(0, 0)
        self.passages.setCurrentIndex(passage)
        self._on_passage_chosen(passage)

    def focus_doc(self, doc: int) -> None:
        """Show where ``doc`` sits: its row in the families and the matrix."""
        rows = self.rows
        at = rows.where.get(doc) if rows is not None else None
        if at is not None:
            family = self.families_model.index(at[0], 0)
            self.families.setExpanded(family, True)
            self.families.setCurrentIndex(self.families_model.index(at[1], 0, family))
        order = self.matrix_model.order()
        if doc in order:
            self.matrix.selectRow(order.index(doc))

    # -- families ------------------------------------------------------------------------------
    @Slot(QModelIndex, QModelIndex)
    def _on_family_chosen(self, index: QModelIndex, _: QModelIndex | None = None) -> None:
        n = self.families_model.family_of(index) if index.isValid() else -1
        node = self.families_model.node(n)
        if node is None:
            self._family_shown = -1
            self.family_pairs_model.set_rows(())
            return
        self.family_detail.setPlainText(node.detail)
        if n != self._family_shown:
            self._family_shown = n
            self.family_pairs_model.set_rows(node.pairs)
            for col in range(4):
                self.family_pairs.resizeColumnToContents(col)

    @Slot(QModelIndex)
    def _on_member_activated(self, index: QModelIndex) -> None:
        data = index.data(ROLE)
        if isinstance(data, tuple) and data[0] == "doc":
            self.sig_open_requested.emit(int(data[1]), -1, -1)

    @Slot(QModelIndex)
    def _on_pair_item_activated(self, index: QModelIndex) -> None:
        data = index.data(ROLE)
        if isinstance(data, tuple):
            self.sig_compare_requested.emit(int(data[0]), int(data[1]))

    # -- pairs and matrix ----------------------------------------------------------------------
    @Slot(QModelIndex)
    def _on_pairs_clicked(self, index: QModelIndex) -> None:
        p = index.data(PAIR_ROLE)
        if p is not None:
            self.sig_compare_requested.emit(p.a, p.b)

    @Slot(QModelIndex)
    def _on_matrix_clicked(self, index: QModelIndex) -> None:
        a, b = index.data(DOCS_ROLE)
        share, _ = self.matrix_model.share(index.row(), index.column())
        if a != b and share > 0:
            self.sig_compare_requested.emit(a, b)

    # -- passages ------------------------------------------------------------------------------
    def _passage(self, index: QModelIndex) -> PassageNode | None:
        rows = self.rows
        if rows is None or not index.isValid() or index.row() >= self.passages_model.rowCount():
            return None
        return rows.passages[self.passages_model.position(index.row())]

    @Slot(QModelIndex, QModelIndex)
    def _on_passage_chosen(self, index: QModelIndex, _: QModelIndex | None = None) -> None:
        node = self._passage(index)
        if node is None:
            self.copies_model.set_rows(())
            return
        self.passage_text.setPlainText(node.detail)
        self.copies_model.set_rows(node.copies)
        for col in range(3):
            self.copies.resizeColumnToContents(col)

    def chosen_passage(self) -> Cluster | None:
        node = self._passage(self.passages.currentIndex())
        return node.cluster if node is not None else None

    @Slot(QModelIndex)
    def _on_copy_activated(self, index: QModelIndex) -> None:
        c = self.chosen_passage()
        doc = index.data(ROLE)
        if c is None or doc is None:
            return
        if int(doc) == c.reference.doc:
            self.sig_open_requested.emit(int(doc), c.reference.start, c.reference.end)
        else:
            self.sig_copy_requested.emit(c, int(doc))
