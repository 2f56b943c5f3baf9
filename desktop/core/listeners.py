"""Who hears what: a thread-safe list of listeners, shared by the library's change events
(core/events.py) and its notices (core/notices.py).

``subscribe`` returns the function that stops listening. ``tell`` calls every listener on the
calling thread with the list as it was when the call began; a failing listener is logged and
skipped, never breaking the caller (the write or notice it reports has already happened).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class Listeners(Generic[T]):
    def __init__(self) -> None:
        self._items: list[Callable[[T], None]] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Callable[[T], None]) -> Callable[[], None]:
        """Hear every value told from now on; returns a function that stops it."""
        with self._lock:
            self._items.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._items:
                    self._items.remove(listener)

        return unsubscribe

    def tell(self, value: T) -> None:
        with self._lock:
            listeners = list(self._items)
        for listener in listeners:
            try:
                listener(value)
            except Exception:
                log.exception("a listener failed on %r", value)
