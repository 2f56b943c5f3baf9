"""One runner for background work: plain functions ``fn(progress, cancelled)`` off the GUI thread.

Core code stays free of Qt: a task is any callable taking the two callbacks of
:mod:`desktop.core.model`. :class:`TaskRunner` runs it on a QThreadPool and delivers the result,
the error and progress reports as signals on the GUI thread. :class:`SyncTaskRunner` runs it at
once on the calling thread, for tests. Both return a :class:`TaskHandle` that can cancel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.core.model import Cancelled, Progress

TaskFn = Callable[[Progress, Cancelled], Any]
ResultSlot = Callable[[Any], None]
ErrorSlot = Callable[[BaseException], None]


class TaskHandle(QObject):
    """One task. Its public signals fire on the GUI thread; ``sig_done`` fires last, always."""

    sig_progress = Signal(int, int, str)
    sig_finished = Signal(object)  # the function's return value
    sig_failed = Signal(object)  # the exception it raised
    sig_done = Signal(object)  # this handle

    # emitted from the worker; bound to this GUI-thread object's slots, hence queued
    _sig_worker_progress = Signal(int, int, str)
    _sig_worker_result = Signal(object)
    _sig_worker_error = Signal(object)

    def __init__(self, title: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title  # shown with a progress bar when not empty
        self._cancel = threading.Event()
        self._sig_worker_progress.connect(self._on_worker_progress)
        self._sig_worker_result.connect(self._on_worker_result)
        self._sig_worker_error.connect(self._on_worker_error)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _run(self, fn: TaskFn) -> None:
        """Run ``fn`` on the current thread and report back to the handle's thread."""
        try:
            result = fn(self._sig_worker_progress.emit, self.is_cancelled)
        except BaseException as exc:  # every error goes back to the GUI thread
            self._sig_worker_error.emit(exc)
        else:
            self._sig_worker_result.emit(result)

    @Slot(int, int, str)
    def _on_worker_progress(self, done: int, total: int, message: str) -> None:
        self.sig_progress.emit(done, total, message)

    @Slot(object)
    def _on_worker_result(self, value: object) -> None:
        try:
            self.sig_finished.emit(value)
        finally:
            self.sig_done.emit(self)

    @Slot(object)
    def _on_worker_error(self, error: BaseException) -> None:
        try:
            self.sig_failed.emit(error)
        finally:
            self.sig_done.emit(self)


class _Runnable(QRunnable):
    def __init__(self, handle: TaskHandle, fn: TaskFn) -> None:
        super().__init__()
        self._handle = handle
        self._fn = fn

    def run(self) -> None:
        self._handle._run(self._fn)


class TaskRunner(QObject):
    """Runs tasks on its own thread pool; announces each titled task for the status bar."""

    sig_task_started = Signal(object)  # TaskHandle

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: set[TaskHandle] = set()

    def start(
        self,
        fn: TaskFn,
        on_result: ResultSlot | None = None,
        on_error: ErrorSlot | None = None,
        title: str = "",
    ) -> TaskHandle:
        handle = self._prepare(fn, on_result, on_error, title)
        self._launch(handle, fn)
        return handle

    def _prepare(
        self, fn: TaskFn, on_result: ResultSlot | None, on_error: ErrorSlot | None, title: str
    ) -> TaskHandle:
        handle = TaskHandle(title, self)
        if on_result is not None:
            handle.sig_finished.connect(on_result)
        if on_error is not None:
            handle.sig_failed.connect(on_error)
        handle.sig_done.connect(self._forget)
        self._active.add(handle)
        self.sig_task_started.emit(handle)
        return handle

    def _launch(self, handle: TaskHandle, fn: TaskFn) -> None:
        self._pool.start(_Runnable(handle, fn))

    @Slot(object)
    def _forget(self, handle: TaskHandle) -> None:
        self._active.discard(handle)
        handle.deleteLater()

    def active(self) -> list[TaskHandle]:
        return list(self._active)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel everything and wait, so nothing touches the library after it closes."""
        for handle in list(self._active):
            handle.cancel()
        self._pool.waitForDone(timeout_ms)


class SyncTaskRunner(TaskRunner):
    """Runs each task at once on the calling thread: deterministic, for tests."""

    def _launch(self, handle: TaskHandle, fn: TaskFn) -> None:
        handle._run(fn)
