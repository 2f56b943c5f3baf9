"""One worker process for background computing: the machinery the window's workers share.

The window's background analysis computes in Python (spaCy's model, linking's shingles and
alignments, quote grammar), and Python code holds the GIL: in a thread of the window's
process it took the GIL from the GUI thread and the search lane at every step, so a search's
hits took hundreds of milliseconds to appear. A :class:`WorkerProcess` runs that computing in
a process of its own:

- started with ``spawn`` (nothing of the window's threads, Qt or open connections is copied
  into it; the same in the frozen app, where ``main.py`` calls ``freeze_support``), on the
  first call, and stopped by :meth:`WorkerProcess.close`;
- at a lower scheduling priority (nice :data:`WORKER_NICE`), so the window's process gets the
  processor first when both want it; the worker is therefore not paused while a search runs
  (``TaskRunner.hold_background`` holds the threads of the window's process): it takes no GIL
  of the window's and yields the processor by its priority;
- ended when the process that started it is gone, however that ended (kill -9, a crash): it
  watches its parent's sentinel;
- asked to stop between items when the caller is cancelled (:meth:`WorkerProcess.call`
  sets a shared event the work function reads through :func:`stop_asked`, and returns what
  it had done, as the same function in the caller's process would);
- if it dies, or its work fails there (a library it cannot open), :meth:`WorkerProcess.call`
  raises :class:`WorkerGone` once and the worker is given up for good (logged once): the
  caller computes in its own process from then on, so a broken worker never stops the
  analysis nor loses or duplicates a result (callers send inputs and get results back;
  every write stays in the caller's process, one transaction each).

docs/ARCHITECTURE.md, "Background processes".
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from typing import Any, TypeVar

from desktop.core.model import Cancelled, never_cancelled

log = logging.getLogger(__name__)
T = TypeVar("T")

# The worker's scheduling priority (nice): on a machine with few cores the window's process
# gets the processor first when both want it (the worker waits; the window must not).
WORKER_NICE = 10
POLL_S = 0.05  # how often a caller waiting for the worker looks at its cancelled()

_stop: Any = None  # in a worker: the event its caller sets to ask for a stop


class WorkerGone(Exception):
    """The worker process died (or was closed) before it answered: compute here instead."""


def stop_asked() -> bool:
    """In a work function: whether the caller asked it to stop (False outside a worker)."""
    return _stop is not None and _stop.is_set()


def _exit_with_parent() -> None:
    """End this worker when the process that started it is gone, however it ended (kill -9,
    a crash, a closed terminal): the pool's queue never tells a worker that, so without this
    watch an orphaned worker kept its memory (the model: about 400 MB) until a restart."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()  # waits on the parent's sentinel, ready when the parent has ended
        os._exit(0)


def _start(stop: Any, setup: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    global _stop
    _stop = stop
    threading.Thread(target=_exit_with_parent, name="parent-watch", daemon=True).start()
    with suppress(OSError, AttributeError):  # (not every system lets a process lower itself)
        os.nice(WORKER_NICE)
    if setup is not None:
        setup(*args)


class WorkerProcess:
    """One worker process, started on the first call. ``setup(*args)`` runs in the worker
    before its first work (a model to load); work functions must be module-level (they are
    sent by name) and take and return picklable values."""

    def __init__(self, name: str, setup: Callable[..., None] | None = None,
                 args: tuple[Any, ...] = ()) -> None:
        self.name = name
        self._setup, self._args = setup, args
        self._pool: ProcessPoolExecutor | None = None
        self._stop: Any = None
        self.broken = False  # given up: callers compute in their own process
        self._lock = threading.Lock()

    def pool(self) -> ProcessPoolExecutor | None:
        """The worker's pool (started now if need be), or None once given up."""
        with self._lock:
            if self._pool is None and not self.broken:
                ctx = multiprocessing.get_context("spawn")
                self._stop = ctx.Event()
                self._pool = ProcessPoolExecutor(1, mp_context=ctx, initializer=_start,
                                                 initargs=(self._stop, self._setup, self._args))
            return self._pool

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Queue ``fn(*args)`` in the worker; WorkerGone if there is none any more."""
        pool = self.pool()
        if pool is None:
            raise WorkerGone(self.name)
        try:
            return pool.submit(fn, *args)
        except (BrokenProcessPool, RuntimeError) as exc:  # (RuntimeError: shut down meanwhile)
            self.give_up()
            raise WorkerGone(self.name) from exc

    def result(self, future: Future[T], cancelled: Cancelled = never_cancelled) -> T:
        """Wait for ``future``; WorkerGone when the worker died. When ``cancelled()`` turns
        true meanwhile, the worker is asked to stop (:func:`stop_asked`) and what it returns
        then (the work done so far) is the result."""
        asked = False
        try:
            while True:
                try:
                    return future.result(timeout=POLL_S)
                except FutureTimeout:
                    if not asked and cancelled():
                        asked = True
                        if self._stop is not None:
                            self._stop.set()
        except (BrokenProcessPool, RuntimeError) as exc:
            self.give_up()
            raise WorkerGone(self.name) from exc
        except Exception as exc:  # it failed there (a library it cannot open, a bug): the
            log.warning("the %s worker failed", self.name, exc_info=True)  # caller's own
            self.give_up()  # computing then succeeds, or reports the error as it would have
            raise WorkerGone(self.name) from exc

    def call(self, fn: Callable[..., T], *args: Any, cancelled: Cancelled = never_cancelled) -> T:
        """``fn(*args)`` computed in the worker (see :meth:`result`)."""
        if self._stop is not None:
            self._stop.clear()
        return self.result(self.submit(fn, *args), cancelled)

    def give_up(self) -> None:
        """The worker died: log it once, compute in the caller's process from now on."""
        with self._lock:
            if self.broken:
                return
            self.broken = True
            pool, self._pool = self._pool, None
        log.warning("the %s worker process stopped; computing in this process", self.name)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the worker (waiting for nothing: work under way is dropped). The worker is
        also terminated: it only computes, so nothing is lost, and a pool's own shutdown
        was seen to leave a worker waiting for its exit message while the process that
        closed it waited for the worker at its exit (a busy machine, a spawned parent)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            if self._stop is not None:
                self._stop.set()
            processes = list(pool._processes.values()) if pool._processes else []
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                with suppress(OSError, ValueError):  # (ended already)
                    process.terminate()

    def process_ids(self) -> list[int]:
        """The worker's process id while it runs (what the tests kill)."""
        with self._lock:
            pool = self._pool
        return list(pool._processes) if pool is not None and pool._processes else []

    @property
    def running(self) -> bool:
        return self._pool is not None
