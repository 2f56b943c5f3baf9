"""Refreshing the shown search after the library changed waits for a quiet moment: it never
supersedes the person's search under way nor starts right after one, and the changes that
arrive meanwhile make one refresh (gui/search_refresh.py)."""

from __future__ import annotations

import time

from desktop.core.events import Change
from desktop.gui import search_refresh
from desktop.gui.main_window import MainWindow


def test_changes_during_a_search_make_one_refresh_after_it(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.search_panel
    panel.run_query("Putin")
    searches: list[str] = []
    search = panel._search
    panel._search = lambda q: searches.append(q) or search(q)  # type: ignore[method-assign]
    under_way = [True]
    panel.is_settled = lambda: not under_way[0]  # type: ignore[method-assign]
    for _ in range(3):  # three analysed chunks while the person's search runs
        window._library.events.docs_changed([1, 2], Change.ENTITIES)
    qtbot.wait(search_refresh.QUIET_MS + 300)
    assert searches == [] and window.search_refresh.pending()  # not superseded, still waiting
    under_way[0] = False
    panel.sig_results_changed.emit()  # the person's search shows its hits
    shown = time.monotonic()
    qtbot.waitUntil(lambda: bool(searches), timeout=5000)
    assert time.monotonic() - shown >= search_refresh.QUIET_MS / 1000 * 0.9
    qtbot.wait(search_refresh.QUIET_MS + 200)
    assert searches == ["Putin"] and not window.search_refresh.pending()


def test_nothing_is_refreshed_without_a_query(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window._library.events.docs_changed([1, 2], Change.ENTITIES)
    assert not window.search_refresh.pending()
