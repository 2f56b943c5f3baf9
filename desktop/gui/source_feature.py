"""See what was kept, and fix an article's details: the "source as read" view and the
article details dialog (title, outlet, date, URL).

The source view shows what Parallax read (core/source_view.py: the PDF's or Word file's text,
a web page's text with the markup removed line for line) with what cleanup kept tinted and
the reader's marks (search matches, entities, highlights) drawn at the same words, mapped
clean -> source -> view through the offset maps. The details dialog writes through
``library.docmeta.edit`` (one transaction; the list, search and the reader follow the change
event).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.docmeta import FIELDS, MetaError
from desktop.core.errors import ParallaxError
from desktop.core.library import Library
from desktop.core.model import Document
from desktop.core.source_view import source_view
from desktop.gui.reader import ReaderContext
from desktop.gui.window_api import FeatureHost

KEPT = QColor("#e6f2e6")
LEGEND = ("Green: what Parallax kept as the article. The rest was read but left out "
          "(markup, menus, running heads, page numbers…). Marks are drawn as in the reader.")


class SourceDialog(QDialog):
    def __init__(self, doc: Document, marks: list[tuple[int, int, QTextCharFormat]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Source as read — {doc.meta.title}")
        self.resize(900, 700)
        view = source_view(doc)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(view.text)
        selections: list[QTextEdit.ExtraSelection] = []
        kept = QTextCharFormat()
        kept.setBackground(QBrush(KEPT))
        for s, e in view.kept(doc):
            selections.append(self._selection(s, e, kept))
        for start, end, fmt in marks:
            selections.append(self._selection(start, end, fmt))
        self.text.setExtraSelections(selections)
        self.kept_spans = view.kept(doc)
        legend = QLabel(LEGEND, self)
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(legend)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        return sel


class DetailsDialog(QDialog):
    """Title, outlet, date and URL of one article; an empty outlet/date/URL is allowed."""

    def __init__(self, library: Library, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library, self.doc = library, doc
        self.setWindowTitle("Article details")
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        edited = library.docmeta.overrides(doc.id)
        for field, label in zip(FIELDS, ("Title", "Outlet", "Date", "Web address"), strict=True):
            edit = QLineEdit(getattr(doc.meta, field), self)
            edit.setPlaceholderText({"date": "YYYY-MM-DD", "url": "https://…"}.get(field, ""))
            edit.setToolTip("changed by you; the file says otherwise" if field in edited else "")
            self.fields[field] = edit
            form.addRow(label, edit)
        self.error = QLabel("", self)
        self.error.setStyleSheet("color: #a33;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        changes: dict[str, str | None] = {}
        for field, edit in self.fields.items():
            value = edit.text()
            if " ".join(value.split()) != getattr(self.doc.meta, field):
                changes[field] = value
        try:
            if changes:
                self.library.docmeta.edit(self.doc.id, changes)
        except (MetaError, ParallaxError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class SourceFeature:
    def __init__(self, host: FeatureHost, library: Library) -> None:
        self.host = host
        self.library = library
        self.reader = host.reader
        self.show_source = QAction("Source as Read…", host.as_widget())
        self.show_source.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.show_source.setStatusTip("What Parallax read from the file, with what it kept and the marks")
        self.edit_details = QAction("Article Details…", host.as_widget())
        self.edit_details.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.edit_details.setStatusTip("Change the article's title, outlet, date and web address")
        self.edit_details.setEnabled(not library.read_only)
        host.menus.view.addSeparator()
        host.menus.view.addAction(self.show_source)
        host.menus.edit.addAction(self.edit_details)
        self.show_source.triggered.connect(self.open_source)
        self.edit_details.triggered.connect(self.open_details)
        self.reader.sig_context_menu_requested.connect(self._on_reader_sig_context_menu_requested)
        self.reader.sig_document_shown.connect(self._on_reader_sig_document_shown)
        self._on_reader_sig_document_shown(self.reader.document_shown())
        self.dialog: QDialog | None = None

    def _on_reader_sig_document_shown(self, doc: Document | None) -> None:
        self.show_source.setEnabled(doc is not None)
        self.edit_details.setEnabled(doc is not None and not self.library.read_only)

    def _marks(self, doc: Document) -> list[tuple[int, int, QTextCharFormat]]:
        view = source_view(doc)
        out = []
        for name in self.reader.layer_names():
            for mark, fmt in self.reader.layer_marks(name):
                s, e = view.from_clean(doc, mark.span)
                out.append((s, e, fmt))
        for sel in self.reader.match_selections():
            start = self.reader.to_clean(sel.cursor.selectionStart())
            end = self.reader.to_clean(sel.cursor.selectionEnd())
            if start is not None and end is not None:
                a, b = doc.clean.offsets.span_to_source(start, end)
                s, e = view.from_source(a, b)
                out.append((s, e, sel.format))
        return out

    def open_source(self) -> None:
        doc = self.reader.document_shown()
        if doc is None:
            return
        self.dialog = SourceDialog(doc, self._marks(doc), self.host.as_widget())
        self.dialog.show()

    def open_details(self) -> None:
        doc = self.reader.document_shown()
        if doc is None or self.library.read_only:
            return
        self.dialog = DetailsDialog(self.library, doc, self.host.as_widget())
        self.dialog.open()

    def _on_reader_sig_context_menu_requested(self, menu: QMenu, context: ReaderContext) -> None:
        if context.document is None:
            return
        menu.addSeparator()
        menu.addAction(self.show_source)
        if not self.library.read_only:
            menu.addAction(self.edit_details)
