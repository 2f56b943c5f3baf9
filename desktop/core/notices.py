"""What the library has to tell the person: typed notices, in order, with listeners.

A notice is something the person should know that is not an error of the command they ran:
the search index was damaged and has been rebuilt, the library opened read-only, the disk
filled up during an import, the index could not be updated and will catch up. The CLI prints
every notice of a command (desktop/cli.py); the window hears the notices added after it
opened through :meth:`Notices.subscribe` (gui/library_care.py puts them in the banner), so a
notice raised by a search or a background task on another thread is never lost.

Listeners run on the thread that added the notice (a GUI listener hops to its own thread).
A failing listener is logged and skipped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from desktop.core.listeners import Listeners


@dataclass(frozen=True)
class Notice:
    text: str  # one line, as the CLI prints it after "parallax: "
    warning: bool = False  # something went wrong or was repaired (shown as a warning)
    details: str = ""  # more lines for a "Details…" view
    # notices with the same key are about one thing: in the window a later one replaces an
    # earlier one on show ("the index is being rebuilt", then "has been rebuilt")
    key: str = ""


NoticeListener = Callable[[Notice], None]
INDEX_NOTICE = "search-index"  # the key of what is said about the search index
IMPORT_NOTICE = "import"  # an import's own outcome (the window's import summary says it whole)


class Notices(Sequence[str]):
    """The library's notices in the order they came; as a sequence, their texts."""

    def __init__(self, texts: Iterable[str | Notice] = ()) -> None:
        self._items: list[Notice] = [t if isinstance(t, Notice) else Notice(t) for t in texts]
        self._listeners: Listeners[Notice] = Listeners()
        self._lock = threading.Lock()

    def append(self, text: str, *, warning: bool = False, details: str = "",
               key: str = "") -> Notice:
        """Add a notice and tell every listener."""
        notice = Notice(text, warning, details, key)
        with self._lock:
            self._items.append(notice)
        self._listeners.tell(notice)
        return notice

    def extend(self, texts: Iterable[str | Notice]) -> None:
        for t in texts:
            if isinstance(t, Notice):
                self.append(t.text, warning=t.warning, details=t.details, key=t.key)
            else:
                self.append(t)

    def items(self) -> list[Notice]:
        with self._lock:
            return list(self._items)

    def subscribe(self, listener: NoticeListener) -> Callable[[], None]:
        """Hear every notice added from now on; returns a function that stops it."""
        return self._listeners.subscribe(listener)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        with self._lock:
            if isinstance(i, slice):
                return [n.text for n in self._items[i]]
            return self._items[i].text

    def __iter__(self) -> Iterator[str]:
        return iter([n.text for n in self.items()])

    def __eq__(self, other: object) -> bool:
        """Equal to another Notices with the same notices, or to a list/tuple of their texts."""
        if isinstance(other, Notices):
            return self.items() == other.items()
        if isinstance(other, (list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Notices({[n.text for n in self.items()]!r})"
