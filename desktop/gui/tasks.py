"""One runner for background work: plain functions ``fn(progress, cancelled)`` off the GUI thread.

Core code stays free of Qt: a task is any callable taking the two callbacks of
:mod:`desktop.core.model`. :class:`TaskRunner` runs it on one of three *lanes*, each its own
thread pool, so that work of one kind never queues behind another:

- ``Lane.SEARCH``: searches only (one thread). A search never waits behind recognition,
  linking or an import.
- ``Lane.USER``: what the person just asked for: an import, an export, a correction, the
  marks of a very long article (two threads).
- ``Lane.BACKGROUND``: catching up on its own: linking, recognition, index repair (one thread).

Within a lane a task with a higher ``priority`` starts first. The interpreter hands the GIL
between threads every 0.5 ms instead of 5 (``SWITCH_INTERVAL_S``), so that the GUI thread and
a search are not held up behind Python-heavy background work; and while a search runs, a
background task waits at its next ``cancelled()`` check until the search is over. Results,
errors and progress reach the GUI thread as signals, in the order the worker sent them
(progress at most ten times a second, the last report always). A task
cancelled before it starts never runs; one cancelled while it runs sees ``cancelled()`` turn
true and stops at its next check. :class:`SyncTaskRunner` runs each task at once on the
calling thread, for tests.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.core.gcpause import collector_paused
from desktop.core.model import Cancelled, Progress
from desktop.core.yielding import stepping_aside

TaskFn = Callable[[Progress, Cancelled], Any]
ResultSlot = Callable[[Any], None]
ErrorSlot = Callable[[BaseException], None]


class Lane(StrEnum):
    SEARCH = "search"
    USER = "user"
    BACKGROUND = "background"


LANE_THREADS = {Lane.SEARCH: 1, Lane.USER: 2, Lane.BACKGROUND: 1}
# How long a thread holding the GIL runs before one waiting for it gets it (Python's default is
# 5 ms). The GUI thread and the search lane hand the GIL back and forth at every Qt call while
# recognition or linking computes in Python; at 5 ms a turn, drawing the hit list and running a
# search waited hundreds of milliseconds behind background work (docs/benchmarks.md).
SWITCH_INTERVAL_S = 0.0005
# A background task asking ``cancelled()`` while a search runs waits for the search to end
# first (at most this long each time, so background work is slowed, never stopped).
YIELD_MAX_S = 1.0
# Progress reaches the GUI thread at most this often (a new message, and the last report before
# the result, always): linking reported every article, and each report repainted the status
# bar on the GUI thread, which competed with drawing a search's hits.
PROGRESS_EVERY_S = 0.1


class TaskHandle(QObject):
    """One task. Its public signals fire on the GUI thread; ``sig_done`` fires last, always
    (after ``sig_finished``, ``sig_failed`` or, for a task cancelled before it ran,
    ``sig_cancelled``)."""

    sig_progress = Signal(int, int, str)
    sig_finished = Signal(object)  # the function's return value
    sig_failed = Signal(object)  # the exception it raised
    sig_cancelled = Signal()  # cancelled before it started: the function never ran
    sig_done = Signal(object)  # this handle

    # emitted from the worker; bound to this GUI-thread object's slots, hence queued
    _sig_worker_progress = Signal(int, int, str)
    _sig_worker_result = Signal(object)
    _sig_worker_error = Signal(object)
    _sig_worker_skipped = Signal()

    def __init__(self, title: str = "", lane: Lane = Lane.USER, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title  # shown with a progress bar when not empty
        self.lane = lane
        self._cancel = threading.Event()
        self._started = threading.Event()
        self._sig_worker_progress.connect(self._on_worker_progress)
        self._sig_worker_result.connect(self._on_worker_result)
        self._sig_worker_error.connect(self._on_worker_error)
        self._sig_worker_skipped.connect(self._on_worker_skipped)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def has_started(self) -> bool:
        return self._started.is_set()

    def _run(self, fn: TaskFn) -> None:
        """Run ``fn`` on the current thread and report back to the handle's thread."""
        if self._cancel.is_set():
            self._sig_worker_skipped.emit()
            return
        self._started.set()
        progress = _Throttled(self._sig_worker_progress.emit)
        try:
            result = fn(progress, self.is_cancelled)
        except BaseException as exc:  # every error goes back to the GUI thread
            progress.flush()
            self._sig_worker_error.emit(exc)
        else:
            progress.flush()
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

    @Slot()
    def _on_worker_skipped(self) -> None:
        try:
            self.sig_cancelled.emit()
        finally:
            self.sig_done.emit(self)


