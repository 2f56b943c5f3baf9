"""Linking's computing in a worker process: what the window uses.

Linking an article (its shingles, the candidates it shares hashes with, the alignment and
classification of each pair) is Python code that held the GIL of the window's process for
seconds at a time. Here the planning of each batch of steps (linker.py: ``plan_add``,
``plan_recheck``, ``apply``) runs in a :class:`~desktop.core.worker_process.WorkerProcess`,
and only its results come back: the planned :class:`~desktop.core.overlap.linker.Step` list
(postings, chosen candidates, evictions, dropped pairs, links). Writing them stays in the
library's process (``Linker.write``: one short transaction per batch, which first checks that
every article the steps relied on is still there and linked), and so do the change events and
the index: nothing else learns that a worker exists.

**What crosses, and why the worker reads the store itself.** The worker opens the library's
SQLite file read-only on its own connection and reads what a plan needs (the article's text,
the postings of its hashes, the candidates' top lists): sending it the texts and postings of
every candidate would mean reading them in the window's process anyway, and pickling
megabytes per batch. The reads are safe because only this process writes, and it waits for a
batch's plan before writing it and planning the next: each plan sees the store as the last
batch left it, exactly as a plan in this process would (SQLite's WAL lets the worker read
while other writes of the library commit; the write's own checks catch those, as before).
What the worker keeps between batches is what the in-process linker keeps: prepared articles
(its cache, forgotten when an article's text changes: :meth:`ProcessPlanner.forget`) and
content-hash keys.

If the worker dies the batch is planned again in this process (nothing of it was written),
and every later batch too. Cancelling asks the worker to stop at its next article; the steps
planned so far are written, as in this process.
"""

from __future__ import annotations

import threading
from pathlib import Path

from desktop.core.model import Cancelled
from desktop.core.overlap.cache import settle_heap, thaw_heap
from desktop.core.overlap.linker import PAGE_CACHE_MIB, Linker, Step
from desktop.core.store import Store
from desktop.core.worker_process import WorkerGone, WorkerProcess, stop_asked

Todo = list[tuple[int, bool]]  # (article, is new: an add, else a recheck)

_linkers: dict[str, Linker] = {}  # in the worker: one linker per library file


def _linker(path: str) -> Linker:
    linker = _linkers.get(path)
    if linker is None:
        linker = _linkers[path] = Linker(Store(Path(path), read_only=True, check=False))
    return linker


def plan_batch(linker: Linker, todo: Todo, stop: Cancelled) -> list[Step]:
    """Plan the steps of one batch, as LinkService does in its own process: each step made
    visible to the next (``apply``); stops between articles when ``stop()``."""
    steps: list[Step] = []
    for doc_id, is_new in todo:
        if stop():
            break
        step = linker.plan_add(doc_id) if is_new else linker.plan_recheck(doc_id)
        if step is not None:
            linker.apply(step)
            steps.append(step)
    return steps


def _plan(path: str, todo: Todo, cap: int, forgotten: list[int], first: bool) -> list[Step]:
    """In the worker: one batch's steps over the library at ``path``. Its heap is settled
    after each batch and thawed when a run begins (cache.py: the garbage collector), so what
    a run left frozen is collected normally from the next run on."""
    if first:
        thaw_heap()
    linker = _linker(path)
    linker.store.page_cache(PAGE_CACHE_MIB)  # (the worker's connection; LinkService sets its own)
    for doc_id in forgotten:
        linker.forget_cached(doc_id)
    linker.cap = cap
    try:
        return plan_batch(linker, todo, stop_asked)
    finally:
        linker.write([])  # (writes nothing: ends the batch's planned state, as a write does)
        settle_heap()


class ProcessPlanner:
    """LinkService's planning done in a worker process (same steps, same links)."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.worker = WorkerProcess("linking")
        self._forgotten: list[int] = []
        self._lock = threading.Lock()

    def forget(self, doc_id: int) -> None:
        """An article's text changed: the worker drops its prepared copy before the next plan."""
        with self._lock:
            self._forgotten.append(doc_id)

    def plan(self, todo: Todo, cap: int, cancelled: Cancelled,
             first: bool = False) -> list[Step] | None:
        """The batch's steps, or None when there is no worker (plan them in this process).
        ``first``: the first batch of a linking run."""
        if self.worker.broken:
            return None
        with self._lock:
            forgotten, self._forgotten = self._forgotten, []
        try:
            return self.worker.call(_plan, self.path, todo, cap, forgotten, first,
                                    cancelled=cancelled)
        except WorkerGone:
            return None

    def close(self) -> None:
        self.worker.close()
