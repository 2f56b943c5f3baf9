"""See what was kept, and fix an article's details: the reader's "source as read" toggle and
the article details dialog (title, outlet, date, URL).

View → Source as Read (Ctrl+U, as "view source" in a browser; also in the reader's context
menu) switches the reader in place between the clean text and the source as Parallax read it
(gui/reader_source.py): a PDF's or Word file's extracted text with its pages, a web page's text
with the markup removed line for line, what cleanup kept in the text colour and the rest
muted, with every mark (search matches, names, highlights, shared passages) drawn at the same
words through the offset maps. It is a mode of the reader, like a browser's source view: it
stays on while the user moves from article to article, until switched off. The details
dialog writes through ``library.docmeta.edit`` (one transaction; the list, search and the
reader follow the change event).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from desktop.core.docmeta import FIELDS, MetaError
from desktop.core.errors import ParallaxError
from desktop.core.library import Library
from desktop.core.model import Document
from desktop.gui.reader import ReaderContext
from desktop.gui.window_api import FeatureHost


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
        self.show_source = QAction("Source as Read", host.as_widget())
        self.show_source.setCheckable(True)
        self.show_source.setShortcut(QKeySequence("Ctrl+U"))
        self.show_source.setStatusTip("Show what Parallax read from the file in place of the "
                                      "article: what it kept, what it left out, and the marks")
        self.edit_details = QAction("Article Details…", host.as_widget())
        self.edit_details.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.edit_details.setStatusTip("Change the article's title, outlet, date and web address")
        self.edit_details.setEnabled(not library.read_only)
        host.menus.view.addSeparator()
        host.menus.view.addAction(self.show_source)
        host.menus.edit.addAction(self.edit_details)
        self.show_source.toggled.connect(self.reader.set_source_mode)
        self.edit_details.triggered.connect(self.open_details)
        self.reader.sig_context_menu_requested.connect(self._on_reader_sig_context_menu_requested)
        self.reader.sig_document_shown.connect(self._on_reader_sig_document_shown)
        self._on_reader_sig_document_shown(self.reader.document_shown())
        self.dialog: QDialog | None = None

    def _on_reader_sig_document_shown(self, doc: Document | None) -> None:
        self.edit_details.setEnabled(doc is not None and not self.library.read_only)

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
