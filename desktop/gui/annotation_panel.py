"""The notes panel: every highlight and note, filtered by article, colour and tag, with an
editor for the selected one. Clicking an annotation asks the window to show it in the reader.

Edits go through the AnnotationController (so they can be undone) and are saved as the user
types (after a short pause), on Save / Ctrl+Return, and before another annotation is picked:
nothing typed is lost by a crash more than a moment later.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import styles
from desktop.core.annotations.model import Annotation, clean_tags
from desktop.core.annotations.service import Filter
from desktop.core.export.notes import note_text, quoted
from desktop.core.model import Document
from desktop.gui.highlights import AnnotationController

AUTOSAVE_MS = 700
EMPTY_HINT = "Select text in the article and press H to highlight it, N to add a note."
ID_ROLE = Qt.ItemDataRole.UserRole


def swatch(rgb: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(rgb))
    return QIcon(pixmap)


class AnnotationPanel(QWidget):
    sig_annotation_activated = Signal(object)  # Annotation

    def __init__(self, controller: AnnotationController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self.controller = controller
        self._doc_id: int | None = None
        self._selected: Annotation | None = None
        self.scope = QComboBox()
        self.scope.addItems(["This article", "All articles"])
        self.colour_filter = QComboBox()
        self.tag_filter = QComboBox()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self.colour = QComboBox()
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Why it matters (Markdown)")
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("tags, comma separated")
        self.save = QPushButton("Save")
        self.name_colours = QPushButton("Colours…")
        self.name_colours.setToolTip("Name what each highlight colour means")
        self.name_colours.setMenu(QMenu(self.name_colours))
        self.delete = QPushButton("Delete")
        self.accept = QPushButton("Accept new wording")
        self.accept.setToolTip("The article's text changed here: keep the words that stand there "
                               "now as this highlight's own")
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self._build()
        self._connect_signals()
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("Notes")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setObjectName("sidePanelHeader")  # as the entity panel's (app.qss)
        layout.addWidget(title)
        filters = QHBoxLayout()
        for combo in (self.scope, self.colour_filter, self.tag_filter):
            filters.addWidget(combo, 1)
        layout.addLayout(filters)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.hint)
        layout.addWidget(self.colour)
        layout.addWidget(self.note, 2)
        layout.addWidget(self.tags)
        buttons = QHBoxLayout()
        buttons.addWidget(self.name_colours)
        buttons.addStretch(1)
        buttons.addWidget(self.accept)
        buttons.addWidget(self.delete)
        buttons.addWidget(self.save)
        layout.addLayout(buttons)
        self.save.setToolTip("Save the note (Ctrl+Return)")
        self._fill_colours()
        self._set_editor(None)

    def _connect_signals(self) -> None:
        self.scope.currentIndexChanged.connect(self.reload)
        self.colour_filter.currentIndexChanged.connect(self.reload)
        self.tag_filter.currentIndexChanged.connect(self.reload)
        self.list.currentItemChanged.connect(self._on_list_current_item_changed)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_clicked)
        self.save.clicked.connect(self.save_editor)
        self.autosave.timeout.connect(self.save_editor)
        self.note.textChanged.connect(self._on_editor_changed)
        self.tags.textEdited.connect(self._on_editor_changed)
        self.colour.activated.connect(self._on_editor_changed)
        self.delete.clicked.connect(self._on_delete_clicked)
        self.accept.clicked.connect(self._on_accept_clicked)
        QShortcut(QKeySequence("Ctrl+Return"), self.note, self.save_editor)
        self.controller.reader.sig_document_shown.connect(self._on_reader_sig_document_shown)

    # -- public ----------------------------------------------------------------------------
    def annotation_ids(self) -> list[str]:
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]

    def select(self, annotation_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == annotation_id:
                self.list.setCurrentRow(i)
                return

    @Slot()
    def reload(self) -> None:
        keep = self._selected.id if self._selected else None
        self._fill_tags()
        flt = Filter(doc_id=self._doc_id if self.scope.currentIndex() == 0 else None,
                     colour=self.colour_filter.currentData(), tag=self.tag_filter.currentData())
        colours = {c.key: c for c in self.controller.colours()}
        self.list.blockSignals(True)
        self.list.clear()
        if flt.doc_id is not None or self.scope.currentIndex() == 1:
            for a in self.controller.service.select(flt):
                self.list.addItem(self._item(a, colours))
        self.list.blockSignals(False)
        self.hint.setVisible(self.list.count() == 0)
        self._selected = None
        if keep:
            self.select(keep)
        if self._selected is None:
            self._set_editor(None)

    @Slot()
    def save_editor(self) -> None:
        self.autosave.stop()
        if self._selected is None or self.controller.read_only:
            return
        edited = self.controller.edit(self._selected, colour=self.colour.currentData(),
                                      note=self.note.toPlainText(), tags=self.tags.text())
        if edited is not None:
            self._selected = edited
            self.reload()

    # -- helpers ---------------------------------------------------------------------------
    def _item(self, a: Annotation, colours: dict) -> QListWidgetItem:
        colour = colours.get(a.colour)
        quote = " ".join(a.quote.exact.split())
        quote = quote if len(quote) <= 90 else quote[:89] + "…"
        lines = [("⚠ orphan: not found in the current text — " if a.orphan else "") + quoted(quote)]
        if a.original:
            was = " ".join(a.original.split())
            lines.insert(0, "✎ text changed — highlighted as "
                         + quoted(was if len(was) <= 90 else was[:89] + "…") + ", now:")
        note = note_text(a.note)  # as it reads rendered: no **Markdown** marks
        if note or a.tags:
            lines.append((note[:120] + " " if note else "") + " ".join(f"#{t}" for t in a.tags))
        item = QListWidgetItem("\n".join(lines))  # plain text item: nothing is parsed as HTML
        item.setData(ID_ROLE, a.id)
        item.setIcon(swatch(colour.rgb if colour else styles.HIGHLIGHT_FALLBACK))
        item.setToolTip(colour.name if colour else a.colour)
        if a.orphan:
            item.setForeground(self.palette().placeholderText())
        return item

    def _fill_colours(self) -> None:
        menu = self.name_colours.menu()
        menu.clear()
        for c in self.controller.colours():
            action = menu.addAction(swatch(c.rgb), f"{c.name}…")
            action.triggered.connect(lambda _=False, key=c.key, name=c.name: self._rename(key, name))
        self.name_colours.setEnabled(not self.controller.read_only)
        self.colour_filter.blockSignals(True)
        self.colour_filter.clear()
        self.colour_filter.addItem("All colours", None)
        self.colour.clear()
        for c in self.controller.colours():
            self.colour_filter.addItem(swatch(c.rgb), c.name, c.key)
            self.colour.addItem(swatch(c.rgb), c.name, c.key)
        self.colour_filter.blockSignals(False)

    def _fill_tags(self) -> None:
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        for tag in self.controller.service.tags():
            self.tag_filter.addItem(f"#{tag}", tag)
        index = self.tag_filter.findData(current)
        self.tag_filter.setCurrentIndex(max(index, 0))
        self.tag_filter.blockSignals(False)

    def _set_editor(self, a: Annotation | None) -> None:
        self._selected = a
        editable = a is not None and not self.controller.read_only
        for widget in (self.colour, self.note, self.tags, self.save, self.delete):
            widget.setEnabled(editable)
        self.accept.setVisible(a is not None and a.status == "changed")
        self.accept.setEnabled(editable)
        # leave what is being typed alone when it is what was just saved
        if self.note.toPlainText() != (a.note if a else ""):
            self.note.blockSignals(True)
            self.note.setPlainText(a.note if a else "")
            self.note.blockSignals(False)
        if clean_tags(self.tags.text()) != (a.tags if a else ()):
            self.tags.setText(", ".join(a.tags) if a else "")
        if a is not None:
            self.colour.setCurrentIndex(max(self.colour.findData(a.colour), 0))

    def _rename(self, key: str, name: str) -> None:
        new, ok = QInputDialog.getText(self, "Name a colour", "What this colour means:", text=name)
        if ok and new.strip():
            self.rename_colour(key, new)

    def rename_colour(self, key: str, name: str) -> None:
        self.controller.service.rename_colour(key, name)  # its event reloads the list
        self._fill_colours()

    # -- slots -----------------------------------------------------------------------------
    def _save_then_select(self, annotation_id: str | None) -> None:
        self.save_editor()
        if annotation_id is not None:
            self.select(annotation_id)

    @Slot()
    def _on_editor_changed(self) -> None:
        if self._selected is not None:
            self.autosave.start()

    @Slot(object, object)
    def _on_list_current_item_changed(self, item: QListWidgetItem | None, _: object) -> None:
        if self.autosave.isActive():  # unsaved typing belongs to the annotation being left
            new_id = item.data(ID_ROLE) if item is not None else None
            QTimer.singleShot(0, lambda: self._save_then_select(new_id))
            return
        a = self.controller.service.find(item.data(ID_ROLE)) if item is not None else None
        self._set_editor(a)

    @Slot(QListWidgetItem)
    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        a = self.controller.service.find(item.data(ID_ROLE))
        if a is not None:
            self.sig_annotation_activated.emit(a)

    @Slot()
    def _on_accept_clicked(self) -> None:
        if self._selected is not None:
            self.save_editor()
            if self._selected is not None:
                self.controller.accept_wording(self._selected)

    @Slot()
    def _on_delete_clicked(self) -> None:
        if self._selected is not None:
            self.controller.delete(self._selected)

    @Slot(object)
    def _on_reader_sig_document_shown(self, doc: Document | None) -> None:
        self._doc_id = doc.id if doc is not None else None
        self.reload()
