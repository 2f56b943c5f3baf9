"""Highlights, notes and exports plugged into the main window in one call.

:class:`NotesFeature` makes the annotation controller, the notes panel (a right-hand pane of
the main splitter), the exporter, and their actions (H highlight, N note, Ctrl+Z / Ctrl+Shift+Z
undo and redo, Ctrl+E export), and adds the actions to the window's File and Edit menus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.core.annotations.anchoring import clean_span
from desktop.core.annotations.model import Annotation
from desktop.core.model import Span
from desktop.gui.annotation_panel import AnnotationPanel
from desktop.gui.export_dialog import ExportDialog, Exporter
from desktop.gui.highlights import AnnotationController
from desktop.gui.tasks import TaskRunner


class NotesFeature(QObject):
    def __init__(self, window: Any, library: Any, runner: TaskRunner) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.controller = AnnotationController(library.annotations, window.reader,
                                               library.read_only, self)
        self.panel = AnnotationPanel(self.controller)
        self.exporter = Exporter(library, runner, self)
        self.last_dialog: ExportDialog | None = None
        self._make_actions(window)
        self._assemble(window)
        self._connect_signals()

    def _make_actions(self, window: QMainWindow) -> None:
        def make(text: str, key: str, tip: str, context: Qt.ShortcutContext) -> QAction:
            action = QAction(text, window)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(context)
            action.setStatusTip(tip)
            window.addAction(action)
            return action

        win = Qt.ShortcutContext.WindowShortcut
        self.export = make("&Export…", "Ctrl+E", "Export articles with their notes and marks", win)
        self.undo = self.controller.stack.createUndoAction(window, "&Undo")
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo = self.controller.stack.createRedoAction(window, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo, self.redo):
            window.addAction(action)
        self.highlight = make("&Highlight Selection", "H", "Highlight the selected text (H)", win)
        self.note = make("Add &Note…", "N", "Add a note to the selection or highlight (N)", win)
        self.show_notes = QAction("Show &Notes", window)
        self.show_notes.setCheckable(True)
        self.show_notes.setChecked(True)

    def _assemble(self, window: QMainWindow) -> None:
        menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
        file_menu, edit, view = menus.get("File"), menus.get("Edit"), menus.get("View")
        if isinstance(file_menu, QMenu) and file_menu.actions():
            quit_action = file_menu.actions()[-1]  # Export… goes just above Quit
            file_menu.insertAction(quit_action, self.export)
            file_menu.insertSeparator(quit_action)
        if isinstance(edit, QMenu) and edit.actions():
            first = edit.actions()[0]
            edit.insertActions(first, [self.undo, self.redo])
            edit.insertSeparator(first)
            edit.addSeparator()
            edit.addActions([self.highlight, self.note])
        if isinstance(view, QMenu):
            view.addAction(self.show_notes)
        self.window.add_side_panel(self.panel, stretch=2)
        for action in (self.highlight, self.note):
            action.setEnabled(not self.library.read_only)

    def _connect_signals(self) -> None:
        self.export.triggered.connect(self._on_export_triggered)
        self.highlight.triggered.connect(lambda: self.controller.highlight())
        self.note.triggered.connect(lambda: self.controller.add_note())
        self.show_notes.toggled.connect(self.panel.setVisible)
        self.panel.sig_annotation_activated.connect(self._on_panel_sig_annotation_activated)
        self.controller.sig_error.connect(self._on_controller_sig_error)
        self.exporter.sig_export_finished.connect(self._on_exporter_sig_export_finished)
        importer = getattr(self.window, "importer", None)
        if importer is not None:
            importer.sig_library_changed.connect(self._on_importer_sig_library_changed)

    # -- public ----------------------------------------------------------------------------
    def jump_to(self, a: Annotation) -> None:
        """Show the annotation's article with the highlighted text selected."""
        self.window.open_article(a.doc_id)
        doc = self.window.reader.document_shown()
        if doc is None or doc.id != a.doc_id or a.orphan:
            return
        start, end = clean_span(doc, a.position)
        reader = self.window.reader
        reader.setTextCursor(reader.span_range(Span(start, end)))
        reader.ensureCursorVisible()

    def export_dialog(self) -> ExportDialog:
        docs = self.library.list_documents()
        shown_doc = self.window.reader.document_shown()
        shown = shown_doc.id if shown_doc is not None else None
        pair = self._compare_pair()
        if pair is not None and shown not in pair:
            shown = pair[0]
        elif pair is None and shown is not None:
            linked = self.library.links.linked_docs(shown) if hasattr(self.library, "links") else []
            pair = (shown, linked[0]) if linked else None
        docs_dir = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = Path(docs_dir) if docs_dir and Path(docs_dir).is_dir() else Path.home()
        comparing = self._compare_pair() is not None
        dialog = ExportDialog(docs, shown, pair, folder, self.window, comparing=comparing)
        self.last_dialog = dialog
        return dialog

    def _compare_pair(self) -> tuple[int, int] | None:
        compare = getattr(self.window, "compare", None)
        if compare is None or not compare.isVisible():
            return None
        a, b = compare.pick_a.currentData(), compare.pick_b.currentData()
        return (int(a), int(b)) if a is not None and b is not None and a != b else None

    # -- slots -----------------------------------------------------------------------------
    @Slot()
    def _on_export_triggered(self) -> None:
        dialog = self.export_dialog()
        if dialog.exec():
            self.exporter.export(dialog.options())

    @Slot(object)
    def _on_panel_sig_annotation_activated(self, a: Annotation) -> None:
        self.jump_to(a)

    @Slot(str)
    def _on_controller_sig_error(self, message: str) -> None:
        self.window.status.showMessage(message, 6000)

    @Slot()
    def _on_importer_sig_library_changed(self) -> None:
        """A corrected version of the shown article was imported: show its new text."""
        reader = self.window.reader
        shown = reader.document_shown()
        if shown is None:
            return
        try:
            current = self.library.get_document(shown.id)
        except Exception:
            return
        if current.content_hash != shown.content_hash:
            reader.show_document(current)
        self.panel.reload()

    @Slot(str, bool)
    def _on_exporter_sig_export_finished(self, message: str, failed: bool) -> None:
        self.window.banner.show_message(message, warning=failed)
        self.window.status.showMessage(message, 8000)
