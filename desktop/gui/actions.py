"""The window's actions and menus, created in one place; features add theirs through Menus.

The window connects each action to a panel; nothing here knows what the actions do.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar, QStyle

from desktop.gui.window_api import Menus

Keys = QKeySequence.StandardKey


class WindowActions:
    """Every QAction of the main window, grouped by menu."""

    def __init__(self, window: QMainWindow) -> None:
        style = window.style()

        def make(text: str, *keys: QKeySequence | Keys | str, tip: str = "") -> QAction:
            action = QAction(text, window)
            _set_unique_shortcuts(action, [QKeySequence(k) for k in keys])
            if tip:
                action.setStatusTip(tip)
                action.setToolTip(tip)
            window.addAction(action)  # shortcuts work while the menu bar is hidden, too
            return action

        self.import_files = make("&Import…", Keys.Open, tip="Import articles (.txt .md .html)")
        self.import_folder = make("Import &Folder…", "Ctrl+Shift+O", tip="Import every article in a folder")
        self.quit = make("&Quit", Keys.Quit, "Ctrl+Q")
        self.find = make("&Find", Keys.Find, "Ctrl+K", tip="Search the library")
        self.find_next = make("Find &Next", Keys.FindNext, "F3", tip="Next match (Enter, F3)")
        self.find_previous = make(
            "Find &Previous",
            Keys.FindPrevious,
            "Shift+F3",
            tip="Previous match (Shift+Enter, Shift+F3)",
        )
        self.find_next.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.find_previous.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.copy = make("&Copy", Keys.Copy)
        self.zoom_in = make("Zoom &In", Keys.ZoomIn, "Ctrl+=")
        self.zoom_out = make("Zoom &Out", Keys.ZoomOut)
        self.zoom_reset = make("&Actual Size", "Ctrl+0")
        self.compare = make("&Compare…", "Ctrl+D", tip="Two articles side by side with their shared passages")
        self.show_links = make("Show Shared &Passages", tip="Shade passages shared with other articles")
        self.show_links.setCheckable(True)
        self.show_links.setChecked(True)
        self.show_library = make("Show &Library")
        self.show_hits = make("Show &Search Results")
        for action in (self.show_library, self.show_hits):
            action.setCheckable(True)
            action.setChecked(True)
        self.about = make("&About Parallax")

    def build_menus(self, menu_bar: QMenuBar) -> Menus:
        """The window's menus; features add theirs through the returned :class:`Menus`."""
        file_menu = menu_bar.addMenu("&File")
        file_menu.addActions([self.import_files, self.import_folder])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit = menu_bar.addMenu("&Edit")
        edit.addActions([self.copy])
        edit.addSeparator()
        edit.addActions([self.find, self.find_next, self.find_previous])
        view = menu_bar.addMenu("&View")
        view.addActions([self.zoom_in, self.zoom_out, self.zoom_reset])
        view.addSeparator()
        view.addActions([self.show_library, self.show_hits])
        panels = view.addSeparator()  # features' "Show …" toggles go before it
        view.addActions([self.show_links, self.compare])
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.about)
        return Menus(file_menu, edit, view, help_menu, file_end=self.quit, panels=panels)


def _set_unique_shortcuts(action: QAction, keys: list[QKeySequence]) -> None:
    """Standard keys and explicit ones may coincide; a repeated key makes Qt call it ambiguous."""
    unique: list[QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in unique:
            unique.append(key)
    action.setShortcuts(unique)
