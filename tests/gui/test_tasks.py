"""The task runner: results, errors and progress on the GUI thread, in order; lanes that never
wait for one another; priorities within a lane; cancellation before and while a task runs."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QThread

from desktop.core.model import Cancelled, Progress
from desktop.gui.tasks import Lane, SyncTaskRunner, TaskHandle, TaskRunner, _Throttled

WAIT_MS = 5000


def _wait_done(qtbot: Any, handle: TaskHandle) -> None:
    with qtbot.waitSignal(handle.sig_done, timeout=WAIT_MS):
        pass


def test_background_result_arrives_on_gui_thread(qtbot: Any) -> None:
    runner = TaskRunner()
    seen: dict[str, object] = {}
    gui = QThread.currentThread()

    def work(progress: Progress, cancelled: Cancelled) -> int:
        seen["worker"] = threading.get_ident()
        progress(1, 2, "half")
        return 42

    def done(value: object) -> None:
        seen["value"] = value
        seen["on_gui"] = QThread.currentThread() is gui

    handle = runner.start(work, on_result=done)
    with qtbot.waitSignal(handle.sig_done, timeout=WAIT_MS):
        pass
    assert seen["value"] == 42 and seen["on_gui"] is True
    assert seen["worker"] != threading.get_ident()
    runner.shutdown()


def test_progress_arrives_in_order_and_before_the_result(qtbot: Any) -> None:
    runner = TaskRunner()
    events: list[object] = []

    def work(progress: Progress, cancelled: Cancelled) -> str:
        for i in range(200):
            progress(i, 200, f"step {i}")
        return "end"

    handle = runner.start(work, on_result=events.append)
    handle.sig_progress.connect(lambda done, total, message: events.append(done))
    _wait_done(qtbot, handle)
    steps = [e for e in events[:-1] if isinstance(e, int)]
    assert events[-1] == "end" and len(steps) == len(events) - 1
    assert steps[0] == 0 and steps[-1] == 199
    assert steps == sorted(set(steps))  # in order, none twice
    runner.shutdown()


def test_progress_is_passed_on_at_most_ten_times_a_second_and_the_last_always() -> None:
    sent: list[tuple[int, int, str]] = []
    progress = _Throttled(lambda done, total, message: sent.append((done, total, message)))
    for i in range(1000):
        progress(i, 1000, "linking")
    progress(0, 5, "recognising")  # a new stage shows at once
    progress(1, 5, "recognising")
    progress.flush()
    assert sent[0] == (0, 1000, "linking") and len(sent) < 20
    assert sent[-2:] == [(0, 5, "recognising"), (1, 5, "recognising")]


def test_a_task_cancelled_while_running_stops(qtbot: Any) -> None:
    runner = TaskRunner()
    running = threading.Event()
    checks: list[int] = []

    def work(progress: Progress, cancelled: Cancelled) -> str:
        running.set()
        for i in range(500):  # at most 5 s: a task that ignored cancel would run it all
            if cancelled():
                return f"stopped after {i} steps"
            checks.append(i)
            threading.Event().wait(0.01)
        return "ran to the end"

    results: list[object] = []
    handle = runner.start(work, on_result=results.append, lane=Lane.BACKGROUND)
    assert running.wait(WAIT_MS / 1000)
    assert handle.has_started()
    handle.cancel()
    _wait_done(qtbot, handle)
    assert results and str(results[0]).startswith("stopped after")
    assert len(checks) < 500
    runner.shutdown()


def test_a_task_cancelled_before_it_starts_never_runs(qtbot: Any) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    ran: list[str] = []
    blocker = runner.start(lambda p, c: gate.wait(WAIT_MS / 1000), lane=Lane.BACKGROUND)
    queued = runner.start(lambda p, c: ran.append("queued"), lane=Lane.BACKGROUND)
    cancelled_signals: list[bool] = []
    queued.sig_cancelled.connect(lambda: cancelled_signals.append(True))
    queued.cancel()
    gate.set()
    _wait_done(qtbot, queued)
    assert ran == [] and cancelled_signals == [True]
    assert not queued.has_started()
    _ = blocker
    runner.shutdown()


def test_a_search_never_waits_behind_background_or_user_work(qtbot: Any) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    busy = [runner.start(lambda p, c: gate.wait(WAIT_MS / 1000), lane=lane)
            for lane in (Lane.BACKGROUND, Lane.USER, Lane.USER, Lane.BACKGROUND)]
    found: list[object] = []
    search = runner.start(lambda p, c: "hits", on_result=found.append, lane=Lane.SEARCH)
    _wait_done(qtbot, search)  # while every other thread is still held
    assert found == ["hits"] and not gate.is_set()
    assert all(h in runner.active() for h in busy)
    gate.set()
    runner.shutdown()


def test_higher_priority_starts_first_within_a_lane(qtbot: Any) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    order: list[str] = []
    runner.start(lambda p, c: gate.wait(WAIT_MS / 1000), lane=Lane.BACKGROUND)
    runner.start(lambda p, c: order.append("low"), lane=Lane.BACKGROUND, priority=0)
    runner.start(lambda p, c: order.append("high"), lane=Lane.BACKGROUND, priority=5)
    gate.set()
    qtbot.waitUntil(lambda: len(order) == 2, timeout=WAIT_MS)
    assert order == ["high", "low"]
    runner.shutdown()


def test_errors_reach_the_error_slot_and_handles_are_forgotten(qapp: object) -> None:
    runner = SyncTaskRunner()
    errors: list[str] = []

    def failing(progress: Progress, cancelled: Cancelled) -> None:
        raise ValueError("bad input")

    runner.start(failing, on_error=lambda e: errors.append(repr(e)))
    assert errors == ["ValueError('bad input')"]
    assert runner.active() == []


def test_void_qt_calls_keep_references_to_none(qapp: object) -> None:
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None on every void call and
    crashed the app after a few thousand; pyproject.toml excludes it. Guard the pin."""
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2_000):
        label.setText("x")
    assert sys.getrefcount(None) - before > -100


def test_background_work_waits_at_its_checks_while_a_search_runs(qtbot: Any) -> None:
    """Recognition and linking hold the GIL in Python: they step aside for a running search."""
    runner = TaskRunner()
    searching, search_may_end = threading.Event(), threading.Event()
    checks: list[tuple[bool, float]] = []  # (a search was running, seconds the check took)

    def background(progress: Any, cancelled: Any) -> None:
        searching.wait(WAIT_MS / 1000)
        t = time.monotonic()
        cancelled()
        checks.append((runner.search_running(), time.monotonic() - t))

    def search(progress: Any, cancelled: Any) -> str:
        searching.set()
        search_may_end.wait(WAIT_MS / 1000)
        return "hits"

    runner.start(search, lane=Lane.SEARCH)
    work = runner.start(background, lane=Lane.BACKGROUND)
    searching.wait(WAIT_MS / 1000)
    time.sleep(0.2)  # the background task is now waiting in its check
    assert checks == []  # still waiting: the search has not ended
    search_may_end.set()
    _wait_done(qtbot, work)
    assert len(checks) == 1 and checks[0][0] is False and checks[0][1] >= 0.1
    runner.shutdown()


def test_holding_background_work_pauses_the_cycle_collector_until_released() -> None:
    import gc

    runner = SyncTaskRunner()
    assert gc.isenabled()
    release = runner.hold_background()
    second = runner.hold_background()
    assert not gc.isenabled() and runner.search_running()
    release()
    release()  # a second call does nothing
    assert not gc.isenabled() and runner.search_running()  # the other hold is still on
    second()
    assert gc.isenabled() and not runner.search_running()
