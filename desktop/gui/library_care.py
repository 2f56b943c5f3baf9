"""The library's notices in the window, and File → Rebuild Search Index….

Notices (core/notices.py) come from any thread: a search that found the index damaged and
rebuilt it, an import that stopped on a full disk, an index update that failed and will catch
up. They reach the GUI thread here; warnings go to the banner (as the CLI prints them), other
notices to the status bar. The ones the library had when the window opened are shown by
gui/run.py.

Rebuild Search Index… asks first, then rebuilds on the background lane with progress and
Cancel in the status bar (the analysis running there is paused and resumed afterwards, so the
rebuild does not wait behind it). The new index is built beside the one in use, which keeps
answering searches; a cancelled rebuild leaves it as it was (core/index_rebuild.py).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from desktop.core.library import Library
from desktop.core.model import Cancelled, Progress
from desktop.core.notices import Notice
from desktop.gui.background import BackgroundAnalysis
from desktop.gui.tasks import Lane, TaskHandle
from desktop.gui.window_api import FeatureHost

REBUILD_TITLE = "Rebuilding the search index…"
CANCELLED = "Rebuilding the search index was cancelled: the index in use is unchanged."


class LibraryCare(QObject):
    sig_rebuild_done = Signal(object)  # articles indexed, or None when cancelled (tests)
    # emitted on the thread that added the notice; bound to this GUI-thread object: queued
    _sig_notice = Signal(object)

    def __init__(self, host: FeatureHost, library: Library, analysis: BackgroundAnalysis,
                 *, confirm: bool = True) -> None:
        super().__init__(host.as_widget())
        self.host = host
        self.library = library
        self.analysis = analysis
        self.confirm = confirm  # ask before rebuilding (tests switch it off)
        self.task: TaskHandle | None = None
        self.rebuild = QAction("Rebuild Search &Index…", host.as_widget())
        self.rebuild.setStatusTip("Make the search index again from the library "
                                  "(searches keep working meanwhile)")
        self.rebuild.setEnabled(not library.read_only)
        if library.read_only:
            self.rebuild.setStatusTip("This library is open read-only: its index cannot be "
                                      "rebuilt")
        host.menus.file.insertAction(host.menus.file_end, self.rebuild)
        host.menus.file.insertSeparator(host.menus.file_end)
        self._sig_notice.connect(self._on_notice)
        self._unsubscribe = library.notices.subscribe(self._sig_notice.emit)
        self.destroyed.connect(lambda *_: self._unsubscribe())
        self.rebuild.triggered.connect(self._on_rebuild_triggered)

    def stop(self) -> None:
        """Hear no more notices (the window is closing)."""
        self._unsubscribe()

    # -- notices -------------------------------------------------------------------------
    @Slot(object)
    def _on_notice(self, notice: Notice) -> None:
        text = notice.text[:1].upper() + notice.text[1:]
        if notice.warning:
            self.host.banner.show_message(text, notice.details, warning=True)
        self.host.status.showMessage(text, 10_000)

    # -- rebuilding ----------------------------------------------------------------------
    @Slot()
    def _on_rebuild_triggered(self) -> None:
        if self.task is not None or self.library.read_only:
            return
        if self.confirm and not self._ask():
            return
        self.start_rebuild()

    def _ask(self) -> bool:
        count = len(self.library.document_ids())
        box = QMessageBox(self.host.as_widget())
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Rebuild the search index")
        box.setTextFormat(box.textFormat().PlainText)
        box.setText(f"Make the search index again from the {count:,} article"
                    f"{'s' if count != 1 else ''} in the library?")
        box.setInformativeText("Searches keep using the current index until the new one is "
                               "ready. Nothing you made is changed: the index is only a copy "
                               "kept for searching. You can cancel at any time.")
        go = box.addButton("Rebuild", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def start_rebuild(self) -> None:
        resume = self.analysis.is_running()
        if resume:
            self.analysis.cancel()  # what it finished is kept; it runs again afterwards

        def work(progress: Progress, cancelled: Cancelled) -> int | None:
            def report(done: int, total: int, _: str) -> None:
                progress(done, total, REBUILD_TITLE)
            return self.library.rebuild_index(report, cancelled)

        self.rebuild.setEnabled(False)
        handle = self.host.runner.start(
            work, on_result=lambda count: self._finished(count, resume),
            on_error=lambda exc: self._failed(exc, resume), title=REBUILD_TITLE,
            lane=Lane.BACKGROUND, priority=2)
        handle.sig_cancelled.connect(lambda: self._finished(None, resume))
        if handle in self.host.runner.active():  # (a synchronous runner has finished already)
            self.task = handle

    def _finished(self, count: object, resume: bool) -> None:
        self._done(resume)
        if count is None:
            self.host.show_message(CANCELLED)
        else:
            self.host.show_message(f"The search index has been rebuilt ({count} articles).")
        self.sig_rebuild_done.emit(count)

    def _failed(self, error: BaseException, resume: bool) -> None:
        self._done(resume)
        self.host.show_message(f"The search index could not be rebuilt: {error}. The index "
                               "in use is unchanged.", warning=True)
        self.sig_rebuild_done.emit(None)

    def _done(self, resume: bool) -> None:
        self.task = None
        self.rebuild.setEnabled(not self.library.read_only)
        if resume or self.library.has_pending_analysis():
            self.analysis.schedule()
