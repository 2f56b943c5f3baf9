"""Entities plugged into the main window in one call: marks in the reader (with hover and
right-click corrections), the entity panel, and recognition in the background.

Recognition runs through the window's task runner (progress and cancel in the status bar)
shortly after the window opens and after each import, for the articles not yet processed.
Corrections are written off the GUI thread too (they re-index the articles they touch).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtGui import QAction, QHelpEvent
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QToolTip

from desktop.core.entities.consolidate import Mention
from desktop.core.entities.labels import Label
from desktop.core.entities.service import summarize
from desktop.core.model import Cancelled, Document, Progress
from desktop.gui.entity_marks import (
    LAYER,
    LAYER_Z,
    EntityFormats,
    entity_marks,
    mention_at,
    tooltip,
    visible_window,
)
from desktop.gui.entity_panel import EntityPanel
from desktop.gui.reader import ReaderContext
from desktop.gui.tasks import Lane, TaskHandle, TaskRunner

START_DELAY_MS = 800  # let the window paint before the model loads
RESOLVE_IN_BACKGROUND = 200_000  # clean characters: longer articles get their marks off-thread
_FIELDS = {Label.PERSON: "person", Label.ORG: "org", Label.PLACE: "place"}


class EntitiesFeature(QObject):
    def __init__(self, window: Any, library: Any, runner: TaskRunner) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.runner = runner
        self.reader = window.reader
        self.panel = EntityPanel()
        self.formats = EntityFormats(self.reader.palette())
        self.mentions: list[Mention] = []
        self.task: TaskHandle | None = None
        self._running = False
        self._doc: Document | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(START_DELAY_MS)
        self._window: tuple[int, int] | None = None  # clean range whose marks are drawn
        self._scrolled = QTimer(self)
        self._scrolled.setSingleShot(True)
        self._scrolled.setInterval(40)
        self.show_panel = QAction("Show &Entities", window)
        self.show_panel.setCheckable(True)
        self.show_panel.setChecked(True)
        self._assemble(window)
        self._connect_signals()
        if not library.read_only:
            self._timer.start()

    def _assemble(self, window: QMainWindow) -> None:
        menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
        view = menus.get("View")
        if isinstance(view, QMenu):
            view.addAction(self.show_panel)
        window.add_side_panel(self.panel, stretch=3)  # type: ignore[attr-defined]

    def _connect_signals(self) -> None:
        self.reader.sig_document_shown.connect(self._on_reader_sig_document_shown)
        self.reader.sig_context_menu_requested.connect(self._on_reader_sig_context_menu_requested)
        self.reader.viewport().installEventFilter(self)
        self.panel.sig_labels_changed.connect(lambda _: self._draw())
        self.reader.verticalScrollBar().valueChanged.connect(lambda _: self._scrolled.start())
        self._scrolled.timeout.connect(self._on_scrolled)
        self.panel.sig_entity_chosen.connect(self._on_panel_sig_entity_chosen)
        self.panel.sig_filter_requested.connect(self._on_panel_sig_filter_requested)
        self.show_panel.toggled.connect(self.panel.setVisible)
        self._timer.timeout.connect(self.recognize_pending)
        importer = getattr(self.window, "importer", None)
        if importer is not None:
            importer.sig_library_changed.connect(self._timer.start)

    # -- recognition ---------------------------------------------------------------------
    @Slot()
    def recognize_pending(self) -> None:
        """Recognise the articles not yet processed, in the background (one task at a time)."""
        if self.library.read_only or self.task is not None or not self.library.entities.pending():
            return

        def work(progress: Progress, cancelled: Cancelled) -> int:
            return len(self.library.entities.recognize(None, progress, cancelled))

        self._running = True
        handle = self.runner.start(work, on_result=self._on_recognized,
                                   on_error=self._on_failed, title="Recognising entities…",
                                   lane=Lane.BACKGROUND)
        self.task = handle if self._running else None  # a synchronous runner is done already

    def _on_recognized(self, count: object) -> None:
        self.task, self._running = None, False
        self.refresh()
        search = getattr(self.window, "search_panel", None)
        if search is not None and count:
            search.refresh()

    def _on_failed(self, error: BaseException) -> None:
        self.task, self._running = None, False
        banner = getattr(self.window, "banner", None)
        if banner is not None:
            banner.show_message(f"Entity recognition failed: {error}", warning=True)

    # -- drawing -------------------------------------------------------------------------
    def refresh(self) -> None:
        self._on_reader_sig_document_shown(self.reader.document_shown())

    @Slot(object)
    def _on_reader_sig_document_shown(self, doc: Document | None) -> None:
        self._doc = doc
        recognised = doc is not None and self.library.entities.is_recognized(doc.id)
        self.mentions = []
        if doc is not None and recognised and len(doc.clean.text) > RESOLVE_IN_BACKGROUND:
            self.panel.set_entities([], True)
            self._draw()

            def work(progress: Progress, cancelled: Cancelled) -> list[Mention]:
                return list(self.library.entities.mentions(doc.id, doc.clean.text))

            self.runner.start(work, on_result=lambda ms: self._show_mentions(doc, ms),
                              title="Reading entities…")
            return
        if doc is not None and recognised:
            self.mentions = self.library.entities.mentions(doc.id, doc.clean.text)
        self.panel.set_entities(summarize(self.mentions), recognised or doc is None)
        self._draw()

    def _show_mentions(self, doc: Document, mentions: object) -> None:
        if self._doc is not doc or not isinstance(mentions, list):
            return  # another article is shown by now
        self.mentions = mentions
        self.panel.set_entities(summarize(mentions), True)
        self._draw()

    def _draw(self) -> None:
        doc = self._doc
        self._window = visible_window(self.reader, self.reader.to_clean, len(doc.clean.text)) \
            if doc is not None and self.mentions else None
        self.reader.set_layer(LAYER, entity_marks(self.mentions, self.formats,
                                                  self.panel.shown_labels(), self._window), LAYER_Z)

    @Slot()
    def _on_scrolled(self) -> None:
        if self._doc is None or self._window is None:
            return
        lo, hi = visible_window(self.reader, self.reader.to_clean, len(self._doc.clean.text))
        margin = (hi - lo) // 3
        if lo + margin < self._window[0] or hi - margin > self._window[1]:
            self._draw()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            position = self.reader.cursorForPosition(event.pos()).position()
            m = mention_at(self.mentions, self.reader.to_clean(position))
            if m is not None and m.label in self.panel.shown_labels():
                QToolTip.showText(event.globalPos(), tooltip(m), self.reader)
            else:
                QToolTip.hideText()
            return True
        return False

    # -- the panel -----------------------------------------------------------------------
    @Slot(str, int)
    def _on_panel_sig_entity_chosen(self, entity: str, step: int) -> None:
        spots = [m for m in self.mentions if m.entity == entity]
        if not spots:
            return
        here = self.reader.to_clean(self.reader.textCursor().selectionStart())
        here = -1 if here is None else here
        if step > 0:
            nxt = next((m for m in spots if m.start > here), spots[0])
        else:
            nxt = next((m for m in reversed(spots) if m.start < here), spots[-1])
        cursor = self.reader.span_range(nxt.span)
        self.reader.setTextCursor(cursor)
        self.reader.ensureCursorVisible()
        n = spots.index(nxt) + 1
        self.window.status.showMessage(f"{entity}: mention {n} of {len(spots)}", 4000)

    @Slot(str)
    def _on_panel_sig_filter_requested(self, entity: str) -> None:
        label = next((m.label for m in self.mentions if m.entity == entity), None)
        field = _FIELDS.get(label) if label is not None else None
        phrase = '"' + entity.replace('"', " ") + '"'
        self.window.search_panel.run_query(f"{field}:{phrase}" if field else phrase)

    # -- corrections ---------------------------------------------------------------------
    @Slot(object, object)
    def _on_reader_sig_context_menu_requested(self, menu: QMenu, context: ReaderContext) -> None:
        doc = context.document
        if doc is None or self.library.read_only:
            return
        ents = self.library.entities
        sub = menu.addMenu("Entity")
        m = mention_at(self.mentions, context.clean_pos)
        sel = context.selection
        if m is not None:
            sub.addAction(f"{m.entity} — {m.label.value}").setEnabled(False)
            sub.addAction("Not a name here",
                          lambda: self._correct(ents.reject, doc.id, m.start, m.end))
            sub.addAction(f"“{m.text}” is never a name",
                          lambda: self._correct(ents.reject, doc.id, m.start, m.end, everywhere=True))
            relabel = sub.addMenu(f"Always label “{m.text}” as")
            for label in Label:
                act = relabel.addAction(label.value, lambda lab=label: self._correct(
                    ents.relabel, m.text, lab))
                act.setEnabled(label != m.label)
            sub.addAction("Same entity as…", lambda: self._ask_merge(m))
        if sel is not None and sel.end > sel.start and "\n" not in doc.clean.text[sel.start:sel.end]:
            mark = sub.addMenu(f"Mark “{doc.clean.text[sel.start:sel.end][:30]}” as")
            for label in Label:
                mark.addAction(label.value, lambda lab=label: self._correct(
                    ents.add_mention, doc.id, sel.start, sel.end, lab))
        sub.setEnabled(bool(sub.actions()))

    def _ask_merge(self, m: Mention) -> None:
        names = sorted({c.entity for c in summarize(self.mentions)} - {m.entity})
        target, ok = QInputDialog.getItem(self.window, "Same entity as",
                                          f"“{m.text}” names the same entity as:", names, 0, True)
        if ok and target.strip():
            self._correct(self.library.entities.merge, m.text, target.strip())

    def _correct(self, fn: Callable[..., object], *args: object, **kwargs: object) -> None:
        def work(progress: Progress, cancelled: Cancelled) -> object:
            return fn(*args, **kwargs)

        self.runner.start(work, on_result=lambda _: self.refresh(), on_error=self._on_failed,
                          title="Saving the correction…")
