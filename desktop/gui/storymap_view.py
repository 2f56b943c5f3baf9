"""The story-map view: the whole picture of a library, a search result or chosen articles.

Tabs: the families (each with its members, who had the text first and on what evidence, and
its pairs), the ranking of the most-reused pairs, the matrix of every article against every
other, the passages found in several articles (each with every copy and its kind), and the
quote table. A click on a pair, a matrix cell or a copy opens the compare view there; a
member or a quote opens the article. Everything shown is plain item text (article text,
titles and outlets are untrusted).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.storymap.clusters import Cluster
from desktop.core.storymap.provenance import Call
from desktop.core.storymap.snapshot import MapSnapshot
from desktop.gui.compare_gutter import kind_colour
from desktop.gui.models import display_date, safe_tooltip
from desktop.gui.quote_table import QuoteTableView
from desktop.gui.storymap_pairs import (
    DOCS_ROLE,
    ORDERS,
    PAIR_ROLE,
    MatrixModel,
    PairsModel,
    matrix_table,
    pairs_table,
)

ROLE = Qt.ItemDataRole.UserRole
BASIS = {"date": " — by date", "credit": " — by wire credit", "text": " — by the text"}
SCOPES = (("library", "Whole library"), ("search", "Search results"), ("selection", "Selected articles"))


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _first(snap: MapSnapshot, call: Call) -> str:
    """Who had the text first, in a few words: an article, a wire outside the library, or
    unknown (the evidence says which and why)."""
    if call.first is not None:
        return snap.label(call.first)
    return "outside the library" if call.basis == "credit" else "unknown"


def _tree(headers: list[str], name: str) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setHeaderLabels(headers)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setRootIsDecorated(True)
    return tree


class StoryMapView(QWidget):
    sig_compare_requested = Signal(int, int)  # two articles: compare them at their main passage
    sig_copy_requested = Signal(object, int)  # (Cluster, doc of a copy): compare it with the reference
    sig_open_requested = Signal(int, int, int)  # doc, clean start, end (-1: no span)
    sig_scope_requested = Signal(str)  # library | search | selection
    sig_export_requested = Signal()
    sig_back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyMapView")
        self.snapshot: MapSnapshot | None = None
        self.title = QLabel("Story map")
        self.title.setObjectName("storyMapTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.scope = QComboBox()
        for key, name in SCOPES:
            self.scope.addItem(name, key)
        self.scope.setToolTip("What the map is made of: every article, the articles matching the "
                              "search, or the articles selected in the library list (Ctrl+click)")
        self.export = QPushButton("Export…")
        self.back = QPushButton("Back to reader")
        self.tabs = QTabWidget()
        self.families = _tree(["family / article", "date", "shared", "first"], "storyFamilies")
        self.families.headerItem().setToolTip(2, "The most of the article found in another member")
        self.family_detail = QPlainTextEdit()
        self.family_pairs = _tree(["A", "B", "of A in B", "of B in A", "passages"], "storyFamilyPairs")
        self.pairs_model = PairsModel(self)
        self.pairs = pairs_table(self.pairs_model, self)
        self.matrix_model = MatrixModel(self.palette(), self)
        self.matrix = matrix_table(self.matrix_model, self)
        self.order = QComboBox()
        for key, name in ORDERS.items():
            self.order.addItem(name, key)
        self.passages = _tree(["passage", "articles", "first", "text"], "storyPassages")
        self.passage_text = QPlainTextEdit()
        self.copies = _tree(["article", "¶", "kind", "its copy"], "storyCopies")
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
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

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
        self.families.currentItemChanged.connect(self._on_family_chosen)
        self.families.itemActivated.connect(self._on_member_activated)
        self.families.itemDoubleClicked.connect(self._on_member_activated)
        self.family_pairs.itemActivated.connect(self._on_pair_item_activated)
        self.family_pairs.itemClicked.connect(self._on_pair_item_activated)
        self.pairs.clicked.connect(self._on_pairs_clicked)
        self.pairs.activated.connect(self._on_pairs_clicked)
        self.matrix.clicked.connect(self._on_matrix_clicked)
        self.order.activated.connect(
            lambda _: self.matrix_model.set_snapshot(self.snapshot, self.order.currentData()))
        self.passages.currentItemChanged.connect(self._on_passage_chosen)
        self.copies.itemActivated.connect(self._on_copy_activated)
        self.copies.itemClicked.connect(self._on_copy_activated)
        self.quotes.sig_quote_activated.connect(self.sig_open_requested)

    # -- public --------------------------------------------------------------------------------
    def set_busy(self, text: str) -> None:
        self.summary.setText(text)

    def set_scope_choice(self, key: str) -> None:
        self.scope.setCurrentIndex(max(0, self.scope.findData(key)))

    def set_snapshot(self, snap: MapSnapshot) -> None:
        self.snapshot = snap
        self.title.setText(f"Story map of {snap.scope.label}")
        self.summary.setText(snap.summary())
        self._fill_families(snap)
        self.pairs_model.set_snapshot(snap)
        self.matrix_model.set_snapshot(snap, self.order.currentData())
        self._fill_passages(snap)
        self.quotes.set_snapshot(snap)

    def focus_doc(self, doc: int) -> None:
        """Show where ``doc`` sits: its row in the families and the matrix."""
        for i in range(self.families.topLevelItemCount()):
            fam = self.families.topLevelItem(i)
            for j in range(fam.childCount() if fam else 0):
                item = fam.child(j) if fam else None
                if item is not None and item.data(0, ROLE) == ("doc", doc):
                    self.families.setCurrentItem(item)
        order = self.matrix_model.order()
        if doc in order:
            self.matrix.selectRow(order.index(doc))

    # -- families ------------------------------------------------------------------------------
    def _fill_families(self, snap: MapSnapshot) -> None:
        self.families.clear()
        smap = snap.smap
        for n, (f, call) in enumerate(zip(smap.families, snap.family_calls, strict=True), 1):
            top = QTreeWidgetItem([f"Family {n} · {len(f.docs)} articles", "", "",
                                   f"{_first(snap, call)}{BASIS.get(call.basis, '')}"])
            top.setData(0, ROLE, ("family", n - 1))
            top.setToolTip(3, safe_tooltip(call.evidence))
            best: dict[int, float] = {}
            for p in f.pairs:
                best[p.a] = max(best.get(p.a, 0.0), p.a_in_b)
                best[p.b] = max(best.get(p.b, 0.0), p.b_in_a)
            for d in f.docs:
                self._member(top, snap, d, f"{best.get(d, 0.0):.0%}", "first" if d == call.first else "")
            self.families.addTopLevelItem(top)
            top.setExpanded(n <= 3)
        alone = snap.unfamilied()
        if alone:
            top = QTreeWidgetItem([f"In no family · {len(alone)} articles", "", "", ""])
            top.setFirstColumnSpanned(False)
            top.setData(0, ROLE, ("alone", 0))
            for d in alone:
                self._member(top, snap, d, "", "")
            self.families.addTopLevelItem(top)
        for col, width in enumerate((250, 80, 60)):  # the article's title, elided; "first" stretches
            self.families.setColumnWidth(col, width)
        top_item = self.families.topLevelItem(0)
        if top_item is not None:
            self.families.setCurrentItem(top_item)

    @staticmethod
    def _member(parent: QTreeWidgetItem, snap: MapSnapshot, d: int, share: str, role: str) -> None:
        info = snap.smap.articles[d].info
        name = f"{snap.label(d)} — {info.title}" if info.title else snap.label(d)
        item = QTreeWidgetItem([name, display_date(info.date) if info.date else "no date", share, role])
        item.setData(0, ROLE, ("doc", d))
        item.setToolTip(0, safe_tooltip(f"#{d} {info.title}\nDouble-click to read it."))
        parent.addChild(item)

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_family_chosen(self, item: QTreeWidgetItem | None, _: QTreeWidgetItem | None = None) -> None:
        snap = self.snapshot
        self.family_pairs.clear()
        if snap is None or item is None:
            return
        parent = item.parent()
        kind, n = (parent if parent is not None else item).data(0, ROLE)
        if kind != "family":
            self.family_detail.setPlainText("These articles share no passage word for word or "
                                            "edited with another article of the map.")
            return
        f, call = snap.smap.families[n], snap.family_calls[n]
        first = _first(snap, call)
        self.family_detail.setPlainText(
            f"Family {n + 1}: {len(f.docs)} articles joined by reuse.\n\nWho had it first: {first}\n"
            f"Evidence ({call.basis}): {call.evidence}")
        for p in f.pairs:
            counts = ", ".join(f"{k} {v}" for k, v in p.passages.items() if v)
            row = QTreeWidgetItem([snap.label(p.a), snap.label(p.b), f"{p.a_in_b:.0%}",
                                   f"{p.b_in_a:.0%}", counts])
            row.setData(0, ROLE, (p.a, p.b))
            row.setToolTip(0, safe_tooltip("Click to compare the two"))
            self.family_pairs.addTopLevelItem(row)
        for col in range(self.family_pairs.columnCount()):
            self.family_pairs.resizeColumnToContents(col)

    @Slot(QTreeWidgetItem, int)
    def _on_member_activated(self, item: QTreeWidgetItem, _: int = 0) -> None:
        data = item.data(0, ROLE)
        if isinstance(data, tuple) and data[0] == "doc":
            self.sig_open_requested.emit(int(data[1]), -1, -1)

    @Slot(QTreeWidgetItem, int)
    def _on_pair_item_activated(self, item: QTreeWidgetItem, _: int = 0) -> None:
        a, b = item.data(0, ROLE)
        self.sig_compare_requested.emit(int(a), int(b))

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
    def _fill_passages(self, snap: MapSnapshot) -> None:
        self.passages.clear()
        for c in snap.passages:
            call = snap.passage_calls.get(c.id)
            ref = c.reference
            text = snap.smap.articles[ref.doc].text[ref.start:ref.end]
            first = _first(snap, call) if call else "unknown"
            item = QTreeWidgetItem([f"Passage {c.id}", str(len(c.docs)), first, _clip(text, 160)])
            item.setData(0, ROLE, c.id)
            item.setToolTip(3, safe_tooltip(_clip(text, 600)))
            self.passages.addTopLevelItem(item)
        for col, width in enumerate((80, 64, 120)):
            self.passages.setColumnWidth(col, width)
        self.passages.setRootIsDecorated(False)
        top_item = self.passages.topLevelItem(0)
        if top_item is not None:
            self.passages.setCurrentItem(top_item)

    def _cluster(self, cid: int) -> Cluster | None:
        snap = self.snapshot
        return next((c for c in snap.passages if c.id == cid), None) if snap else None

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_passage_chosen(self, item: QTreeWidgetItem | None, _: QTreeWidgetItem | None = None) -> None:
        snap = self.snapshot
        self.copies.clear()
        c = self._cluster(item.data(0, ROLE)) if item is not None else None
        if snap is None or c is None:
            return
        call = snap.passage_calls.get(c.id)
        ref = c.reference
        first = _first(snap, call) if call else "unknown"
        self.passage_text.setPlainText(
            f"In {len(c.docs)} articles. Who had it first: {first}\nEvidence: "
            f"{call.evidence if call else 'unknown'}\n\n{snap.label(ref.doc)}:\n"
            f"{snap.smap.articles[ref.doc].text[ref.start:ref.end]}")
        for cp in c.copies:
            text = snap.smap.articles[cp.doc].text[cp.start:cp.end]
            row = QTreeWidgetItem([snap.label(cp.doc), f"¶{snap.smap.paragraph(cp.doc, cp.start)}",
                                   cp.kind, _clip(text, 200)])
            row.setData(0, ROLE, cp.doc)
            what = ("Click to read it in its article." if cp is ref
                    else "Click to compare it with the reference copy.")
            row.setToolTip(3, safe_tooltip(f"{_clip(text, 600)}\n\n{what}"))
            self.copies.addTopLevelItem(row)
        for col in range(3):
            self.copies.resizeColumnToContents(col)
        self.copies.setRootIsDecorated(False)

    @Slot(QTreeWidgetItem, int)
    def _on_copy_activated(self, item: QTreeWidgetItem, _: int = 0) -> None:
        current = self.passages.currentItem()
        c = self._cluster(current.data(0, ROLE)) if current is not None else None
        if c is None:
            return
        doc = int(item.data(0, ROLE))
        if doc == c.reference.doc:
            self.sig_open_requested.emit(doc, c.reference.start, c.reference.end)
        else:
            self.sig_copy_requested.emit(c, doc)
