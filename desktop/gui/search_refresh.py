"""The shown search run again after the library changed, out of the way of the person's searches.

What a search finds changes with the library: an import, a removal, edited metadata, and the
names that recognition adds chunk by chunk while the window analyses new articles (one change
event per chunk of 64 articles). The search panel then runs its query again quietly. Run the
moment an event arrived, such a refresh got in the way of the person's own searches on the one
search lane: one that came while the person's search was under way superseded it (the person
waited for two searches), and one that had just started made the person's next search wait
behind it. So a refresh waits here until the panel is settled (no search running, no first hit
waiting to open) and no search has shown its hits for ``QUIET_MS``; the events that arrive
meanwhile make one refresh. While the person keeps searching, their own searches read the
library as it is, so nothing they see is stale for longer than they stop.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Slot

from desktop.gui.search_panel import SearchPanel

QUIET_MS = 500  # no search shown for this long before a refresh runs


class SearchRefresh(QObject):
    def __init__(self, panel: SearchPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._panel = panel
        self._last_shown = float("-inf")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(QUIET_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        panel.sig_results_changed.connect(self._on_panel_sig_results_changed)

    def request(self) -> None:
        """The library changed: refresh the shown search at the next quiet moment."""
        if self._panel.query() and not self._timer.isActive():
            self._timer.start()

    def pending(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def _on_panel_sig_results_changed(self) -> None:
        self._last_shown = time.monotonic()

    @Slot()
    def _on_timer_timeout(self) -> None:
        quiet_for = (time.monotonic() - self._last_shown) * 1000
        if not self._panel.is_settled() or quiet_for < QUIET_MS:
            self._timer.start(max(50, int(QUIET_MS - quiet_for)))  # (then again)
            return
        self._timer.setInterval(QUIET_MS)
        self._panel.refresh(quietly=True)
