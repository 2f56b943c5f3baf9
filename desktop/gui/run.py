"""The GUI entry point the composition root (desktop/app.py) calls with an open Library."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import metadata

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.core.library import Library
from desktop.gui.main_window import MainWindow
from desktop.gui.paths import icon_path, style_path
from desktop.gui.tasks import TaskRunner


def app_version() -> str:
    try:
        return metadata.version("parallax")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def make_application(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication with Parallax's names, icon and style sheet (reused if one exists)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setOrganizationName("Parallax")
    app.setApplicationName("Parallax")
    app.setApplicationVersion(app_version())
    app.setDesktopFileName("parallax")
    icon = icon_path()
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    sheet = style_path("app.qss")
    if sheet.is_file():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
    return app


def run_gui(library: Library, notices: Sequence[str] = (), argv: Sequence[str] = ()) -> int:
    """Show the main window on ``library`` until the user quits; returns the exit code."""
    app = make_application(argv)
    runner = TaskRunner()
    window = MainWindow(library, runner)
    window.show_notices(list(dict.fromkeys([*notices, *getattr(library, "notices", [])])))
    window.show()
    code = app.exec()
    runner.shutdown()
    return code
