"""The window's side of the one background policy: Library.analyse_pending, off the GUI thread.

Shortly after the window opens, and after anything is imported or updated, the articles still
waiting for linking and recognition are analysed on the background lane (never in the way of a
search), one run at a time, with progress and Cancel in the status bar. When a run ends and
more is pending (an import landed meanwhile), it runs again; after the person cancels, it waits
for the next import. What each chunk finishes reaches the panels as change events. The
language model, linking and quotes compute in worker processes (the window's process keeps its
GIL for drawing and searching).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.core.analysis import AnalysisReport
from desktop.core.analysis_workers import AnalysisWorkers
from desktop.core.events import Change, DocsChanged
from desktop.core.library import Library
from desktop.core.model import Cancelled, Progress
from desktop.gui.library_events import LibraryEventsBridge
from desktop.gui.tasks import Lane, TaskHandle, TaskRunner

START_DELAY_MS = 800  # let the window paint before the language model loads
TITLE = "Analysing new articles…"


class BackgroundAnalysis(QObject):
    sig_failed = Signal(str)  # one line for the banner
    sig_finished = Signal(object)  # AnalysisReport

    def __init__(self, library: Library, runner: TaskRunner, events: LibraryEventsBridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._runner = runner
        self.task: TaskHandle | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(START_DELAY_MS)
        self._timer.timeout.connect(self.run_now)
        events.sig_docs_changed.connect(self._on_events_sig_docs_changed)
        # spaCy's model, linking and quotes compute in worker processes, out of the way of
        # the window's GIL (core/analysis_workers.py); the CLI computes in its own process
        self._workers: AnalysisWorkers | None = AnalysisWorkers.attach(library)

    def schedule(self) -> None:
        """Analyse what is pending soon (after a short delay, so bursts become one run)."""
        if not self._library.read_only:
            self._timer.start()

    def is_running(self) -> bool:
        return self.task is not None

    @Slot()
    def run_now(self) -> None:
        if self.task is not None or not self._library.has_pending_analysis():
            return

        def work(progress: Progress, cancelled: Cancelled) -> AnalysisReport:
            return self._library.analyse_pending(progress, cancelled)

        handle = self._runner.start(work, on_result=self._on_done, on_error=self._on_failed,
                                    title=TITLE, lane=Lane.BACKGROUND)
        if handle in self._runner.active():  # (a synchronous runner has finished already)
            self.task = handle

    def cancel(self) -> None:
        self._timer.stop()
        if self.task is not None:
            self.task.cancel()

    def close(self) -> None:
        """After the runner has stopped: stop the worker processes, give the library back
        its own computing."""
        self.cancel()
        if self._workers is not None:
            self._workers.close()
            self._workers = None

    def _on_done(self, report: object) -> None:
        self.task = None
        if isinstance(report, AnalysisReport):
            self.sig_finished.emit(report)
            if not report.cancelled:
                self.schedule()  # an import may have landed meanwhile

    def _on_failed(self, error: BaseException) -> None:
        self.task = None
        self.sig_failed.emit(f"Analysing new articles failed: {error}")

    @Slot(object)
    def _on_events_sig_docs_changed(self, event: DocsChanged) -> None:
        if event.what & (Change.ADDED | Change.TEXT):
            self.schedule()
