"""The library's change events on the GUI thread.

Core writes report ``DocsChanged`` on whatever thread made the change (a background task, an
import). :class:`LibraryEventsBridge` hands each event to the GUI thread as
``sig_docs_changed(DocsChanged)``; panels connect to it and refresh themselves from the
library, so no feature needs to know which other part changed what.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.events import DocsChanged, LibraryEvents


class LibraryEventsBridge(QObject):
    sig_docs_changed = Signal(object)  # DocsChanged, always on the GUI thread

    # emitted on the reporting thread; bound to this (GUI-thread) object's slot, hence queued
    _sig_reported = Signal(object)

    def __init__(self, events: LibraryEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sig_reported.connect(self._on_reported)
        self._unsubscribe = events.subscribe(self._sig_reported.emit)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def stop(self) -> None:
        """Hear no more (the window is closing)."""
        self._unsubscribe()

    @Slot(object)
    def _on_reported(self, event: DocsChanged) -> None:
        self.sig_docs_changed.emit(event)
