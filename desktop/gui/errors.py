"""Errors reach the person in the window: an excepthook that logs unexpected errors with their
traceback (desktop/errorlog.py) and shows one dialog naming the log file, and the dialog for a
library that cannot be opened or has turned out damaged (open another library, rebuild the
search index, show the folder), so a damaged library is never a crash loop."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from desktop.core.errors import IndexDamaged, ParallaxError
from desktop.errorlog import log_path, record_exception, summary

OPEN_ANOTHER, REBUILD, QUIT = "open", "rebuild", "quit"


class ErrorReporter:
    """The window's excepthook. One dialog at a time: errors that come while it is open (a
    paint handler failing on every frame...) are logged and counted, not stacked."""

    def __init__(self, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self.parent = parent
        self.showing = False
        self.suppressed = 0
        self.shown = 0

    def install(self) -> None:
        sys.excepthook = self.hook
        threading.excepthook = self._thread_hook

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            # dialogs belong to the GUI thread
            exc_type, exc, tb = args.exc_type, args.exc_value, args.exc_traceback
            QTimer.singleShot(0, lambda: self.hook(exc_type, exc, tb))

    def hook(self, exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        path = record_exception(exc_type, exc, tb, "window")
        print(f"parallax: {summary(exc)}" + (f" (details in {path})" if path else ""),
              file=sys.stderr)
        if self.showing:
            self.suppressed += 1
            return
        self.showing = True
        try:
            self.shown += 1
            self._dialog(exc, path)
        finally:
            self.showing = False

    def _dialog(self, exc: BaseException, path: Path | None) -> None:
        box = QMessageBox(self.parent())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Parallax")
        if isinstance(exc, ParallaxError):
            box.setText(str(exc))
        else:
            box.setText("Something went wrong inside Parallax. Everything you saved before "
                        "is in the library: each change is written as it is made.")
            box.setInformativeText(f"{summary(exc)}\n\nThe details were written to:\n"
                                   f"{path or log_path()}")
        box.setTextFormat(box.textFormat().PlainText)
        show = box.addButton("Show the log", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is show:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str((path or log_path()).parent)))


def library_problem(folder: Path, error: BaseException, parent: QWidget | None = None) -> str:
    """Say why the library cannot be used and ask what to do: OPEN_ANOTHER (the chosen folder
    is in ``chosen_folder``), REBUILD (the search index) or QUIT. "Show the folder" opens it in
    the file manager and asks again."""
    while True:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Parallax: the library cannot be used")
        box.setTextFormat(box.textFormat().PlainText)
        box.setText(f"The library in {folder} cannot be used.")
        box.setInformativeText(str(error) if isinstance(error, ParallaxError) else summary(error))
        another = box.addButton("Open another library…", QMessageBox.ButtonRole.AcceptRole)
        rebuild = (box.addButton("Rebuild the search index", QMessageBox.ButtonRole.ActionRole)
                   if isinstance(error, IndexDamaged) else None)
        show = box.addButton("Show the folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is show:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
            continue
        if rebuild is not None and clicked is rebuild:
            return REBUILD
        if clicked is another:
            return OPEN_ANOTHER
        return QUIT


def choose_library(parent: QWidget | None, start: Path) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, "Open a library folder", str(start.parent))
    return Path(chosen) if chosen else None
