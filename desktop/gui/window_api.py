"""What the main window offers the features plugged into it, typed.

A feature (notes, entities, shared passages, story map...) is a small controller made by the
window with ``Feature(host, library)``. It reaches the window only through :class:`FeatureHost`:
its panels and menus are attributes (never found by their visible text), the library's change
events arrive on the GUI thread (``host.events``), long work goes to ``host.runner`` on a lane,
and settings are declared in gui/settings.py. Adding a feature:

1. make its panel (a QWidget) and call ``host.add_side_panel(panel, stretch)``;
2. add its actions to ``host.menus.file / edit / view`` (``host.menus.file_end`` is Quit:
   file items go above it), and its "Show …" toggle before ``host.menus.panels``;
3. draw on the reader through ``host.reader.set_layer`` / ``set_margin_marks`` with marks
   from core/marks.py, redrawing on ``host.reader.sig_document_shown`` and on the
   ``host.events.sig_docs_changed`` events that touch the shown article;
4. run long work with ``host.runner.start(fn, ..., lane=Lane.USER or BACKGROUND)``;
5. a strip under the reader: ``host.add_reader_bar(bar)``; a view that takes the reader's place
   (the story map): ``host.add_view(view)`` and ``host.show_view(view)`` (None: the reader).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

if TYPE_CHECKING:
    from desktop.core.model import Hit
    from desktop.core.overlap.types import Link
    from desktop.gui.actions import WindowActions
    from desktop.gui.banner import Banner
    from desktop.gui.compare import CompareView
    from desktop.gui.importer import Importer
    from desktop.gui.library_events import LibraryEventsBridge
    from desktop.gui.library_panel import LibraryPanel
    from desktop.gui.reader import ReaderView
    from desktop.gui.search_panel import SearchPanel
    from desktop.gui.settings import Settings
    from desktop.gui.status import StatusBar
    from desktop.gui.tasks import TaskRunner


@dataclass(frozen=True)
class Menus:
    """The menu bar's menus, and where features insert into them."""

    file: QMenu
    edit: QMenu
    view: QMenu
    help: QMenu
    file_end: QAction  # Quit: a feature's File items go above it
    panels: QAction  # the separator after the View menu's "Show …" panel toggles: insert before it


class FeatureHost(Protocol):
    """The window as a feature sees it (MainWindow implements it)."""

    @property
    def reader(self) -> ReaderView: ...
    @property
    def search_panel(self) -> SearchPanel: ...
    @property
    def library_panel(self) -> LibraryPanel: ...
    @property
    def compare(self) -> CompareView: ...
    @property
    def status(self) -> StatusBar: ...
    @property
    def banner(self) -> Banner: ...
    @property
    def importer(self) -> Importer: ...
    @property
    def menus(self) -> Menus: ...
    @property
    def actions_(self) -> WindowActions: ...
    @property
    def events(self) -> LibraryEventsBridge: ...
    @property
    def runner(self) -> TaskRunner: ...
    @property
    def settings(self) -> Settings: ...

    def as_widget(self) -> QMainWindow:
        """The window itself: parent for dialogs, owner of shortcuts."""
        ...

    def add_side_panel(self, panel: QWidget, stretch: int = 1) -> None: ...

    def add_reader_bar(self, bar: QWidget) -> None:
        """A strip under the reader text, shown with the reader."""
        ...

    def add_view(self, view: QWidget) -> None:
        """A full view for the centre of the window, in place of the reader."""
        ...

    def show_view(self, view: QWidget | None) -> None:
        """Show a view added with add_view (None: the reader)."""
        ...

    def current_view(self) -> QWidget | None:
        """The added view shown in the centre, if any."""
        ...

    def open_article(self, doc_id: int, hit: Hit | None = None) -> None: ...

    def show_compare(self, a: int, b: int, link: Link | None = None) -> None: ...

    def compare_pair(self) -> tuple[int, int] | None:
        """The two articles of the compare view when it is shown."""
        ...

    def show_message(self, text: str, *, warning: bool = False) -> None:
        """A one-line notice in the banner (and the status bar)."""
        ...
