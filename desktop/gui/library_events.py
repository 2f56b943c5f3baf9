"""The library's change events on the GUI thread.

Core writes report ``DocsChanged`` on whatever thread made the change (a background task, an
import). :class:`LibraryEventsBridge` hands each event to the GUI thread as
``sig_docs_changed(DocsChanged)``; panels connect to it and refresh themselves from the
library, so no feature needs to know which other part changed what.

While a search is under way (``held()``: from the query until its hits are painted and the
first hit is open, gui/tasks.py ``hold_background``) the events wait here and are handed on
after it, in the order they came: the panels' refreshes after an analysed chunk (the reader's
link and name marks, the entity panel, the story map's strip) ran on the GUI thread between a
search's results and the painting of its hits. An event never waits longer than
``MAX_DEFER_MS`` in all, however many searches follow one another.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.events import DocsChanged, LibraryEvents

DEFER_POLL_MS = 20  # how often deferred events look for the end of the search
MAX_DEFER_MS = 1000  # the longest an event waits for searches


class LibraryEventsBridge(QObject):
    sig_docs_changed = Signal(object)  # DocsChanged, always on the GUI thread

    # emitted on the reporting thread; bound to this (GUI-thread) object's slot, hence queued
    _sig_reported = Signal(object)

    def __init__(self, events: LibraryEvents, parent: QObject | None = None,
                 held: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self._held = held
        self._deferred: list[DocsChanged] = []
        self._deferred_since = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEFER_POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._sig_reported.connect(self._on_reported)
        self._unsubscribe = events.subscribe(self._sig_reported.emit)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def stop(self) -> None:
        """Hear no more (the window is closing)."""
        self._unsubscribe()
        self._timer.stop()

    def deferred(self) -> int:
        """Events waiting for a search to be over."""
        return len(self._deferred)

    @Slot(object)
    def _on_reported(self, event: DocsChanged) -> None:
        if self._deferred or self._held():
            if not self._deferred:
                self._deferred_since = time.monotonic()
            self._deferred.append(event)
            if not self._timer.isActive():
                self._timer.start()
            return
        self.sig_docs_changed.emit(event)

    @Slot()
    def _on_timer_timeout(self) -> None:
        waited_ms = (time.monotonic() - self._deferred_since) * 1000
        if self._held() and waited_ms < MAX_DEFER_MS:
            self._timer.start()
            return
        events, self._deferred = self._deferred, []
        for event in events:
            self.sig_docs_changed.emit(event)
