"""The recognizer run in a worker process: what the window uses.

spaCy's model computes in Python and holds the GIL for most of it. In the window's process
that meant the GUI thread and the search lane waited for the GIL at every Qt and SQLite call
while recognition ran (a search's hits took hundreds of milliseconds to appear). Here the model
lives in one worker process (started with ``spawn``, so nothing of the window's threads is
copied into it; at a lower scheduling priority, so the window gets the processor first), and
only the texts and the raw entities cross over; everything else of recognition (candidates,
consolidation, storage, events) stays where it was, in the library's process, so every write
is still one transaction of the one writer.

The worker computes the next batch while this process handles the last one. If the worker
dies, recognition carries on in this process (logged once), so a broken worker never stops
the analysis. docs/ARCHITECTURE.md, Decisions: "Python threads and the window".
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress

from desktop.core.entities.recognizer import RawEntity, SpacyRecognizer

log = logging.getLogger(__name__)

_worker: SpacyRecognizer | None = None  # in the worker process: its model


# The worker's scheduling priority (nice): on a machine with few cores the window's process
# gets the processor first when both want it (the model waits; the window must not).
WORKER_NICE = 10


def _exit_with_parent() -> None:
    """End this worker when the process that started it is gone, however it ended (kill -9,
    a crash, a closed terminal): the pool's queue never tells a worker that, so without this
    watch an orphaned worker kept its model (about 400 MB) until the machine restarted."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()  # waits on the parent's sentinel, ready when the parent has ended
        os._exit(0)


def _load(model: str, batch_size: int) -> None:
    global _worker
    threading.Thread(target=_exit_with_parent, name="parent-watch", daemon=True).start()
    with suppress(OSError, AttributeError):  # (not every system lets a process lower itself)
        os.nice(WORKER_NICE)
    _worker = SpacyRecognizer(model, batch_size)
    _worker.load()


def _recognize(texts: list[str]) -> list[list[RawEntity]]:
    assert _worker is not None, "the worker's model was not loaded"
    return list(_worker.recognize(texts))


class ProcessRecognizer:
    """A :class:`SpacyRecognizer`'s work done in a worker process (same model, same name, same
    results). The worker starts on the first ``recognize`` and lives until ``close``."""

    def __init__(self, inner: SpacyRecognizer) -> None:
        self.name = inner.name
        self.inner = inner  # the same model in this process: used if the worker cannot be
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False
        self._lock = threading.Lock()

    def recognize(self, texts: Sequence[str], n_process: int = 1) -> Iterator[list[RawEntity]]:
        pool = self._start()
        if pool is None:
            yield from self.inner.recognize(texts, n_process)
            return
        size = self.inner.batch_size
        pending: deque[Future[list[list[RawEntity]]]] = deque()
        done = 0  # texts whose results were handed out
        try:
            for first in range(0, len(texts), size):
                pending.append(pool.submit(_recognize, list(texts[first:first + size])))
                if len(pending) > 1:  # one batch computing ahead
                    found = pending.popleft().result()
                    done += len(found)
                    yield from found
            while pending:
                found = pending.popleft().result()
                done += len(found)
                yield from found
        except (BrokenProcessPool, RuntimeError):  # (RuntimeError: closed meanwhile)
            self._give_up()
            yield from self.inner.recognize(texts[done:], n_process)
        finally:
            for future in pending:  # (a cancelled run stops asking)
                future.cancel()

    def _start(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._pool is None and not self._broken:
                self._pool = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"), initializer=_load,
                    initargs=(self.inner.model, self.inner.batch_size))
            return self._pool

    def _give_up(self) -> None:
        log.warning("the entity recognition worker stopped; recognising in this process")
        with self._lock:
            self._broken = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the worker (waiting for nothing: a batch under way is dropped)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
