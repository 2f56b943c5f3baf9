"""What changed in a library: one typed event that every write reports and every view hears.

A write (an import, a removal, linking, recognition, a correction, a highlight) calls
``events.docs_changed(ids, Change.X)`` once it has committed. Listeners (the search index's
updater, the window's panels) subscribe and bring themselves up to date from the store; nothing
reaches into another part to refresh it. Inside ``with events.operation():`` the reports of
one thread are gathered and delivered together when the outermost block ends (one import of a
thousand files is one event per kind of change, and the index updater makes one commit).

Listeners run on the thread that made the change: a GUI listener must hop to its own thread
(gui/library_events.py does). A failing listener is logged and skipped; it never undoes or
breaks the write that was reported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Flag, auto

from desktop.core.listeners import Listeners


class Change(Flag):
    """What changed about the documents named in an event."""

    ADDED = auto()  # new documents
    TEXT = auto()  # a corrected version replaced the texts (same id)
    METADATA = auto()  # title, source, date, url
    REMOVED = auto()
    LINKS = auto()  # shared passages with one end in the document
    ENTITIES = auto()  # recognised names or the user's corrections
    ANNOTATIONS = auto()  # highlights and notes (or the colour names they use)
    QUOTES = auto()  # the quotes found in the document (story map)

    @classmethod
    def content(cls) -> Change:
        """Changes after which a search may answer differently."""
        return cls.ADDED | cls.TEXT | cls.METADATA | cls.REMOVED | cls.ENTITIES


@dataclass(frozen=True)
class DocsChanged:
    """``what`` changed about the documents ``ids`` (every document when ``everywhere``)."""

    ids: frozenset[int]
    what: Change
    everywhere: bool = False

    def touches(self, doc_id: int | None, what: Change | None = None) -> bool:
        """Whether this event concerns ``doc_id`` (and, if given, one of the kinds ``what``)."""
        if what is not None and not self.what & what:
            return False
        return doc_id is not None and (self.everywhere or doc_id in self.ids)


Listener = Callable[[DocsChanged], None]


class LibraryEvents:
    """The library's change events: subscribe to hear them, report to them after a write."""

    def __init__(self) -> None:
        self._listeners: Listeners[DocsChanged] = Listeners()
        self._local = threading.local()  # this thread's open operation: depth and gathered events

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Hear every change from now on; returns a function that stops it."""
        return self._listeners.subscribe(listener)

    def docs_changed(self, ids: Iterable[int], what: Change, *, everywhere: bool = False) -> None:
        """Report that ``what`` changed about ``ids`` (call it after the write committed)."""
        event = DocsChanged(frozenset(ids), what, everywhere)
        if not event.ids and not everywhere:
            return
        gathered: dict[Change, DocsChanged] | None = getattr(self._local, "gathered", None)
        if gathered is None:
            self._deliver([event])
            return
        for kind in _kinds(what):
            old = gathered.get(kind)
            gathered[kind] = event if old is None else DocsChanged(
                old.ids | event.ids, kind, old.everywhere or everywhere)

    @contextmanager
    def operation(self) -> Iterator[None]:
        """Gather this thread's reports until the outermost block ends, then deliver them
        (also when the block raises: what was committed was committed)."""
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            self._local.gathered = {}
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if depth == 0:
                gathered: dict[Change, DocsChanged] = self._local.gathered
                self._local.gathered = None
                self._deliver([_as_kind(e, k) for k, e in gathered.items()])

    def _deliver(self, events: list[DocsChanged]) -> None:
        for event in events:
            self._listeners.tell(event)


def _kinds(what: Change) -> list[Change]:
    return [kind for kind in Change if kind in what]


def _as_kind(event: DocsChanged, kind: Change) -> DocsChanged:
    return DocsChanged(event.ids, kind, event.everywhere)
