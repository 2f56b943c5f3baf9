"""Change events wait for a search under way (its hits painted, its first hit open) and are
then handed on in order; none waits longer than MAX_DEFER_MS (gui/library_events.py)."""

from __future__ import annotations

import time
from typing import Any

from desktop.core.events import Change, DocsChanged, LibraryEvents
from desktop.gui import library_events
from desktop.gui.library_events import LibraryEventsBridge


def test_events_during_a_search_are_handed_on_after_it_in_order(qtbot: Any) -> None:
    events = LibraryEvents()
    searching = [False]
    bridge = LibraryEventsBridge(events, held=lambda: searching[0])
    heard: list[DocsChanged] = []
    bridge.sig_docs_changed.connect(heard.append)
    events.docs_changed([1], Change.LINKS)
    qtbot.waitUntil(lambda: len(heard) == 1)  # no search: at once
    searching[0] = True
    events.docs_changed([2], Change.LINKS)
    events.docs_changed([3], Change.ENTITIES)
    qtbot.wait(200)
    assert len(heard) == 1 and bridge.deferred() == 2
    searching[0] = False
    events.docs_changed([4], Change.QUOTES)  # (after the others, never before them)
    qtbot.waitUntil(lambda: len(heard) == 4, timeout=2000)
    assert [sorted(e.ids) for e in heard] == [[1], [2], [3], [4]]
    assert [e.what for e in heard[1:]] == [Change.LINKS, Change.ENTITIES, Change.QUOTES]
    bridge.stop()


def test_no_event_waits_longer_than_the_most_searches_may_hold_it(qtbot: Any) -> None:
    events = LibraryEvents()
    bridge = LibraryEventsBridge(events, held=lambda: True)  # one search after another
    heard: list[DocsChanged] = []
    bridge.sig_docs_changed.connect(heard.append)
    t = time.monotonic()
    events.docs_changed([1], Change.ENTITIES)
    qtbot.waitUntil(lambda: bool(heard), timeout=library_events.MAX_DEFER_MS + 2000)
    assert time.monotonic() - t >= library_events.MAX_DEFER_MS / 1000 * 0.9
    bridge.stop()
