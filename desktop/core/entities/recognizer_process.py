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
the analysis. The process machinery (spawn, priority, parent watch, fallback) is
core/worker_process.py, shared with linking and quotes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future

from desktop.core.entities.recognizer import RawEntity, SpacyRecognizer
from desktop.core.worker_process import WorkerGone, WorkerProcess

_worker: SpacyRecognizer | None = None  # in the worker process: its model


def _load(model: str, batch_size: int) -> None:
    global _worker
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
        self.worker = WorkerProcess("entity recognition", _load, (inner.model, inner.batch_size))

    def recognize(self, texts: Sequence[str], n_process: int = 1) -> Iterator[list[RawEntity]]:
        if self.worker.broken:
            yield from self.inner.recognize(texts, n_process)
            return
        size = self.inner.batch_size
        pending: deque[Future[list[list[RawEntity]]]] = deque()
        done = 0  # texts whose results were handed out
        try:
            for first in range(0, len(texts), size):
                pending.append(self.worker.submit(_recognize, list(texts[first:first + size])))
                if len(pending) > 1:  # one batch computing ahead
                    found = self.worker.result(pending.popleft())
                    done += len(found)
                    yield from found
            while pending:
                found = self.worker.result(pending.popleft())
                done += len(found)
                yield from found
        except WorkerGone:
            yield from self.inner.recognize(texts[done:], n_process)
        finally:
            for future in pending:  # (a cancelled run stops asking)
                future.cancel()

    def close(self) -> None:
        """Stop the worker (waiting for nothing: a batch under way is dropped)."""
        self.worker.close()