class _Throttled:
    """A worker's progress, passed on at most every ``PROGRESS_EVERY_S`` (a report with a new
    message at once); ``flush`` passes on the last one held back. Order is kept."""

    def __init__(self, emit: Progress) -> None:
        self._emit = emit
        self._last_at = float("-inf")
        self._last_message: str | None = None
        self._held: tuple[int, int, str] | None = None

    def __call__(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if message != self._last_message or now - self._last_at >= PROGRESS_EVERY_S:
            self._held = None
            self._last_at, self._last_message = now, message
            self._emit(done, total, message)
        else:
            self._held = (done, total, message)

    def flush(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            self._emit(*held)


class _Runnable(QRunnable):
    def __init__(self, handle: TaskHandle, fn: TaskFn) -> None:
        super().__init__()
        self._handle = handle
        self._fn = fn

    def run(self) -> None:
        self._handle._run(self._fn)


class TaskRunner(QObject):
    """Runs tasks on its lanes' thread pools; announces each titled task for the status bar."""

    sig_task_started = Signal(object)  # TaskHandle

    def __init__(self, parent: QObject | None = None,
                 threads: dict[Lane, int] | None = None) -> None:
        super().__init__(parent)
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._pools: dict[Lane, QThreadPool] = {}
        for lane in Lane:
            pool = QThreadPool(self)
            pool.setMaxThreadCount((threads or LANE_THREADS).get(lane, LANE_THREADS[lane]))
            self._pools[lane] = pool
        self._active: set[TaskHandle] = set()
        self._searches = 0  # searches running now (on their lane's threads)
        self._searches_lock = threading.Lock()
        self._no_search = threading.Event()
        self._no_search.set()

    def start(
        self,
        fn: TaskFn,
        on_result: ResultSlot | None = None,
        on_error: ErrorSlot | None = None,
        title: str = "",
        *,
        lane: Lane = Lane.USER,
        priority: int = 0,
    ) -> TaskHandle:
        """Run ``fn(progress, cancelled)`` on ``lane``; tasks of higher ``priority`` start
        before lower ones waiting on the same lane."""
        handle = self._prepare(on_result, on_error, title, lane)
        self._launch(handle, fn, priority)
        return handle

    def _prepare(self, on_result: ResultSlot | None, on_error: ErrorSlot | None, title: str,
                 lane: Lane) -> TaskHandle:
        handle = TaskHandle(title, lane, self)
        if on_result is not None:
            handle.sig_finished.connect(on_result)
        if on_error is not None:
            handle.sig_failed.connect(on_error)
        handle.sig_done.connect(self._forget)
        self._active.add(handle)
        self.sig_task_started.emit(handle)
        return handle

    def _launch(self, handle: TaskHandle, fn: TaskFn, priority: int) -> None:
        self._pools[handle.lane].start(_Runnable(handle, self._with_policy(handle.lane, fn)), priority)

    def _with_policy(self, lane: Lane, fn: TaskFn) -> TaskFn:
        """``fn`` as its lane runs it: a search is counted while it runs; background work
        waits at its next ``cancelled()`` check while any search runs (the GIL is the
        search's meanwhile)."""
        if lane == Lane.SEARCH:
            def search(progress: Progress, cancelled: Cancelled) -> Any:
                self._count_search(+1)
                try:
                    return fn(progress, cancelled)
                finally:
                    self._count_search(-1)
            return search
        if lane == Lane.BACKGROUND:
            def background(progress: Progress, cancelled: Cancelled) -> Any:
                def yielding() -> bool:
                    self._no_search.wait(YIELD_MAX_S)
                    return cancelled()
                # (and at the checkpoints of code it calls: core/yielding.py)
                with stepping_aside(lambda: self._no_search.wait(YIELD_MAX_S)):
                    return fn(progress, yielding)
            return background
        return fn

    def _count_search(self, step: int) -> None:
        with self._searches_lock:
            self._searches += step
            if self._searches:
                self._no_search.clear()
            else:
                self._no_search.set()

    def search_running(self) -> bool:
        """A search runs, or a search's hits are being drawn (see ``hold_background``)."""
        return not self._no_search.is_set()

    def hold_background(self) -> Callable[[], None]:
        """Background work waits at its next ``cancelled()`` check (at most ``YIELD_MAX_S``
        each time) until the returned function is called (calling it again does nothing).
        The search panel holds it from a query until the hits are painted and the first hit
        is open: the GUI thread's share of a search needs the GIL as much as the search does.
        Python's cycle collector is paused for as long (a full collection of a 10,000-article
        window took up to 140 ms, in the middle of a search); it runs again after."""
        self._count_search(+1)
        held = ExitStack()
        held.enter_context(collector_paused())
        held.callback(self._count_search, -1)

        def release() -> None:
            held.close()  # (a second call finds nothing left to undo)
        return release

    @Slot(object)
    def _forget(self, handle: TaskHandle) -> None:
        self._active.discard(handle)
        handle.deleteLater()

    def active(self, lane: Lane | None = None) -> list[TaskHandle]:
        return [h for h in self._active if lane is None or h.lane == lane]

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Wait until every lane is idle (results may still be queued for the GUI thread)."""
        return all(pool.waitForDone(timeout_ms) for pool in self._pools.values())

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel everything and wait, so nothing touches the library after it closes."""
        for handle in list(self._active):
            handle.cancel()
        self.wait(timeout_ms)


class SyncTaskRunner(TaskRunner):
    """Runs each task at once on the calling thread: deterministic, for tests."""

    def _launch(self, handle: TaskHandle, fn: TaskFn, priority: int) -> None:
        handle._run(self._with_policy(handle.lane, fn))
