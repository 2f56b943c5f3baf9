"""The match counter (in the tool bar, by the search field) and the status bar: the progress of
the titled background task with Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from desktop.gui.tasks import TaskHandle


def counter_text(current: int, total: int) -> str:
    if total == 0:
        return ""
    noun = "match" if total == 1 else "matches"
    return f"{current} / {total} {noun}"


class MatchCounter(QLabel):
    """A label reading "3 / 17 matches"; empty when there is nothing to count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matchCounter")
        self.setTextFormat(Qt.TextFormat.PlainText)

    @Slot(int, int)
    def set_counter(self, current: int, total: int) -> None:
        self.setText(counter_text(current, total))


class StatusBar(QStatusBar):
    """A progress bar with Cancel while a titled task runs. (The match counter is shown once,
    in the tool bar by the search field, not here too.)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self._task: TaskHandle | None = None
        self._task_label = QLabel()
        self._task_label.setTextFormat(Qt.TextFormat.PlainText)
        self._progress = QProgressBar()
        self._progress.setMaximumWidth(200)
        self._progress.setTextVisible(False)
        self._cancel = QPushButton("Cancel")
        self._cancel.setToolTip("Stop this task; what is already done is kept")
        for widget in (self._task_label, self._progress, self._cancel):
            self.addPermanentWidget(widget)
            widget.hide()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._cancel.clicked.connect(self._on_cancel_clicked)

    # -- public --------------------------------------------------------------------------
    @Slot(object)
    def track(self, handle: TaskHandle) -> None:
        """Show ``handle``'s progress if it has a title (quick tasks such as search do not)."""
        if not handle.title:
            return
        self._task = handle
        self._task_label.setText(handle.title)
        self._progress.setRange(0, 0)  # busy until the first report
        self._cancel.setEnabled(True)
        for widget in (self._task_label, self._progress, self._cancel):
            widget.show()
        handle.sig_progress.connect(self._on_task_sig_progress)
        handle.sig_done.connect(self._on_task_sig_done)

    def is_busy(self) -> bool:
        return self._task is not None

    # -- slots ---------------------------------------------------------------------------
    @Slot(int, int, str)
    def _on_task_sig_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self._progress.setRange(0, total)
            self._progress.setValue(min(done, total))
        if message:
            self._task_label.setText(message)

    @Slot(object)
    def _on_task_sig_done(self, handle: TaskHandle) -> None:
        if handle is not self._task:
            return
        self._task = None
        for widget in (self._task_label, self._progress, self._cancel):
            widget.hide()

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._cancel.setEnabled(False)
            self._task_label.setText("Cancelling…")
