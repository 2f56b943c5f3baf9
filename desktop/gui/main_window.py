"""The main window: assembles the panels, the actions and the status bar, and wires them.

It holds no logic of its own beyond routing: the library list and the search hits ask the
reader to show an article; the search field and the find actions step through its matches;
drops and File → Import go to the importer. Features (notes, entities, shared passages) are
controllers made here with the window as their :class:`~desktop.gui.window_api.FeatureHost`;
panels refresh themselves from the library's change events (``self.events``), and the
articles an import leaves pending are analysed by ``self.analysis`` in the background.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QSettings, Qt, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import ParallaxError
from desktop.core.events import Change, DocsChanged
from desktop.core.library import Library
from desktop.core.model import Hit
from desktop.core.overlap.types import Link
from desktop.gui.actions import WindowActions
from desktop.gui.background import BackgroundAnalysis
from desktop.gui.banner import Banner
from desktop.gui.compare import CompareView
from desktop.gui.entities_feature import EntitiesFeature
from desktop.gui.importer import READ_ONLY_REASON, Importer
from desktop.gui.library_care import LibraryCare
from desktop.gui.library_events import LibraryEventsBridge
from desktop.gui.library_panel import LibraryPanel
from desktop.gui.link_markers import ReaderLinks
from desktop.gui.notes_feature import NotesFeature
from desktop.gui.reader import ReaderView
from desktop.gui.search_panel import SearchPanel
from desktop.gui.search_refresh import SearchRefresh
from desktop.gui.settings import Settings
from desktop.gui.source_feature import SourceFeature
from desktop.gui.status import MatchCounter, StatusBar
from desktop.gui.storymap_feature import StoryMapFeature
from desktop.gui.tasks import Lane, TaskRunner
from desktop.gui.window_state import restore_state, save_state

IMPORT_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, library: Library, runner: TaskRunner, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Parallax")
        self.setAcceptDrops(True)
        self._library = library
        self.runner = runner
        self.settings = Settings(settings if settings is not None else QSettings())
        self.events = LibraryEventsBridge(library.events, self)
        self._sizes_before_compare: list[int] = []  # the columns' widths, while comparing
        self.actions_ = WindowActions(self)
        self.library_panel = LibraryPanel(library.list_documents)
        self.search_panel = SearchPanel(library.search, runner)
        self.search_refresh = SearchRefresh(self.search_panel, self)
        self.reader = ReaderView()
        self.reader_links = ReaderLinks(library, self.reader, self.events, self)
        self.compare = CompareView(library)
        self.banner = Banner()
        self.status = StatusBar()
        self.toolbar_counter = MatchCounter()
        self.importer = Importer(library.import_paths, runner, library.read_only, self)
        self.analysis = BackgroundAnalysis(library, runner, self.events, self)
        self.menus = self.actions_.build_menus(self.menuBar())
        self._assemble()
        self.notes_feature = NotesFeature(self, library)  # notes panel, highlights, export
        self.entities_feature = EntitiesFeature(self, library)  # marks, panel, corrections
        self.source_feature = SourceFeature(self, library)  # source as read, article details
        self.storymap_feature = StoryMapFeature(self, library)  # story map, "also in", quotes
        self.notes_feature.map_scope = self.storymap_feature.scope  # the export dialog's map
        self.storymap_feature.sig_export_requested.connect(self.notes_feature.open_export)
        self.library_care = LibraryCare(self, library)  # notices, index rebuild
        self._apply_read_only(library.read_only)
        self._connect_signals()
        restore_state(self, self.settings)
        self.library_panel.reload()
        self._open_first_article()
        self._sync_index_in_background()
        self.analysis.schedule()

    # -- FeatureHost -----------------------------------------------------------------------
    def as_widget(self) -> QMainWindow:
        return self

    def add_side_panel(self, panel: QWidget, stretch: int = 1) -> None:
        """Stack a feature's panel in the right-hand column (below the ones already there)."""
        self.side_splitter.addWidget(panel)
        self.side_splitter.setStretchFactor(self.side_splitter.indexOf(panel), stretch)
        self.side_splitter.show()

    def add_reader_bar(self, bar: QWidget) -> None:
        """A feature's strip under the reader text (shown and hidden with the reader)."""
        layout = self.reader_area.layout()
        if layout is not None:
            layout.addWidget(bar)

    def add_view(self, view: QWidget) -> None:
        """A feature's full view for the centre, in place of the reader (see show_view)."""
        self._centre.addWidget(view, 1)
        view.hide()
        self._views.append(view)

    def show_view(self, view: QWidget | None) -> None:
        """Show ``view`` in the centre (None: the reader); the compare view's Back returns there."""
        for w in (self.reader_area, self.compare, *self._views):
            w.setVisible(w is (view or self.reader_area))
        self.side_splitter.setVisible(view is None and self._has_side_panels())
        if view is None:
            self.reader.setFocus()

    def current_view(self) -> QWidget | None:
        """The feature view shown in the centre (None: the reader or the compare view)."""
        return next((v for v in self._views if v.isVisible()), None)

    def _has_side_panels(self) -> bool:
        panels = (self.side_splitter.widget(i) for i in range(self.side_splitter.count()))
        return any(p is not None and not p.isHidden() for p in panels)

    def show_message(self, text: str, *, warning: bool = False) -> None:
        self.banner.show_message(text, warning=warning)
        self.status.showMessage(text, 8000)

    def compare_pair(self) -> tuple[int, int] | None:
        if not self.compare.isVisible():
            return None
        a, b = self.compare.pick_a.currentData(), self.compare.pick_b.currentData()
        return (int(a), int(b)) if a is not None and b is not None and a != b else None

    # -- assembly ------------------------------------------------------------------------
    def _assemble(self) -> None:
        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonFollowStyle)
        toolbar.addAction(self.actions_.import_files)
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().Policy.Expanding, spacer.sizePolicy().Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search_panel.field)
        toolbar.addAction(self.actions_.find_previous)
        toolbar.addAction(self.actions_.find_next)
        toolbar.addWidget(self.toolbar_counter)
        self.addToolBar(toolbar)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.setObjectName("leftSplitter")
        self.left_splitter.addWidget(self.library_panel)
        self.left_splitter.addWidget(self.search_panel)
        self.left_splitter.setSizes([420, 280])  # the library over the search results
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.banner)
        # the reader and the bars features put under it (story map: "also in")
        self.reader_area = QWidget()
        reader_layout = QVBoxLayout(self.reader_area)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.reader, 1)
        centre_layout.addWidget(self.reader_area, 1)
        centre_layout.addWidget(self.compare, 1)
        self.compare.hide()
        self._centre = centre_layout
        self._views: list[QWidget] = []  # features' full views (the story map)
        self._back_to: QWidget | None = None  # where the compare view's Back goes
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.left_splitter)
        self.main_splitter.addWidget(centre)
        # the right-hand column: feature panels (notes, entities) stacked one above another
        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        self.side_splitter.setObjectName("sideSplitter")
        self.side_splitter.setChildrenCollapsible(False)
        self.main_splitter.addWidget(self.side_splitter)
        # a wider window widens the lists and panels too, not only the reader (whose text keeps
        # its measure anyway): titles were cut at ~30 characters on a 1920-pixel screen
        for index, stretch in enumerate((1, 3, 1)):
            self.main_splitter.setStretchFactor(index, stretch)
        self.main_splitter.setSizes([340, 760, 300])
        self.side_splitter.hide()  # until a panel arrives
        self.main_splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_splitter)
        self.setStatusBar(self.status)
        self.resize(1320, 840)

    def _apply_read_only(self, read_only: bool) -> None:
        for action in (self.actions_.import_files, self.actions_.import_folder):
            action.setEnabled(not read_only)
            if read_only:
                action.setToolTip(READ_ONLY_REASON)
                action.setStatusTip(READ_ONLY_REASON)

    def _connect_signals(self) -> None:
        a = self.actions_
        a.import_files.triggered.connect(self._on_import_files_triggered)
        a.import_folder.triggered.connect(self._on_import_folder_triggered)
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self.search_panel.focus_field)
        a.find_next.triggered.connect(self.reader.next_match)
        a.find_previous.triggered.connect(self.reader.previous_match)
        a.copy.triggered.connect(self._on_copy_triggered)
        a.zoom_in.triggered.connect(lambda: self.reader.zoom_by(1))
        a.zoom_out.triggered.connect(lambda: self.reader.zoom_by(-1))
        a.zoom_reset.triggered.connect(self.reader.reset_zoom)
        a.show_library.toggled.connect(self.library_panel.setVisible)
        a.show_hits.toggled.connect(self.search_panel.setVisible)
        a.about.triggered.connect(self._on_about_triggered)
        self.library_panel.sig_article_selected.connect(self._on_library_panel_sig_article_selected)
        self.search_panel.sig_hit_selected.connect(self._on_search_panel_sig_hit_selected)
        self.search_panel.sig_next_requested.connect(self.reader.next_match)
        self.search_panel.sig_previous_requested.connect(self.reader.previous_match)
        self.reader.sig_match_changed.connect(self.toolbar_counter.set_counter)
        self.runner.sig_task_started.connect(self.status.track)
        self.importer.sig_import_finished.connect(self._on_importer_sig_import_finished)
        self.events.sig_docs_changed.connect(self._on_events_sig_docs_changed)
        self.analysis.sig_failed.connect(lambda text: self.show_message(text, warning=True))
        a.compare.triggered.connect(self._on_compare_triggered)
        a.show_links.toggled.connect(self.reader_links.set_shading)
        self.reader_links.sig_compare_requested.connect(self.show_compare)
        self.compare.sig_close_requested.connect(self._on_compare_sig_close_requested)

    # -- public --------------------------------------------------------------------------
    def show_notices(self, notices: list[str] | tuple[str, ...]) -> None:
        if notices:
            self.banner.show_message("  ·  ".join(notices))

    def open_article(self, doc_id: int, hit: Hit | None = None) -> None:
        """Show ``doc_id`` in the reader with the current search's matches, if any."""
        shown = self.reader.document_shown()
        if shown is None or shown.id != doc_id:
            try:
                self.reader.show_document(self._library.get_document(doc_id))
            except ParallaxError as exc:
                self.banner.show_message(str(exc), warning=True)
                return
        matches = hit.matches if hit is not None else self.search_panel.matches_for(doc_id)
        self.reader.set_matches(matches)
        self.library_panel.select(doc_id, notify=False)

    @Slot(int, int, object)
    def show_compare(self, a: int, b: int, link: Link | None = None) -> None:
        """The compare view on articles a and b, at ``link`` when given; the side panels
        (notes, names: the reader's) make room for the two columns until Back."""
        if not self.compare.isVisible():
            self._back_to = self.current_view()
        self.compare.set_point_size(self.reader.point_size())
        if self.compare.show_pair(a, b, link if isinstance(link, Link) else None):
            self.compare.close_button.setText("Back to story map" if self._back_to else "Back to reader")
            if not self._sizes_before_compare:  # the side panels come back with their sizes
                self._sizes_before_compare = self.main_splitter.sizes()
                if self.side_splitter.isVisible():  # their width goes to the two columns
                    left, centre, side = self._sizes_before_compare
                    self.side_splitter.hide()
                    self.main_splitter.setSizes([left, centre + side, 0])
            for w in (self.reader_area, *self._views):
                w.hide()
            self.side_splitter.hide()
            self.compare.show()

    def handle_drop(self, mime: QMimeData) -> bool:
        """Import the files and folders of a drop (the drop event's handler, for tests too)."""
        return self.importer.import_mime(mime)

    # -- slots ---------------------------------------------------------------------------
    @Slot(int)
    def _on_library_panel_sig_article_selected(self, doc_id: int) -> None:
        self.open_article(doc_id)

    @Slot(object)
    def _on_search_panel_sig_hit_selected(self, hit: Hit) -> None:
        self.open_article(hit.doc.id, hit)

    @Slot()
    def _on_compare_triggered(self) -> None:
        shown = self.reader.document_shown()
        others = self.reader_links.sources() if shown is not None else []
        pair = (shown.id, others[0]) if shown is not None and others else self.compare.default_pair()
        if pair is not None:
            self.show_compare(*pair)

    @Slot()
    def _on_compare_sig_close_requested(self) -> None:
        self.show_view(self._back_to)
        self._back_to = None
        if self._sizes_before_compare:
            self.main_splitter.setSizes(self._sizes_before_compare)
            self._sizes_before_compare = []

    @Slot()
    def _on_import_files_triggered(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import articles", "", IMPORT_FILTER)
        self.importer.import_paths([Path(f) for f in files])

    @Slot()
    def _on_import_folder_triggered(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.importer.import_paths([Path(folder)])

    @Slot(str, str, bool)
    def _on_importer_sig_import_finished(self, summary: str, details: str, failed: bool) -> None:
        self.banner.show_message(summary, details, warning=failed)
        self.status.showMessage(summary, 8000)

    @Slot(object)
    def _on_events_sig_docs_changed(self, event: DocsChanged) -> None:
        """The window's own panels follow the library (features follow it themselves)."""
        if event.what & (Change.ADDED | Change.REMOVED | Change.METADATA | Change.TEXT):
            self.library_panel.reload()
        if event.what & Change.content() & ~Change.ENTITIES:
            self.search_panel.refresh(quietly=True)
        elif event.what & Change.ENTITIES:  # (chunk by chunk while analysing: search_refresh.py)
            self.search_refresh.request()
        shown = self.reader.document_shown()
        if shown is not None and event.touches(shown.id, Change.TEXT | Change.METADATA):
            self._reshow(shown.id)
        elif shown is not None and event.touches(shown.id, Change.REMOVED):
            self.reader.show_document(None)
        if self.reader.document_shown() is None:
            self._open_first_article()

    def _reshow(self, doc_id: int) -> None:
        """The shown article has a new version: show it, keeping the place and the matches."""
        try:
            doc = self._library.get_document(doc_id)
        except ParallaxError:
            self.reader.show_document(None)
            return
        self.reader.show_document(doc, keep_place=True)
        self.reader.set_matches(self.search_panel.matches_for(doc_id), scroll=False)

    @Slot()
    def _on_copy_triggered(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit | QTextEdit):
            focus.copy()
        else:
            self.reader.copy()

    @Slot()
    def _on_about_triggered(self) -> None:
        app = QApplication.instance()
        version = app.applicationVersion() if isinstance(app, QApplication) else ""
        QMessageBox.about(
            self,
            "About Parallax",
            f"Parallax {version}\n\nCompare how outlets report the same event: "
            "search, read side by side, and see what was reused.",
        )

    # -- helpers -------------------------------------------------------------------------
    def _sync_index_in_background(self) -> None:
        """A missing or stale search index catches up from the store without blocking."""
        if not self._library.index_out_of_date():
            return
        self.runner.start(
            self._library.sync_index,
            on_result=lambda _: self.search_panel.refresh(quietly=True),
            on_error=lambda exc: self.banner.show_message(f"Search index: {exc}", warning=True),
            title="Updating the search index…",
            lane=Lane.BACKGROUND,
            priority=1,  # before the analysis waiting on the same lane
        )

    def _open_first_article(self) -> None:
        ids = self.library_panel.document_ids()
        if ids:
            self.open_article(ids[0])

    # -- events --------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.importer.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.importer.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.handle_drop(event.mimeData()):
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.compare.isVisible():  # saved as the reader shows it: side panels in place
            self._on_compare_sig_close_requested()
        self.show_view(None)  # the panels a view hides are saved at their size
        save_state(self, self.settings)
        self.events.stop()
        self.library_care.stop()
        self.analysis.cancel()
        self.runner.shutdown()
        self.analysis.close()  # (its worker process, once nothing uses it)
        super().closeEvent(event)

