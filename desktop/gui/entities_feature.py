"""Entities plugged into the main window in one call: marks in the reader (with hover and
right-click corrections) and the entity panel.

Recognition itself is part of the window's background analysis (gui/background.py); this
feature redraws when a change event says the shown article's entities changed. Corrections
are written off the GUI thread (they re-index the articles they touch). Only the marks near
the part of the article in view are drawn (each mark costs Qt a text cursor), and they follow
scrolling to the last word.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtGui import QAction, QHelpEvent
from PySide6.QtWidgets import QInputDialog, QMenu, QToolTip

from desktop.core.entities.consolidate import Mention
from desktop.core.entities.labels import Label, entity_key
from desktop.core.entities.service import summarize
from desktop.core.events import Change, DocsChanged
from desktop.core.library import Library
from desktop.core.marks import EntityMark, entity_entries, entity_marks
from desktop.core.model import Cancelled, Document, Progress
from desktop.gui import settings as S
from desktop.gui.entity_marks import (
    LAYER,
    LAYER_Z,
    EntityFormats,
    drawn_window,
    entity_layer,
    mention_at,
    needs_redraw,
    tooltip,
    visible_range,
)
from desktop.gui.entity_panel import EntityPanel
from desktop.gui.reader import ReaderContext
from desktop.gui.tasks import Lane
from desktop.gui.window_api import FeatureHost

RESOLVE_IN_BACKGROUND = 200_000  # clean characters: longer articles get their marks off-thread
_FIELDS = {Label.PERSON: "person", Label.ORG: "org", Label.PLACE: "place"}


class EntitiesFeature(QObject):
    def __init__(self, host: FeatureHost, library: Library) -> None:
        super().__init__(host.as_widget())
        self.host = host
        self.library = library
        self.reader = host.reader
        self.panel = EntityPanel()
        self.formats = EntityFormats(self.reader.palette())
        self.mentions: list[Mention] = []
        self.marks: tuple[EntityMark, ...] = ()  # the mentions as marks (core/marks.py)
        self._doc: Document | None = None
        self._window: tuple[int, int] | None = None  # clean range whose marks are drawn
        self._scrolled = QTimer(self)
        self._scrolled.setSingleShot(True)
        self._scrolled.setInterval(40)
        self.show_panel = QAction("Show &Entities", host.as_widget())
        self.show_panel.setCheckable(True)
        self.show_panel.setChecked(host.settings.get(S.SHOW_ENTITIES))
        host.menus.view.insertAction(host.menus.panels, self.show_panel)
        host.add_side_panel(self.panel, stretch=3)
        self.panel.setVisible(self.show_panel.isChecked())
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.reader.sig_document_shown.connect(self._on_reader_sig_document_shown)
        self.reader.sig_context_menu_requested.connect(self._on_reader_sig_context_menu_requested)
        self.reader.viewport().installEventFilter(self)
        self.panel.sig_labels_changed.connect(lambda _: self._draw())
        self.reader.verticalScrollBar().valueChanged.connect(lambda _: self._scrolled.start())
        self._scrolled.timeout.connect(self._on_scrolled)
        self.panel.sig_entity_chosen.connect(self._on_panel_sig_entity_chosen)
        self.panel.sig_filter_requested.connect(self._on_panel_sig_filter_requested)
        self.show_panel.toggled.connect(self._on_show_panel_toggled)
        self.host.events.sig_docs_changed.connect(self._on_events_sig_docs_changed)

    # -- following the library -------------------------------------------------------------
    @Slot(object)
    def _on_events_sig_docs_changed(self, event: DocsChanged) -> None:
        if event.touches(self._doc.id if self._doc else None, Change.ENTITIES):
            self.refresh()

    @Slot(bool)
    def _on_show_panel_toggled(self, on: bool) -> None:
        self.panel.setVisible(on)
        self.host.settings.set(S.SHOW_ENTITIES, on)

    # -- drawing -------------------------------------------------------------------------
    def refresh(self) -> None:
        self._on_reader_sig_document_shown(self.reader.document_shown())

    @Slot(object)
    def _on_reader_sig_document_shown(self, doc: Document | None) -> None:
        self._doc = doc
        recognised = doc is not None and self.library.entities.is_recognized(doc.id)
        self.mentions, self.marks = [], ()
        if doc is not None and recognised and len(doc.clean.text) > RESOLVE_IN_BACKGROUND:
            self.panel.set_entities([], True)
            self._draw()

            def work(progress: Progress, cancelled: Cancelled) -> list[Mention]:
                return list(self.library.entities.mentions(doc.id, doc.clean.text))

            self.host.runner.start(work, on_result=lambda ms: self._show_mentions(doc, ms),
                                   title="Reading entities…", lane=Lane.USER)
            return
        if doc is not None and recognised:
            self.mentions = self.library.entities.mentions(doc.id, doc.clean.text)
        self.marks = entity_marks(self.mentions)
        self.panel.set_entities(entity_entries(self.marks), recognised or doc is None)
        self._draw()

    def _show_mentions(self, doc: Document, mentions: object) -> None:
        if self._doc is not doc or not isinstance(mentions, list):
            return  # another article is shown by now
        self.mentions = mentions
        self.marks = entity_marks(mentions)
        self.panel.set_entities(entity_entries(self.marks), True)
        self._draw()

    def _draw(self) -> None:
        doc = self._doc
        self._window = drawn_window(visible_range(self.reader), len(doc.clean.text)) \
            if doc is not None and self.marks else None
        self.reader.set_layer(LAYER, entity_layer(self.marks, self.formats,
                                                  self.panel.shown_labels(), self._window), LAYER_Z)

    @Slot()
    def _on_scrolled(self) -> None:
        if self._doc is None or self._window is None:
            return
        if needs_redraw(visible_range(self.reader), self._window, len(self._doc.clean.text)):
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
        self.host.status.showMessage(f"{entity}: mention {n} of {len(spots)}", 4000)

    @Slot(str)
    def _on_panel_sig_filter_requested(self, entity: str) -> None:
        label = next((m.label for m in self.mentions if m.entity == entity), None)
        field = _FIELDS.get(label) if label is not None else None
        phrase = '"' + entity.replace('"', " ") + '"'
        self.host.search_panel.search_for(f"{field}:{phrase}" if field else phrase)  # shown in the field

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
            if entity_key(m.entity) != entity_key(m.text):  # an alias: let the user undo it
                sub.addAction(f"“{m.text}” is not {m.entity}", lambda: self._correct(
                    ents.split, m.text, m.entity))
        if sel is not None and sel.end > sel.start and "\n" not in doc.clean.text[sel.start:sel.end]:
            mark = sub.addMenu(f"Mark “{doc.clean.text[sel.start:sel.end][:30]}” as")
            for label in Label:
                mark.addAction(label.value, lambda lab=label: self._correct(
                    ents.add_mention, doc.id, sel.start, sel.end, lab))
        sub.setEnabled(bool(sub.actions()))

    def _ask_merge(self, m: Mention) -> None:
        names = sorted({c.entity for c in summarize(self.mentions)} - {m.entity})
        target, ok = QInputDialog.getItem(self.host.as_widget(), "Same entity as",
                                          f"“{m.text}” names the same entity as:", names, 0, True)
        if ok and target.strip():
            self._correct(self.library.entities.merge, m.text, target.strip())

    def _correct(self, fn: Callable[..., object], *args: object, **kwargs: object) -> None:
        """A correction, saved off the GUI thread; its change event redraws the marks."""
        def work(progress: Progress, cancelled: Cancelled) -> object:
            return fn(*args, **kwargs)

        self.host.runner.start(work, on_error=self._on_failed, title="Saving the correction…",
                               lane=Lane.USER)

    def _on_failed(self, error: BaseException) -> None:
        self.host.show_message(f"Entity correction failed: {error}", warning=True)
