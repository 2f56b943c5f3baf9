"""Pause Python's cycle collector while a burst of allocation runs on a worker thread.

A full collection holds the interpreter lock for as long as it walks every tracked object:
while the story map of 1,000 articles is worked out (a few million short-lived objects:
atoms, word sets, rows), the collector ran twice, 0.2–0.3 s each, and the window's thread
waited that long for the lock (docs/benchmarks.md, "Story map"). With the collector paused
for the computation, its short-lived objects are freed by reference counting as usual, and
what it keeps (about 70,000 objects) is looked at once, by an ordinary young collection,
after it. Pauses nest and may overlap across threads: the collector runs again when the
last one ends (and only if it was running before the first).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
