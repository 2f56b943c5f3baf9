"""The entity panel: the shown article's entities grouped by type with mention counts, a
filter box, a legend whose check boxes switch each type's marks on and off, previous/next
mention of the chosen entity, and "articles mentioning" it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.entities.labels import LABEL_TITLES, Label
from desktop.core.marks import UNSURE_BELOW, EntityEntry
from desktop.gui.entity_marks import label_colour
from desktop.gui.reader_style import is_dark

_ROLE = Qt.ItemDataRole.UserRole
MIN_ROWS = 9


def swatch(colour: QColor, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(colour)
    return QIcon(pix)


class EntityPanel(QWidget):
    sig_entity_chosen = Signal(str, int)  # entity name, step (+1 next mention, -1 previous)
    sig_filter_requested = Signal(str)  # show the articles mentioning this entity
    sig_labels_changed = Signal(object)  # frozenset[Label] of the types drawn

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entityPanel")
        self.setMinimumWidth(220)
        self.title = QLabel("Entities")
        self.title.setObjectName("sidePanelHeader")  # as the notes panel's (app.qss)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter entities")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)
        # the list stays long enough to use (#13: it showed 3-4 rows) whatever the notes take
        self.tree.setMinimumHeight(MIN_ROWS * (self.tree.fontMetrics().lineSpacing() + 4))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel("No entities recognised in this article yet.")
        self.empty.setWordWrap(True)
        self.previous = QPushButton("◀ Previous")
        self.next = QPushButton("Next ▶")
        self.mentioning = QPushButton("Articles mentioning…")
        self.toggles: dict[Label, QCheckBox] = {}
        self._counts: list[EntityEntry] = []
        self._build()
        self._connect_signals()
        self._update_buttons()

    def _build(self) -> None:
        legend = QGridLayout()
        legend.setContentsMargins(0, 0, 0, 0)
        dark = is_dark(self.palette())
        for i, label in enumerate(Label):
            box = QCheckBox(label.value.title() if label != Label.ORG else "Org")
            box.setChecked(True)
            box.setIcon(swatch(label_colour(label, dark)))
            box.setToolTip(f"Show {LABEL_TITLES[label].lower()} in the article")
            self.toggles[label] = box
            legend.addWidget(box, i // 3, i % 3)
        steps = QHBoxLayout()
        steps.addWidget(self.previous)
        steps.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addLayout(legend)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addLayout(steps)
        layout.addWidget(self.mentioning)

    def _connect_signals(self) -> None:
        self.filter.textChanged.connect(self._on_filter_textChanged)
        self.tree.itemActivated.connect(self._on_tree_itemActivated)
        self.tree.itemClicked.connect(self._on_tree_itemActivated)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.previous.clicked.connect(lambda: self._step(-1))
        self.next.clicked.connect(lambda: self._step(1))
        self.mentioning.clicked.connect(self._on_mentioning_clicked)
        for box in self.toggles.values():
            box.toggled.connect(lambda _=False: self.sig_labels_changed.emit(self.shown_labels()))

    # -- public --------------------------------------------------------------------------
    def shown_labels(self) -> frozenset[Label]:
        return frozenset(label for label, box in self.toggles.items() if box.isChecked())

    def set_entities(self, counts: Sequence[EntityEntry], recognised: bool = True) -> None:
        self._counts = list(counts)
        self.empty.setText("No entities in this article." if recognised else
                           "Entities not recognised yet: they appear when recognition finishes.")
        self._fill()

    def current_entity(self) -> str | None:
        item = self.tree.currentItem()
        value = item.data(0, _ROLE) if item is not None else None
        return value if isinstance(value, str) else None

    def select_entity(self, entity: str) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount() if group is not None else 0):
                item = group.child(j) if group is not None else None
                if item is not None and item.data(0, _ROLE) == entity:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    # -- internals -----------------------------------------------------------------------
    def _fill(self) -> None:
        chosen = self.current_entity()
        needle = self.filter.text().strip().lower()
        self.tree.clear()
        dark = is_dark(self.palette())
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for label in Label:
            rows = [c for c in self._counts if c.label == label and needle in c.entity.lower()]
            if not rows:
                continue
            group = QTreeWidgetItem([f"{LABEL_TITLES[label]} ({len(rows)})", ""])
            group.setIcon(0, swatch(label_colour(label, dark)))
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for c in rows:
                item = QTreeWidgetItem([c.entity, _count_text(c)])
                item.setData(0, _ROLE, c.entity)
                tip = _tip(c, label)
                item.setToolTip(0, tip)
                item.setToolTip(1, tip)
                if c.unsure:  # some marks of it are uncertain: in italics, "?" by the count
                    font = item.font(0)
                    font.setItalic(True)
                    item.setFont(0, font)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                item.setForeground(1, QBrush(muted))
                group.addChild(item)
            self.tree.addTopLevelItem(group)
            group.setExpanded(True)
        self.tree.setVisible(self.tree.topLevelItemCount() > 0)
        self.empty.setVisible(self.tree.topLevelItemCount() == 0)
        if chosen:
            self.select_entity(chosen)
        self._update_buttons()

    def _update_buttons(self) -> None:
        entity = self.current_entity()
        for button in (self.previous, self.next, self.mentioning):
            button.setEnabled(entity is not None)
        self.mentioning.setText(f"Articles mentioning {entity[:28]}" if entity else
                                "Articles mentioning…")

    def _step(self, step: int) -> None:
        entity = self.current_entity()
        if entity:
            self.sig_entity_chosen.emit(entity, step)

    @Slot(str)
    def _on_filter_textChanged(self, _: str) -> None:
        self._fill()

    @Slot(QTreeWidgetItem, int)
    def _on_tree_itemActivated(self, item: QTreeWidgetItem, _: int = 0) -> None:
        entity = item.data(0, _ROLE)
        if isinstance(entity, str):
            self.sig_entity_chosen.emit(entity, 1)

    @Slot()
    def _on_mentioning_clicked(self) -> None:
        entity = self.current_entity()
        if entity:
            self.sig_filter_requested.emit(entity)


def _count_text(c: EntityEntry) -> str:
    return f"{c.count} ({c.unsure}?)" if c.unsure else str(c.count)


def _tip(c: EntityEntry, label: Label) -> str:
    tip = f"{c.entity} — {label.value}, {c.count} mention{'s' if c.count != 1 else ''}"
    if c.unsure:
        tip += (f"; {c.unsure} of them uncertain: a shorter form taken as this name from "
                f"other articles (below {round(100 * UNSURE_BELOW)} % sure; the least "
                f"{round(100 * c.lowest)} %)")
    return tip + "; click to go to the next one"
