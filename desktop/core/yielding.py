"""Background work in the window's process steps aside for a search at its own checkpoints.

Background work meets the window's policy at its ``cancelled()`` checks (gui/tasks.py: while a
search is under way a check waits for it). Some of its work has no such check because it is
not a task's own loop: the names index catching up after each analysed chunk (a change
event's listener, ``name_sync.sync``) computes every article's names and writes them in one go.
:func:`step_aside` is the checkpoint such code calls between items; the task runner installs
what it does for the work it runs (:func:`stepping_aside`), per thread, so code called from
anywhere else (the CLI, a test, the search lane) never waits. It never waits inside a write
transaction or a writer's lock: callers call it between items, before they write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_wait: ContextVar[Callable[[], object] | None] = ContextVar("step_aside", default=None)


def step_aside() -> None:
    """Wait here if the work running on this thread was told to step aside (a search)."""
    wait = _wait.get()
    if wait is not None:
        wait()


@contextmanager
def stepping_aside(wait: Callable[[], object]) -> Iterator[None]:
    """Within the block, :func:`step_aside` on this thread calls ``wait``."""
    token = _wait.set(wait)
    try:
        yield
    finally:
        _wait.reset(token)
