"""The window's settings, declared with their types and defaults (no string keys elsewhere).

Each :class:`Setting` names its QSettings key once, here; :class:`Settings` reads a value back
as the declared type (QSettings hands back strings from an ini file and QByteArray for saved
states), falling back to the default when the stored value is missing or unreadable, so a
damaged or old settings file never breaks the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T", bool, int, float, str, bytes)


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T


# window layout (saved Qt states)
WINDOW_GEOMETRY = Setting("window/geometry", b"")
WINDOW_STATE = Setting("window/state", b"")
MAIN_SPLITTER = Setting("window/mainSplitter", b"")
LEFT_SPLITTER = Setting("window/leftSplitter", b"")
SIDE_SPLITTER = Setting("window/sideSplitter", b"")
COMPARE_SPLITTER = Setting("window/compareSplitter", b"")  # the columns over the diff strip
LIBRARY_COLUMNS = Setting("window/libraryColumns", b"")  # widths and sort of the library list
STORY_SPLITTERS = {name: Setting(f"storymap/{name}Splitter", b"")
                   for name in ("families", "familyDetail", "passages", "passageDetail")}
STORY_TAB = Setting("storymap/tab", 0)
# the reader
READER_POINT_SIZE = Setting("reader/pointSize", 12.0)
SHOW_SHARED_PASSAGES = Setting("reader/showSharedPassages", True)
# the export dialog: the format and folder used last
EXPORT_FORMAT = Setting("export/format", "md")
EXPORT_FOLDER = Setting("export/folder", "")
# which panels are shown
SHOW_LIBRARY = Setting("panels/library", True)
SHOW_HITS = Setting("panels/searchResults", True)
SHOW_NOTES = Setting("panels/notes", True)
SHOW_ENTITIES = Setting("panels/entities", True)

_TRUE = {"true", "1", "yes", "on"}


class Settings:
    """Typed access to a QSettings store."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    def get(self, setting: Setting[T]) -> T:
        raw = self.store.value(setting.key)
        if raw is None:
            return setting.default
        default = setting.default
        try:
            if isinstance(default, bytes):
                value: object = bytes(raw.data()) if isinstance(raw, QByteArray) else default
            elif isinstance(default, bool):
                value = raw if isinstance(raw, bool) else str(raw).strip().lower() in _TRUE
            elif isinstance(default, int):
                value = int(str(raw))
            elif isinstance(default, float):
                value = float(str(raw))
            else:
                value = str(raw)
        except (TypeError, ValueError):
            return default
        return value  # type: ignore[return-value]

    def set(self, setting: Setting[T], value: T) -> None:
        self.store.setValue(setting.key, QByteArray(value) if isinstance(value, bytes) else value)
