"""Highlights, notes and exports plugged into the main window in one call.

:class:`NotesFeature` makes the annotation controller, the notes panel (in the right-hand
column), the exporter, and their actions (H highlight, N note, Ctrl+Z / Ctrl+Shift+Z undo and
redo, Ctrl+E export), and adds them to the window's File, Edit and View menus.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence

from desktop.core.annotations.anchoring import clean_span
from desktop.core.annotations.model import Annotation
from desktop.core.events import Change, DocsChanged
from desktop.core.library import Library
from desktop.core.model import Span
from desktop.core.storymap.scope import WHOLE, Scope
from desktop.gui import settings as S
from desktop.gui.annotation_panel import AnnotationPanel
from desktop.gui.export_dialog import ExportDialog, Exporter
from desktop.gui.highlights import AnnotationController
from desktop.gui.window_api import FeatureHost


class NotesFeature(QObject):
    def __init__(self, host: FeatureHost, library: Library) -> None:
        super().__init__(host.as_widget())
        self.host = host
        self.library = library
        self.controller = AnnotationController(library.annotations, host.reader,
                                               library.read_only, self)
        self.panel = AnnotationPanel(self.controller)
        self.exporter = Exporter(library, host.runner, self)
        self.last_dialog: ExportDialog | None = None
        self.map_scope: Callable[[], Scope] = lambda: WHOLE  # the story map's export scope
        self._make_actions()
        self._assemble()
        self._connect_signals()

    def _make_actions(self) -> None:
        window = self.host.as_widget()

        def make(text: str, key: str, tip: str) -> QAction:
            action = QAction(text, window)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setStatusTip(tip)
            window.addAction(action)
            return action

        self.export = make("&Export…", "Ctrl+E", "Export articles with their notes and marks")
        self.undo = self.controller.stack.createUndoAction(window, "&Undo")
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo = self.controller.stack.createRedoAction(window, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo, self.redo):
            window.addAction(action)
        self.highlight = make("&Highlight Selection", "H", "Highlight the selected text (H)")
        self.note = make("Add &Note…", "N", "Add a note to the selection or highlight (N)")
        self.show_notes = QAction("Show &Notes", window)
        self.show_notes.setCheckable(True)
        self.show_notes.setChecked(self.host.settings.get(S.SHOW_NOTES))

    def _assemble(self) -> None:
        menus = self.host.menus
        menus.file.insertAction(menus.file_end, self.export)  # Export… goes just above Quit
        menus.file.insertSeparator(menus.file_end)
        first = menus.edit.actions()[0]
        menus.edit.insertActions(first, [self.undo, self.redo])
        menus.edit.insertSeparator(first)
        menus.edit.addSeparator()
        menus.edit.addActions([self.highlight, self.note])
        menus.view.insertAction(menus.panels, self.show_notes)
        self.host.add_side_panel(self.panel, stretch=2)
        self.panel.setVisible(self.show_notes.isChecked())
        for action in (self.highlight, self.note):
            action.setEnabled(not self.library.read_only)

    def _connect_signals(self) -> None:
        self.export.triggered.connect(self._on_export_triggered)
        self.highlight.triggered.connect(lambda: self.controller.highlight())
        self.note.triggered.connect(lambda: self.controller.add_note())
        self.show_notes.toggled.connect(self._on_show_notes_toggled)
        self.panel.sig_annotation_activated.connect(self._on_panel_sig_annotation_activated)
        self.controller.sig_error.connect(self._on_controller_sig_error)
        self.exporter.sig_export_finished.connect(self._on_exporter_sig_export_finished)
        self.host.events.sig_docs_changed.connect(self._on_events_sig_docs_changed)

    # -- public ----------------------------------------------------------------------------
    def jump_to(self, a: Annotation) -> None:
        """Show the annotation's article with the highlighted text selected."""
        self.host.open_article(a.doc_id)
        reader = self.host.reader
        doc = reader.document_shown()
        if doc is None or doc.id != a.doc_id or a.orphan:
            return
        start, end = clean_span(doc, a.position)
        reader.reveal(Span(start, end))  # with context above it, not at the top edge

    def export_dialog(self, fmt: str = "") -> ExportDialog:
        """The export dialog, on the format asked for or the one used last, in the folder
        used last."""
        docs = self.library.list_documents()
        shown_doc = self.host.reader.document_shown()
        shown = shown_doc.id if shown_doc is not None else None
        pair = self.host.compare_pair()
        if pair is not None and shown not in pair:
            shown = pair[0]
        elif pair is None and shown is not None:
            linked = self.library.links.linked_docs(shown)
            pair = (shown, linked[0]) if linked else None
        settings = self.host.settings
        last = Path(settings.get(S.EXPORT_FOLDER)) if settings.get(S.EXPORT_FOLDER) else None
        docs_dir = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = (last if last is not None and last.is_dir() else
                  Path(docs_dir) if docs_dir and Path(docs_dir).is_dir() else Path.home())
        comparing = self.host.compare_pair() is not None
        dialog = ExportDialog(docs, shown, pair, folder, self.host.as_widget(), comparing=comparing,
                              fmt=fmt or settings.get(S.EXPORT_FORMAT), map_scope=self.map_scope())
        self.last_dialog = dialog
        return dialog

    @Slot(str)
    def open_export(self, fmt: str = "") -> None:
        """File → Export… (or the story map's Export…, on a story-map format)."""
        dialog = self.export_dialog(fmt)
        if dialog.exec():
            options = dialog.options()
            self.host.settings.set(S.EXPORT_FORMAT, options.fmt)
            self.host.settings.set(S.EXPORT_FOLDER, str(options.path.parent))
            self.exporter.export(options)

    # -- slots -----------------------------------------------------------------------------
    @Slot()
    def _on_export_triggered(self) -> None:
        self.open_export("")

    @Slot(bool)
    def _on_show_notes_toggled(self, on: bool) -> None:
        self.panel.setVisible(on)
        self.host.settings.set(S.SHOW_NOTES, on)

    @Slot(object)
    def _on_panel_sig_annotation_activated(self, a: Annotation) -> None:
        self.jump_to(a)

    @Slot(str)
    def _on_controller_sig_error(self, message: str) -> None:
        self.host.status.showMessage(message, 6000)

    @Slot(object)
    def _on_events_sig_docs_changed(self, event: DocsChanged) -> None:
        """A highlight written (here, by an import or a re-anchoring update) or an article
        removed: the reader's highlights and the notes list follow."""
        self.controller.on_docs_changed(event)
        if event.what & (Change.TEXT | Change.REMOVED | Change.ANNOTATIONS):
            self.panel.reload()

    @Slot(str, bool)
    def _on_exporter_sig_export_finished(self, message: str, failed: bool) -> None:
        self.host.show_message(message, warning=failed)
