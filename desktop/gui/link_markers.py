"""Link ends in the single-article reader: shaded by kind, with a context menu that opens the
compare view at the twin passage and lists every article sharing a passage with this one."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMenu

from desktop.core.errors import ParallaxError
from desktop.core.events import Change, DocsChanged
from desktop.core.library import Library
from desktop.core.marks import link_marks
from desktop.core.model import Document
from desktop.core.overlap.types import Link
from desktop.core.titles import display_title
from desktop.gui.compare_gutter import kind_colour
from desktop.gui.library_events import LibraryEventsBridge
from desktop.gui.reader import ReaderContext, ReaderView


class ReaderLinks(QObject):
    # (doc shown, other doc, the link or None): open the compare view on that pair
    sig_compare_requested = Signal(int, int, object)

    def __init__(self, library: Library, reader: ReaderView, events: LibraryEventsBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._reader = reader
        self._events = events
        self.links: list[Link] = []
        self.shading = True  # View → Show Shared Passages (on by default)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._reader.sig_document_shown.connect(self._on_reader_sig_document_shown)
        self._reader.sig_context_menu_requested.connect(self._on_reader_sig_context_menu_requested)
        self._events.sig_docs_changed.connect(self._on_events_sig_docs_changed)

    def refresh(self) -> None:
        self._on_reader_sig_document_shown(self._reader.document_shown())

    @Slot(object)
    def _on_events_sig_docs_changed(self, event: DocsChanged) -> None:
        shown = self._reader.document_shown()
        if shown is not None and event.touches(shown.id, Change.LINKS):
            self.refresh()

    @Slot(bool)
    def set_shading(self, on: bool) -> None:
        """Shade link ends in the reader (off: only the context menu offers the twins)."""
        self.shading = on
        self.refresh()

    def _title(self, doc_id: int) -> str:
        try:
            s = self._library.document_summary(doc_id)
        except ParallaxError:
            return f"#{doc_id}"
        return f"#{doc_id} {display_title(s.title, s.path)[:60]}"

    @Slot(object)
    def _on_reader_sig_document_shown(self, doc: Document | None) -> None:
        self.links = self._library.links.for_document(doc.id) if doc is not None else []
        marks = link_marks(doc.id, self.links) if doc is not None and self.shading else ()
        self._reader.set_margin_marks("links", [(m, kind_colour(m.link_kind, 200)) for m in marks])

    @Slot(object, object)
    def _on_reader_sig_context_menu_requested(self, menu: QMenu, context: ReaderContext) -> None:
        if context.document is None or not self.links:
            return
        doc_id, pos = context.document.id, context.clean_pos
        here = [k for k in self.links if pos is not None and k.a.start <= pos < k.a.end]
        menu.addSeparator()
        for k in here:
            action = menu.addAction(f"↔ Compare with {self._title(k.b.doc)} ({k.kind})")
            action.triggered.connect(lambda _=False, k=k: self.sig_compare_requested.emit(doc_id, k.b.doc, k))
        sources = menu.addMenu("Shares passages with")
        for other in sorted({k.b.doc for k in self.links}):
            n = sum(1 for k in self.links if k.b.doc == other)
            action = sources.addAction(f"{self._title(other)} — {n} passage{'s' if n != 1 else ''}")
            action.triggered.connect(
                lambda _=False, o=other: self.sig_compare_requested.emit(doc_id, o, None))

    def sources(self) -> list[int]:
        """Every article sharing a passage with the one shown."""
        return sorted({k.b.doc for k in self.links})
