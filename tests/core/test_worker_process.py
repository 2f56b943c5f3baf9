"""The worker-process machinery every background worker of the window uses: a lower priority,
a cancelled caller stops the worker at its next item and gets what it did, a dead worker is
reported once and given up, and the worker ends when the process that started it is
killed."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.worker_process import WORKER_NICE, WorkerGone, WorkerProcess, stop_asked
from tests.support.orphans import workers_outliving


def count_until_stopped(limit: int) -> int:
    """In the worker: items done (10 ms each) until asked to stop or ``limit``."""
    done = 0
    while done < limit and not stop_asked():
        time.sleep(0.01)
        done += 1
    return done


@pytest.fixture
def worker() -> Iterator[WorkerProcess]:
    w = WorkerProcess("test")
    yield w
    w.close()


def test_the_worker_runs_at_a_lower_priority(worker: WorkerProcess) -> None:
    assert worker.call(os.nice, 0) == min(19, os.nice(0) + WORKER_NICE)
    assert worker.call(os.getpid) != os.getpid()


def test_a_cancelled_call_stops_the_worker_at_its_next_item(worker: WorkerProcess) -> None:
    assert worker.call(count_until_stopped, 3) == 3
    start = time.monotonic()
    done = worker.call(count_until_stopped, 3000,  # 30 s if nobody stops it
                       cancelled=lambda: time.monotonic() - start > 0.3)
    assert 0 < done < 3000 and time.monotonic() - start < 10
    assert worker.call(count_until_stopped, 3) == 3  # the next call is not stopped


def test_a_killed_worker_is_given_up(worker: WorkerProcess) -> None:
    (pid,) = worker.process_ids() or [worker.call(os.getpid)]
    future = worker.submit(count_until_stopped, 3000)
    time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(WorkerGone):
        worker.result(future)
    assert worker.broken and not worker.running
    with pytest.raises(WorkerGone):  # and stays gone: the caller computes itself
        worker.call(os.getpid)


ORPHAN_SCRIPT = """
import sys
from desktop.core.worker_process import WorkerProcess

if __name__ == "__main__":
    worker = WorkerProcess("orphan")
    worker.call(sum, [1, 2])
    print(*worker.process_ids(), flush=True)
    sys.stdin.read()  # until the test kills this process
"""


def test_the_worker_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    assert not workers_outliving(ORPHAN_SCRIPT, tmp_path), "the worker outlived its parent"


def fails() -> None:
    raise OSError("cannot open the library here")


def test_work_that_fails_in_the_worker_is_left_to_the_caller(worker: WorkerProcess) -> None:
    with pytest.raises(WorkerGone):
        worker.call(fails)
    assert worker.broken
