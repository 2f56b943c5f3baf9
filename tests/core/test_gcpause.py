"""The cycle collector is paused while a story map is worked out, and runs again after."""

from __future__ import annotations

import gc
import threading

from desktop.core.gcpause import collector_paused


def test_the_collector_runs_again_after_the_last_of_overlapping_pauses() -> None:
    assert gc.isenabled()
    started, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            started.set()
            release.wait(5)

    worker = threading.Thread(target=other)
    with collector_paused():
        assert not gc.isenabled()
        worker.start()
        started.wait(5)
    assert not gc.isenabled()  # the other thread's pause still runs
    release.set()
    worker.join(5)
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_inside_still_ends_the_pause() -> None:
    try:
        with collector_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()
