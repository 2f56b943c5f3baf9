"""The library's notices in the window, and File → Rebuild Search Index….

Notices (core/notices.py) come from any thread: a search that found the index damaged and
rebuilt it, an import that stopped on a full disk, an index update that failed and will catch
up. They reach the GUI thread here; warnings go to the banner (as the CLI prints them), other
notices to the status bar. The ones the library had when the window opened are shown by
gui/run.py.

Rebuild Search Index… (File menu) asks first, then rebuilds on the user's lane with progress
and Cancel in the status bar, never waiting behind the analysis on the background lane. The
new index is built beside the one in use, which keeps answering searches; a cancelled rebuild
leaves it as it was (core/index_rebuild.py).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from desktop.core.library import Library
from desktop.core.model import Cancelled, Progress
from desktop.core.notices import IMPORT_NOTICE, Notice
from desktop.gui.tasks import Lane, TaskHandle
from desktop.gui.window_api import FeatureHost

REBUILD_TITLE = "Rebuilding the search index…"
CANCELLED = "Rebuilding the search index was cancelled: the index in use is unchanged."


class LibraryCare(QObject):
    sig_rebuild_done = Signal(object)  # articles indexed, or None when cancelled (tests)
    # emitted on the thread that added the notice; bound to this GUI-thread object: queued
    _sig_notice = Signal(object)

    def __init__(self, host: FeatureHost, library: Library, *, confirm: bool = True) -> None:
        super().__init__(host.as_widget())
        self.host = host
        self.library = library
        self.confirm = confirm  # ask before rebuilding (tests switch it off)
        self.task: TaskHandle | None = None
        self._shown = ("", "")  # the key and text of the notice last put in the banner
        self.rebuild = QAction("Rebuild Search &Index…", host.as_widget())
        self.rebuild.setStatusTip("Make the search index again from the library "
                                  "(searches keep working meanwhile)")
        self.rebuild.setEnabled(not library.read_only)
        if library.read_only:
            self.rebuild.setStatusTip("This library is open read-only: its index cannot be "
                                      "rebuilt")
        # after the import actions, in a group of its own (Export… and Quit end the menu)
        file_menu = host.menus.file
        group_end = next((a for a in file_menu.actions() if a.isSeparator()), host.menus.file_end)
        file_menu.insertAction(group_end, self.rebuild)
        file_menu.insertSeparator(self.rebuild)
        self._sig_notice.connect(self._on_notice)
        self._unsubscribe = library.notices.subscribe(self._sig_notice.emit)
        self.destroyed.connect(lambda *_: self._unsubscribe())
        self.rebuild.triggered.connect(self._on_rebuild_triggered)

    def stop(self) -> None:
        """Hear no more notices (the window is closing)."""
        self._unsubscribe()

    # -- notices -------------------------------------------------------------------------
    def show_opening(self, notices: list[Notice]) -> None:
        """The notices the library had when the window opened, in the banner (a warning
        when one of them is: the index found damaged at open, a read-only library...)."""
        latest = {n.key: n for n in self.library.notices.items() if n.key}
        notices = [n for n in notices if not n.key or latest.get(n.key, n) == n]  # not settled
        if notices:
            self.host.banner.show_message(
                "  ·  ".join(_sentence(n.text) for n in notices),
                "\n\n".join(n.details for n in notices if n.details),
                warning=any(n.warning for n in notices))
            keys = {n.key for n in notices}
            self._shown = (keys.pop() if len(keys) == 1 else "", self.host.banner.text())

    @Slot(object)
    def _on_notice(self, notice: Notice) -> None:
        text = _sentence(notice.text)
        banner = self.host.banner
        # a notice settling the one on show about the same thing replaces it, warning or not
        replace = bool(notice.key) and self._shown == (notice.key, banner.text())
        if (notice.warning or replace) and notice.key != IMPORT_NOTICE:  # (the import
            # summary says that one whole)
            banner.show_message(text, notice.details, warning=notice.warning, replace=replace)
            self._shown = (notice.key, banner.text())
        self.host.status.showMessage(text, 10_000)

    # -- rebuilding ----------------------------------------------------------------------
    @Slot()
    def _on_rebuild_triggered(self) -> None:
        if self.task is not None or self.library.read_only:
            return
        if self.confirm and not self._ask():
            return
        self.start_rebuild()

    def _ask(self) -> bool:
        count = len(self.library.document_ids())
        box = QMessageBox(self.host.as_widget())
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Rebuild the search index")
        box.setTextFormat(box.textFormat().PlainText)
        box.setText(f"Make the search index again from the {count:,} article"
                    f"{'s' if count != 1 else ''} in the library?")
        box.setInformativeText("Searches keep using the current index until the new one is "
                               "ready. Nothing you made is changed: the index is only a copy "
                               "kept for searching. You can cancel at any time.")
        go = box.addButton("Rebuild", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def start_rebuild(self) -> None:
        """On the user's lane, beside the analysis on the background lane (which may be
        loading its model or in the middle of a batch): the rebuild never waits for it, and
        what the analysis writes meanwhile is caught up before the new index is swapped in."""
        def work(progress: Progress, cancelled: Cancelled) -> int | None:
            def report(done: int, total: int, _: str) -> None:
                progress(done, total, REBUILD_TITLE)
            return self.library.rebuild_index(report, cancelled)

        self.rebuild.setEnabled(False)
        handle = self.host.runner.start(
            work, on_result=self._finished, on_error=self._failed, title=REBUILD_TITLE,
            lane=Lane.USER)
        handle.sig_cancelled.connect(lambda: self._finished(None))
        if handle in self.host.runner.active():  # (a synchronous runner has finished already)
            self.task = handle

    def _finished(self, count: object) -> None:
        self._done()
        if count is None:
            self.host.show_message(CANCELLED)
        else:
            self.host.show_message(f"The search index has been rebuilt ({count} "
                                   f"article{'' if count == 1 else 's'}).")
        self.sig_rebuild_done.emit(count)

    def _failed(self, error: BaseException) -> None:
        self._done()
        self.host.show_message(f"The search index could not be rebuilt: {error}. The index "
                               "in use is unchanged.", warning=True)
        self.sig_rebuild_done.emit(None)

    def _done(self) -> None:
        self.task = None
        self.rebuild.setEnabled(not self.library.read_only)


def _sentence(text: str) -> str:
    """A notice as the window shows it: the CLI's line ("parallax: the search index...")
    starting with a capital."""
    return text[:1].upper() + text[1:]
