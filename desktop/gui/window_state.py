"""The window's layout and view choices, restored at start and saved at close (declared
settings of gui/settings.py: window geometry, splitters, zoom, which panels are shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from desktop.gui import settings as S

if TYPE_CHECKING:
    from desktop.gui.main_window import MainWindow


def default_layout(window: MainWindow) -> None:
    """The first start: a window as large as the screen allows (wide screens used), the
    library list wide enough for its titles, the side panels in proportion."""
    screen = window.screen().availableGeometry() if window.screen() is not None else None
    width = min(screen.width(), 2200) if screen is not None else 1320
    height = min(screen.height(), 1300) if screen is not None else 840
    window.resize(max(1000, int(width * 0.94)), max(700, int(height * 0.92)))
    w = window.width()
    left = max(340, min(600, int(w * 0.27)))
    side = max(290, min(440, int(w * 0.2)))
    window.main_splitter.setSizes([left, w - left - side, side])


def restore_state(window: MainWindow, settings: S.Settings) -> None:
    if not settings.get(S.WINDOW_GEOMETRY):
        default_layout(window)
    for setting, restore in (
        (S.WINDOW_GEOMETRY, window.restoreGeometry),
        (S.WINDOW_STATE, window.restoreState),
        (S.MAIN_SPLITTER, window.main_splitter.restoreState),
        (S.LEFT_SPLITTER, window.left_splitter.restoreState),
        (S.SIDE_SPLITTER, window.side_splitter.restoreState),
        (S.COMPARE_SPLITTER, window.compare.splitter.restoreState),
        (S.LIBRARY_COLUMNS, window.library_panel.restore_columns),
    ):
        value = settings.get(setting)
        if value:
            restore(value)
    window.reader.set_point_size(settings.get(S.READER_POINT_SIZE))
    a = window.actions_
    toggles: list[tuple[S.Setting[bool], QAction]] = [
        (S.SHOW_LIBRARY, a.show_library), (S.SHOW_HITS, a.show_hits),
        (S.SHOW_SHARED_PASSAGES, a.show_links)]
    for toggle, action in toggles:
        action.setChecked(settings.get(toggle))


def save_state(window: MainWindow, settings: S.Settings) -> None:
    settings.set(S.WINDOW_GEOMETRY, bytes(window.saveGeometry().data()))
    settings.set(S.WINDOW_STATE, bytes(window.saveState().data()))
    settings.set(S.MAIN_SPLITTER, bytes(window.main_splitter.saveState().data()))
    settings.set(S.LEFT_SPLITTER, bytes(window.left_splitter.saveState().data()))
    settings.set(S.SIDE_SPLITTER, bytes(window.side_splitter.saveState().data()))
    settings.set(S.COMPARE_SPLITTER, bytes(window.compare.splitter.saveState().data()))
    settings.set(S.LIBRARY_COLUMNS,
                 bytes(window.library_panel.table().horizontalHeader().saveState().data()))
    settings.set(S.READER_POINT_SIZE, window.reader.point_size())
    a = window.actions_
    settings.set(S.SHOW_LIBRARY, a.show_library.isChecked())
    settings.set(S.SHOW_HITS, a.show_hits.isChecked())
    settings.set(S.SHOW_SHARED_PASSAGES, a.show_links.isChecked())
