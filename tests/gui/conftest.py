"""GUI fixtures: a synchronous task runner and a main window on a library, settings isolated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.core.library import Library
from desktop.gui.main_window import MainWindow
from desktop.gui.tasks import SyncTaskRunner


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def runner(qapp: object) -> SyncTaskRunner:
    return SyncTaskRunner()


def _window(qtbot: object, library: Library, runner: SyncTaskRunner, settings: QSettings) -> MainWindow:
    window = MainWindow(library, runner, settings)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.resize(1200, 800)
    window.show()
    return window


@pytest.fixture
def window(
    qtbot: object, sample_library: Library, runner: SyncTaskRunner, settings: QSettings
) -> Iterator[MainWindow]:
    # linked as the window's background analysis would (names are left to the tests that
    # want them: the real model is slow to load)
    sample_library.analyse_pending(recognise=False)
    yield _window(qtbot, sample_library, runner, settings)


@pytest.fixture
def empty_window(
    qtbot: object, library: Library, runner: SyncTaskRunner, settings: QSettings
) -> Iterator[MainWindow]:
    yield _window(qtbot, library, runner, settings)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every GUI test fails on a Qt warning (pytest-qt's qt_log_level_fail)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            # the offscreen platform plugin's own chatter, not ours
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))
